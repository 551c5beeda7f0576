"""How a rewritten file names the runtime, and the imports the rewrite adds and leaves.

A file that already has ``from redactlint.redact import unsafe as u`` gets
``u(...)``; one with ``from redactlint import redact as r`` gets ``r.unsafe(...)``,
and one with ``import redactlint.redact as rr`` gets ``rr.unsafe(...)``. A name is
reused only when nothing else in the file binds it (a parameter, an assignment, a
local import). A file with a ``from redactlint.redact import ...`` line but not the
function it needs gets it added to that line; otherwise ``from redactlint import
redact`` is added once, under another name when ``redact`` already means something
in the file.

Users run ruff (or isort) on the files the codemod rewrites, so an added import goes
where ruff's isort rules with their default settings put it: in the leading import
block, in its section (``redactlint`` is a third-party package to the user's
project; the registry module is usually the project's own), in sorted position, a
section of its own one blank line from its neighbours; a name joins an existing
``from`` import in sorted position. A file without a leading import block gets the
import after its docstring and the comments heading the file. And an import the
rewrite left unused (``SafeStr`` once ``SafeStr(x)`` became ``safe(x)``, the legacy
``track`` once its calls became registry calls) is removed; one that was unused
already is not the rewrite's business and stays.
"""

from __future__ import annotations

import dataclasses
import io
import re
import sys
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

RUNTIME = "redactlint.redact"
# Names that read well bare; ``format``, ``sprintf`` and ``join`` would read (and
# shadow) as the builtins, so they are always spelled ``redact.format``.
_EXTENDABLE = frozenset({"safe", "unsafe", "hashed", "mark", "redacted", "boundary"})
_IDENTIFIER = re.compile(r"\w+")


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a name or attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def _expression(name: str) -> cst.BaseExpression:
    head, *rest = name.split(".")
    expression: cst.BaseExpression = cst.Name(head)
    for part in rest:
        expression = cst.Attribute(value=expression, attr=cst.Name(part))
    return expression


def _is_runtime(module: str | None) -> bool:
    return module is not None and (module == RUNTIME or module.startswith(RUNTIME + "."))


