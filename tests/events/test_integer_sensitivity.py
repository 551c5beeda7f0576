"""Integer personal ids declare ``x-sensitivity``: ``sensitive`` exports ``‹×›``, ``hashed``
the digest of the decimal text; from the schema file through the generator to export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from redactlint.events import Allowlist, Event, FieldInfo, MemorySink, Recorder
from redactlint.events.export import export_value
from redactlint.redact import REDACTED, hashed
from redactlint.schema.generate import generate_registry
from redactlint.schema.loader import load_schema_dir

from .generated import import_file

REPO = Path(__file__).resolve().parents[2]
USER_ID = 12345
SALT = "s"
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "x-event": {
        "feature": "account",
        "action": "signedIn",
        "version": 1,
        "owner": "accounts",
        "description": "A user signed in.",
    },
    "properties": {
        "userId": {"type": "integer", "x-sensitivity": "hashed", "description": "The user."},
        "orgId": {"type": "integer", "x-sensitivity": "sensitive"},
        "teamIds": {"type": "array", "items": {"type": "integer"}, "x-sensitivity": "hashed"},
        "attempts": {"type": "integer"},
        "email": {"type": "string", "x-sensitivity": "sensitive"},
    },
    "required": ["userId", "orgId", "attempts"],
    "additionalProperties": False,
}
USE = """\
from redactlint.redact import unsafe
from registry import AccountSignedIn

AccountSignedIn(user_id=12345, org_id=7, attempts=1, team_ids=(1, 2), email=unsafe("a"))
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "account.signedIn.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    source = generate_registry(list(load_schema_dir(schemas)))
    assert generate_registry(list(load_schema_dir(schemas))) == source  # byte-identical
    path = tmp_path / "registry.py"
    path.write_text(source, encoding="utf-8")
    return path


def build(registry: Path) -> Event:
    cls = import_file(registry).AccountSignedIn
    assert cls.__annotations__["user_id"] in (int, "int")
    event: Event = cls(user_id=USER_ID, org_id=424242, attempts=3, team_ids=(9001, 9002))
    return event


def exported(event: Event, mode: str, allowlist: Allowlist | None = None) -> dict[str, Any]:
    sink = MemorySink()
    recorder = Recorder(
        sink, mode=mode, allowlist=allowlist, salt=SALT, raise_errors=True  # type: ignore[arg-type]
    )
    assert recorder.record(event)
    data = json.dumps(sink.payloads, ensure_ascii=False)
    if mode != "keep":
        for secret in ("12345", "424242", "9001", "9002"):
            assert secret not in data, data
    properties: dict[str, Any] = sink.payloads[0]["properties"]
    return properties


def digest(number: int) -> str:
    return str(hashed(str(number)).redact(hash=True, salt=SALT))


def test_generated_metadata_records_the_sensitivity(registry: Path) -> None:
    meta = import_file(registry).AccountSignedIn.META
    assert meta.get_field("userId").sensitivity == "hashed"
    assert meta.get_field("orgId").sensitivity == "sensitive"
    assert meta.get_field("teamIds").sensitivity == "hashed"
    assert meta.get_field("attempts").sensitivity is None
    text = registry.read_text(encoding="utf-8")
    assert "user_id (exported as userId): (hashed, exported as the digest of its text)" in text


def test_redact_mode_hashes_and_redacts_integer_ids(registry: Path) -> None:
    properties = exported(build(registry), "redact")
    assert properties["userId"] == digest(USER_ID)
    assert properties["orgId"] == REDACTED
    assert properties["teamIds"] == [digest(9001), digest(9002)]
    assert properties["attempts"] == 3


def test_drop_mode_drops_integer_ids(registry: Path) -> None:
    assert exported(build(registry), "drop") == {"attempts": 3}


def test_keep_mode_shows_integer_ids(registry: Path) -> None:
    properties = exported(build(registry), "keep")
    assert (properties["userId"], properties["orgId"]) == (USER_ID, 424242)


@pytest.mark.parametrize("mode", ["redact", "drop"])
def test_allowlisted_integer_ids(registry: Path, mode: str) -> None:
    allowlist = Allowlist(
        [
            ("account.signedIn@1", "userId", "reviewed: stays a digest"),
            ("account.signedIn@1", "teamIds", "reviewed: stays digests"),
        ]
    )
    Allowlist.validate(allowlist, import_file(registry).REGISTRY)
    properties = exported(build(registry), mode, allowlist)
    assert properties["userId"] == digest(USER_ID)
    assert properties["teamIds"] == [digest(9001), digest(9002)]
    revealed = Allowlist([("account.signedIn@1", "orgId", "on-premises build")])
    assert exported_org(build(registry), mode, revealed) == 424242


def exported_org(event: Event, mode: str, allowlist: Allowlist) -> object:
    sink = MemorySink()
    Recorder(sink, mode=mode, allowlist=allowlist, salt=SALT).record(event)  # type: ignore[arg-type]
    return sink.payloads[0]["properties"]["orgId"]


def test_a_hashed_integer_correlates_with_the_same_id_hashed_as_text() -> None:
    info = FieldInfo("userId", "integer", sensitivity="hashed")
    text = FieldInfo("userId", "string", sensitivity="hashed")
    as_int = export_value(USER_ID, info, reveal=False, salt=SALT)
    assert as_int == export_value(hashed("12345"), text, reveal=False, salt=SALT)


@pytest.mark.parametrize(
    ("kind", "sensitivity"), [("number", "hashed"), ("boolean", "sensitive"), ("integer", "safe")]
)
def test_field_info_refuses_a_sensitivity_numbers_cannot_have(kind: str, sensitivity: str) -> None:
    with pytest.raises(ValueError, match="only text and integer fields declare a sensitivity"):
        FieldInfo("n", kind, sensitivity=sensitivity)  # type: ignore[arg-type]


def test_generated_module_passes_mypy_strict(registry: Path, tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(USE, encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(REPO))
    command = [
        sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
        "--cache-dir", str(tmp_path / ".mypy_cache"), "registry.py", "use.py",
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stdout + result.stderr
