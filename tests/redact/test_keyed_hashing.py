"""Hash spans are keyed by default: an installation key, never unkeyed by omission.

Eight hex characters of plain SHA-256 are reversed by hashing a list of
candidates (a repository name, an e-mail, a 4-digit id). Every test here keeps
the key under ``tmp_path`` through ``REDACTLINT_HASH_KEY_FILE`` (or the XDG and
home variables the default location reads), never in the real home.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from redactlint import redact
from redactlint.redact import boundary, hashed, redacted
from redactlint.redact import hashing as hashing_module
from redactlint.redact.logging import RedactingFilter

REPO = Path(__file__).resolve().parents[2]
KEY_ENV = "REDACTLINT_HASH_KEY"
KEY_FILE_ENV = "REDACTLINT_HASH_KEY_FILE"
POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def unkeyed(text: str) -> str:
    return "‹" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8] + "›"


def keyed(key: bytes, text: str) -> str:
    return "‹" + hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:8] + "›"


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, not yet existing key location for this test alone."""
    location = tmp_path / "state" / "hash.key"
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.setenv(KEY_FILE_ENV, str(location))
    return location


def test_the_default_digest_is_keyed(key_file: Path) -> None:
    digest = hashed("acme/payroll").redact(hash=True)
    assert digest != unkeyed("acme/payroll")
    assert digest == keyed(key_file.read_bytes().strip(), "acme/payroll")


@POSIX
def test_the_key_is_made_on_first_use_owner_only(key_file: Path) -> None:
    assert not key_file.exists()
    hashed("x").redact(hash=True)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    text = key_file.read_text("ascii").strip()
    assert len(text) == 64 and int(text, 16) >= 0  # 32 random bytes, as hex
    assert [p.name for p in key_file.parent.iterdir()] == ["hash.key"]  # no temporary left


