"""Schema lint rules: each has a valid and an invalid fixture directory under fixtures/lint."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from redactlint.analysis.rules.registry import find_rule
from redactlint.schema.lint import SCHEMA_RULES, lint
from redactlint.schema.lint_report import render_json, render_text
from redactlint.schema.lint_rules import LintFinding, Rule
from redactlint.schema.lint_rules.personal_data import personal_words
from redactlint.schema.loader import load_schema_dir
from tests.schema.helpers import EXAMPLES, FIXTURES, event_document, write_document

TODAY = datetime.date(2025, 6, 1)
LINT_FIXTURES = FIXTURES / "lint"

# code -> the (file name, pointer) of every finding its invalid fixture must produce
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "RS001": [
        ("Search.query_submitted.json", "/x-event/action"),
        ("Search.query_submitted.json", "/x-event/feature"),
        ("averyveryverylongfeaturename.andAnActionThatIsAlsoRatherLongTooReally.json", "/x-event"),
    ],
    "RS002": [("search.submitted.json", "/x-event")] * 3,
    "RS003": [
        ("search.submitted.json", "/properties/query"),
        ("search.submitted.json", "/properties/tags"),
    ],
    "RS004": [
        ("search.submitted.json", "/properties/IPAddress"),
        ("search.submitted.json", "/properties/apiKey"),
        ("search.submitted.json", "/properties/emailDomain"),
        ("search.submitted.json", "/properties/filePath"),
        ("search.submitted.json", "/properties/searchQueries"),
        ("search.submitted.json", "/properties/user_name"),
    ],
    "RS005": [("search.submitted.json", "/additionalProperties")],
    "RS006": [("search.submitted.json", "/x-event/expires")],
    "RS007": [("searchSub.mitted.json", "/x-event")],
    "RS008": [
        ("search.submitted.json", "/properties/kind/x-safe-if"),
        ("search.submitted.json", "/properties/label/x-safe-if"),
        ("search.submitted.json", "/properties/slug/x-safe-if"),
        ("search.submitted.json", "/properties/tags/x-safe-if"),
    ],
    "RS009": [
        ("search.cleared.json", "/x-event"),
        ("search.cleared.json", "/x-event"),
        ("search.submitted.json", "/x-event"),
    ],
}
# What a rule's fixtures are linted with: the keys RS009 is configured to require.
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {"RS009": ("purpose", "retention")}


def _lint_fixture(code: str, kind: str) -> list[LintFinding]:
    return lint(
        load_schema_dir(LINT_FIXTURES / code / kind),
        today=TODAY,
        required_event_keys=REQUIRED_KEYS.get(code, ()),
    )


def test_every_rule_has_fixtures_and_expectations() -> None:
    codes = [rule.code for rule in SCHEMA_RULES]
    assert codes == sorted(set(codes))
    assert sorted(path.name for path in LINT_FIXTURES.iterdir()) == codes
    assert sorted(EXPECTED) == codes


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_valid_fixture_has_no_findings(code: str) -> None:
    assert _lint_fixture(code, "valid") == []


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_invalid_fixture_breaks_only_its_rule(code: str) -> None:
    findings = _lint_fixture(code, "invalid")
    assert {finding.code for finding in findings} == {code}
    assert [(finding.path.name, finding.pointer) for finding in findings] == EXPECTED[code]


@pytest.mark.parametrize("rule", SCHEMA_RULES, ids=lambda rule: rule.code)
def test_rule_documentation_has_the_four_parts(rule: Rule) -> None:
    doc = rule.doc
    assert doc.startswith(f"{rule.code} {rule.name}: ")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in doc


def test_find_rule() -> None:
    rule = find_rule("rs003")
    assert rule is not None
    assert rule.name == "missing-sensitivity"
    assert rule.summary.startswith("RS003 missing-sensitivity:")
    assert find_rule("RS999") is None


def test_examples_lint_clean() -> None:
    assert lint(load_schema_dir(EXAMPLES), today=TODAY) == []


def test_messages_explain_the_fix() -> None:
    findings = {f.code: f.message for f in _lint_fixture("RS006", "invalid")}
    assert findings["RS006"].startswith("event expired on 2025-05-31;")
    messages = [f.message for f in _lint_fixture("RS004", "invalid")]
    assert "property 'IPAddress' sounds personal (address, ip)" in messages[0]


def test_expiry_is_judged_against_the_injected_day(tmp_path: Path) -> None:
    write_document(tmp_path, event_document(expires="2025-06-01"))
    schemas = load_schema_dir(tmp_path)
    assert lint(schemas, today=datetime.date(2025, 6, 1)) == []
    assert [f.code for f in lint(schemas, today=datetime.date(2025, 6, 2))] == ["RS006"]


def test_expiry_defaults_to_the_real_date(tmp_path: Path) -> None:
    write_document(tmp_path, event_document(expires="2000-01-01"))
    assert [f.code for f in lint(load_schema_dir(tmp_path))] == ["RS006"]


def test_open_payload_when_raw_omits_additional_properties(tmp_path: Path) -> None:
    write_document(tmp_path, event_document())
    event = load_schema_dir(tmp_path).events[0]
    opened = type(event)(**{**event.__dict__, "raw": {}})
    assert [f.code for f in lint([opened], today=TODAY)] == ["RS005"]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("keyboardLayout", []),
        ("HTTPStatusCode", []),
        ("status", []),
        ("userEmail", ["email", "user"]),
        ("IPAddress", ["address", "ip"]),
        ("userIPs", ["ip", "user"]),
        ("recent_file_paths", ["file", "path"]),
        ("searchQueries", ["query"]),
        ("apiKeys", ["key"]),
        ("hostnames", ["hostname"]),
    ],
)
def test_personal_words_match_word_parts(name: str, words: list[str]) -> None:
    assert personal_words(name) == words


def test_text_report_ends_with_a_summary() -> None:
    findings = _lint_fixture("RS003", "invalid")
    text = render_text(findings, 1)
    lines = text.splitlines()
    assert lines[0].endswith(
        "search.submitted.json#/properties/query: RS003 string property 'query' declares "
        "no x-sensitivity; declare safe, sensitive or hashed"
    )
    assert lines[-1] == "Checked 1 event schema: 2 findings in 1 file."
    assert render_text([], 3) == "Checked 3 event schemas: no findings.\n"


def test_json_report() -> None:
    findings = _lint_fixture("RS005", "invalid")
    document = json.loads(render_json(findings, 1))
    assert document["summary"] == {"schemas": 1, "findings": 1}
    (finding,) = document["findings"]
    assert finding["code"] == "RS005"
    assert finding["pointer"] == "/additionalProperties"
    assert finding["path"].endswith("search.submitted.json")


def test_required_event_keys_are_reported_in_the_configured_order() -> None:
    findings = _lint_fixture("RS009", "invalid")
    cleared = [f.message for f in findings if f.path.name == "search.cleared.json"]
    assert cleared[0].startswith("x-event has no 'purpose', which require-event-keys")
    assert cleared[1].startswith("x-event has no 'retention',")
    (submitted,) = [f.message for f in findings if f.path.name == "search.submitted.json"]
    assert "'purpose'" in submitted and submitted.endswith("say why the event is collected")


def test_no_event_key_is_required_by_default() -> None:
    assert lint(load_schema_dir(LINT_FIXTURES / "RS009" / "invalid"), today=TODAY) == []


def test_a_blank_value_does_not_count(tmp_path: Path) -> None:
    write_document(tmp_path, event_document(purpose="  "))
    findings = lint(load_schema_dir(tmp_path), today=TODAY, required_event_keys=["purpose"])
    assert [f.code for f in findings] == ["RS009"]


def test_expires_can_be_required(tmp_path: Path) -> None:
    write_document(tmp_path, event_document())
    findings = lint(load_schema_dir(tmp_path), today=TODAY, required_event_keys=["expires"])
    assert [(f.code, f.pointer) for f in findings] == [("RS009", "/x-event")]
