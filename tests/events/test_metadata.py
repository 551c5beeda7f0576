"""FieldInfo and EventMeta: property names, attributes and their checks."""

from __future__ import annotations

import pytest

from redactlint.events import EventMeta, FieldInfo
from redactlint.events.validation import plain_properties
from redactlint.redact import unsafe

from .sample import SearchSubmitted


def test_attribute_defaults_to_the_property_name() -> None:
    assert FieldInfo("count", "integer").attribute == "count"
    assert FieldInfo("count", "integer") == FieldInfo("count", "integer", attribute="count")
    info = FieldInfo("resultCount", "integer", attribute="result_count")
    assert (info.name, info.attribute) == ("resultCount", "result_count")
    assert info != FieldInfo("resultCount", "integer")


def test_attribute_is_keyword_only() -> None:
    info = FieldInfo("page", "string", "sensitive", "^(a|b)$")
    assert (info.sensitivity, info.safe_if, info.attribute) == ("sensitive", "^(a|b)$", "page")


@pytest.mark.parametrize(
    ("name", "attribute", "message"),
    [
        ("notebook-id", "", "field 'notebook-id' needs a Python identifier as its attribute"),
        ("class", "", "field 'class' needs a Python identifier"),
        ("resultCount", "result count", "field 'resultCount' (attribute 'result count') needs"),
        ("x", "for", "field 'x' (attribute 'for') needs"),
    ],
)
def test_attribute_must_be_an_identifier(name: str, attribute: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        FieldInfo(name, "integer", attribute=attribute)


def test_event_meta_refuses_repeated_attributes() -> None:
    fields = (
        FieldInfo("resultCount", "integer", attribute="result_count"),
        FieldInfo("result_count", "integer"),
    )
    with pytest.raises(ValueError, match=r"event 'a\.b': field attributes repeat"):
        EventMeta("a.b", 1, fields)


def test_lookup_by_property_name_and_by_attribute() -> None:
    meta = SearchSubmitted.META
    by_name = meta.get_field("resultCount")
    assert by_name is not None and by_name is meta.get_attribute("result_count")
    assert meta.get_field("result_count") is None
    assert meta.get_attribute("resultCount") is None


def test_validation_sees_the_schema_property_names() -> None:
    event = SearchSubmitted(query=unsafe("q"), pattern_type="regexp", result_count=2)
    assert plain_properties(event) == {"query": "q", "patternType": "regexp", "resultCount": 2}
