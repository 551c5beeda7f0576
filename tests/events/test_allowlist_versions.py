"""Issue 15 item 3: allowlisted hashed fields stay digests; entries are version-aware and
stale ones are reported, at load time and by ``redactlint verify``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactlint.cli import main
from redactlint.events import Allowlist, AllowlistEntry, MemorySink, Recorder
from redactlint.redact import hashed, unsafe

from .sample import SearchSubmitted

CANARIES = ("alice@example.com", "SECRET-TOKEN-123")
REGISTRY = {"search.submitted": SearchSubmitted}  # version 3
SAMPLE_MODULE = "tests.events.sample"


def search(repo: object, query: object = None) -> SearchSubmitted:
    return SearchSubmitted(
        query=unsafe("q") if query is None else query,  # type: ignore[arg-type]
        pattern_type="literal",
        result_count=1,
        repo=repo,  # type: ignore[arg-type]
    )


def exported_bytes(event: SearchSubmitted, mode: str, allowlist: Allowlist) -> bytes:
    sink = MemorySink()
    recorder = Recorder(
        sink, mode=mode, allowlist=allowlist, salt="s", raise_errors=True  # type: ignore[arg-type]
    )
    assert recorder.record(event)
    return json.dumps(sink.payloads, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("mode", ["redact", "drop"])
@pytest.mark.parametrize("canary", CANARIES)
@pytest.mark.parametrize("form", ["hashed", "unsafe"])
def test_an_allowlisted_hashed_field_never_exports_its_raw_value(
    mode: str, canary: str, form: str
) -> None:
    allowlist = Allowlist([("search.submitted", "repo", "reviewed: ids are hashed")])
    value = hashed(canary) if form == "hashed" else unsafe(canary)
    data = exported_bytes(search(value), mode, allowlist)
    assert canary.encode() not in data
    properties = json.loads(data)[0]["properties"]
    if form == "hashed":  # the digest is exported, in drop mode too: that is the entry's effect
        digest = str(hashed(canary).redact(hash=True, salt="s"))
        assert properties["repo"] == digest


@pytest.mark.parametrize("mode", ["redact", "drop"])
@pytest.mark.parametrize("canary", CANARIES)
def test_an_allowlisted_sensitive_field_is_still_exported_as_it_is(mode: str, canary: str) -> None:
    allowlist = Allowlist([("search.submitted@3", "query", "on-premises build")])
    data = exported_bytes(search(None, unsafe(canary)), mode, allowlist)
    assert json.loads(data)[0]["properties"]["query"] == canary


@pytest.mark.parametrize("mode", ["redact", "drop"])
@pytest.mark.parametrize("versions", ["@2", "@1-2", "@4+"])
def test_an_entry_for_other_versions_does_not_reveal(mode: str, versions: str) -> None:
    allowlist = Allowlist([(f"search.submitted{versions}", "query", "reviewed for v2")])
    for canary in CANARIES:
        data = exported_bytes(search(None, unsafe(canary)), mode, allowlist)
        assert canary.encode() not in data


def test_version_suffixes_parse_and_match() -> None:
    text = (
        "search.submitted@3 query exactly three\n"
        "search.submitted@2-4 page two to four\n"
        "search.submitted@3+ terms three on\n"
        "search.submitted repo any version (written before versions existed)\n"
    )
    allowlist = Allowlist.parse(text, "allow.txt")
    exact, ranged, open_ended, unpinned = allowlist.entries
    assert (exact.min_version, exact.max_version, exact.versions) == (3, 3, "@3")
    assert (ranged.min_version, ranged.max_version, ranged.versions) == (2, 4, "@2-4")
    assert (open_ended.min_version, open_ended.max_version, open_ended.versions) == (3, None, "@3+")
    assert (unpinned.min_version, unpinned.max_version, unpinned.versions) == (None, None, "")
    assert exact.location == "allow.txt:1"
    assert allowlist.allows("search.submitted", "query", 3)
    assert not allowlist.allows("search.submitted", "query", 4)
    assert allowlist.allows("search.submitted", "page", 4)
    assert not allowlist.allows("search.submitted", "page", 5)
    assert allowlist.allows("search.submitted", "terms", 9)
    assert allowlist.allows("search.submitted", "repo", 1)
    assert allowlist.allows("search.submitted", "query")  # no version: is it listed at all


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("search.submitted@ query why", r"allow\.txt:2: allowlist event 'search\.submitted@'"),
        ("search.submitted@x query why", r"allow\.txt:2: .*write the versions as"),
        ("search.submitted@0 query why", r"allow\.txt:2: .*versions are integers from 1"),
        ("search.submitted@4-2 query why", r"allow\.txt:2: .*version range 4-2 is empty"),
        ("@3 query why", r"allow\.txt:2: allowlist event '@3'"),
    ],
)
def test_a_bad_version_names_the_line(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Allowlist.parse(f"# header\n{line}\n", "allow.txt")


STALE = (
    "search.submitted@3 query fine\n"
    "search.sent@1 query no such event\n"
    "search.submitted@3 email no such field\n"
    "search.submitted@2 repo reviewed for an older version\n"
    "search.submitted@3 label a safe field\n"
    "search.submitted resultCount a plain number\n"
)


def test_stale_entries_are_listed_with_their_location() -> None:
    problems = Allowlist.parse(STALE, "allow.txt").stale(REGISTRY)
    assert [problem.split(":", 2)[1] for problem in problems] == ["2", "3", "4", "5", "6"]
    assert "unknown event 'search.sent'" in problems[0]
    assert "unknown field 'email'" in problems[1]
    assert "reviewed for other versions than the registry's version 3" in problems[2]
    assert "write search.submitted@3" in problems[2]
    assert "'label' of event 'search.submitted', which is safe" in problems[3]
    assert "'resultCount' of event 'search.submitted', which is not declared sensitive" in (
        problems[4]
    )


def test_load_against_a_registry_refuses_stale_entries(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_text(STALE, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{path}:4: allowlist entry search\.submitted@2 repo"):
        Allowlist.load(path, REGISTRY)
    path.write_text("search.submitted@3 query fine\n", encoding="utf-8")
    assert len(Allowlist.load(path, REGISTRY)) == 1


def test_entries_compare_without_their_location() -> None:
    entry = AllowlistEntry.from_text("search.submitted@2+", "query", "why", "a.txt:1")
    assert entry == AllowlistEntry("search.submitted", "query", "why", 2, None)
    with pytest.raises(ValueError, match="holds a version"):
        AllowlistEntry("search.submitted@2", "query", "why")


def test_verify_reports_a_stale_entry(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_text("search.submitted@2 query reviewed for version 2\n", encoding="utf-8")
    registry = tmp_path / "reg.py"
    registry.write_text(
        f"from {SAMPLE_MODULE} import SearchSubmitted\n"
        "REGISTRY = {'search.submitted': SearchSubmitted}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["verify", "--registry", str(registry), "--allowlist", str(path)]
    )
    assert result.exit_code == 2, result.output
    assert f"{path}:1: allowlist entry search.submitted@2 query was reviewed" in result.output
