"""What ``init`` writes: ``[tool.redactlint]`` appended to ``pyproject.toml``, a
``schemas/`` folder, and ``.pre-commit-config.yaml``.

Nothing a user wrote is rewritten. ``pyproject.toml`` is only appended to (its bytes
before the new table stay as they were, its line endings are followed), and a file that
already has ``[tool.redactlint]`` is refused, so a second ``init`` adds nothing twice.
An existing pre-commit configuration is left alone: its YAML may hold comments,
anchors and layouts a rewrite would lose, so the hooks to add are shown instead. Every
file is written atomically, the configuration last, after it was read back and
validated as the checker will read it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..analysis.config import Parameter, parse_table
from ..analysis.engine import display_path
from ..atomic import atomic_write
from ..errors import UsageError
from .discover import Discovery, Proposal
from .scan import Site

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

EXAMPLES = 3  # call sites shown per proposal
PYPROJECT = "pyproject.toml"
PRECOMMIT = ".pre-commit-config.yaml"
SCHEMAS = "schemas"
SCHEMAS_ELSEWHERE = "event-schemas"  # when ``schemas/`` holds files of another kind

# The hooks as a local repository: they run the redactlint installed where pre-commit
# runs (language: system), which needs no published release to pin a rev to.
_HOOKS = """\
  - repo: local
    hooks:
      - id: redactlint
        name: redactlint check
        entry: redactlint check
        language: system
        types_or: [python, json, toml]
        require_serial: true
      - id: redactlint-schema
        name: redactlint schema lint
        entry: redactlint schema lint
        language: system
        types: [json]
        pass_filenames: false
        require_serial: true
"""

_PRECOMMIT_CONFIG = """\
# pre-commit hooks (https://pre-commit.com), written by `redactlint init`. They run the
# redactlint installed in the environment you commit from: `pre-commit install` once.
# After `redactlint generate`, add `entry: redactlint generate --check` as a third hook
# to fail on a registry that is stale against the schemas.
repos:
{hooks}"""

SCHEMAS_README = """\
# Event schemas

One JSON Schema (draft 2020-12) file per event, named `<feature>.<action>.json`
(`search.submitted.json`). Its `x-event` says who owns the event and why it exists;
every string property declares `x-sensitivity`: `safe` (reviewed, non-sensitive),
`sensitive` (only ever sent redacted) or `hashed`.

```json
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "search.submitted",
  "type": "object",
  "x-event": {"feature": "search", "action": "submitted", "version": 1,
              "owner": "search-team", "description": "A user ran a search."},
  "properties": {
    "query": {"type": "string", "x-sensitivity": "sensitive"},
    "result_count": {"type": "integer"}
  },
  "required": ["query"],
  "additionalProperties": false
}
```

