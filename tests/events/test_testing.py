"""redactlint.testing: capture, assert_recorded, assert_no_leak and the pytest fixture."""

from __future__ import annotations

import re

import pytest

from redactlint import events, redact
from redactlint.redact import REDACTED, safe, unsafe
from redactlint.testing import EventCapture

from .sample import LegacyOpened, SearchSubmitted


def search(query: str = "alice@example.com", count: int = 2) -> SearchSubmitted:
    return SearchSubmitted(
        query=unsafe(query), pattern_type="literal", result_count=count, label=safe("toolbar")
    )


def test_capture_installs_itself_as_the_default_and_restores() -> None:
    before = events.get_recorder()
    with EventCapture() as capture:
        assert events.get_recorder() is capture.recorder
        search().record()
    assert events.get_recorder() is before
    assert len(capture.payloads) == 1


def test_assert_recorded_compares_exported_values() -> None:
    with EventCapture() as capture:
        search(count=1).record()
        SearchSubmitted(
            query=unsafe("x"), pattern_type="regexp", result_count=2, scopes=(safe("a"),)
        ).record()
    payload = capture.assert_recorded(SearchSubmitted, result_count=2, scopes=("a",))
    assert payload["properties"]["patternType"] == "regexp"
    capture.assert_recorded("search.submitted", query=REDACTED, label="toolbar")
    capture.assert_not_recorded(LegacyOpened)


def test_assert_recorded_takes_attribute_names_also_for_an_event_given_by_name() -> None:
    with EventCapture() as capture:
        SearchSubmitted(
            query=unsafe("x"), pattern_type="regexp", result_count=4, duration_ms=1.5
        ).record()
    payload = capture.assert_recorded(
        "search.submitted", pattern_type="regexp", result_count=4, duration_ms=1.5
    )
    assert payload["properties"]["durationMs"] == 1.5
    with pytest.raises(AssertionError, match="with result_count=5;"):
        capture.assert_recorded("search.submitted", result_count=5)


def test_assert_recorded_refuses_names_that_are_not_attributes() -> None:
    with EventCapture() as capture:
        search().record()
    for event in (SearchSubmitted, "search.submitted"):
        with pytest.raises(TypeError) as caught:
            capture.assert_recorded(event, resultCount=2)
        assert str(caught.value) == (
            "SearchSubmitted has no field attribute 'resultCount' (its attributes: query, "
            "pattern_type, result_count, duration_ms, label, repo, page, terms, scopes, cached)"
        )


def test_assert_recorded_failure_shows_what_was_recorded() -> None:
    with EventCapture() as capture:
        search(count=1).record()
    with pytest.raises(AssertionError) as caught:
        capture.assert_recorded(SearchSubmitted, result_count=5)
    message = str(caught.value)
    assert message.startswith("no search.submitted event recorded with result_count=5;")
    assert '"resultCount": 1' in message
    with pytest.raises(AssertionError, match=r"recorded events: search\.submitted"):
        capture.assert_recorded(LegacyOpened)
    with pytest.raises(AssertionError, match="nothing was recorded"):
        EventCapture().assert_recorded(SearchSubmitted)
    with pytest.raises(AssertionError, match=r"search\.submitted was recorded 1 time"):
        capture.assert_not_recorded(SearchSubmitted)


def test_assert_no_leak_passes_for_redacted_values() -> None:
    with EventCapture() as capture:
        search("alice@example.com").record()
    capture.assert_no_leak(["alice@example.com", "alice"])


def test_assert_no_leak_names_event_field_and_canary() -> None:
    with EventCapture(mode="keep") as capture:
        SearchSubmitted(
            query=redact.format("for {}", "a\u2039b"),
            pattern_type="literal",
            result_count=1,
            terms=(unsafe("bob@example.com"),),
        ).record()
    with pytest.raises(AssertionError) as caught:
        capture.assert_no_leak(["bob@example.com", "a\u2039b", "carol"])
    assert str(caught.value) == (
        "canary leaked into recorded events:\n"
        "  search.submitted.properties.query contains 'a\u2039b'\n"
        "  search.submitted.properties.terms[0] contains 'bob@example.com'"
    )
    with pytest.raises(ValueError, match="empty canary"):
        capture.assert_no_leak([""])


def test_capture_options_reach_the_recorder() -> None:
    with EventCapture(allowlist=events.Allowlist([("search.submitted", "query", "ok")])) as c:
        search("visible").record()
    c.assert_recorded(SearchSubmitted, query="visible")


def test_fixture_records_into_a_fresh_capture(recorded_events: EventCapture) -> None:
    assert recorded_events.payloads == []
    search().record()
    recorded_events.assert_recorded(SearchSubmitted, query=REDACTED)


def test_unknown_attribute_of_the_testing_module() -> None:
    import redactlint.testing

    with pytest.raises(AttributeError, match=re.escape("has no attribute 'nope'")):
        redactlint.testing.nope  # noqa: B018
