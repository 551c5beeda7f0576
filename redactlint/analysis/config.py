"""``[tool.redactlint]``: where the schemas, registry and sinks are, and what to check.

The nearest ``pyproject.toml`` (walking up from the checked paths) holds the
configuration; command-line flags override it. Unknown keys and bad values are a
``UsageError`` naming the file and key, never a traceback.
"""

from __future__ import annotations

import ast
import string
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class Parameter:
    """Where a sink takes a value: by keyword ``name``, at 0-based ``position``, or both."""

    name: str | None = None
    position: int | None = None
    # Declared keyword-only (``def send(*, user_agent)``): it never has a position.
    keyword_only: bool = False

    def __str__(self) -> str:
        parts = [f"keyword {self.name}"] if self.name is not None else []
        if self.position is not None:
            parts.append(f"position {self.position}")
        return " or ".join(parts)


def as_parameter(value: str | int | Parameter | None) -> Parameter | None:
    """A parameter given as a name, a position or both."""
    if value is None or isinstance(value, Parameter):
        return value
    if isinstance(value, int):
        return Parameter(position=value)
    return Parameter(name=value)


@dataclass(frozen=True)
class SinkSpec:
    """An event-logging callable declared in configuration.

    ``call`` is the qualified name as imported (``analytics.track``,
    ``posthog.Posthog.capture`` for a method of instances), or ``*.emit`` for a
    method of that name on any object, when the object cannot be resolved.

    ``event`` and ``properties`` name the parameter (keyword), give its 0-based
    position, or both (a name, a position or a ``Parameter``); ``None`` means the
    call has no such argument.
    """

    call: str
    event: Parameter | None = None
    properties: Parameter | None = None
    decorator: bool = False  # also used bare, as ``@sink``; ``@sink(...)`` is a call
    # The functions it decorates return what it sends (``@send_telemetry`` over a function
    # returning ``(event, properties)``): a returned tuple is read as the call's arguments
    # by position, any other value as its first.
    returns: bool = False
    # The object the call makes (a context manager) sends this attribute of its own as the
    # properties when it is done (``with track_handler(event=...) as h: h.metadata =
    # {...}``): what the ``with`` body stores there is checked as passed to the call.
    collects: str | None = None
    # ``call`` is a class whose objects are sent whole, with every attribute stored on
    # them (a usage message filled over a command and posted when it ends): what any
    # code stores in a public attribute of one (``message.cmd = ...``) is checked there.
    fields: bool = False
    # The sink redacts what it is given by itself (its code records registry events or
    # redacts at its own boundary, out of the checker's view): marked values may go in.
    redacts: bool = False
    # An expression giving, at a call, the JSON Schema the sink validates its properties
    # against (``$receiver``: the object whose method is called; ``$event``: the event
    # argument): ``fix`` passes it to ``redacted(..., schema=...)`` for a payload it
    # cannot see into, so the schema's own words pass and the vendor still validates.
    schema: str | None = None

    def __init__(
        self,
        call: str,
        event: str | int | Parameter | None = None,
        properties: str | int | Parameter | None = None,
        decorator: bool = False,
        redacts: bool = False,
        schema: str | None = None,
        returns: bool = False,
        collects: str | None = None,
        fields: bool = False,
    ) -> None:
        object.__setattr__(self, "call", call)
        object.__setattr__(self, "event", as_parameter(event))
        object.__setattr__(self, "properties", as_parameter(properties))
        object.__setattr__(self, "decorator", decorator)
        object.__setattr__(self, "returns", returns)
        object.__setattr__(self, "collects", collects)
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "redacts", redacts)
        object.__setattr__(self, "schema", schema)


