"""Remove the imports a rewrite left unused, and only those.

A name the original file used and the rewritten one no longer does goes (with the
comment lines just above its statement); one that was unused already is not the
rewrite's business and stays, as do ``__future__`` imports, ``# noqa`` lines and
``import x as x`` re-exports.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from .import_order import (
    _IDENTIFIER,
    ImportOrder,
    NameReader,
    _alias_name,
    _blank,
    _is_docstring,
    _is_import_line,
    _section,
    _split_blank,
    _Statement,
    dotted,
    with_comment_of,
)


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


class _Usage(NameReader):
    """The names a module reads (as ruff's F401 counts them: code, string annotations
    and other type expressions, ``__all__``), and the names its imports bind."""

    def __init__(self) -> None:
        super().__init__()
        self.used = self.names
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
        aliases[-1] = before.with_changes(comma=with_comment_of(removed.comma, before.comma))
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
