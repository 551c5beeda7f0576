"""Prove that no canary survives export: the engine behind ``redactlint verify``.

Every registered event is built with canary values (an email, absolute paths, a
token, a URL, text with markers and newlines) in every string slot, passed in
every way code can pass text (plain ``str``, ``safe()``, ``unsafe()``,
``hashed()``, ``redact.format()``), and exported in every mode. A canary may
survive only where the field's declared truth allows it:

- never when passed as a plain ``str`` (the runtime must fail closed);
- in ``keep`` mode (local development, which reveals marked text);
- in an allowlisted field;
- when the text matches the field's ``x-safe-if``;
- passed as ``safe()`` into a field declared ``safe`` (not an enum).

Export runs twice per mode: with a fixed salt, and in the default configuration
(no salt: the installation key, what a ``Recorder(sink)`` uses). A digest is
only as secret as its key: a hashed canary whose export holds the unkeyed
SHA-256 digest of the canary (or of one of its lines) is reported, as hashing
each candidate of a list finds it. The default configuration itself is checked
once: its digest must differ from unkeyed SHA-256, and the key file must be
readable by its owner alone (mode 0600).

The declared truth is the class's ``META``, or the schemas when given: the
class's annotations are checked against it, so a field typed ``SafeStr`` but
declared sensitive is reported even when export happens to redact it, and so
is metadata that differs from the schemas. Problems name a field by its schema
property (the payload and allowlist key), with the Python attribute alongside
when the two differ.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
import json
import os
import re
import stat
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

from .. import redact
from ..errors import UsageError
from ..redact import RedactableStr, SafeStr
from ..redact.hashing import digest, hash_key, key_file
from ..redact.markers import END, START, escape_markers
from .allowlist import Allowlist
from .event import Event
from .export import MODES, Mode
from .metadata import EventMeta, FieldInfo

VERIFY_SALT = b"redactlint-verify"
HASHING = "hashing"
"""The event name of problems with the installation's hashing, not with one event."""


class VerifyError(UsageError):
    """A user error that stops verification: the registry or allowlist is unusable."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a registry can leak or disagrees with its declared truth.

    ``field`` is the schema property name (or, for a class field with no
    declaration, that field's own name); ``attribute`` is the Python attribute,
    given when it is known.
    """

    event: str
    field: str | None
    mode: Mode | None
    message: str
    attribute: str | None = None

    def __str__(self) -> str:
        where = self.event
        if self.field is not None:
            where += f" field {self.field}"
            if self.attribute is not None and self.attribute != self.field:
                where += f" (attribute {self.attribute})"
        if self.mode is not None:
            where += f" mode {self.mode}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Canary:
    """A value that must not leave the customer; ``{tag}`` makes it unique per field."""

    kind: str
    template: str


CANARIES: tuple[Canary, ...] = (
    Canary("email", "{tag}.alice@example.com"),
    Canary("absolute path", "/home/{tag}/private/notes.txt"),
    Canary("windows path", "C:\\Users\\{tag}\\Documents\\plan.docx"),
    Canary("token", "ghp_{tag}R2d2C3poBb8Ee1Ff0Aa9Zz"),
    Canary("url", "https://{tag}.example.com/reset?token=s3cr3t&user=alice"),
    Canary("markers", "{tag} \u2039inner\u203a \u2020hash\u203a \u2039"),
    Canary("newlines", "{tag} line one\n{tag} line two\r\nend"),
)

PLAIN = "plain str"
SAFE = "safe()"
Form = tuple[str, Callable[[str], object]]
FORMS: tuple[Form, ...] = (
    (PLAIN, str),
    (SAFE, redact.safe),
    ("unsafe()", redact.unsafe),
    ("hashed()", redact.hashed),
    ("format()", lambda text: redact.format("prefix {} suffix", text)),
)
_FILLERS: dict[str, object] = {"integer": 7, "number": 2.5, "boolean": True}