@dataclass(frozen=True)
class Config:
    """The resolved configuration of one run."""

    root: Path  # the directory of pyproject.toml (or the working directory)
    source: Path | None = None  # the pyproject.toml it came from
    schemas: Path | None = None
    registry_path: Path | None = None  # the generated registry module (key ``registry``)
    safe_types_allowlist: Path | None = None
    exclude: tuple[str, ...] = ()
    sinks: tuple[SinkSpec, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Qualified names of enum base classes the checker cannot read (third-party).
    enum_bases: tuple[str, ...] = ()
    # Modules of a library's public API: their functions get no call-site kinds.
    public_api: tuple[str, ...] = ()
    # The virtual environment (or site-packages) third-party modules are read from.
    environment: Path | None = None
    # The product's log handlers redact (``RedactingFilter``): the standard library's
    # logging calls are sinks behind that boundary.
    logging: bool = False
    # The x-event keys ``schema lint`` requires of every event (RS009), e.g. purpose.
    require_event_keys: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with command-line values replacing configured ones (``None`` keeps)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_PATH_KEYS = {"schemas", "registry", "safe-types-allowlist", "environment"}
# A key whose ``Config`` field has another name: ``registry`` is the module's path, kept
# apart by name from the ``Registry`` built from it.
_PATH_FIELDS = {"registry": "registry_path"}
_LIST_KEYS = {"exclude", "select", "ignore", "enum-bases", "public-api", "require-event-keys"}
_BOOL_KEYS = {"logging"}
_KNOWN_KEYS = _PATH_KEYS | _LIST_KEYS | _BOOL_KEYS | {"sinks", "per-file-ignores"}
_SINK_KEYS = {
    "call", "event", "properties", "decorator", "returns", "collects", "fields", "redacts",
    "schema",
}
SCHEMA_PLACES = ("receiver", "event")  # what a sink's ``schema`` expression may name


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.redactlint]`` table, walking up."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            try:
                raw = path.read_bytes()
            except OSError:
                continue
            try:
                data = tomllib.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                # Broken, but meant for us: reading it again reports why.
                if b"redactlint" in raw:
                    return path
                continue
            tool = data.get("tool")
            if isinstance(tool, Mapping) and "redactlint" in tool:
                return path
    return None


def load_config(
    paths: Sequence[Path], config_file: Path | None = None, *, required: bool = True
) -> Config:
    """Load the configuration for checking ``paths``.

    Without ``config_file``, the nearest ``[tool.redactlint]`` is searched upward from
    each path, then from the working directory. None found is a ``UsageError`` naming
    where it looked: a run without the configuration checks nothing and would pass.
    ``required=False`` (commands whose options can stand in for it) gives an empty
    configuration rooted at the working directory instead.
    """
    if config_file is not None:
        return parse_config_file(config_file)
    searched: list[Path] = []
    for start in [*paths, Path.cwd()]:
        directory = start.resolve()
        directory = directory if directory.is_dir() else directory.parent
        if directory in searched:
            continue
        searched.append(directory)
        found = find_pyproject(directory)
        if found is not None:
            return parse_config_file(found)
    if not required:
        return Config(root=Path.cwd().resolve())
    raise UsageError(
        "no pyproject.toml with a [tool.redactlint] table found, searched upward from "
        + " and from ".join(str(directory) for directory in searched)
        + ": add the table to the project's pyproject.toml or pass --config FILE"
    )


