"""``--format sarif``: SARIF 2.1.0 that validates against the official schema."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from redactlint.analysis.findings import Finding, Span
from redactlint.analysis.rules.registry import RULES
from redactlint.report.sarif import render_sarif

from .conftest import DATA, LEAKY, insert_lines, redactlint

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
LEGACY_PROJECT = Path(__file__).resolve().parents[1] / "codemod" / "legacy_project"
_LINE_END = re.compile(r"\r\n|\r|\n")


def sarif(*args: str) -> dict[str, object]:
    result = redactlint("check", "--format", "sarif", *args)
    assert result.exit_code in (0, 1), result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def validate(document: object) -> None:
    validator = jsonschema.Draft7Validator(
        SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_vendored_schema_is_the_official_one() -> None:
    assert SCHEMA["$id"].endswith("/sarif-spec/master/Schemata/sarif-schema-2.1.0.json")
    assert SCHEMA["properties"]["version"] == {
        "description": "The SARIF format version of this log file.",
        "enum": ["2.1.0"],
    }
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_findings_validate_against_the_schema(project: Path) -> None:
    document = sarif()
    validate(document)
    assert document["version"] == "2.1.0"


def test_a_clean_run_validates_too(project: Path) -> None:
    document = sarif("shop/clean.py")
    validate(document)
    assert document["runs"][0]["results"] == []  # type: ignore[index]


def test_results_match_the_text_report(project: Path) -> None:
    text = redactlint("check").stdout.splitlines()[:-1]
    run = sarif()["runs"][0]  # type: ignore[index]
    shown = []
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        shown.append(
            f"{location['artifactLocation']['uri']}:{region['startLine']}:"
            f"{region['startColumn']}: {result['ruleId']} {result['message']['text']}"
        )
    assert shown == [line.split(" [fix:")[0] for line in text]


def test_paths_are_relative_and_columns_one_based(project: Path) -> None:
    run = sarif()["runs"][0]  # type: ignore[index]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"
    first = run["results"][0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"] == {"uri": LEAKY, "uriBaseId": "%SRCROOT%"}
    # shop/leaky.py line 11 is "        query=query, ...": the value starts at column 15.
    assert first["region"] == {"startLine": 11, "startColumn": 15, "endLine": 11, "endColumn": 20}


def test_every_rule_is_described_with_its_fix() -> None:
    from redactlint.report.sarif import rule_descriptor

    for rule in RULES:
        descriptor = rule_descriptor(rule)
        assert descriptor["id"] == rule.code
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"]  # type: ignore[index]
        assert descriptor["fullDescription"]["text"]  # type: ignore[index]
        assert descriptor["help"]["text"]  # type: ignore[index]
        assert "## Use instead" in descriptor["help"]["markdown"]  # type: ignore[index]
    rl001 = rule_descriptor(RULES[0])
    assert "unsafe(" in rl001["help"]["text"]  # type: ignore[index]


def test_results_point_at_their_rule(project: Path) -> None:
    run = sarif()["runs"][0]  # type: ignore[index]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def _fingerprints(run: dict[str, list[dict[str, dict[str, str]]]]) -> list[str]:
    return [result["partialFingerprints"]["redactlint/v1"] for result in run["results"]]


def test_fingerprints_survive_unrelated_edits(project: Path) -> None:
    before = sarif()["runs"][0]  # type: ignore[index]
    insert_lines(project / LEAKY, 3, ["# an unrelated comment", "", "UNRELATED = 1", ""])
    after = sarif()["runs"][0]  # type: ignore[index]
    lines_before = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before["results"]
    ]
    lines_after = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after["results"]
    ]
    assert lines_after == [line + 4 for line in lines_before]
    assert _fingerprints(after) == _fingerprints(before)
    assert len(set(_fingerprints(before))) == len(before["results"])


def test_a_fingerprint_changes_when_its_line_changes(project: Path) -> None:
    before = _fingerprints(sarif()["runs"][0])  # type: ignore[index]
    path = project / LEAKY
    path.write_text(
        path.read_text(encoding="utf-8").replace("query=query, ", "query=query,    "),
        encoding="utf-8",
    )
    assert _fingerprints(sarif()["runs"][0]) == before  # more spaces: the same
    path.write_text(
        path.read_text(encoding="utf-8").replace("query=query,", "query=query.strip(),"),
        encoding="utf-8",
    )
    after = _fingerprints(sarif()["runs"][0])  # type: ignore[index]
    assert after[0] != before[0]
    assert after[1:] == before[1:]


@pytest.mark.parametrize("name", ["sub dir/odd name.py"])
def test_unusual_paths_are_uri_encoded(project: Path, name: str) -> None:
    target = project / "shop" / name
    target.parent.mkdir()
    target.write_text(
        "from shop.analytics import track\n\n"
        "def searched(query: str) -> None:\n"
        '    track("search.submitted", {"query": query, "patternType": "regexp",'
        ' "resultCount": 0, "durationMs": 0.5})\n',
        encoding="utf-8",
    )
    document = sarif(str(Path("shop") / name))
    validate(document)
    (result,) = document["runs"][0]["results"]  # type: ignore[index]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "shop/sub%20dir/odd%20name.py"


def test_levels_come_from_the_rules() -> None:
    """Data that can leave is an error, a file that could not be checked a warning, an
    unused suppression a note: by the rule's own severity, in its descriptor and results."""
    findings = [
        Finding("a.py", Span(1, 1, 1, 2), code, "message") for code in ("RL001", "RL901", "RL900")
    ]
    log = json.loads(render_sarif(findings, ["f1", "f2", "f3"]))
    run = log["runs"][0]
    assert [result["level"] for result in run["results"]] == ["error", "warning", "note"]
    rules = run["tool"]["driver"]["rules"]
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert levels["RL001"] == levels["RL103"] == "error"
    assert levels["RL902"] == levels["RL903"] == "warning"


