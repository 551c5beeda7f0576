"""Allowlist entries, their file format and their validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactlint.events import Allowlist, AllowlistEntry

from .sample import LegacyOpened, SearchSubmitted

REGISTRY = {"search.submitted": SearchSubmitted, "legacy.opened": LegacyOpened}


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_entry_without_a_reason_is_an_error(reason: str) -> None:
    with pytest.raises(ValueError, match=r"search\.submitted query has no reason"):
        AllowlistEntry("search.submitted", "query", reason)
    with pytest.raises(ValueError, match="has no reason"):
        Allowlist([("search.submitted", "query", reason)])


def test_lookup_by_event_and_field() -> None:
    allowlist = Allowlist([AllowlistEntry("search.submitted", "query", "reviewed in PRIV-12")])
    assert allowlist.allows("search.submitted", "query")
    assert not allowlist.allows("search.submitted", "repo")
    assert not allowlist.allows("other.event", "query")
    assert len(allowlist) == 1


def test_file_format(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_text(
        "# event  field  reason\n\nsearch.submitted  query   on-premises: never leaves\n",
        encoding="utf-8",
    )
    allowlist = Allowlist.load(path)
    assert allowlist.entries == (
        AllowlistEntry("search.submitted", "query", "on-premises: never leaves"),
    )


def test_file_line_without_reason_names_the_line() -> None:
    with pytest.raises(ValueError, match=r"allow\.txt:2: expected '<event> <field> <reason>'"):
        Allowlist.parse("# header\nsearch.submitted query\n", "allow.txt")


def test_validate_against_a_registry() -> None:
    Allowlist([("search.submitted", "query", "ok")]).validate(REGISTRY)
    with pytest.raises(ValueError, match=r"unknown event 'search\.sent'"):
        Allowlist([("search.sent", "query", "ok")]).validate(REGISTRY)
    with pytest.raises(ValueError, match=r"unknown field 'email' of event 'search\.submitted'"):
        Allowlist([("search.submitted", "email", "ok")]).validate(REGISTRY)



def test_fields_are_named_by_schema_property_not_attribute() -> None:
    # The property is found (then refused only because a count is not sensitive).
    found = r"field 'resultCount' of event 'search\.submitted', which"
    with pytest.raises(ValueError, match=found):
        Allowlist([("search.submitted", "resultCount", "ok")]).validate(REGISTRY)
    assert Allowlist([("search.submitted", "resultCount", "ok")]).allows(
        "search.submitted", "resultCount"
    )
    with pytest.raises(ValueError) as caught:
        Allowlist([("search.submitted", "result_count", "ok")]).validate(REGISTRY)
    assert str(caught.value) == (
        "allowlist names unknown field 'result_count' of event 'search.submitted' "
        "(that is the Python attribute; name the field 'resultCount')"
    )
