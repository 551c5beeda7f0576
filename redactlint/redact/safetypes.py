"""How a value is embedded when it is formatted into redactable text.

Every argument falls in one kind, decided once per type and cached, because
formatting is on product code's hot path:

- ``SAFE``: a ``SafeStr``, ``None``, an exact builtin number (``int``, ``float``,
  ``bool``, ``complex``, ``Decimal``, ``Fraction``), a declared enum member, or
  an instance of a registered safe type. Rendered and written as safe text.
- ``REDACTABLE``: a ``RedactableStr``, spliced verbatim (no double marking).
- ``SELF_FORMATTING``: an object with ``__safe_format__(self, printer)``.
- ``UNSAFE``: everything else, rendered and marked.

Safety never widens by inheritance (Palantir's safe-logging rule): the table is
looked up by exact ``type(value)``, so a subclass of a safe type, a ``str``
subclass mixing one in, an ``int`` subclass whose ``__str__`` returns user data
or a class registered with ``numbers.Number.register`` is unsafe unless it is
registered itself. An enum member is safe only when it is a declared member of
its class: ``_missing_`` can build pseudo-members from input.

Registering a safe type is a privacy decision: every registration must be listed
in the project's reviewed allowlist file, which the checker enforces.
"""

from __future__ import annotations

import enum
import sys
from typing import TypeGuard, TypeVar

from .strings import RedactableStr, SafeStr

SAFE = 0
REDACTABLE = 1
SELF_FORMATTING = 2
UNSAFE = 3
# Cached for enum classes only: whether a member is safe depends on the value.
_ENUM = 4

_BUILTIN_KINDS: dict[type, int] = {
    SafeStr: SAFE,
    RedactableStr: REDACTABLE,
    str: UNSAFE,
    int: SAFE,
    float: SAFE,
    bool: SAFE,
    complex: SAFE,
    type(None): SAFE,
}
# The modules that define the other safe number types, looked up when a class is
# first classified instead of imported here: the runtime stays cheap to import,
# and a value of a type whose module was never imported cannot occur.
_NUMBER_TYPES = (("decimal", "Decimal"), ("fractions", "Fraction"))
# Bounded, so a program that creates classes at run time does not keep them
# (and the cache) alive forever; when full it starts again from the builtins.
_CACHE_SIZE = 1024
_kinds: dict[type, int] = dict(_BUILTIN_KINDS)
_registered: set[type] = set()

T = TypeVar("T", bound=type)


def kind_of(value: object) -> int:
    """Return how ``value`` is embedded (one of the module's kind constants)."""
    cls = type(value)
    kind = _kinds.get(cls)
    if kind is None:
        kind = _classify(cls)
        if len(_kinds) >= _CACHE_SIZE:
            _reset_cache()
        _kinds[cls] = kind
    if kind == _ENUM:
        return SAFE if _is_declared_member(value) else UNSAFE
    return kind


def _classify(cls: type) -> int:
    self_formatting = callable(getattr(cls, "__safe_format__", None))
    if issubclass(cls, enum.Enum) and not self_formatting:
        return _ENUM
    if cls in _registered or _is_builtin_number(cls):
        return SAFE
    return SELF_FORMATTING if self_formatting else UNSAFE


def _is_builtin_number(cls: type) -> bool:
    for module_name, name in _NUMBER_TYPES:
        module = sys.modules.get(module_name)
        if module is not None and cls is getattr(module, name, None):
            return True
    return False


def _is_declared_member(value: object) -> bool:
    """True when ``value`` is one of its enum's declared members, by identity.

    A Flag combination or a member that ``_missing_`` built from input is not
    declared; its name and value may be anything, so it is unsafe.
    """
    try:
        return type(value).__members__.get(value.name) is value  # type: ignore[attr-defined]
    except Exception:  # an odd pseudo-member (unhashable or missing name): fail closed
        return False


def _reset_cache() -> None:
    _kinds.clear()
    _kinds.update(_BUILTIN_KINDS)


def is_oversized_int(value: object) -> TypeGuard[int]:
    """True when ``value`` is an int too long for ``str()`` (``sys.get_int_max_str_digits``).

    Decimal conversion of such an int raises ``ValueError``; formatting must
    export the event instead of failing it.
    """
    if not isinstance(value, int):
        return False
    limit = sys.get_int_max_str_digits()
    if not limit:
        return False
    bits = value.bit_length()
    if bits <= limit * 3:  # below 8**limit, so at most ``limit`` digits
        return False
    threshold: int = 10**limit
    return abs(value) >= threshold


def oversized_int_text(value: int) -> str:
    """The text of an oversized int: hexadecimal, which has no digit limit and is linear.

    Callers write it unsafe (fail closed): an int that long is almost always
    encoded data, not a count.
    """
    return hex(int.__index__(value))


def register_safe_type(cls: T) -> T:
    """Declare that every instance of exactly ``cls`` formats as safe.

    Subclasses are not covered: each must be registered (and reviewed) itself.
    """
    if not isinstance(cls, type):
        raise TypeError(f"register_safe_type expects a class, not {type(cls).__name__}")
    if issubclass(cls, str):
        raise TypeError("text cannot be a safe type: mark each value with safe() instead")
    _registered.add(cls)
    _reset_cache()
    return cls


def safe_type(cls: T) -> T:
    """Class decorator form of :func:`register_safe_type`."""
    return register_safe_type(cls)


def unregister_safe_type(cls: type) -> None:
    """Undo :func:`register_safe_type` (for tests)."""
    _registered.discard(cls)
    _reset_cache()
