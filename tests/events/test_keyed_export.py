"""Exported digests are keyed by default, and ``verify`` proves it.

An attacker who sees ``repo: ‹000ebda7›`` and can list candidate values (repository
names, the e-mails of a directory, every 4-digit id) hashes each one: a match
reverses an unkeyed digest. These tests are that attacker.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from redactlint import redact
from redactlint.cli import main
from redactlint.events import (
    Allowlist,
    Event,
    EventMeta,
    FieldInfo,
    MemorySink,
    Mode,
    Payload,
    Recorder,
)
from redactlint.events.verify import verify_registry
from redactlint.redact import RedactableStr, hashed, unsafe

from .sample import SearchSubmitted

KEY_ENV = "REDACTLINT_HASH_KEY"
KEY_FILE_ENV = "REDACTLINT_HASH_KEY_FILE"
CANARY_EMAIL = "alice.cnry@example.com"


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    location = tmp_path / "state" / "hash.key"
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.setenv(KEY_FILE_ENV, str(location))
    return location


def candidates() -> list[str]:
    """A dictionary an attacker could build: names, a directory of e-mails, short ids."""
    names = ["acme/payroll", "acme/widgets", "github.com/acme/secret"]
    emails = [f"user{i}.cnry@example.com" for i in range(9000)] + [CANARY_EMAIL]
    ids = [f"{i:04d}" for i in range(10000)]
    return names + emails + ids


def brute_force(digest: str) -> list[str]:
    """Every candidate whose unkeyed SHA-256 digest is ``digest``."""
    return [
        value
        for value in candidates()
        if "‹" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:8] + "›" == digest
    ]


def search(repo: str) -> SearchSubmitted:
    return SearchSubmitted(
        query=unsafe("q"), pattern_type="literal", result_count=1, repo=hashed(repo)
    )


@pytest.mark.parametrize("canary", ["acme/payroll", CANARY_EMAIL, "4711"])
def test_a_default_recorder_exports_digests_no_candidate_list_reverses(
    key_file: Path, canary: str
) -> None:
    sink = MemorySink()
    assert Recorder(sink, raise_errors=True).record(search(canary))
    exported = sink.payloads[0]["properties"]["repo"]
    assert re.fullmatch("‹[0-9a-f]{8}›", exported)
    assert brute_force(exported) == []


def test_the_recorder_makes_the_key_when_it_is_made(key_file: Path) -> None:
    Recorder(MemorySink())
    assert key_file.is_file()


def test_the_recorder_exports_unkeyed_digests_only_when_asked(key_file: Path) -> None:
    sink = MemorySink()
    Recorder(sink, salt=redact.UNKEYED, raise_errors=True).record(search("acme/payroll"))
    assert brute_force(sink.payloads[0]["properties"]["repo"]) == ["acme/payroll"]


def test_a_default_payload_is_keyed(key_file: Path) -> None:
    exported = search("acme/payroll").to_payload("redact")["properties"]["repo"]
    assert exported == hashed("acme/payroll").redact(hash=True, salt=redact.installation_key())
    assert brute_force(exported) == []


@dataclass(frozen=True, slots=True)
class UnkeyedExport(Event):
    """A hand-made export path that hashes without the key."""

    META: ClassVar[EventMeta] = EventMeta(
        name="repo.opened",
        version=1,
        fields=(FieldInfo("repo", "string", sensitivity="hashed", required=True),),
    )

    repo: RedactableStr

    def to_payload(
        self,
        mode: Mode = "redact",
        allowlist: Allowlist | None = None,
        *,
        salt: object = None,
    ) -> Payload:
        payload = Event.to_payload(self, mode, allowlist)
        if mode == "redact" and isinstance(self.repo, RedactableStr):

            def span(match: re.Match[str]) -> str:
                if not match.group(1):
                    return "‹×›"
                return "‹" + hashlib.sha256(match.group(2).encode()).hexdigest()[:8] + "›"

            payload["properties"]["repo"] = re.sub("‹(†?)([^›]*)›", span, str(self.repo))
        return payload


def test_verify_reports_an_unkeyed_digest_of_a_canary(key_file: Path) -> None:
    problems = [str(p) for p in verify_registry({"repo.opened": UnkeyedExport})]
    assert problems == [
        "repo.opened field repo mode redact: the unkeyed SHA-256 digest of a canary left "
        "export when passed as hashed(): a list of candidates reverses it"
    ]


def test_verify_checks_the_default_configuration(key_file: Path) -> None:
    """No salt given: the installation key is made, owner-only, and used."""
    assert verify_registry({"search.submitted": SearchSubmitted}) == []
    assert key_file.is_file()
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_verify_reports_a_key_file_others_can_read(key_file: Path) -> None:
    key_file.parent.mkdir(parents=True)
    key_file.write_text("shared-secret\n")
    key_file.chmod(0o644)
    problems = [str(p) for p in verify_registry({"search.submitted": SearchSubmitted})]
    assert problems == [
        f"hashing: hash key file {key_file} has mode 0644: others can read the key and "
        "reverse digests; make it 0600"
    ]


def test_verify_reports_unkeyed_default_hashing(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the default unkeyed again, verify would say so."""
    import redactlint.redact.strings as strings

    monkeypatch.setattr(strings, "hash_key", lambda salt=None: None, raising=False)
    problems = [str(p) for p in verify_registry({"search.submitted": SearchSubmitted})]
    unkeyed = "hashing: the default digest is unkeyed SHA-256: a list of candidate values "
    assert unkeyed + "reverses it" in problems
    leak = "search.submitted field repo mode redact: the unkeyed SHA-256"
    assert any(problem.startswith(leak) for problem in problems)


def test_verify_cli_reports_an_unusable_key_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = tmp_path / "registry.py"
    registry.write_text(
        "from tests.events.sample import SearchSubmitted\n"
        "REGISTRY = {'search.submitted': SearchSubmitted}\n"
    )
    monkeypatch.setenv(KEY_ENV, "")
    result = CliRunner().invoke(
        main, ["verify", "--registry", str(registry)], catch_exceptions=False
    )
    assert result.exit_code == 1
    unusable = "hashing: the installation hash key is unusable: "
    assert unusable + "REDACTLINT_HASH_KEY is set but empty" in result.output
    assert "Traceback" not in result.output
