"""Turn an event into the payload that leaves the process, redacting on the way.

The event is only read; the payload is built from copies. Rules, per value:

- A plain ``str`` (neither ``SafeStr`` nor ``RedactableStr``) is exported as
  ``‹×›`` in every field and every mode: it bypassed the type checker, so
  nothing is known about it. The one exception is a safe enum field, whose
  ``Literal`` type admits only the schema's reviewed values as constants: a
  value in the enum is exported, any other is ``‹×›``.
- A ``SafeStr`` is exported as is in a ``safe`` field; in any other text field
  (``sensitive``, ``hashed``, undeclared) the type checker would have refused
  it, so it is ``‹×›``.
- A ``RedactableStr`` keeps its safe parts; each marked span becomes ``‹×›``
  and each hash span ``‹d›``, the 8-hex-digit digest keyed by ``salt`` (``None``:
  the installation key, see :mod:`redactlint.redact.hashing`). A
  ``hashed`` field built with ``redact.hashed(v)`` is therefore exported as
  ``hashed(v).redact(hash=True, salt=salt)``.
- ``x-safe-if``: the value's text without markers is exported when the whole
  text matches the regex, and is ``‹×›`` otherwise. Matching is bounded, failing
  closed: text longer than ``SAFE_IF_MAX_LENGTH`` characters, or a pattern that
  can backtrack catastrophically (see :mod:`.patterns`), is ``‹×›`` unmatched.
- Numbers and booleans pass through when the field declares that kind; a value
  of any other type is ``‹×›``, and so is a NaN or an infinity, which JSON cannot
  hold. Arrays are exported element by element.
- An integer declared ``sensitive`` (a personal id) is ``‹×›``; one declared
  ``hashed`` is the digest of its decimal text, ``hashed(str(n))`` redacted as
  above, so it correlates with the same id hashed as text.
- ``None`` (an optional field left out) is omitted from the payload.

Values are read from each field's Python attribute and written under its
schema property name, so ``result_count`` is exported as ``resultCount``.

Modes:

- ``redact``: the rules above.
- ``drop``: as ``redact``, but fields that are ``sensitive``, ``hashed`` or have
  no declared sensitivity are removed entirely, whatever their value.
- ``keep``: local development only. Marked text is exported with its markers
  removed (``unsafe("a b")`` becomes ``a b``, ``hashed(v)`` becomes ``v``); the
  fail-closed rules still apply, so plain ``str`` and mismatched types stay ``‹×›``.

An allowlisted field (for the event's version) is exported as in ``keep``
mode in every mode, except a ``hashed`` one: it is still its digest, and the
allowlist only keeps it in ``drop`` mode.
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING, Any, Literal

from ..redact import REDACTED, RedactableStr, SafeStr, escape_markers, hashed
from ..redact.hashing import Salt
from .metadata import FieldInfo
from .patterns import may_backtrack

if TYPE_CHECKING:
    from .allowlist import Allowlist
    from .event import Event

Mode = Literal["redact", "drop", "keep"]
MODES: tuple[Mode, ...] = ("redact", "drop", "keep")
Payload = dict[str, Any]
# Longer text is never matched against x-safe-if: it is redacted (fail closed).
SAFE_IF_MAX_LENGTH = 256


def check_mode(mode: str) -> Mode:
    """Return ``mode`` if it is an export mode, else raise ``ValueError``."""
    for known in MODES:
        if mode == known:
            return known
    raise ValueError(f"unknown export mode {mode!r}; expected one of {', '.join(MODES)}")


def export_event(
    event: Event,
    mode: Mode = "redact",
    allowlist: Allowlist | None = None,
    *,
    salt: Salt = None,
) -> Payload:
    """The payload ``{"event", "version", "properties"}`` of ``event`` in ``mode``."""
    check_mode(mode)
    meta = type(event).META
    properties: dict[str, Any] = {}
    for info in meta.fields:
        value = getattr(event, info.attribute, None)
        if value is None:
            continue
        allowed = allowlist is not None and allowlist.allows(meta.name, info.name, meta.version)
        if mode == "drop" and info.is_sensitive and not allowed:
            continue
        # An allowlist reveals a sensitive field, never a hashed one's raw value.
        reveal = mode == "keep" or (allowed and info.sensitivity != "hashed")
        properties[info.name] = export_value(value, info, reveal=reveal, salt=salt)
    return {"event": meta.name, "version": meta.version, "properties": properties}


def export_value(
    value: object, info: FieldInfo, *, reveal: bool, salt: Salt
) -> object:
    """One field's exported value; ``reveal`` strips markers instead of redacting."""
    if info.kind == "array":
        if not isinstance(value, (list, tuple)) or info.item_kind is None:
            return REDACTED
        return [_export_scalar(item, info.item_kind, info, reveal, salt) for item in value]
    return _export_scalar(value, info.kind, info, reveal, salt)


def _export_scalar(
    value: object, kind: str, info: FieldInfo, reveal: bool, salt: Salt
) -> object:
    if kind == "string":
        return _export_text(value, info, reveal, salt)
    if kind == "boolean":
        return value if type(value) is bool else REDACTED
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return REDACTED
    if kind == "integer":
        return _export_integer(value, info, reveal, salt) if isinstance(value, int) else REDACTED
    if kind == "number":
        if isinstance(value, int):
            return int(value)
        number = float(value)
        return number if math.isfinite(number) else REDACTED  # JSON has no NaN or infinity
    return REDACTED


def _export_integer(value: int, info: FieldInfo, reveal: bool, salt: Salt) -> object:
    number = int(value)  # a plain int, whatever subclass was passed
    if reveal or info.sensitivity is None:
        return number
    if info.sensitivity == "hashed":
        return str(hashed(str(number)).redact(hash=True, salt=salt))
    return REDACTED  # sensitive, or a sensitivity integers cannot have


def _export_text(value: object, info: FieldInfo, reveal: bool, salt: Salt) -> str:
    if info.is_literal_enum:
        assert info.enum is not None
        return str(value) if isinstance(value, str) and str(value) in info.enum else REDACTED
    marked = _marked(value, info)
    if marked is None:
        return REDACTED
    if info.safe_if is not None:
        text = marked.strip_markers()
        return text if reveal or _matches_safe_if(info.safe_if, text) else REDACTED
    if reveal:
        return marked.strip_markers()
    return str(marked.redact(hash=True, salt=salt))


def _marked(value: object, info: FieldInfo) -> RedactableStr | None:
    """``value`` as redactable text, or None when it must be redacted whole."""
    if isinstance(value, RedactableStr):
        return value
    if isinstance(value, SafeStr) and info.sensitivity == "safe":
        return RedactableStr(escape_markers(value))
    return None


def _matches_safe_if(regex: str, text: str) -> bool:
    """Whether ``text`` is safe by ``regex``, in bounded time; no means redact."""
    if len(text) > SAFE_IF_MAX_LENGTH:
        return False
    pattern = _pattern(regex)
    return pattern is not None and pattern.fullmatch(text) is not None


@functools.lru_cache(maxsize=256)
def _pattern(regex: str) -> re.Pattern[str] | None:
    """The compiled ``regex``, or None when it may backtrack catastrophically."""
    if may_backtrack(regex):
        return None
    return re.compile(regex)