@POSIX
def test_the_key_file_is_complete_and_0600_before_it_appears(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written to a temporary file, then linked into place: no reader sees part of it."""
    seen: list[tuple[bytes, int]] = []
    link = os.link

    def checking_link(source: str, target: str) -> None:
        assert Path(target) == key_file and not key_file.exists()
        seen.append((Path(source).read_bytes(), stat.S_IMODE(os.stat(source).st_mode)))
        link(source, target)

    monkeypatch.setattr(os, "link", checking_link)
    old_umask = os.umask(0)  # a permissive umask must not widen the key's mode
    try:
        hashed("x").redact(hash=True)
    finally:
        os.umask(old_umask)
    assert seen == [(key_file.read_bytes(), 0o600)]
    assert len(seen[0][0].strip()) == 64


def test_an_existing_key_is_read_not_replaced(key_file: Path) -> None:
    key_file.parent.mkdir(parents=True)
    key_file.write_text("my-installation-secret\n")
    assert hashed("v").redact(hash=True) == keyed(b"my-installation-secret", "v")
    assert key_file.read_text() == "my-installation-secret\n"


def test_the_same_key_serves_every_call(key_file: Path) -> None:
    first = hashed("alice").redact(hash=True)
    content = key_file.read_bytes()
    assert hashed("alice").redact(hash=True) == first
    assert redact.installation_key() == content.strip()
    assert key_file.read_bytes() == content


def _digest_in_subprocess(env: dict[str, str], text: str = "acme/payroll") -> str:
    code = (
        "import sys; from redactlint import redact; "
        "print(redact.hashed(sys.argv[1]).redact(hash=True))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, text],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60, check=True,
    )
    return result.stdout.strip()


def test_processes_share_the_key_of_one_location(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if k not in (KEY_ENV, KEY_FILE_ENV)}
    one = {**base, KEY_FILE_ENV: str(tmp_path / "one" / "hash.key")}
    two = {**base, KEY_FILE_ENV: str(tmp_path / "two" / "hash.key")}
    first = _digest_in_subprocess(one)
    assert first != unkeyed("acme/payroll")
    assert _digest_in_subprocess(one) == first  # the key was kept, not made again
    assert _digest_in_subprocess(two) != first  # another installation, another key


def test_processes_racing_to_make_the_key_agree_on_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (KEY_ENV, KEY_FILE_ENV)}
    env[KEY_FILE_ENV] = str(tmp_path / "race" / "hash.key")
    code = "from redactlint import redact; print(redact.hashed('v').redact(hash=True))"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    digests = {process.communicate(timeout=60)[0].strip() for process in processes}
    key = (tmp_path / "race" / "hash.key").read_bytes().strip()
    assert digests == {keyed(key, "v")}
    assert [p.name for p in (tmp_path / "race").iterdir()] == ["hash.key"]


def test_an_explicit_key_or_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "unused.key"))
    monkeypatch.setenv(KEY_ENV, "fleet-wide-secret")
    assert hashed("v").redact(hash=True) == keyed(b"fleet-wide-secret", "v")
    assert not (tmp_path / "unused.key").exists()
    # A path argument: the product chooses where its key lives.
    path = tmp_path / "app" / "telemetry.key"
    key = redact.installation_key(path)
    assert path.read_bytes().strip() == key
    assert hashed("v").redact(hash=True, salt=key) == keyed(key, "v")
    # The file's text and the variable's value are the same key.
    monkeypatch.setenv(KEY_ENV, path.read_text())
    assert hashed("v").redact(hash=True) == keyed(key, "v")


def test_the_default_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert hashing_module.default_key_file() == tmp_path / "xdg" / "redactlint" / "hash.key"
    hashed("v").redact(hash=True)
    assert (tmp_path / "xdg" / "redactlint" / "hash.key").is_file()
    monkeypatch.setenv("XDG_STATE_HOME", "relative/dir")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "state" / "redactlint" / "hash.key"
    assert hashing_module.default_key_file() == expected


@pytest.mark.parametrize("salt", ["", b""])
def test_an_empty_salt_is_an_error_everywhere(key_file: Path, salt: str | bytes) -> None:
    from redactlint.events import MemorySink, Recorder

    with pytest.raises(ValueError, match="empty salt"):
        hashed("v").redact(hash=True, salt=salt)
    with pytest.raises(ValueError, match="empty salt"):
        redacted({"repo": hashed("v")}, hash=True, salt=salt)
    with pytest.raises(ValueError, match="empty salt"):
        boundary(hash=True, salt=salt)
    with pytest.raises(ValueError, match="empty salt"):
        RedactingFilter(hash=True, salt=salt)
    with pytest.raises(ValueError, match="empty salt"):
        Recorder(MemorySink(), salt=salt)


def test_an_empty_key_is_an_error(key_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key_file.parent.mkdir(parents=True)
    key_file.write_text("\n")
    with pytest.raises(ValueError, match="is empty; delete it"):
        hashed("v").redact(hash=True)
    monkeypatch.setenv(KEY_ENV, "")
    with pytest.raises(ValueError, match="REDACTLINT_HASH_KEY is set but empty"):
        hashed("v").redact(hash=True)


def test_unkeyed_only_when_asked_for_by_name(key_file: Path) -> None:
    assert hashed("acme/payroll").redact(hash=True, salt=redact.UNKEYED) == unkeyed("acme/payroll")
    assert redacted(hashed("v"), hash=True, salt=redact.UNKEYED) == unkeyed("v")
    # No spelling of the name as data switches the key off.
    assert hashed("v").redact(hash=True, salt="UNKEYED") == keyed(b"UNKEYED", "v")
    for salt in (None, "s", b"s"):
        assert hashed("v").redact(hash=True, salt=salt) != unkeyed("v")
    assert repr(redact.UNKEYED) == "redact.UNKEYED"


def test_the_boundary_is_keyed_by_default(key_file: Path) -> None:
    sent: list[object] = []

    @boundary(hash=True)
    def track(payload: object) -> None:
        sent.append(payload)

    track({"repo": hashed("acme/payroll")})
    expected = keyed(redact.installation_key(), "acme/payroll")
    assert sent == [{"repo": expected}]
    assert redacted(hashed("acme/payroll"), hash=True) == expected


def test_the_logging_filter_is_keyed_by_default(key_file: Path) -> None:
    record = logging.LogRecord(
        "n", logging.INFO, __file__, 1, "repo %s", (hashed("acme/payroll"),), None
    )
    assert RedactingFilter(hash=True).filter(record)
    assert record.getMessage() == "repo " + keyed(key_file.read_bytes().strip(), "acme/payroll")
    assert unkeyed("acme/payroll") not in record.getMessage()
