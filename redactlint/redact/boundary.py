"""The redacting boundary of a legacy sink, and the marker that keeps a value's kind.

A registry event is redacted by the ``Recorder`` when it is exported. A legacy sink
(``track(name, props)``, a vendor's ``emit``) sends what it is given, so
``unsafe(path)`` would leave as ``‹/home/alice/x.py›``: marked, but in clear. The
boundary redacts what is marked before it leaves, with the export's rules:

- a ``RedactableStr`` keeps its safe parts, each marked span becomes ``‹×›`` (a hash
  span its keyed digest when hashing is on: keyed by ``salt``, by default the
  installation key, see :mod:`redactlint.redact.hashing`);
- a ``SafeStr`` passes as it is;
- a plain ``str`` is redacted whole (fail closed: nobody said what it holds), so a
  literal that must survive is written ``safe("...")``;
- numbers, bools, ``None`` and declared enum members pass unchanged;
- mappings, lists, tuples and sets are copied with their values redacted (mapping
  keys are the payload's shape, written in code, and pass);
- any other object passes unchanged: the checker reports what it cannot see into.

``mark(value)`` is what the codemod writes where it cannot tell a value's kind: text
is marked unsafe, anything else comes back as it is, so a number stays a number.

The boundary's output holds no plain ``str``, so redacting it again changes nothing.
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar, overload

from .hashing import Salt, check_salt
from .markers import REDACTED
from .marking import unsafe
from .strings import RedactableStr, SafeStr

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def mark(value: T) -> T:
    """``value`` with its text marked unsafe; a value that is not text is returned as is.

    A plain ``str`` becomes ``unsafe(value)``; a ``SafeStr``, a ``RedactableStr``, an
    enum member, a number, a bool, ``None``, a container, a date or any object is
    returned unchanged. (Typed as returning what it is given: marked text is a ``str``.)
    """
    if type(value) is str or (
        isinstance(value, str)
        and not isinstance(value, (SafeStr, RedactableStr, enum.Enum))
    ):
        return unsafe(value)  # type: ignore[return-value]
    return value


def redacted(
    value: T,
    *,
    hash: bool = False,
    salt: Salt = None,
    schema: Mapping[str, Any] | None = None,
) -> T:
    """A copy of ``value`` fit to leave: marked text redacted, plain text redacted whole.

    Use it at a call of a sink you cannot decorate: ``emit(schema_id=..., data=redacted({...}))``.
    ``hash=True`` turns hash spans into 8-hex-digit digests keyed by ``salt`` (``None``:
    the installation key; an empty salt is an error).

    ``schema`` is the JSON Schema the sink validates ``value`` against (a vendor's event
    schema): a plain string it pins to a closed set (``enum`` or ``const``, directly or in
    an ``anyOf``, ``oneOf`` or ``allOf`` branch) is one of the schema's own words, not
    data, and passes, so the vendor's validation still passes; every other string is
    redacted as without it. Properties follow ``properties`` (else
    ``additionalProperties``), items follow ``items``; ``$ref`` is not followed.
    """
    words = schema if isinstance(schema, Mapping) else None
    return _redacted(value, hash, check_salt(salt), words)  # type: ignore[no-any-return]


def _redacted(
    value: Any, hash: bool, salt: Salt, schema: Mapping[str, Any] | None = None
) -> Any:
    cls = type(value)
    if cls is SafeStr:
        return value
    if isinstance(value, RedactableStr):
        return value.redact(hash=hash, salt=salt)
    if isinstance(value, enum.Enum) and _declared_member(value):
        return value  # its class declares it, whatever its base
    if isinstance(value, str):
        if schema is not None and _pinned(value, schema):
            return value
        return RedactableStr(REDACTED) if value else value
    if isinstance(value, Mapping):
        items = {
            key: _redacted(item, hash, salt, _property(schema, key))
            for key, item in value.items()
        }
        return _rebuilt(value, items)
    if isinstance(value, (list, tuple, set, frozenset)):
        inner = _part(schema, "items")
        elements = [_redacted(item, hash, salt, inner) for item in value]
        return _rebuilt(value, elements)
    return value


def _pinned(value: str, schema: Mapping[str, Any], depth: int = 0) -> bool:
    """Whether ``schema`` allows ``value`` only as a member of a closed set it lists."""
    if "const" in schema and type(schema["const"]) is str and schema["const"] == value:
        return True
    members = schema.get("enum")
    if isinstance(members, (list, tuple)) and any(
        type(member) is str and member == value for member in members
    ):
        return True
    return depth < 8 and any(
        isinstance(branch, Mapping) and _pinned(value, branch, depth + 1)
        for key in ("anyOf", "oneOf", "allOf")
        for branch in (schema.get(key) or () if isinstance(schema.get(key), list) else ())
    )


def _property(schema: Mapping[str, Any] | None, key: object) -> Mapping[str, Any] | None:
    properties = _part(schema, "properties")
    if properties is not None and isinstance(key, str) and isinstance(
        properties.get(key), Mapping
    ):
        return properties[key]  # type: ignore[no-any-return]
    return _part(schema, "additionalProperties")


def _part(schema: Mapping[str, Any] | None, key: str) -> Mapping[str, Any] | None:
    found = schema.get(key) if schema is not None else None
    return found if isinstance(found, Mapping) else None


def _declared_member(member: enum.Enum) -> bool:
    """A member its class lists, not a pseudo-member ``_missing_`` built from input."""
    return type(member).__members__.get(member.name or "") is member


def _rebuilt(original: Any, contents: Collection[Any] | dict[Any, Any]) -> Any:
    """A container of ``original``'s type holding ``contents`` (a plain one when its
    type cannot be made from them: the values matter more than the class)."""
    cls = type(original)
    if cls in (dict, list, tuple, set, frozenset):
        return cls(contents)
    try:
        if isinstance(original, tuple) and hasattr(original, "_fields"):
            return cls(*contents)  # a named tuple
        return cls(contents)
    except Exception:
        return dict(contents) if isinstance(original, Mapping) else list(contents)


@overload
def boundary(function: F, /) -> F: ...
@overload
def boundary(
    *, keep: Collection[str] = (), hash: bool = False, salt: Salt = None
) -> Callable[[F], F]: ...
def boundary(
    function: F | None = None,
    /,
    *,
    keep: Collection[str] = (),
    hash: bool = False,
    salt: Salt = None,
) -> F | Callable[[F], F]:
    """Make a sink function a redacting boundary: every argument is ``redacted``.

    ``keep`` names parameters passed unchanged: an event name that selects the schema
    (``@boundary(keep=("schema_id",))``), never a value that carries data. Used bare
    (``@boundary``) every argument is redacted; ``self`` and other objects pass
    unchanged anyway. ``hash`` and ``salt`` are as for :func:`redacted`; the salt is
    checked when the sink is decorated, the installation key read at its first call.
    """
    check_salt(salt)

    def decorate(sink: F) -> F:
        kept = frozenset(keep)
        kept_positions = frozenset(
            index for index, name in enumerate(_positional_names(sink)) if name in kept
        )

        def arguments(
            args: tuple[Any, ...], kwargs: dict[str, Any]
        ) -> tuple[tuple[Any, ...], dict[str, Any]]:
            return (
                tuple(
                    value if index in kept_positions else _redacted(value, hash, salt)
                    for index, value in enumerate(args)
                ),
                {
                    name: value if name in kept else _redacted(value, hash, salt)
                    for name, value in kwargs.items()
                },
            )

        if inspect.iscoroutinefunction(sink):

            @functools.wraps(sink)
            async def redacting_coroutine(*args: Any, **kwargs: Any) -> Any:
                args, kwargs = arguments(args, kwargs)
                return await sink(*args, **kwargs)

            redacting_coroutine.__redactlint_boundary__ = True  # type: ignore[attr-defined]
            return redacting_coroutine  # type: ignore[return-value]

        @functools.wraps(sink)
        def redacting(*args: Any, **kwargs: Any) -> Any:
            args, kwargs = arguments(args, kwargs)
            return sink(*args, **kwargs)

        redacting.__redactlint_boundary__ = True  # type: ignore[attr-defined]
        return redacting  # type: ignore[return-value]

    if function is not None:
        return decorate(function)
    return decorate


def _positional_names(function: Callable[..., Any]) -> list[str]:
    """The names of the parameters that take positional arguments, in order."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return []
    return [
        p.name
        for p in parameters
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


__all__ = ["boundary", "mark", "redacted"]