def parse_config_file(path: Path) -> Config:
    """Read and validate ``[tool.redactlint]`` from ``path``."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise UsageError(f"cannot read configuration: {error.strerror}", path) from None
    except UnicodeDecodeError as error:
        raise UsageError(f"invalid TOML: not UTF-8 (byte {error.start})", path) from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"invalid TOML: {error}", path) from None
    tool = data.get("tool", {})
    if not isinstance(tool, Mapping):
        raise UsageError("'tool' must be a table ([tool.redactlint])", path)
    return parse_table(tool.get("redactlint", {}), path)


def parse_table(table: Mapping[str, Any], path: Path) -> Config:
    """Validate a ``[tool.redactlint]`` table read from ``path``."""
    root = path.resolve().parent
    where = f"{path} [tool.redactlint]"
    if not isinstance(table, Mapping):
        raise UsageError("[tool.redactlint] must be a table", path)
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise UsageError(
            f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KNOWN_KEYS))})", where
        )
    values: dict[str, Any] = {}
    for key in _PATH_KEYS & set(table):
        value = table[key]
        if not isinstance(value, str) or not value:
            raise UsageError(f"{key!r} must be a non-empty path string", where)
        values[_PATH_FIELDS.get(key, key.replace("-", "_"))] = root / value
    for key in _LIST_KEYS & set(table):
        values[key.replace("-", "_")] = _string_list(table[key], key, where)
    for key in _BOOL_KEYS & set(table):
        if not isinstance(table[key], bool):
            raise UsageError(f"{key!r} must be true or false, not {table[key]!r}", where)
        values[key] = table[key]
    for key in ("enum_bases", "public_api"):
        for name in values.get(key, ()):
            if not _is_dotted_name(name):
                raise UsageError(f"{key.replace('_', '-')!r}: {name!r} is not a dotted name", where)
    for key in ("select", "ignore"):
        if key in values:
            check_codes(values[key], repr(key), where)
    _check_event_keys(values.get("require_event_keys", ()), where)
    sinks = table.get("sinks", [])
    if not isinstance(sinks, list):
        raise UsageError("'sinks' must be an array of tables ([[tool.redactlint.sinks]])", where)
    values["sinks"] = tuple(_sink(entry, index, where) for index, entry in enumerate(sinks))
    ignores = table.get("per-file-ignores", {})
    if not isinstance(ignores, Mapping):
        raise UsageError("'per-file-ignores' must be a table of glob = [codes]", where)
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for pattern, codes in ignores.items():
        key = f"per-file-ignores.{pattern!r}"
        listed = _string_list(codes, key, where)
        check_codes(listed, key, where)
        per_file.append((pattern, listed))
    values["per_file_ignores"] = tuple(per_file)
    return Config(root=root, source=path, extra=dict(table), **values)


def _string_list(value: object, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list):
        raise UsageError(f"{key!r} must be an array of strings", where)
    for item in value:
        if not isinstance(item, str):
            raise UsageError(f"{key!r} must be an array of strings, found {item!r}", where)
    return tuple(value)


def check_codes(codes: Sequence[str], key: str, where: str | Path | None = None) -> None:
    """Every code must be a rule's code or a prefix of one: a code that matches no rule
    would silently select nothing (``--select RL01``) or ignore nothing."""
    from .rules import CHECKER_RULES

    known = [rule.code for rule in CHECKER_RULES]
    for code in codes:
        if not any(rule.startswith(code) for rule in known):
            raise UsageError(
                f"{key}: {code!r} matches no rule (codes: {known[0]} to {known[-1]}, "
                "or a prefix such as RL0 or RL10; `redactlint explain` lists them)",
                where,
            )


def _check_event_keys(keys: Sequence[str], where: str) -> None:
    """Only optional ``x-event`` keys can be required: a misspelt one would make
    ``schema lint`` demand a key no schema can give."""
    if not keys:
        return  # without loading the schema lint, which a check does not need
    from ..schema.lint_rules.governance import REQUIRABLE_KEYS

    for key in keys:
        if key not in REQUIRABLE_KEYS:
            raise UsageError(
                f"'require-event-keys': {key!r} is not an x-event key that can be required "
                f"(known: {', '.join(REQUIRABLE_KEYS)})",
                where,
            )


def _sink(entry: object, index: int, where: str) -> SinkSpec:
    location = f"{where} sinks[{index}]"
    if not isinstance(entry, Mapping):
        raise UsageError("each sink must be a table", location)
    unknown = sorted(set(entry) - _SINK_KEYS)
    if unknown:
        raise UsageError(
            f"unknown key {unknown[0]!r} (known: call, event, properties, decorator, "
            "returns, collects, fields, redacts, schema)",
            location,
        )
    call = entry.get("call")
    if not isinstance(call, str) or not (
        _is_dotted_name(call) or (call.startswith("*.") and call[2:].isidentifier())
    ):
        raise UsageError(
            "'call' must be a dotted name such as 'analytics.track', a bare name for a "
            "callable handed in as a parameter, or '*.method' for any object's method",
            location,
        )
    flags: dict[str, bool] = {}
    for key in ("decorator", "returns", "fields", "redacts"):
        flag = entry.get(key, False)
        if not isinstance(flag, bool):
            raise UsageError(f"{key!r} must be true or false, not {flag!r}", location)
        flags[key] = flag
    if flags["returns"] and not flags["decorator"]:
        raise UsageError(
            "'returns = true' says the functions the sink decorates return what it sends: "
            "it needs 'decorator = true'",
            location,
        )
    collects = entry.get("collects")
    if collects is not None and not (isinstance(collects, str) and collects.isidentifier()):
        raise UsageError(
            f"'collects' must name the attribute the object sends, such as 'metadata', "
            f"not {collects!r}",
            location,
        )
    if flags["fields"]:
        # A class whose objects are sent: no call of it passes what is sent.
        clashing = [key for key in ("event", "properties", "collects", "schema") if key in entry]
        clashing += [key for key in ("decorator", "returns") if flags[key]]
        if clashing or "." not in call or call.startswith("*."):
            raise UsageError(
                "'fields = true' declares a class whose objects are sent with the "
                "attributes stored on them: 'call' must be its dotted name, without "
                + (f"{clashing[0]!r}" if clashing else "'*.'"),
                location,
            )
    parameters: dict[str, Parameter | None] = {}
    for key in ("event", "properties"):
        parameters[key] = _parameter(entry.get(key), key, location)
    schema = _schema_expression(entry.get("schema"), parameters, location)
    return SinkSpec(
        call, parameters["event"], parameters["properties"], flags["decorator"], flags["redacts"],
        schema, flags["returns"], collects, flags["fields"],
    )


def _schema_expression(
    value: object, parameters: Mapping[str, Parameter | None], location: str
) -> str | None:
    """A sink's ``schema``: a Python expression, ``$receiver`` and ``$event`` in it."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageError(f"'schema' must be a Python expression in a string, not {value!r}",
                         location)
    if parameters["properties"] is None:
        raise UsageError("'schema' describes the properties: name them with 'properties'",
                         location)
    try:
        filled = string.Template(value).substitute({place: place for place in SCHEMA_PLACES})
    except (KeyError, ValueError) as error:
        raise UsageError(
            f"'schema' may name only $receiver and $event, not {error}", location
        ) from None
    if "$event" in value and parameters["event"] is None:
        raise UsageError("'schema' names $event, but the sink has no 'event'", location)
    try:
        ast.parse(filled, mode="eval")
    except SyntaxError as error:
        raise UsageError(f"'schema' is not a Python expression: {error.msg}", location) from None
    return value


