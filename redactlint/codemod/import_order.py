"""Where ruff's isort rules (default settings) put an import the codemod adds.

Sections go future, standard library, third party, first party, local; ``import x``
before ``from x import y`` within a section, modules in natural case-insensitive
order, names sorted constants, classes, then the rest. First party is a top-level
module in the project root or ``src/``. A ``from`` import longer than the project's
line length is wrapped one name a line.
"""

from __future__ import annotations

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


_IDENTIFIER = re.compile(r"\w+")


# The sections of ruff's isort, in their order.
FUTURE, STANDARD_LIBRARY, THIRD_PARTY, FIRST_PARTY, LOCAL_FOLDER = range(5)


class NameReader(cst.CSTVisitor):
    """The names code reads into ``names``: an attribute's own name and a keyword
    argument's name are not variables."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a name or attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


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
        aliases[-1] = last.with_changes(comma=with_comment_of(separator, last.comma))
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


def with_comment_of(
    comma: cst.Comma | cst.MaybeSentinel, commented: cst.Comma | cst.MaybeSentinel
) -> cst.Comma | cst.MaybeSentinel:
    """``comma`` (its line break, its trailing place) with the comment that ``commented``
    carries at the end of its line, when both break the line: a name's own comment stays
    with it when the comma after it changes."""
    if not isinstance(comma, cst.Comma):
        return comma
    kept = commented.whitespace_after if isinstance(commented, cst.Comma) else None
    wanted = comma.whitespace_after
    if isinstance(kept, cst.ParenthesizedWhitespace) and isinstance(
        wanted, cst.ParenthesizedWhitespace
    ):
        return comma.with_changes(whitespace_after=wanted.with_changes(first_line=kept.first_line))
    return comma


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
