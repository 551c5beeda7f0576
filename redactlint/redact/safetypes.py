"""How a value is embedded when it is formatted into redactable text.

Every argument falls in one kind, decided once per type and cached, because
formatting is on product code's hot path:

- ``SAFE``: a ``SafeStr``, a number, a bool, ``None``, an enum member, or an
  instance of a registered safe type. Rendered and written as safe text.
- ``REDACTABLE``: a ``RedactableStr``, spliced verbatim (no double marking).
- ``SELF_FORMATTING``: an object with ``__safe_format__(self, printer)``.
- ``UNSAFE``: everything else, rendered and marked.

Registering a safe type is a privacy decision: every registration must be listed
in the project's reviewed allowlist file, which the checker enforces.
"""

from __future__ import annotations

import enum
import numbers
from typing import TypeVar

from .strings import RedactableStr, SafeStr

SAFE = 0
REDACTABLE = 1
SELF_FORMATTING = 2
UNSAFE = 3

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
_kinds: dict[type, int] = dict(_BUILTIN_KINDS)
_registered: set[type] = set()

T = TypeVar("T", bound=type)


def kind_of(value: object) -> int:
    """Return how ``value`` is embedded (one of the module's kind constants)."""
    cls = type(value)
    kind = _kinds.get(cls)
    if kind is None:
        kind = _kinds[cls] = _classify(cls)
    return kind


def _classify(cls: type) -> int:
    if issubclass(cls, RedactableStr):
        return REDACTABLE
    if issubclass(cls, SafeStr):
        return SAFE
    if any(base in _registered for base in cls.__mro__):
        return SAFE
    if callable(getattr(cls, "__safe_format__", None)):
        return SELF_FORMATTING
    if issubclass(cls, str):
        # A str-valued enum is still text from a str: treated as any enum below
        # only when it is an Enum; other str subclasses are unsafe.
        return SAFE if issubclass(cls, enum.Enum) else UNSAFE
    if issubclass(cls, (numbers.Number, enum.Enum)):
        return SAFE
    return UNSAFE


def register_safe_type(cls: T) -> T:
    """Declare that every instance of ``cls`` (and its subclasses) formats as safe."""
    if not isinstance(cls, type):
        raise TypeError(f"register_safe_type expects a class, not {type(cls).__name__}")
    if issubclass(cls, str):
        raise TypeError("text cannot be a safe type: mark each value with safe() instead")
    _registered.add(cls)
    _kinds.clear()
    _kinds.update(_BUILTIN_KINDS)
    return cls


def safe_type(cls: T) -> T:
    """Class decorator form of :func:`register_safe_type`."""
    return register_safe_type(cls)


def unregister_safe_type(cls: type) -> None:
    """Undo :func:`register_safe_type` (for tests)."""
    _registered.discard(cls)
    _kinds.clear()
    _kinds.update(_BUILTIN_KINDS)
