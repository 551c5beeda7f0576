"""Export modes and the fail-closed rules of redactlint.events.export."""

from __future__ import annotations

from typing import Any

import pytest

from redactlint import redact
from redactlint.events import Allowlist
from redactlint.redact import REDACTED, RedactableStr, SafeStr, hashed, safe, unsafe

from .sample import SearchSubmitted

SALT = b"test-salt"


def search(**overrides: Any) -> SearchSubmitted:
    values: dict[str, Any] = {
        "query": unsafe("alice@example.com"),
        "pattern_type": "literal",
        "result_count": 3,
    }
    values.update(overrides)
    return SearchSubmitted(**values)


def props(event: SearchSubmitted, mode: str = "redact", **kwargs: Any) -> dict[str, Any]:
    payload = event.to_payload(mode, **kwargs)  # type: ignore[arg-type]
    properties: dict[str, Any] = payload["properties"]
    return properties


def test_envelope_names_event_and_version() -> None:
    payload = search().to_payload("redact")
    assert payload == {
        "event": "search.submitted",
        "version": 3,
        "properties": {"query": REDACTED, "patternType": "literal", "resultCount": 3},
    }


def test_redact_mode_keeps_safe_parts_and_redacts_spans() -> None:
    event = search(
        query=redact.format("in {} for {}", safe("repo"), "secret"),
        label=safe("toolbar"),
        duration_ms=12.5,
        cached=False,
    )
    assert props(event) == {
        "query": "in repo for " + REDACTED,
        "patternType": "literal",
        "resultCount": 3,
        "durationMs": 12.5,
        "label": "toolbar",
        "cached": False,
    }


@pytest.mark.parametrize("mode", ["redact", "drop", "keep"])
@pytest.mark.parametrize("field", ["query", "label", "repo", "page"])
def test_plain_str_is_redacted_whole_in_every_field_and_mode(field: str, mode: str) -> None:
    event = search(**{field: "list"})
    assert props(event, mode).get(field, REDACTED) == REDACTED


def test_enum_field_exports_its_values_and_redacts_anything_else() -> None:
    assert props(search(pattern_type="regexp"))["patternType"] == "regexp"
    assert props(search(pattern_type="alice@example.com"))["patternType"] == REDACTED
    assert props(search(pattern_type=unsafe("regexp")))["patternType"] == REDACTED


def test_safe_str_outside_a_safe_field_is_redacted_whole() -> None:
    assert props(search(query=safe("alice")))["query"] == REDACTED
    assert props(search(repo=safe("alice")))["repo"] == REDACTED


def test_redactable_text_in_a_safe_field_keeps_its_spans_redacted() -> None:
    label = redact.format("button {}", "alice")
    assert props(search(label=label))["label"] == "button " + REDACTED


def test_values_of_the_wrong_type_are_redacted() -> None:
    event = search(result_count="12", duration_ms=True, cached=1, label=42)
    exported = props(event)
    assert exported["resultCount"] == REDACTED
    assert exported["durationMs"] == REDACTED
    assert exported["cached"] == REDACTED
    assert exported["label"] == REDACTED


def test_numbers_keep_their_kind() -> None:
    exported = props(search(duration_ms=4, result_count=0))
    assert exported["durationMs"] == 4 and type(exported["durationMs"]) is int
    assert exported["resultCount"] == 0


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (unsafe("list"), "list"),
        (unsafe("view"), "view"),
        (unsafe("custom/route"), REDACTED),
        (unsafe("view\n"), REDACTED),
        (unsafe("list-view"), REDACTED),
        (hashed("view"), "view"),
    ],
)
def test_safe_if_exports_matching_text_only(page: RedactableStr, expected: str) -> None:
    assert props(search(page=page))["page"] == expected


def test_hashed_field_exports_the_salted_digest() -> None:
    exported = props(search(repo=hashed("github.com/acme/secret")), salt=SALT)
    assert exported["repo"] == hashed("github.com/acme/secret").redact(hash=True, salt=SALT)
    assert "secret" not in exported["repo"]
    other = props(search(repo=hashed("github.com/acme/secret")), salt=b"other")
    assert other["repo"] != exported["repo"]


def test_hash_spans_inside_text_become_digests() -> None:
    query = redact.format("user {}", hashed("alice"))
    exported = props(search(query=query), salt=SALT)["query"]
    assert exported == "user " + hashed("alice").redact(hash=True, salt=SALT)


def test_arrays_are_exported_element_by_element() -> None:
    event = search(
        terms=(unsafe("alice"), redact.format("in {}", safe("docs")), "plain"),
        scopes=(safe("repo"), "plain", unsafe("x")),
    )
    exported = props(event)
    assert exported["terms"] == [REDACTED, "in docs", REDACTED]
    assert exported["scopes"] == ["repo", REDACTED, REDACTED]
    assert props(search(terms="alice"))["terms"] == REDACTED


def test_drop_mode_removes_sensitive_and_hashed_fields() -> None:
    event = search(label=safe("toolbar"), repo=hashed("r"), page=unsafe("list"), terms=())
    assert props(event, "drop") == {
        "patternType": "literal",
        "resultCount": 3,
        "label": "toolbar",
    }


def test_keep_mode_strips_markers_but_still_fails_closed() -> None:
    event = search(
        query=redact.format("in {} for {}", safe("repo"), "a\nb"),
        repo=hashed("r1"),
        page=unsafe("custom"),
        label="plain",
        terms=(unsafe("t"),),
    )
    exported = props(event, "keep")
    assert exported["query"] == "in repo for a\nb"
    assert exported["repo"] == "r1"
    assert exported["page"] == "custom"
    assert exported["label"] == REDACTED
    assert exported["terms"] == ["t"]


def test_markers_inside_data_never_reach_the_export_unescaped() -> None:
    exported = props(search(query=unsafe("a\u203a b \u2039c"), label=safe("x\u2039y")), "keep")
    assert exported["query"] == "a? b ?c"
    assert exported["label"] == "x?y"


def test_optional_fields_left_out_are_omitted() -> None:
    assert set(props(search())) == {"query", "patternType", "resultCount"}


def test_export_works_on_a_copy() -> None:
    query = unsafe("alice")
    terms = (unsafe("t"),)
    event = search(query=query, terms=terms)
    first = event.to_payload("keep")
    first["properties"]["query"] = "changed"
    first["properties"]["terms"].append("more")
    assert event.query is query and event.terms is terms
    assert type(event.query) is RedactableStr
    assert event.to_payload("keep")["properties"]["terms"] == ["t"]
    assert event.to_payload("redact")["properties"]["query"] == REDACTED


def test_allowlisted_field_is_exported_stripped_in_every_mode() -> None:
    allowlist = Allowlist([("search.submitted", "query", "on-premises build")])
    event = search(query=redact.format("q {}", "alice"), repo=hashed("r"))
    for mode in ("redact", "drop"):
        exported = props(event, mode, allowlist=allowlist)
        assert exported["query"] == "q alice"
        assert "repo" not in exported if mode == "drop" else exported["repo"] != "r"


def test_allowlist_does_not_rescue_plain_str() -> None:
    allowlist = Allowlist([("search.submitted", "query", "reviewed")])
    assert props(search(query="alice"), allowlist=allowlist)["query"] == REDACTED


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export mode 'all'"):
        search().to_payload("all")  # type: ignore[arg-type]


def test_safe_str_constructed_with_markers_is_escaped() -> None:
    forged = str.__new__(SafeStr, "\u2039x\u203a")
    assert props(search(label=forged))["label"] == "?x?"