def _parameter(value: object, key: str, location: str) -> Parameter | None:
    """``"name"``, ``0``, ``{ name = "name", position = 0 }`` or ``{ name = "name",
    keyword_only = true }``."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"name", "position", "keyword_only"})
        if unknown or not value.keys() & {"name", "position"}:
            raise UsageError(
                f"{key!r} takes 'name' and 'position', or 'name' and 'keyword_only' (found "
                f"{', '.join(unknown) or 'neither'})",
                location,
            )
        name, position = value.get("name"), value.get("position")
        keyword_only = value.get("keyword_only", False)
        if keyword_only is not False and (
            keyword_only is not True or name is None or position is not None
        ):
            raise UsageError(
                f"{key!r}: keyword_only = true says the parameter is passed by name only: it "
                "takes a name and no position",
                location,
            )
        if (name is None or _is_name(name)) and (position is None or _is_position(position)):
            return Parameter(name, position, keyword_only)
    elif _is_name(value):
        return Parameter(name=value)  # type: ignore[arg-type]
    elif _is_position(value):
        return Parameter(position=value)  # type: ignore[arg-type]
    raise UsageError(
        f"{key!r} must be a parameter name, a 0-based position or {{ name = ..., position = ... }}"
        f", not {value!r}",
        location,
    )


def _is_name(value: object) -> bool:
    return isinstance(value, str) and value.isidentifier()


def _is_position(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_dotted_name(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))