def load_registry(target: str, search_paths: Sequence[str] = ()) -> Mapping[str, type[Event]]:
    """The ``REGISTRY`` of a module given by dotted name or by ``.py`` file path."""
    for entry in reversed(search_paths):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    try:
        module = _import(target)
    except VerifyError:
        raise
    except (Exception, SystemExit) as exc:
        raise VerifyError(f"cannot import registry {target}: {type(exc).__name__}: {exc}") from None
    registry = getattr(module, "REGISTRY", None)
    if not isinstance(registry, Mapping):
        raise VerifyError(f"registry {target} has no REGISTRY mapping of event names to classes")
    return registry


def _import(target: str) -> types.ModuleType:
    path = Path(target)
    if target.endswith(".py") or path.is_file():
        if not path.is_file():
            raise VerifyError(f"registry file {target} does not exist")
        name = "_redactlint_registry_" + re.sub(r"\W", "_", path.stem)
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise VerifyError(f"cannot load registry file {target}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    return importlib.import_module(target)


def verify_registry(
    registry: Mapping[str, type[Event]],
    allowlist: Allowlist | None = None,
    expected: Mapping[str, EventMeta] | None = None,
) -> list[Problem]:
    """Every problem found in ``registry``; ``expected`` is the schemas' truth, if known."""
    problems = check_default_hashing()
    salts: tuple[bytes | None, ...] = (VERIFY_SALT,) if problems else (VERIFY_SALT, None)
    if expected is not None:
        for name in sorted(set(expected) - set(registry)):
            problems.append(Problem(name, None, None, "defined by the schemas, missing here"))
    for name in sorted(registry):
        cls = registry[name]
        truth = expected.get(name) if expected is not None else None
        if expected is not None and truth is None:
            problems.append(Problem(name, None, None, "registered but not defined by the schemas"))
        problems.extend(_check_event(name, cls, truth, allowlist, salts))
    return problems


def check_default_hashing() -> list[Problem]:
    """Problems with the digests a recorder makes when given no salt.

    An unkeyed digest is reversed by hashing a list of candidates; a key file
    others can read lets them do the same with the key.
    """
    try:
        hash_key(None)
        location = key_file()
    except (OSError, ValueError) as exc:
        return [Problem(HASHING, None, None, f"the installation hash key is unusable: {exc}")]
    problems = []
    canary = CANARIES[0].template.format(tag="cnryhashq")
    if redact.hashed(canary).redact(hash=True) == START + digest(canary, None) + END:
        message = (
            "the default digest is unkeyed SHA-256: a list of candidate values reverses it"
        )
        problems.append(Problem(HASHING, None, None, message))
    if location is not None and os.name == "posix":
        try:
            mode = stat.S_IMODE(location.stat().st_mode)
        except OSError as exc:
            return [*problems, Problem(HASHING, None, None, f"cannot read hash key file: {exc}")]
        if mode & 0o077:
            message = (
                f"hash key file {location} has mode {mode:04o}: others can read the key "
                "and reverse digests; make it 0600"
            )
            problems.append(Problem(HASHING, None, None, message))
    return problems


def _check_event(
    name: str,
    cls: type[Event],
    truth: EventMeta | None,
    allowlist: Allowlist | None,
    salts: tuple[bytes | None, ...] = (VERIFY_SALT, None),
) -> list[Problem]:
    if not isinstance(cls, type) or not issubclass(cls, Event):
        return [Problem(name, None, None, "is registered with something that is not an Event")]
    meta = getattr(cls, "META", None)
    if not isinstance(meta, EventMeta):
        return [Problem(name, None, None, f"class {cls.__name__} has no EventMeta in META")]
    if not dataclasses.is_dataclass(cls):
        return [Problem(name, None, None, f"class {cls.__name__} is not a dataclass")]
    problems = []
    if meta.name != name:
        problems.append(Problem(name, None, None, f"META names the event {meta.name!r}"))
    if truth is not None:
        problems.extend(_compare_meta(name, meta, truth))
    declared = truth if truth is not None else meta
    fields = {field.name: field for field in dataclasses.fields(typing.cast(Any, cls))}
    mismatched = _check_field_names(name, fields, declared)
    problems.extend(mismatched)
    problems.extend(_check_annotations(name, cls, fields, declared))
    if not mismatched:
        problems.extend(_check_canaries(name, cls, declared, allowlist, salts))
    return problems


def _compare_meta(name: str, meta: EventMeta, truth: EventMeta) -> list[Problem]:
    problems = []
    if meta.version != truth.version:
        problems.append(
            Problem(name, None, None, f"version {meta.version}, the schema says {truth.version}")
        )
    if meta.expires != truth.expires:
        problems.append(
            Problem(name, None, None, f"expires {meta.expires}, the schema says {truth.expires}")
        )
    for info in truth.fields:
        mine = meta.get_field(info.name)
        if mine is None:
            problems.append(Problem(name, info.name, None, "missing from META"))
            continue
        if mine.attribute != info.attribute:
            message = (
                f"META holds it in attribute {mine.attribute!r}, "
                f"the schema gives {info.attribute!r}"
            )
            problems.append(Problem(name, info.name, None, message))
        for aspect in ("kind", "sensitivity", "safe_if", "enum", "item_kind", "required"):
            have, want = getattr(mine, aspect), getattr(info, aspect)
            if have != want:
                message = f"META declares {aspect} {have!r}, the schema says {want!r}"
                problems.append(Problem(name, info.name, None, message, info.attribute))
    for info in meta.fields:
        if truth.get_field(info.name) is None:
            problems.append(
                Problem(name, info.name, None, "in META but not in the schema", info.attribute)
            )
    return problems


def _check_field_names(
    name: str, fields: Mapping[str, dataclasses.Field[Any]], declared: EventMeta
) -> list[Problem]:
    """Class fields and declared attributes must be the same set, or the event cannot be built."""
    declared_attributes = {info.attribute for info in declared.fields}
    problems = []
    for attribute in sorted(set(fields) - declared_attributes):
        problems.append(
            Problem(name, attribute, None, "is a class field with no declaration", attribute)
        )
    for info in declared.fields:
        if info.attribute not in fields:
            problems.append(
                Problem(name, info.name, None, "is declared but not a class field", info.attribute)
            )
    return problems


def _check_annotations(
    name: str, cls: type[Event], fields: Mapping[str, dataclasses.Field[Any]], declared: EventMeta
) -> list[Problem]:
    """Each field's type and default must be what its declaration calls for."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception as exc:
        return [Problem(name, None, None, f"annotations do not resolve: {exc}")]
    problems = []
    for info in declared.fields:
        field = fields.get(info.attribute)
        if field is None:
            continue
        hint = hints.get(info.attribute)
        expected = _expected_annotation(info)
        if not info.required:
            expected = Union[expected, None]  # noqa: UP007  (built at runtime)
        if hint != expected:
            message = f"annotated {_show(hint)}, but its declaration calls for {_show(expected)}"
            problems.append(Problem(name, info.name, None, message, info.attribute))
        has_default = (
            field.default is not dataclasses.MISSING
            or field.default_factory is not dataclasses.MISSING
        )
        if has_default == info.required:
            state = "has a default" if has_default else "has no default"
            kind = "required" if info.required else "optional"
            message = f"{state} but is declared {kind}"
            problems.append(Problem(name, info.name, None, message, info.attribute))
    return problems


def _expected_annotation(info: FieldInfo) -> Any:
    def scalar(kind: str) -> Any:
        if kind == "string":
            if info.is_literal_enum:
                assert info.enum is not None
                return Literal[info.enum]
            return SafeStr if info.sensitivity == "safe" else RedactableStr
        return {"integer": int, "number": float, "boolean": bool}[kind]

    if info.kind == "array":
        return types.GenericAlias(tuple, (scalar(info.item_kind or "string"), ...))
    return scalar(info.kind)


def _show(annotation: object) -> str:
    text = annotation.__name__ if isinstance(annotation, type) else str(annotation)
    return text.replace("redactlint.redact.strings.", "").replace("typing.", "")


def _check_canaries(
    name: str,
    cls: type[Event],
    declared: EventMeta,
    allowlist: Allowlist | None,
    salts: tuple[bytes | None, ...],
) -> list[Problem]:
    """Export with canaries in every way and mode, with each salt (None: the default)."""
    survivors: dict[tuple[FieldInfo, Mode], list[str]] = {}
    unkeyed: dict[tuple[FieldInfo, Mode], list[str]] = {}
    failures: dict[Mode, Problem] = {}
    for form, build in FORMS:
        for canary in CANARIES:
            values, planted = _plant(declared, build, canary)
            try:
                event = cls(**values)
            except Exception as exc:
                message = f"cannot be built with canary values: {type(exc).__name__}: {exc}"
                return [Problem(name, None, None, message)]
            for mode in MODES:
                for salt in salts:
                    try:
                        payload = event.to_payload(mode, allowlist, salt=salt)
                        exported = json.dumps(payload, ensure_ascii=False, default=repr)
                    except Exception as exc:
                        message = f"export failed: {type(exc).__name__}: {exc}"
                        failures.setdefault(mode, Problem(name, None, mode, message))
                        continue
                    for tag, (info, value) in planted.items():
                        if _may_survive(declared, info, form, mode, value, allowlist):
                            continue
                        if tag in exported:
                            _note(survivors, info, mode, form)
                        text = canary.template.format(tag=tag)
                        if any(found in exported for found in _unkeyed_digests(text)):
                            _note(unkeyed, info, mode, form)
    problems = list(failures.values())
    for found, message in (
        (survivors, "a canary survived export when passed as {}"),
        (unkeyed, "the unkeyed SHA-256 digest of a canary left export when passed as {}: "
         "a list of candidates reverses it"),
    ):
        for (info, mode), forms in sorted(found.items(), key=lambda i: (i[0][0].name, i[0][1])):
            text = message.format(", ".join(forms))
            problems.append(Problem(name, info.name, mode, text, info.attribute))
    return problems


def _note(
    found: dict[tuple[FieldInfo, Mode], list[str]], info: FieldInfo, mode: Mode, form: str
) -> None:
    forms = found.setdefault((info, mode), [])
    if form not in forms:
        forms.append(form)


@functools.lru_cache(maxsize=1024)
def _unkeyed_digests(text: str) -> frozenset[str]:
    """The hash spans an unkeyed export would write for ``text``: whole, and line by line.

    An attacker who can list candidates (this canary among them) computes these.
    """
    pieces = {text, *text.splitlines()}
    return frozenset(
        START + digest(escape_markers(piece), None) + END for piece in pieces if piece
    )


def _plant(
    declared: EventMeta, build: Callable[[str], object], canary: Canary
) -> tuple[dict[str, object], dict[str, tuple[FieldInfo, object]]]:
    """Constructor arguments (by attribute) with a tagged canary in every text slot.

    Also returns where each canary went, by tag.
    """
    values: dict[str, object] = {}
    planted: dict[str, tuple[FieldInfo, object]] = {}
    for index, info in enumerate(declared.fields):
        if info.is_text:
            tag = f"cnry{index:02d}q"
            value = build(canary.template.format(tag=tag))
            planted[tag] = (info, value)
        elif info.is_integer and info.is_sensitive:
            # A personal id: a number no other field holds, so it is found if it leaves.
            value = 918_273_600 + index
            planted[str(value)] = (info, value)
        else:
            value = _FILLERS.get(info.item_kind or info.kind, 0)
        values[info.attribute] = (value,) if info.kind == "array" else value
    return values, planted


def _may_survive(
    declared: EventMeta,
    info: FieldInfo,
    form: str,
    mode: Mode,
    value: object,
    allowlist: Allowlist | None,
) -> bool:
    allowed = (
        allowlist is not None
        and allowlist.allows(declared.name, info.name, declared.version)
        and info.sensitivity != "hashed"  # an allowlisted hashed field is still its digest
    )
    if isinstance(value, int):  # a sensitive or hashed integer id
        return mode == "keep" or allowed
    if form == PLAIN:
        return False
    if mode == "keep" or allowed:
        return True
    text = value.strip_markers() if isinstance(value, RedactableStr) else str(value)
    if info.safe_if is not None and re.fullmatch(info.safe_if, text):
        return True
    return form == SAFE and info.sensitivity == "safe" and not info.is_literal_enum
