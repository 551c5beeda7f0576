"""The redacting boundary and the kind-preserving marker, over every kind of value."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import enum
from collections import namedtuple
from typing import Any

import pytest

from redactlint import redact
from redactlint.redact import RedactableStr, SafeStr, boundary, mark, redacted

CANARY = "alice@example.com"


class Color(enum.Enum):
    RED = "red"


class Mode(str, enum.Enum):
    FAST = "fast"

    @classmethod
    def _missing_(cls, value: object) -> Mode:
        pseudo = str.__new__(cls, str(value))
        pseudo._name_ = str(value)
        pseudo._value_ = str(value)
        return pseudo


@dataclasses.dataclass
class Result:
    name: str


Pair = namedtuple("Pair", "left right")
TODAY = datetime.date(2026, 12, 7)
AN_OBJECT = Result(CANARY)

# (value, what mark() returns) for every kind: only plain text changes.
MARK_TABLE: list[tuple[object, object]] = [
    (CANARY, redact.unsafe(CANARY)),
    (redact.safe("ok"), redact.safe("ok")),
    (redact.unsafe(CANARY), redact.unsafe(CANARY)),
    (7, 7),
    (0.5, 0.5),
    (True, True),
    (False, False),
    (None, None),
    (b"bytes", b"bytes"),
    ({"k": 1}, {"k": 1}),
    ([1, "x"], [1, "x"]),
    ((1, "x"), (1, "x")),
    (TODAY, TODAY),
    (AN_OBJECT, AN_OBJECT),
    (Color.RED, Color.RED),
    (Mode.FAST, Mode.FAST),
]


@pytest.mark.parametrize(("value", "expected"), MARK_TABLE, ids=lambda v: type(v).__name__)
def test_mark_keeps_every_kind_but_text(value: object, expected: object) -> None:
    result = mark(value)
    assert result == expected
    assert type(result) is type(expected)
    if not isinstance(value, str) or isinstance(value, (SafeStr, RedactableStr, enum.Enum)):
        assert result is value  # returned as it is, not a copy


def test_mark_marks_plain_text_and_str_subclasses() -> None:
    class Name(str):
        pass

    assert mark(Name(CANARY)) == f"‹{CANARY}›"
    assert isinstance(mark(CANARY), RedactableStr)
    assert mark("") == ""


# (value, what crosses the boundary): text redacted, everything else as it was.
REDACTED_TABLE: list[tuple[object, object]] = [
    (CANARY, "‹×›"),
    ("", ""),
    (redact.safe("ok"), "ok"),
    (redact.unsafe(CANARY), "‹×›"),
    (redact.format("user {} logged in", CANARY), "user ‹×› logged in"),
    (7, 7),
    (0.5, 0.5),
    (True, True),
    (False, False),
    (None, None),
    (b"bytes", b"bytes"),
    ({"k": 1, "s": CANARY}, {"k": 1, "s": "‹×›"}),
    ([1, CANARY, redact.safe("x")], [1, "‹×›", "x"]),
    ((1, CANARY), (1, "‹×›")),
    ({CANARY}, {"‹×›"}),
    (TODAY, TODAY),
    (AN_OBJECT, AN_OBJECT),
    (Color.RED, Color.RED),
    (Mode.FAST, Mode.FAST),
]


@pytest.mark.parametrize(("value", "expected"), REDACTED_TABLE, ids=lambda v: type(v).__name__)
def test_redacted_keeps_kinds_and_redacts_text(value: object, expected: object) -> None:
    result = redacted(value)
    assert result == expected
    assert type(result) is type(expected) or isinstance(value, str)
    assert CANARY not in repr(result) or result is AN_OBJECT
    assert redacted(result) == result  # the boundary's output crosses it again unchanged


def test_redacted_copies_and_never_mutates() -> None:
    payload = {"path": CANARY, "nested": {"items": [CANARY]}}
    out = redacted(payload)
    assert payload == {"path": CANARY, "nested": {"items": [CANARY]}}
    assert out == {"path": "‹×›", "nested": {"items": ["‹×›"]}}


def test_redacted_keeps_named_tuples_and_mapping_keys() -> None:
    out = redacted(Pair(CANARY, 3))
    assert isinstance(out, Pair)
    assert out == Pair("‹×›", 3)
    assert redacted({"key": "v"}) == {"key": "‹×›"}


SCHEMA = {
    "type": "object",
    "properties": {
        "action": {"enum": ["get", "save", 3]},
        "path": {"type": "string"},
        "kind": {"anyOf": [{"const": "file"}, {"type": "null"}]},
        "tags": {"type": "array", "items": {"enum": ["a", "b"]}},
        "nested": {"properties": {"level": {"const": "warn"}}},
        "count": {"type": "integer"},
    },
    "additionalProperties": {"enum": ["extra-word"]},
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"action": "save"}, {"action": "save"}),  # the schema's own word
        ({"action": CANARY}, {"action": "‹×›"}),  # not one of them: text
        ({"action": "3"}, {"action": "‹×›"}),  # 3 is a number in the schema, not "3"
        ({"path": CANARY}, {"path": "‹×›"}),
        ({"path": "save"}, {"path": "‹×›"}),  # a word of another field is text here
        ({"kind": "file"}, {"kind": "file"}),
        ({"kind": CANARY}, {"kind": "‹×›"}),
        ({"tags": ["a", CANARY, "b"]}, {"tags": ["a", "‹×›", "b"]}),
        ({"nested": {"level": "warn", "msg": CANARY}}, {"nested": {"level": "warn", "msg": "‹×›"}}),
        ({"count": 3, "path": None}, {"count": 3, "path": None}),
        ({"other": "extra-word", "more": CANARY}, {"other": "extra-word", "more": "‹×›"}),
        ({"action": redact.unsafe("save")}, {"action": "‹×›"}),  # marked: redacted as marked
    ],
)
def test_a_schema_lets_its_own_closed_words_pass(
    value: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert redacted(value, schema=SCHEMA) == expected


def test_without_a_usable_schema_every_string_is_redacted() -> None:
    for schema in (None, {}, {"properties": "not a mapping"}, {"enum": "save"}):
        assert redacted({"action": "save"}, schema=schema) == {"action": "‹×›"}  # type: ignore[arg-type]


def test_pseudo_member_built_from_input_is_text() -> None:
    pseudo = Mode(CANARY)
    assert pseudo.value == CANARY
    assert redacted(pseudo) == "‹×›"
    assert redacted(Mode.FAST) is Mode.FAST


def test_hash_spans_become_keyed_digests() -> None:
    value = redact.hashed("acme/payroll")
    plain = redacted(value)
    keyed = redacted(value, hash=True, salt="installation-key")
    assert plain == "‹×›"
    assert keyed.startswith("‹") and len(keyed) == 10
    assert keyed != redacted(value, hash=True, salt="another-key")


def test_boundary_redacts_every_argument_but_the_kept_ones() -> None:
    seen: list[tuple[Any, ...]] = []

    class Manager:
        @boundary(keep=("schema_id",))
        def emit(self, schema_id: str, data: dict[str, Any], stamp: Any = None) -> None:
            seen.append((self, schema_id, data, stamp))

    manager = Manager()
    manager.emit("https://schema/v1", {"action": redact.safe("save"), "path": CANARY})
    manager.emit(schema_id="https://schema/v1", data={"n": 3}, stamp=TODAY)
    assert seen[0] == (manager, "https://schema/v1", {"action": "save", "path": "‹×›"}, None)
    assert seen[1] == (manager, "https://schema/v1", {"n": 3}, TODAY)
    assert Manager.emit.__name__ == "emit"


def test_bare_boundary_with_star_arguments() -> None:
    @boundary
    def track(user: object, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        return (user, args, kwargs)

    user = Result("u")
    out = track(user, CANARY, category=redact.safe("dbt"), label=CANARY, context=[AN_OBJECT])
    assert out == (user, ("‹×›",), {"category": "dbt", "label": "‹×›", "context": [AN_OBJECT]})


def test_boundary_on_a_coroutine_stays_a_coroutine_function() -> None:
    @boundary
    async def send(data: dict[str, Any]) -> dict[str, Any]:
        return data

    import inspect

    assert inspect.iscoroutinefunction(send)
    assert asyncio.run(send({"q": CANARY})) == {"q": "‹×›"}


def test_boundary_keeps_a_wrong_call_an_error() -> None:
    @boundary
    def sink(data: object) -> object:
        return data

    with pytest.raises(TypeError):
        sink()  # type: ignore[call-arg]