`redactlint schema lint` checks them, `redactlint schema infer` drafts them from the
project's existing calls, and `redactlint generate` turns them into typed event classes.
"""


@dataclass(frozen=True)
class Change:
    """One file ``init`` writes, or a snippet it shows because it must not write it."""

    path: Path
    action: str  # "create", "append", or "show" (a snippet for the user to add)
    text: str
    note: str = ""
    shown: bool = True  # printed by a dry run (a README is named, not printed)
    original: bytes = b""  # what an appended file held when the change was planned


def plan(found: Discovery, accepted: Sequence[Proposal], logging: bool) -> list[Change]:
    """The changes that set up the project ``found`` describes with the ``accepted``
    sinks (and ``logging = true`` when ``logging``); a ``UsageError`` when the project is
    already configured."""
    root = found.root
    pyproject = root / PYPROJECT
    original = _read_pyproject(pyproject)
    existing = original.decode("utf-8")
    changes: list[Change] = []
    schemas = schema_directory(root)
    if not (root / schemas).exists():
        changes.append(Change(
            root / schemas / "README.md", "create", SCHEMAS_README,
            "what an event schema holds, with an example", shown=False,
        ))
    hooks = _HOOKS
    precommit = root / PRECOMMIT
    if not precommit.exists():
        changes.append(Change(precommit, "create", _PRECOMMIT_CONFIG.format(hooks=hooks)))
    elif "redactlint" not in precommit.read_text(encoding="utf-8", errors="replace"):
        changes.append(Change(
            precommit, "show", hooks,
            "exists and is left as it is: add these hooks under its `repos:`",
        ))
    newline = "\r\n" if "\r\n" in existing else "\n"
    table = render_table(found, accepted, logging, schemas)
    separator = "" if not existing else ("\n" if existing.endswith("\n") else "\n\n")
    addition = (separator + table).replace("\n", newline)
    _validate(existing + addition, pyproject)
    changes.append(Change(pyproject, "append" if pyproject.exists() else "create", addition,
                          original=original))
    return changes


def apply(changes: Sequence[Change]) -> None:
    """Write the changes, each file atomically, in order (the configuration last). A file
    that appeared or changed since the plan was made (edited while init asked its
    questions) is not written over: a ``UsageError`` says so."""
    for change in changes:
        if change.action == "show":
            continue
        data = change.text.encode("utf-8")
        if change.action == "append":
            if change.path.read_bytes() != change.original:
                raise UsageError("changed while init ran: nothing was appended, run it again",
                                 display_path(change.path))
            data = change.original + data
        elif change.path.exists():
            raise UsageError("appeared while init ran: left as it is, run init again",
                             display_path(change.path))
        change.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(change.path, data)


def schema_directory(root: Path) -> str:
    """``schemas``, unless the project keeps JSON files there that are not event schemas
    (the checker loads every one of them and would stop at the first)."""
    from ..schema.loader import load_schema_dir
    from ..schema.problems import SchemaError

    directory = root / SCHEMAS
    if not directory.is_dir() or not any(directory.glob("*.json")):
        return SCHEMAS
    try:
        load_schema_dir(directory)
    except (SchemaError, OSError, ValueError):
        return SCHEMAS_ELSEWHERE
    return SCHEMAS


def ensure_unconfigured(root: Path) -> None:
    """A ``UsageError`` naming the line when ``root`` already configures redactlint (or
    its ``pyproject.toml`` cannot be read), before anything is asked or written."""
    _read_pyproject(root / PYPROJECT)


def _read_pyproject(path: Path) -> bytes:
    """The bytes of ``pyproject.toml`` (none when absent); refused when it is not valid
    TOML or already configures redactlint."""
    if not path.exists():
        return b""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError as error:
        raise UsageError(f"not UTF-8 (byte {error.start}); fix it first",
                         display_path(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"invalid TOML: {error}; fix it first", display_path(path)) from None
    tool = table.get("tool")
    if isinstance(tool, dict) and "redactlint" in tool:
        match = re.search(r"^[ \t]*\[\[?[ \t]*tool[ \t]*\.[ \t]*redactlint\b"
                          r"|^[ \t]*tool\.redactlint\b|^[ \t]*redactlint[ \t]*[.=]",
                          text, re.MULTILINE)
        line = text.count("\n", 0, match.start()) + 1 if match else 1
        raise UsageError(
            "[tool.redactlint] is already configured here; init only starts a new "
            "configuration and never merges into one: edit it (`redactlint sinks` shows "
            "what its sinks match)",
            f"{display_path(path)}:{line}",
        )
    return data


def _validate(text: str, path: Path) -> None:
    """Read the result back as the checker will, so a bad table is never written."""
    try:
        table = tomllib.loads(text)["tool"]["redactlint"]
    except tomllib.TOMLDecodeError as error:
        # ``tool = { black = {...} }``: an inline table cannot take a [tool.redactlint].
        raise UsageError(
            f"[tool.redactlint] cannot be appended here, the file would not be valid TOML "
            f"({error}): add the table by hand (`redactlint init --dry-run` prints it)",
            display_path(path),
        ) from None
    parse_table(table, path)


def render_table(found: Discovery, accepted: Sequence[Proposal], logging: bool,
                 schemas: str = SCHEMAS) -> str:
    """``[tool.redactlint]`` with one ``[[tool.redactlint.sinks]]`` per accepted proposal,
    each under a comment saying what was found and where."""
    lines = ["[tool.redactlint]", f'schemas = "{schemas}"']
    if found.environments:
        patterns = ", ".join(json.dumps(f"{directory}/**") for directory in found.environments)
        lines.append(f"exclude = [{patterns}]  # virtual environments")
    if logging:
        lines.append("logging = true")
    elif found.logging:
        lines.append(f"# logging = true  # {len(found.logging)} logging calls: turn on once "
                     "every log handler has redact's RedactingFilter")
    for proposal in accepted:
        lines += ["", f"# {proposal.origin}: {describe_sites(proposal.sites)}",
                  "[[tool.redactlint.sinks]]", f'call = "{proposal.call}"']
        for key, parameter in (("event", proposal.event), ("properties", proposal.properties)):
            if parameter is not None:
                lines.append(f"{key} = {toml_parameter(parameter)}")
        if proposal.decorator:
            lines.append("decorator = true")
    return "\n".join(lines) + "\n"


def toml_parameter(parameter: Parameter) -> str:
    """A parameter as the configuration writes it: a name, a position, or both."""
    if parameter.name is not None and parameter.position is not None:
        return f'{{ name = "{parameter.name}", position = {parameter.position} }}'
    if parameter.name is not None:
        return f'"{parameter.name}"'
    return str(parameter.position)


def describe_sites(sites: Sequence[Site]) -> str:
    """``3 calls: a.py:1, b.py:2, c.py:3 (+1 more)``, printable on one line."""
    shown = ", ".join(f"{_printable(path)}:{line}" for path, line in sites[:EXAMPLES])
    more = f" (+{len(sites) - EXAMPLES} more)" if len(sites) > EXAMPLES else ""
    return f"{len(sites)} call{'' if len(sites) == 1 else 's'}: {shown}{more}"


def _printable(text: str) -> str:
    """A path as one printable line: a file name may hold a newline, which would end a
    TOML comment early."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)
