"""Safety never widens by inheritance (DESIGN.md, runtime contract; issue 15 items 7 and 8).

Each widening route carries a canary; none may come out of redacted text, in
clear or between markers.
"""

from __future__ import annotations

import decimal
import enum
import fractions
import gc
import numbers
import sys
import weakref
from collections.abc import Callable, Iterator

import pytest

from redactlint import redact
from redactlint.redact import safetypes

CANARIES = ("alice@example.com", "SECRET-TOKEN-123")


class Version:
    """A registered safe type (registered by the fixture below)."""

    def __str__(self) -> str:
        return "1.2"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@pytest.fixture(autouse=True)
def _version_is_safe() -> Iterator[None]:
    redact.register_safe_type(Version)
    yield
    redact.unregister_safe_type(Version)


def subclass_of_safe_type(canary: str) -> object:
    class Leaky(Version):
        def __str__(self) -> str:
            return canary

    return Leaky()


def str_mixing_in_safe_type(canary: str) -> object:
    class Text(str, Version):
        def __format__(self, spec: str) -> str:
            return str.__format__(self, spec)

    return Text(canary)


def subclass_of_safe_str(canary: str) -> object:
    class Text(redact.SafeStr):
        pass

    return Text(canary)


def enum_pseudo_member(canary: str) -> object:
    class Status(enum.Enum):
        OK = "ok"

        @classmethod
        def _missing_(cls, value: object) -> Status:
            member = object.__new__(cls)
            member._name_ = str(value)
            member._value_ = value
            return member

    return Status(canary)


def int_with_custom_str(canary: str) -> object:
    class Id(int):
        def __str__(self) -> str:
            return canary

    return Id(7)


def virtual_number(canary: str) -> object:
    class Amount:
        def __str__(self) -> str:
            return canary

        def __format__(self, spec: str) -> str:
            return canary

    numbers.Number.register(Amount)
    return Amount()


ROUTES: dict[str, Callable[[str], object]] = {
    "subclass of a registered safe type": subclass_of_safe_type,
    "str subclass mixing in a safe type": str_mixing_in_safe_type,
    "subclass of SafeStr": subclass_of_safe_str,
    "enum pseudo-member from _missing_": enum_pseudo_member,
    "int subclass with a custom __str__": int_with_custom_str,
    "numbers.Number.register": virtual_number,
}
FORMATTERS: dict[str, Callable[[object], redact.RedactableStr]] = {
    "format": lambda value: redact.format("{}", value),
    "format in text": lambda value: redact.format("value {} here", value),
    "format by attribute": lambda value: redact.format("{0.__class__.__name__} {0}", value),
    "sprintf": lambda value: redact.sprintf("%s", value),
    "sprintf in text": lambda value: redact.sprintf("value %s here", value),
    "join": lambda value: redact.join(", ", ["a", value]),
}


@pytest.mark.parametrize("canary", CANARIES)
@pytest.mark.parametrize("formatter", FORMATTERS.values(), ids=FORMATTERS.keys())
@pytest.mark.parametrize("route", ROUTES.values(), ids=ROUTES.keys())
def test_no_route_widens_safety(
    route: Callable[[str], object],
    formatter: Callable[[object], redact.RedactableStr],
    canary: str,
) -> None:
    value = route(canary)
    text = formatter(value)
    assert canary in text.strip_markers()  # the value was rendered...
    assert canary not in text.redact()  # ...and marked, so it never leaves
    assert canary not in text.redact(hash=True, salt=b"salt")


def test_a_registered_type_is_safe_but_its_subclass_only_when_registered() -> None:
    class Release(Version):
        pass

    assert redact.format("v{}", Version()) == "v1.2"
    assert redact.format("v{}", Release()) == "v‹1.2›"
    redact.register_safe_type(Release)
    try:
        assert redact.format("v{}", Release()) == "v1.2"
    finally:
        redact.unregister_safe_type(Release)


class Color(enum.Enum):
    RED = "red"
    CRIMSON = "red"  # an alias of RED


class Level(enum.IntEnum):
    LOW = 1


class Mode(enum.StrEnum):
    READ = "read"


class Perm(enum.Flag):
    R = 1
    W = 2


@pytest.mark.parametrize("member", [Color.RED, Color.CRIMSON, Level.LOW, Mode.READ, Perm.R])
def test_declared_enum_members_are_safe(member: enum.Enum) -> None:
    assert redact.format("{}", member) == format(member)
    assert redact.sprintf("%s", member) == "%s" % (member,)


def test_a_flag_combination_is_not_a_declared_member() -> None:
    combined = Perm.R | Perm.W
    assert redact.format("{}", combined).redact() == "‹×›"
    assert redact.format("{}", Perm(3)).redact() == "‹×›"


@pytest.mark.parametrize(
    "number",
    [0, -12, 3.5, True, None, 2 + 1j, decimal.Decimal("1.10"), fractions.Fraction(1, 3)],
)
def test_exact_builtin_numbers_are_safe(number: object) -> None:
    assert redact.format("n={}", number) == f"n={number}"
    assert redact.sprintf("n=%s", number) == f"n={number}"
    assert redact.join(",", [number]) == str(number)


def test_the_type_cache_is_bounded() -> None:
    class First:
        pass

    redact.format("{}", First())
    first = weakref.ref(First)
    del First
    for index in range(3000):
        redact.format("{}", type(f"Made{index}", (), {})())
    gc.collect()
    assert first() is None  # the cache does not keep every class it has seen alive
    assert len(safetypes._kinds) <= 3000


def test_an_int_too_long_for_str_is_exported_marked() -> None:
    limit = sys.get_int_max_str_digits()
    assert limit, "the interpreter enforces a digit limit by default"
    huge = 10**limit + 12345
    with pytest.raises(ValueError):
        str(huge)
    for text in (
        redact.format("n={}", huge),
        redact.format("n={:d}{}", huge, "x"),
        redact.format("n={0.real}", huge),
        redact.sprintf("n=%d", huge),
        redact.sprintf("n=%s%s", huge, "x"),
        redact.sprintf("n=%(n)s", {"n": huge}),
        redact.join(",", [1, huge]),
        redact.format("n={}", -huge),
        redact.unsafe(huge),
        redact.hashed(huge),
    ):
        assert hex(huge) in text.strip_markers()
        assert hex(huge) not in text.redact()
        assert "‹×›" in text.redact()


def test_an_int_at_the_digit_limit_is_still_safe_decimal() -> None:
    largest = 10 ** sys.get_int_max_str_digits() - 1
    assert redact.format("{}", largest) == str(largest)


def test_format_errors_are_still_raised() -> None:
    with pytest.raises(ValueError, match="Unknown format code"):
        redact.format("{:q}", 1)
    with pytest.raises(TypeError):
        redact.sprintf("%d", "text")
