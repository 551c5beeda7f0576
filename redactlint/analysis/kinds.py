"""What a value is (its kinds) beside how safe its text is (its safety).

The checker's facts about an expression are a ``Value``: the set of kinds it may be
(text, number, bool, None, bytes, date/time, mapping, sequence, an object of a known
class, a class or function) and the safety of the worst text that can be taken out
of it (``NOT_STRING`` when none can). Both join by union, so a value known on every
path keeps what all paths agree on. Only a value that is or may be text (or whose
contents may be) can be a marking finding; numbers, bools and None are safe by
policy, and objects and containers are reported as what they are, never turned into
strings.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass


class Safety(enum.IntEnum):
    """How safe the text of a value is: a chain, joined by taking the larger."""

    NOT_STRING = 0
    SAFE = 1
    REDACTABLE = 2
    UNKNOWN = 3


class Kind:
    """The kinds a value may be, as bits of an ``int`` (plain ints: the walker combines
    them at every expression, and ``enum.IntFlag`` arithmetic is many times slower)."""

    TEXT = 1
    NUMBER = 2
    BOOL = 4
    NONE = 8
    BYTES = 16
    DATETIME = 32
    MAPPING = 64
    SEQUENCE = 128
    OBJECT = 256  # an instance of a class the checker can name
    CLASS = 512  # a class or a function itself


ANY = 1023  # unknown kind: it may be anything, text included
# Kinds that carry no text of their own (a container's or object's contents may).
SCALAR = Kind.NUMBER | Kind.BOOL | Kind.NONE | Kind.DATETIME


@dataclass(frozen=True, slots=True)
class Value:
    """What the checker knows of an expression."""

    kinds: int  # bits of ``Kind``
    safety: Safety
    # For OBJECT and CLASS values: the qualified names of the classes, when known.
    classes: frozenset[str] = frozenset()
    # The one text it holds, when it is a literal (event names, property keys).
    literal: str | None = None
    # An enum member (or an enum's value/name): safe, whatever its kind.
    enum: bool = False
    # What a sequence yields when iterated, when known (``Iterator[DagsterEvent]``).
    items: Value | None = None
    # A tuple's values by position, when its length is known (``tuple[str, int]``).
    elements: tuple[Value, ...] | None = None
    # Its text is written by the runtime (a ``SafeStr`` or ``RedactableStr``), not a plain
    # ``str``: a redacting boundary keeps it. Safe text that is not marked (a literal, a
    # constant, ``__name__``) is redacted whole there.
    marked: bool = False
    # A mapping whose keys are exactly these (a pydantic model's ``model_dump()``), with
    # what each holds: the value of ``d["key"]`` or ``d.get(key)`` when the key is known.
    fields: tuple[tuple[str, Value], ...] | None = None
    # For a callable its annotation types (``clock: Callable[[], float]``): what calling
    # it returns.
    returns: Value | None = None

    @property
    def is_safe(self) -> bool:
        return self.safety <= Safety.SAFE

    def describe(self) -> str:
        """What the value is, in a few words, for messages."""
        if self.kinds == ANY:
            return "value of unknown kind"
        names = [name for kind, name in _KIND_NAMES if self.kinds & kind]
        if self.kinds & Kind.OBJECT and self.classes:
            shown = ", ".join(sorted(c.rsplit(".", 1)[-1] for c in self.classes)[:3])
            names = [f"object of class {shown}" if n == "object" else n for n in names]
        return " or ".join(names)


_KIND_NAMES = (
    (Kind.TEXT, "text"),
    (Kind.NUMBER, "number"),
    (Kind.BOOL, "bool"),
    (Kind.NONE, "None"),
    (Kind.BYTES, "bytes"),
    (Kind.DATETIME, "date/time"),
    (Kind.MAPPING, "mapping"),
    (Kind.SEQUENCE, "sequence"),
    (Kind.OBJECT, "object"),
    (Kind.CLASS, "class or function"),
)


def join(a: Value, b: Value) -> Value:
    """What a value is when it may be either."""
    if a is b or a == b:
        return a
    # What is iterated or unpacked is the container's: the other side holds nothing one
    # could iterate (None, a number), else its items would be unknown here.
    items = None
    if a.items is not None and b.items is not None:
        items = join(a.items, b.items)
    elif not a.kinds & ~SCALAR:
        items = b.items
    elif not b.kinds & ~SCALAR:
        items = a.items
    elements = None
    if a.elements is not None and b.elements is not None and len(a.elements) == len(b.elements):
        elements = tuple(join(x, y) for x, y in zip(a.elements, b.elements, strict=True))
    elif not a.kinds & ~SCALAR:
        elements = b.elements  # ``("query", "phrase")`` or None: the tuple's, when a tuple
    elif not b.kinds & ~SCALAR:
        elements = a.elements
    return Value(
        a.kinds | b.kinds,
        a.safety if a.safety >= b.safety else b.safety,
        a.classes | b.classes,
        a.literal if a.literal == b.literal else None,
        # An optional member (``Kind | None``) is still one of the enum's members or None.
        (a.enum or a.kinds == Kind.NONE) and (b.enum or b.kinds == Kind.NONE)
        and (a.enum or b.enum),
        items,
        elements,
        a.marked and b.marked,
        _join_fields(a, b),
        join(a.returns, b.returns) if a.returns is not None and b.returns is not None else None,
    )


def _join_fields(a: Value, b: Value) -> tuple[tuple[str, Value], ...] | None:
    """The keys either mapping may have, each with what either holds there; a value that
    is no mapping at all (None) adds none."""
    if a.fields is None or b.fields is None:
        if a.fields is not None and not b.kinds & Kind.MAPPING:
            return a.fields
        if b.fields is not None and not a.kinds & Kind.MAPPING:
            return b.fields
        return None
    merged = dict(a.fields)
    for key, value in b.fields:
        merged[key] = join(merged[key], value) if key in merged else value
    return tuple(sorted(merged.items()))


def closed_mapping(fields: dict[str, Value]) -> Value:
    """A mapping with exactly these keys (names in the code), each holding its value."""
    inside = join_all(list(fields.values()), NOTHING)
    safety = inside.safety if inside.safety >= Safety.SAFE else Safety.SAFE
    return Value(Kind.MAPPING, safety, fields=tuple(sorted(fields.items())))


def join_all(values: list[Value], empty: Value | None = None) -> Value:
    if not values:
        return empty if empty is not None else UNKNOWN
    result = values[0]
    for value in values[1:]:
        result = join(result, value)
    return result


def text(safety: Safety, literal: str | None = None) -> Value:
    return Value(Kind.TEXT, safety, literal=literal)


def with_safety(value: Value, safety: Safety) -> Value:
    items = value.items if value.items is None or safety >= value.items.safety else None
    return Value(
        value.kinds, safety, value.classes, value.literal, value.enum, items, marked=value.marked
    )


def marked(value: Value) -> Value:
    """``value`` with its text written by the runtime (a boundary keeps it)."""
    return value if value.marked else dataclasses.replace(value, marked=True)


def instance_of(classes: frozenset[str], kinds: int = Kind.OBJECT) -> Value:
    """An object of one of ``classes``: its contents are unknown text."""
    return Value(kinds, Safety.UNKNOWN, classes)


def class_object(classes: frozenset[str]) -> Value:
    """A class (or function) itself: its name is safe, it is not text."""
    return Value(Kind.CLASS, Safety.SAFE, classes)


def enum_member(classes: frozenset[str], kinds: int = Kind.OBJECT) -> Value:
    return Value(kinds, Safety.SAFE, classes, enum=True)


def declared(bound: Value, annotated: Value) -> Value:
    """A name both annotated and bound once: what its value says, unless the value says
    less, or only that it is an object of a class, where the annotation is the contract
    (``security_manager: SecurityManager = LocalProxy(...)``: a proxy, a factory's result
    or a mock stands in for the annotated class)."""
    if bound.kinds == ANY:
        return annotated
    if bound.kinds == Kind.OBJECT and annotated.kinds != ANY:
        return annotated
    return bound


def from_kinds(value: Value) -> Value:
    """Only the kinds of ``value``, with the safety those kinds imply: what call sites
    tell about a parameter when other code may call its function too (kinds, never the
    safety of text)."""
    kinds = value.kinds
    if value.enum:
        return value
    if kinds & ~(SCALAR | Kind.CLASS):
        return Value(kinds, Safety.UNKNOWN, value.classes)
    if kinds & Kind.CLASS:
        return Value(kinds, Safety.SAFE, value.classes)
    return Value(kinds, Safety.NOT_STRING)


def from_callers(value: Value) -> Value:
    """What every call passes a parameter of a function whose callers are all in view
    (``callsites.callers_in_view``): its kinds, and the safety of the text they agree
    on (a literal, a constant or a marked value at every call); what a container or an
    object holds stays unknown, as with ``from_kinds``."""
    kinds = value.kinds
    if value.enum or not kinds & Kind.TEXT or kinds & ~(SCALAR | Kind.CLASS | Kind.TEXT):
        return from_kinds(value)
    return Value(kinds, value.safety, value.classes, value.literal, marked=value.marked)


def unsure_text(value: Value) -> bool:
    """Text (or text or None) of unknown safety: what ``str`` or ``str | None`` declares."""
    return (
        bool(value.kinds & Kind.TEXT)
        and not value.kinds & ~(Kind.TEXT | Kind.NONE)
        and value.safety == Safety.UNKNOWN
        and not value.enum
    )


UNKNOWN = Value(ANY, Safety.UNKNOWN)
SAFE_TEXT = text(Safety.SAFE)
REDACTABLE_TEXT = text(Safety.REDACTABLE)
MARKED_SAFE_TEXT = Value(Kind.TEXT, Safety.SAFE, marked=True)  # a SafeStr
MARKED_TEXT = Value(Kind.TEXT, Safety.REDACTABLE, marked=True)  # a RedactableStr
UNKNOWN_TEXT = text(Safety.UNKNOWN)
NUMBER = Value(Kind.NUMBER, Safety.NOT_STRING)
BOOL = Value(Kind.BOOL, Safety.NOT_STRING)
NONE = Value(Kind.NONE, Safety.NOT_STRING)
DATETIME = Value(Kind.DATETIME, Safety.NOT_STRING)
SAFE_BYTES = Value(Kind.BYTES, Safety.SAFE)
UNKNOWN_BYTES = Value(Kind.BYTES, Safety.UNKNOWN)
MAPPING = Value(Kind.MAPPING, Safety.UNKNOWN)
SEQUENCE = Value(Kind.SEQUENCE, Safety.UNKNOWN)
FUNCTION = Value(Kind.CLASS, Safety.SAFE)
NOTHING = Value(0, Safety.NOT_STRING)  # the empty join: a container with no items