class _Bindings(cst.CSTVisitor):
    """Every name the file binds anywhere, with what each binding means, and every
    name it mentions."""

    def __init__(self) -> None:
        super().__init__()
        # name -> meanings: "redactlint.redact" / "redactlint.redact.unsafe" for
        # runtime imports, "" for anything else.
        self.bound: dict[str, set[str]] = {}
        self.mentioned: set[str] = set()

    def bind(self, name: str, meaning: str = "") -> None:
        self.bound.setdefault(name, set()).add(meaning)

    def bind_target(self, target: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind_target(element.value)
        elif isinstance(target, cst.StarredElement):
            self.bind_target(target.value)

    def visit_Name(self, node: cst.Name) -> None:
        self.mentioned.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # the attribute's own name is not a variable
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # nor is a keyword argument's name
        return False

    def visit_Param(self, node: cst.Param) -> None:
        self.bind(node.name.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.bind(node.name.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.bind(node.name.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.bind_target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.bind_target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.bind_target(node.target)

    def visit_For(self, node: cst.For) -> None:
        self.bind_target(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.bind_target(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.bind_target(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        if not isinstance(node.name, cst.Name):  # `with a as (b, c)`
            self.bind_target(node.name)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            self.bind(node.asname.name.value)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self.bind(node.name.name.value)

    def visit_Del(self, node: cst.Del) -> None:
        self.bind_target(node.target)

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self.bind(node.name.value)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self.bind(node.name.value)

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        if node.rest is not None:
            self.bind(node.rest.value)

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.bind(item.name.value)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self.bind(item.name.value)

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            imported = dotted(alias.name) or ""
            local = _alias_name(alias)
            if local is not None:
                self.bind(local, RUNTIME if imported == RUNTIME else "")
            else:
                top = imported.split(".")[0]
                self.bind(top, "redactlint" if top == "redactlint" else "")
            self.mentioned.add(local or imported.split(".")[0])
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if isinstance(node.names, cst.ImportStar):
            return False  # names it brings in are free to shadow unless the file uses them
        source = dotted(node.module) if node.module is not None and not node.relative else None
        for alias in node.names:
            imported = dotted(alias.name) or ""
            local = _alias_name(alias) or imported
            meaning = ""
            if _is_runtime(source):
                meaning = f"{RUNTIME}.{imported}"
            elif source == "redactlint" and imported == "redact":
                meaning = RUNTIME
            self.bind(local, meaning)
            self.mentioned.add(local)
        return False


@dataclass
class RuntimeNames:
    """The names a module already binds for the runtime, and what it must add."""

    functions: dict[str, str] = field(default_factory=dict)  # "unsafe" -> local name
    module_alias: str | None = None  # expression naming redactlint.redact
    bound: dict[str, set[str]] = field(default_factory=dict)
    mentioned: set[str] = field(default_factory=set)
    # Where a `from redactlint.redact import ...` to add names to is: (statement, part).
    extend: tuple[int, int] | None = None
    imported: set[str] = field(default_factory=set)  # runtime names imported, however bound
    added_functions: list[str] = field(default_factory=list)
    needs_import: bool = False
    # Where added imports go (None: the project around the working directory).
    order: ImportOrder | None = field(default=None, repr=False, compare=False)
    # The module as scanned, to tell the imports a rewrite leaves unused.
    original: cst.Module | None = field(default=None, repr=False, compare=False)

    @classmethod
    def scan(
        cls, module: cst.Module, text: str | None = None, *, order: ImportOrder | None = None
    ) -> RuntimeNames:
        """The runtime names ``module`` (whose source is ``text``) binds.

        A file that never says ``redactlint`` binds none: it is not walked, and
        every identifier in its text counts as taken. ``order`` places the imports
        ``add_import`` adds; by default, as in the project around the working
        directory.
        """
        if text is not None and "redactlint" not in text:
            return cls(mentioned=_identifiers(text), order=order, original=module)
        bindings = _Bindings()
        module.visit(bindings)
        names = cls(
            bound=bindings.bound, mentioned=bindings.mentioned, order=order, original=module
        )
        for index, statement in enumerate(module.body):
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for part, small in enumerate(statement.body):
                if isinstance(small, cst.ImportFrom) and not isinstance(
                    small.names, cst.ImportStar
                ):
                    names._scan_from(small, (index, part))
                elif isinstance(small, cst.Import):
                    names._scan_import(small)
        return names

    def snapshot(self) -> RuntimeNames:
        """The state to go back to when a rewrite that spelled names is abandoned."""
        return dataclasses.replace(
            self,
            functions=dict(self.functions),
            mentioned=set(self.mentioned),
            added_functions=list(self.added_functions),
        )

    def restore(self, snapshot: RuntimeNames) -> None:
        for each in dataclasses.fields(self):
            setattr(self, each.name, getattr(snapshot, each.name))

    def _only(self, name: str, meaning: str) -> bool:
        """``name`` means ``meaning`` wherever the file binds it."""
        return self.bound.get(name) == {meaning}

    def _scan_from(self, node: cst.ImportFrom, where: tuple[int, int]) -> None:
        source = dotted(node.module) if node.module is not None and not node.relative else None
        assert not isinstance(node.names, cst.ImportStar)
        for alias in node.names:
            imported = dotted(alias.name)
            local = _alias_name(alias) or imported
            if local is None or imported is None:
                continue
            if _is_runtime(source):
                self.imported.add(imported)
            if _is_runtime(source) and self._only(local, f"{RUNTIME}.{imported}"):
                self.functions.setdefault(imported, local)
            elif source == "redactlint" and imported == "redact" and self._only(local, RUNTIME):
                self.module_alias = self.module_alias or local
        if source == RUNTIME and self.extend is None:
            self.extend = where

    def _scan_import(self, node: cst.Import) -> None:
        for alias in node.names:
            imported = dotted(alias.name)
            local = _alias_name(alias)
            if imported != RUNTIME or self.module_alias is not None:
                continue
            if local is not None and self._only(local, RUNTIME):
                self.module_alias = local
            elif local is None and self._only("redactlint", "redactlint"):
                self.module_alias = RUNTIME  # `import redactlint.redact`

    def _free(self, name: str) -> bool:
        return name not in self.mentioned and name not in self.bound

    def spell(self, function: str) -> cst.BaseExpression:
        """An expression naming the runtime's ``function`` in this module."""
        local = self.functions.get(function)
        if local is not None:
            return cst.Name(local)
        if (
            (self.module_alias is None or self.needs_import)  # not the file's own style
            and self.extend is not None
            and function in _EXTENDABLE
            and function not in self.imported  # `unsafe as u`, with `u` rebound
            and self._free(function)
        ):
            # `from redactlint.redact import unsafe` grows a `, hashed`.
            self.functions[function] = function
            self.added_functions.append(function)
            self.mentioned.add(function)
            return cst.Name(function)
        if self.module_alias is None:
            alias = "redact"
            number = 1
            while not self._free(alias):
                alias = "redactlint_redact" if number == 1 else f"redactlint_redact_{number}"
                number += 1
            self.module_alias = alias
            self.mentioned.add(alias)
            self.needs_import = True
        return cst.Attribute(value=_expression(self.module_alias), attr=cst.Name(function))

    def add_import(self, module: cst.Module) -> cst.Module:
        """``module`` (the scanned module, rewritten) with the imports that the spelled
        names need, and without those the rewrite left unused."""
        if self.order is None:
            self.order = ImportOrder.around(Path.cwd())
        if self.added_functions:
            added = [(function, None) for function in self.added_functions]
            module = add_from_import(module, RUNTIME, added, self.order)
            self.added_functions = []
        if self.needs_import and self.module_alias is not None:
            alias = None if self.module_alias == "redact" else self.module_alias
            module = add_from_import(module, "redactlint", [("redact", alias)], self.order)
            self.needs_import = False
        if self.original is not None:
            module = remove_unused_imports(self.original, module, self.order)
        return module


# The sections of ruff's isort, in their order.
FUTURE, STANDARD_LIBRARY, THIRD_PARTY, FIRST_PARTY, LOCAL_FOLDER = range(5)
DEFAULT_LINE_LENGTH = 88  # ruff's
_SOURCES = (".py", ".pyi")
_RUFF_CONFIGURATIONS = ((".ruff.toml", ()), ("ruff.toml", ()), ("pyproject.toml", ("tool", "ruff")))


@dataclass
class ImportOrder:
    """Where ruff's isort rules, with their default settings, put an import in one
    project: its section, and the line length past which a ``from`` import is wrapped.

    A module is the project's own (first-party) when its top-level package or module
    is in one of ``roots`` (the project root and its ``src``, ruff's default ``src``);
    the standard library is ``sys.stdlib_module_names``; anything else is third-party.
    """

    roots: tuple[Path, ...] = ()
    line_length: int = DEFAULT_LINE_LENGTH
    _first_party: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def for_root(cls, root: Path) -> ImportOrder:
        """The project whose root directory (holding ``pyproject.toml``) is ``root``."""
        return cls((root, root / "src"), _line_length(root))

    @classmethod
    def around(cls, start: Path) -> ImportOrder:
        """The project holding ``start``: the nearest directory with a ``pyproject.toml``
        at or above it (``start`` itself when there is none)."""
        start = start.resolve()
        directory = start if start.is_dir() else start.parent
        for candidate in (directory, *directory.parents):
            if (candidate / "pyproject.toml").is_file():
                return cls.for_root(candidate)
        return cls.for_root(directory)

    def section(self, module: str | None, level: int = 0) -> int:
        """The section of ``from <level dots><module> import`` (or ``import <module>``)."""
        if level > 0:
            return LOCAL_FOLDER
        top = (module or "").split(".")[0]
        if not top:
            return THIRD_PARTY
        if top == "__future__":
            return FUTURE
        if top in sys.stdlib_module_names:  # ruff asks this before looking in the project
            return STANDARD_LIBRARY
        return FIRST_PARTY if self._is_first_party(top) else THIRD_PARTY

    def _is_first_party(self, top: str) -> bool:
        found = self._first_party.get(top)
        if found is None:
            found = any(
                (root / top).is_dir()
                or any((root / f"{top}{suffix}").is_file() for suffix in _SOURCES)
                for root in self.roots
            )
            self._first_party[top] = found
        return found


def _line_length(root: Path) -> int:
    """The ``line-length`` of the ruff configuration in ``root``, or ruff's default."""
    for name, table in _RUFF_CONFIGURATIONS:
        try:
            data: object = tomllib.loads((root / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for key in table:
            data = data.get(key) if isinstance(data, dict) else None
        if not isinstance(data, dict):
            continue  # a pyproject.toml without [tool.ruff] is not ruff's configuration
        value = data.get("line-length")
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        return DEFAULT_LINE_LENGTH
    return DEFAULT_LINE_LENGTH


# Sort keys, as ruff's isort compares imports (force-sort-within-sections off, order-by-type
# on, case-insensitive, natural order): ``import x`` statements before ``from x import y``
# ones, then by module; the names of a ``from`` import constants first, then classes,
# then the rest. An absent part sorts first, as ruff's ``None`` does.
_Key = tuple[object, ...]
_Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement
_RUNS = re.compile(r"\d+|\D")


def _natural(text: str) -> tuple[tuple[int, int], ...]:
    """``text`` compared as ruff's natural order does: runs of digits by their value."""
    return tuple(
        (ord("0"), int(run)) if run.isdigit() else (ord(run), 0) for run in _RUNS.findall(text)
    )


def _optional(text: str | None) -> _Key:
    return () if text is None else (_natural(text),)


def _member_key(name: str, asname: str | None) -> _Key:
    """Where ``name [as asname]`` sorts among the names of a ``from`` import."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return (name != "*", kind, _natural(name.lower()), _natural(name), _optional(asname))


def _alias_key(alias: cst.ImportAlias) -> _Key:
    return _member_key(dotted(alias.name) or "", _alias_name(alias))


def _statement_key(small: cst.Import | cst.ImportFrom) -> _Key:
    """Where an import statement sorts within its section."""
    if isinstance(small, cst.Import):
        module = dotted(small.names[0].name) or ""
        asname = _alias_name(small.names[0])
        return (0, (0,), (_natural(module.lower()),), (_natural(module),), (), _optional(asname))
    name = dotted(small.module) if small.module is not None else None
    level = len(small.relative)
    distance = (0,) if level == 0 else (2, -level)  # the furthest relative import first
    if isinstance(small.names, cst.ImportStar):
        first = _member_key("*", None)
    else:
        first = min(_alias_key(alias) for alias in small.names)
    lowered = None if name is None else name.lower()
    return (1, distance, _optional(lowered), _optional(name), (first,), ())


def _section(small: cst.Import | cst.ImportFrom, order: ImportOrder) -> int:
    if isinstance(small, cst.Import):
        return order.section(dotted(small.names[0].name))
    name = dotted(small.module) if small.module is not None else None
    return order.section(name, len(small.relative))


@dataclass(frozen=True)
class _Placed:
    """One statement of the leading import block."""

    index: int  # in the module's body
    section: int
    key: _Key


def _import_block(body: Sequence[cst.BaseStatement], order: ImportOrder) -> list[_Placed]:
    """The module's leading import statements, after its docstring: the block ruff's
    isort sorts. Imports under ``try:`` or ``if``, or after code, are not in it."""
    start = 1 if body and _is_docstring(body[0]) else 0
    block: list[_Placed] = []
    for index in range(start, len(body)):
        statement = body[index]
        if not _is_import_line(statement):
            break
        assert isinstance(statement, cst.SimpleStatementLine)
        first = statement.body[0]
        assert isinstance(first, (cst.Import, cst.ImportFrom))
        block.append(_Placed(index, _section(first, order), _statement_key(first)))
    return block


def insert_import(
    module: cst.Module, line: cst.SimpleStatementLine, order: ImportOrder
) -> cst.Module:
    """``module`` with the import statement ``line`` where ruff's isort puts it.

    Blank lines around it are ruff's: one above an import that begins a section or
    has comment lines of its own above it, none above the others, one or two below
    the block. Lines above the block's first import (comments heading the file too:
    ruff leaves them where they are) stay above whatever import comes first.
    """
    body = list(module.body)
    block = _import_block(body, order)
    if not block:
        return _insert_first(module, line)
    small = line.body[0]
    assert isinstance(small, (cst.Import, cst.ImportFrom))
    section, key = _section(small, order), _statement_key(small)
    same = [placed for placed in block if placed.section == section]
    later = next((placed for placed in same if placed.key > key), None)
    lower = [placed for placed in block if placed.section < section]
    if later is not None:
        position = later.index
    elif same or lower:
        position = (same or lower)[-1].index + 1
    else:
        position = block[0].index
    if position == block[0].index:  # the new first import takes the lines above the block
        line = line.with_changes(leading_lines=body[position].leading_lines)
        body[position] = body[position].with_changes(leading_lines=[])
    else:
        previous = next(placed for placed in block if placed.index == position - 1)
        line = line.with_changes(leading_lines=_blank(int(previous.section != section)))
    if position <= block[-1].index:
        following = next(placed for placed in block if placed.index == position)
        statement = body[position]
        blank, rest = _split_blank(statement.leading_lines)
        wanted = int(following.section != section or bool(rest))
        body[position] = statement.with_changes(leading_lines=[*_blank(wanted, blank), *rest])
    elif position < len(body):
        body[position] = _set_apart(body[position])
    body.insert(position, line)
    return module.with_changes(body=body)


def _blank(count: int, existing: Sequence[cst.EmptyLine] = ()) -> list[cst.EmptyLine]:
    """``count`` blank lines, the existing ones first."""
    return [*existing, *[cst.EmptyLine()] * count][:count]


def _insert_first(module: cst.Module, line: cst.SimpleStatementLine) -> cst.Module:
    """``module``, which has no leading import block, with ``line`` opening one after
    its docstring and the comments heading the file."""
    body = list(module.body)
    position = 1 if body and _is_docstring(body[0]) else 0
    header = list(module.header)
    if position == 0 and body:
        # Comments right above the first statement (after the header's last blank
        # line) stay with it; the import goes above them.
        breaks = [i for i, empty in enumerate(header) if empty.comment is None]
        if breaks:
            cut = breaks[-1] + 1
            body[0] = body[0].with_changes(leading_lines=[*header[cut:], *body[0].leading_lines])
            header = header[:cut]
    if position < len(body):
        # The blank lines between the docstring and the code go around the import:
        # as many as ruff's isort wants below it, the others (at least one) above it.
        following = body[position]
        blank, rest = _split_blank(following.leading_lines)
        below = _wanted_below(following)
        above = max(len(blank) - below, 1) if position > 0 else 0
        line = line.with_changes(leading_lines=_blank(above, blank))
        following = following.with_changes(leading_lines=[*_blank(below, blank[above:]), *rest])
        body[position] = following
    elif position > 0:  # after the docstring
        line = line.with_changes(leading_lines=[cst.EmptyLine()])
    body.insert(position, line)
    return module.with_changes(header=header, body=body)


def _set_apart(statement: _Statement) -> _Statement:
    """The statement after an import block, at least as many blank lines below it as
    ruff's isort puts there; its comments stay. (More were there before: not ours.)"""
    blank, rest = _split_blank(statement.leading_lines)
    blank = _blank(max(_wanted_below(statement), len(blank)), blank)
    return statement.with_changes(leading_lines=[*blank, *rest])


def _wanted_below(statement: cst.BaseStatement) -> int:
    """The blank lines ruff's isort puts between an import block and ``statement``: two
    above a definition, one above anything else."""
    return 2 if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) else 1


def _split_blank(lines: Sequence[cst.EmptyLine]) -> tuple[list[cst.EmptyLine], list[cst.EmptyLine]]:
    """The blank lines before the first comment, and the rest."""
    count = next((i for i, empty in enumerate(lines) if empty.comment is not None), len(lines))
    return list(lines[:count]), list(lines[count:])


def add_from_import(
    module: cst.Module,
    source: str,
    names: Sequence[tuple[str, str | None]],
    order: ImportOrder,
    *,
    statement: int | None = None,
) -> cst.Module:
    """``module`` importing each ``(name, alias)`` of ``names`` from ``source``.

    Names without an alias join a top-level ``from source import`` that has one
    without an alias already (``statement``, the index of such an import, is tried
    first: it may spell ``source`` relatively), in sorted position, as ruff would
    merge the two; otherwise they make one new statement. A name with an alias is a
    statement of its own (ruff's ``combine-as-imports`` is off by default). New
    statements go where ruff's isort puts them.
    """
    plain = sorted(
        {name for name, alias in names if alias is None}, key=lambda n: _member_key(n, None)
    )
    aliased = sorted({(name, alias) for name, alias in names if alias is not None})
    if plain:
        found = _extendable(module, source, statement)
        if found is not None:
            module = _extend_at(module, found, plain, order)
            plain = []
    lines = [_from_line(source, [(name, None) for name in plain], order)] if plain else []
    lines += [_from_line(source, [item], order) for item in aliased]
    for line in lines:
        module = insert_import(module, line, order)
    return module


def _extendable(module: cst.Module, source: str, preferred: int | None) -> tuple[int, int] | None:
    """(statement, part) of the first top-level ``from source import`` with a name
    imported without an alias."""
    indices: Iterable[int] = range(len(module.body))
    if preferred is not None:
        indices = [preferred, *indices]
    for index in indices:
        statement = module.body[index]
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for part, small in enumerate(statement.body):
            if (
                isinstance(small, cst.ImportFrom)
                and not isinstance(small.names, cst.ImportStar)
                and (index == preferred or _names_module(small, source))
                and any(alias.asname is None for alias in small.names)
            ):
                return index, part
    return None


def _names_module(small: cst.ImportFrom, source: str) -> bool:
    return not small.relative and small.module is not None and dotted(small.module) == source


def _extend_at(
    module: cst.Module, where: tuple[int, int], names: Sequence[str], order: ImportOrder
) -> cst.Module:
    """``module`` with ``names`` added to the ``from`` import at ``where``."""
    index, part = where
    statement = module.body[index]
    assert isinstance(statement, cst.SimpleStatementLine)
    small = statement.body[part]
    assert isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar)
    present = {dotted(alias.name) for alias in small.names if alias.asname is None}
    missing = [name for name in names if name not in present]
    if not missing:
        return module
    parts = list(statement.body)
    parts[part] = _extended(small, missing)
    line = statement.with_changes(body=parts)
    body = list(module.body)
    body[index] = _wrapped(line, order)
    return module.with_changes(body=body)


def _extended(small: cst.ImportFrom, names: Sequence[str]) -> cst.ImportFrom:
    """``small`` with ``names`` inserted where ruff sorts them, in its layout."""
    assert not isinstance(small.names, cst.ImportStar)
    aliases = list(small.names)
    separator = _separator(small)
    for name in names:
        key = _member_key(name, None)
        at = next((i for i, alias in enumerate(aliases) if _alias_key(alias) > key), len(aliases))
        alias = cst.ImportAlias(name=cst.Name(name))
        if at < len(aliases):
            aliases.insert(at, alias.with_changes(comma=separator))
            continue
        last = aliases[-1]
        aliases[-1] = last.with_changes(comma=_continued(last.comma, separator))
        aliases.append(alias.with_changes(comma=_ended(last.comma)))
    return small.with_changes(names=aliases)


def _separator(small: cst.ImportFrom) -> cst.Comma:
    """The comma between two names: a line break in a one-name-a-line layout."""
    opening = small.lpar.whitespace_after if small.lpar is not None else None
    if isinstance(opening, cst.ParenthesizedWhitespace):
        return cst.Comma(
            whitespace_after=opening.with_changes(
                first_line=cst.TrailingWhitespace(), empty_lines=[]
            )
        )
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _continued(comma: cst.Comma | cst.MaybeSentinel, separator: cst.Comma) -> cst.Comma:
    """The comma of what was the last name, now followed by another: its own comment stays."""
    after = comma.whitespace_after if isinstance(comma, cst.Comma) else None
    wanted = separator.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace) and isinstance(
        wanted, cst.ParenthesizedWhitespace
    ):
        return separator.with_changes(
            whitespace_after=wanted.with_changes(first_line=after.first_line)
        )
    return separator


def _ended(comma: cst.Comma | cst.MaybeSentinel) -> cst.Comma | cst.MaybeSentinel:
    """The comma of the new last name: the old last one's, without its comment."""
    if isinstance(comma, cst.Comma) and isinstance(
        comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        return comma.with_changes(
            whitespace_after=comma.whitespace_after.with_changes(
                first_line=cst.TrailingWhitespace()
            )
        )
    return comma


def _from_line(
    source: str, names: Sequence[tuple[str, str | None]], order: ImportOrder
) -> cst.SimpleStatementLine:
    """``from source import names`` (sorted), wrapped as ruff would when too long."""
    ordered = sorted(names, key=lambda item: _member_key(*item))
    listed = ", ".join(name if alias is None else f"{name} as {alias}" for name, alias in ordered)
    line = cst.parse_statement(f"from {source} import {listed}\n")
    assert isinstance(line, cst.SimpleStatementLine)
    return _wrapped(line, order)


def _wrapped(line: cst.SimpleStatementLine, order: ImportOrder) -> cst.SimpleStatementLine:
    """``line`` as ruff's isort writes a ``from`` import longer than the line length: in
    parentheses, one name a line, a trailing comma (its comment after the parenthesis).
    Any other statement, or one that fits, is returned as it is."""
    if len(line.body) != 1:
        return line
    small = line.body[0]
    if (
        not isinstance(small, cst.ImportFrom)
        or isinstance(small.names, cst.ImportStar)
        or small.lpar is not None
    ):
        return line
    text = _code(line.with_changes(leading_lines=())).rstrip("\r\n")
    if len(text) <= order.line_length or "\n" in text:
        return line
    comment = line.trailing_whitespace.comment
    source = "." * len(small.relative) + (_code(small.module) if small.module is not None else "")
    listed = "".join(
        f"    {_code(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT))},\n"
        for alias in small.names
    )
    opening = f"  {comment.value}" if comment is not None else ""
    wrapped = cst.parse_statement(f"from {source} import ({opening}\n{listed})\n")
    assert isinstance(wrapped, cst.SimpleStatementLine)
    return wrapped.with_changes(leading_lines=line.leading_lines)


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def remove_unused_imports(
    before: cst.Module, after: cst.Module, order: ImportOrder | None = None
) -> cst.Module:
    """``after`` without the imports that its rewrite of ``before`` left unused.

    A name an import binds is removed when ``before`` uses it and ``after`` does not;
    a statement goes whole when all its names go, with the comment lines right above
    it (its own); other statements keep their layout and comments. Imports from
    ``__future__``, those under a ``# noqa`` comment, explicit re-exports
    (``import x as x``) and an import that is all its block holds stay. With
    ``order``, the blank lines where a statement of the leading import block went
    are ruff's.
    """
    now = _Usage()
    after.visit(now)
    unused = now.imported - now.used
    if not unused:
        return after
    then = _Usage()
    before.visit(then)
    gone = unused & then.used
    if not gone:
        return after
    removed = after.visit(_ImportRemover(gone, order))
    assert isinstance(removed, cst.Module)
    return removed


# Calls whose string arguments ruff reads as type expressions.
_TYPING_CALLS = frozenset(
    {"cast", "TypeVar", "NewType", "ParamSpec", "TypeVarTuple", "TypeAliasType"}
)


class _Usage(cst.CSTVisitor):
    """The names a module reads (as ruff's F401 counts them: code, string annotations
    and other type expressions, ``__all__``), and the names its imports bind."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()
        self.imported: set[str] = set()
        self._strings = 0  # inside a place where a string's names are read

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            self.imported.add(_binding(alias, from_import=False))
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self.imported.add(_binding(alias, from_import=True))
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.used.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # the attribute's own name is not a variable
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # nor is a keyword argument's name
        return False

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if self._strings:
            self.used.update(_IDENTIFIER.findall(node.value))

    def on_visit(self, node: cst.CSTNode) -> bool:
        if _reads_strings(node):
            self._strings += 1
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        if _reads_strings(original_node):
            self._strings -= 1


def _reads_strings(node: cst.CSTNode) -> bool:
    """Whether the names in the strings inside ``node`` are read: a type expression
    (an annotation, a subscript, ``cast("T", x)``) or an ``__all__``."""
    if isinstance(node, (cst.Annotation, cst.SubscriptElement)):
        return True
    if isinstance(node, cst.Call):
        name = dotted(node.func) or ""
        return name.rsplit(".", 1)[-1] in _TYPING_CALLS or name.startswith("__all__.")
    if isinstance(node, cst.Assign):
        return any(dotted(target.target) == "__all__" for target in node.targets)
    if isinstance(node, (cst.AugAssign, cst.AnnAssign)):
        return dotted(node.target) == "__all__"
    return False


def _binding(alias: cst.ImportAlias, *, from_import: bool) -> str:
    """The name an import binds: its alias, the name, or a dotted module's first part."""
    local = _alias_name(alias)
    if local is not None:
        return local
    name = dotted(alias.name) or ""
    return name if from_import else name.split(".")[0]


class _ImportRemover(cst.CSTTransformer):
    """Removes the imports binding ``gone``, statement by statement, in every block."""

    def __init__(self, gone: set[str], order: ImportOrder | None) -> None:
        super().__init__()
        self.gone = gone
        self.order = order

    def on_visit(self, node: cst.CSTNode) -> bool:
        # Only blocks of statements hold import statements worth walking into.
        return not isinstance(
            node, (cst.BaseExpression, cst.SimpleStatementLine, cst.SimpleStatementSuite)
        )

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body, left = self._suite(updated_node.body, module=True)
        footer = [*left, *updated_node.footer] if left else updated_node.footer
        return updated_node.with_changes(body=body, footer=footer)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body, left = self._suite(updated_node.body, module=False)
        if not body:
            return updated_node  # a block cannot be empty: its import stays
        footer = [*left, *updated_node.footer] if left else updated_node.footer
        return updated_node.with_changes(body=body, footer=footer)

    def _suite(
        self, body: Sequence[cst.BaseStatement], *, module: bool
    ) -> tuple[list[_Statement], list[cst.EmptyLine]]:
        """The statements left, and the comment lines of removed statements that had
        nothing left after them to go above."""
        kept: list[_Statement] = []
        pending: list[cst.EmptyLine] | None = None  # lines above removed statements
        leading = False  # the first removed statement led its block
        in_block = module  # the module's leading import block goes on
        for statement in body:
            assert isinstance(statement, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
            changed: _Statement | None = statement
            if isinstance(statement, cst.SimpleStatementLine):
                changed = self._line(statement)
            first = not kept or (module and len(kept) == 1 and _is_docstring(kept[0]))
            if changed is None:
                if pending is None:
                    pending, leading = list(statement.leading_lines), first
                else:  # its own comment lines go with it
                    blank, _ = _split_blank(statement.leading_lines)
                    pending = _merged(pending, blank, leading=leading, top=not kept)
                continue
            if pending is not None:
                wanted = None
                if in_block and not first and self.order is not None:
                    wanted = self._blank_lines(kept[-1], changed)
                lines = _merged(
                    pending, changed.leading_lines, leading=leading, top=not kept, wanted=wanted
                )
                changed = changed.with_changes(leading_lines=lines)
                pending = None
            in_block = in_block and (_is_import_line(changed) or (first and _is_docstring(changed)))
            kept.append(changed)
        has_comments = pending is not None and any(line.comment is not None for line in pending)
        return kept, (pending or []) if leading and has_comments else []

    def _blank_lines(self, previous: _Statement, statement: _Statement) -> int | None:
        """How many blank lines ruff's isort puts between two statements of the leading
        import block (None after its end: the lines that were there stay)."""
        assert self.order is not None
        if not _is_import_line(statement):
            return None
        assert isinstance(previous, cst.SimpleStatementLine)
        assert isinstance(statement, cst.SimpleStatementLine)
        above, this = previous.body[0], statement.body[0]
        assert isinstance(above, (cst.Import, cst.ImportFrom))
        assert isinstance(this, (cst.Import, cst.ImportFrom))
        _, comments = _split_blank(statement.leading_lines)
        return int(_section(above, self.order) != _section(this, self.order) or bool(comments))

    def _line(self, line: cst.SimpleStatementLine) -> cst.SimpleStatementLine | None:
        """``line`` without the removed names; None when nothing is left of it."""
        comment = line.trailing_whitespace.comment
        if comment is not None and "noqa" in comment.value.lower():
            return line
        parts: list[cst.BaseSmallStatement] = []
        for small in line.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                kept = self._import(small)
                if kept is not None:
                    parts.append(kept)
            else:
                parts.append(small)
        if len(parts) == len(line.body) and all(
            new is old for new, old in zip(parts, line.body, strict=True)
        ):
            return line
        if not parts:
            return None
        if len(parts) < len(line.body):
            parts[-1] = parts[-1].with_changes(semicolon=line.body[-1].semicolon)
        return line.with_changes(body=parts)

    def _import(self, small: cst.Import | cst.ImportFrom) -> cst.Import | cst.ImportFrom | None:
        """``small`` without the removed names; None when nothing is left of it."""
        if isinstance(small.names, cst.ImportStar):
            return small
        if isinstance(small, cst.ImportFrom) and (
            small.module is not None and not small.relative and dotted(small.module) == "__future__"
        ):
            return small
        from_import = isinstance(small, cst.ImportFrom)
        doomed = [
            i
            for i, alias in enumerate(small.names)
            if _binding(alias, from_import=from_import) in self.gone
            and not (alias.asname is not None and _alias_name(alias) == dotted(alias.name))
        ]
        if not doomed:
            return small
        if len(doomed) == len(small.names):
            return None
        for index in reversed(doomed):
            small = _without_alias(small, index)
        return small


def _without_alias(small: cst.Import | cst.ImportFrom, index: int) -> cst.Import | cst.ImportFrom:
    """``small`` without its name at ``index`` (not its only one), the layout of the
    others kept: comment lines between that name and the next stay above the next."""
    assert not isinstance(small.names, cst.ImportStar)
    aliases = list(small.names)
    removed = aliases.pop(index)
    if index == len(aliases):  # it was the last: the one before takes its comma
        before = aliases[-1]
        aliases[-1] = before.with_changes(comma=_last_comma(before.comma, removed.comma))
        return small.with_changes(names=aliases)
    after = removed.comma.whitespace_after if isinstance(removed.comma, cst.Comma) else None
    carried = list(after.empty_lines) if isinstance(after, cst.ParenthesizedWhitespace) else []
    if carried and index > 0:
        previous = aliases[index - 1]
        comma = previous.comma
        if isinstance(comma, cst.Comma) and isinstance(
            comma.whitespace_after, cst.ParenthesizedWhitespace
        ):
            space = comma.whitespace_after
            aliases[index - 1] = previous.with_changes(
                comma=comma.with_changes(
                    whitespace_after=space.with_changes(empty_lines=[*space.empty_lines, *carried])
                )
            )
    elif carried and isinstance(small, cst.ImportFrom) and small.lpar is not None:
        opening = small.lpar.whitespace_after
        if isinstance(opening, cst.ParenthesizedWhitespace):
            small = small.with_changes(
                lpar=small.lpar.with_changes(
                    whitespace_after=opening.with_changes(
                        empty_lines=[*opening.empty_lines, *carried]
                    )
                )
            )
    return small.with_changes(names=aliases)


def _last_comma(
    own: cst.Comma | cst.MaybeSentinel, removed: cst.Comma | cst.MaybeSentinel
) -> cst.Comma | cst.MaybeSentinel:
    """The comma of a name that becomes the last: the removed last one's (a trailing
    comma, the line break before the parenthesis), with this name's own comment."""
    if not isinstance(removed, cst.Comma):
        return removed
    mine = own.whitespace_after if isinstance(own, cst.Comma) else None
    theirs = removed.whitespace_after
    if isinstance(mine, cst.ParenthesizedWhitespace) and isinstance(
        theirs, cst.ParenthesizedWhitespace
    ):
        return removed.with_changes(
            whitespace_after=theirs.with_changes(first_line=mine.first_line)
        )
    return removed


def _merged(
    removed: Sequence[cst.EmptyLine],
    following: Sequence[cst.EmptyLine],
    *,
    leading: bool,
    top: bool,
    wanted: int | None = None,
) -> list[cst.EmptyLine]:
    """The lines above a statement whose predecessor, with ``removed`` above it, went.

    A removed statement that led its block leaves the lines above it (the block's, or
    the file's) and, at the very top, no blank line of the next one; another takes its
    own comment lines along. Between the two, ``wanted`` blank lines, or else the
    larger run of them (one section ended or began there).
    """
    removed_blank, removed_rest = _split_blank(removed)
    blank, rest = _split_blank(following)
    if leading and top:
        return [*removed, *rest]
    longest = removed_blank if len(removed_blank) > len(blank) else blank
    if wanted is not None:
        longest = _blank(wanted, longest)
    if leading:
        return [*longest, *removed_rest, *rest]
    return [*longest, *rest]


def _identifiers(text: str) -> set[str]:
    """Every name the code uses (comments and plain strings are not code; an
    f-string's text counts whole)."""
    found: set[str] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME:
                found.add(token.string)
            elif token.type == tokenize.STRING and "f" in token.string[:3].lower():
                found.update(_IDENTIFIER.findall(token.string))
    except (tokenize.TokenError, SyntaxError):
        found.update(_IDENTIFIER.findall(text))
    return found


def _alias_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _is_import_line(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _is_docstring(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or not statement.body:
        return False
    small = statement.body[0]
    return isinstance(small, cst.Expr) and isinstance(
        small.value, (cst.SimpleString, cst.ConcatenatedString)
    )