def apply_fixes(document: Any) -> dict[str, str]:
    """The text of each file the log's fixes change: every replacement of every result
    applied to the file's text as Python reads it (without a BOM; paths relative to the
    working directory)."""
    originals: dict[str, str] = {}
    changes: dict[str, list[tuple[int, int, str]]] = {}
    for result in document["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                location = change["artifactLocation"]
                assert location["uriBaseId"] == "%SRCROOT%"
                path = unquote(location["uri"])
                text = originals.setdefault(path, Path(path).read_bytes().decode("utf-8-sig"))
                starts = [0, *(match.end() for match in _LINE_END.finditer(text))]
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    start = starts[region["startLine"] - 1] + region["startColumn"] - 1
                    end = starts[region["endLine"] - 1] + region["endColumn"] - 1
                    inserted = replacement.get("insertedContent", {}).get("text", "")
                    changes.setdefault(path, []).append((start, end, inserted))
    fixed = {}
    for path, edits in changes.items():
        ordered = sorted(edits)
        for (_, end, _), (start, _, _) in itertools.pairwise(ordered):
            assert end <= start, f"overlapping replacements in {path}"
        text = originals[path]
        for start, end, inserted in reversed(ordered):
            text = text[:start] + inserted + text[end:]
        fixed[path] = text
    return fixed


def _sources(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(root.rglob("*.py"))
    }


def _assert_fixes_are_what_fix_writes(root: Path, *paths: str) -> None:
    document = sarif(*paths)
    validate(document)
    expected = apply_fixes(document)
    before = _sources(root)
    result = redactlint("fix", *paths)
    assert result.exit_code in (0, 1), result.output
    after = _sources(root)
    assert expected, "nothing to fix"
    assert {path for path in after if after[path] != before[path]} == set(expected)
    for path, text in expected.items():
        assert text == after[path], path


def test_fixes_are_what_fix_writes(project: Path) -> None:
    _assert_fixes_are_what_fix_writes(project)


def test_fixes_of_a_legacy_product_are_what_fix_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redacting boundaries added, literals marked safe, fixes of later passes: the
    replacements of every result together are the file ``fix`` writes."""
    root = tmp_path / "legacy_project"
    shutil.copytree(LEGACY_PROJECT, root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(root)
    _assert_fixes_are_what_fix_writes(root, "legacy")


def test_only_fixable_results_carry_fixes(project: Path) -> None:
    run = sarif()["runs"][0]  # type: ignore[index]
    rules = run["tool"]["driver"]["rules"]
    fixed = [result for result in run["results"] if "fixes" in result]
    assert fixed
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        if "fixes" not in result:
            continue
        assert result["properties"]["fix"]
        assert rule["properties"]["fixSafety"] in ("safe", "unsafe")
        (fix,) = result["fixes"]
        assert fix["description"]["text"].endswith(f"({rule['properties']['fixSafety']} fix)")
        (change,) = fix["artifactChanges"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert change["artifactLocation"] == location


def test_rule_descriptors_carry_the_registry_declaration() -> None:
    from redactlint.report.sarif import rule_descriptor

    for rule in RULES:
        descriptor: Any = rule_descriptor(rule)
        assert descriptor["defaultConfiguration"] == {"level": rule.severity}
        assert descriptor["properties"]["fixSafety"] == rule.fix.value
        assert rule.category in descriptor["properties"]["tags"]
        assert descriptor["shortDescription"]["text"] == rule.title
