"""How a rewritten file names the runtime: reuse its imports, add one only if needed.

A file that already has ``from redactlint.redact import unsafe as u`` gets
``u(...)``; one with ``from redactlint import redact as r`` gets ``r.unsafe(...)``,
and one with ``import redactlint.redact as rr`` gets ``rr.unsafe(...)``. A name is
reused only when nothing else in the file binds it (a parameter, an assignment, a
local import). A file with a ``from redactlint.redact import ...`` line but not the
``safe``/``unsafe``/``hashed`` it needs gets it added to that line; otherwise
``from redactlint import redact`` is added once, after the module's docstring,
``__future__`` imports and leading imports, under another name when ``redact``
already means something in the file.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

RUNTIME = "redactlint.redact"
# Names that read well bare; ``format``, ``sprintf`` and ``join`` would read (and
# shadow) as the builtins, so they are always spelled ``redact.format``.
_EXTENDABLE = frozenset({"safe", "unsafe", "hashed"})
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

    @classmethod
    def scan(cls, module: cst.Module, text: str | None = None) -> RuntimeNames:
        """The runtime names ``module`` (whose source is ``text``) binds.

        A file that never says ``redactlint`` binds none: it is not walked, and
        every identifier in its text counts as taken.
        """
        if text is not None and "redactlint" not in text:
            return cls(mentioned=_identifiers(text))
        bindings = _Bindings()
        module.visit(bindings)
        names = cls(bound=bindings.bound, mentioned=bindings.mentioned)
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
        """``module`` with the imports that the spelled names need."""
        if self.added_functions and self.extend is not None:
            module = _extend(module, self.extend, self.added_functions)
            self.added_functions = []
        if not self.needs_import or self.module_alias is None:
            return module
        asname = (
            None if self.module_alias == "redact" else cst.AsName(name=cst.Name(self.module_alias))
        )
        line = cst.SimpleStatementLine(
            body=[
                cst.ImportFrom(
                    module=cst.Name("redactlint"),
                    names=[cst.ImportAlias(name=cst.Name("redact"), asname=asname)],
                )
            ]
        )
        body = list(module.body)
        position = import_position(body)
        header = list(module.header)
        follows_import = position > 0 and _is_import(body[position - 1])
        if position == 0 and body:
            # Comments right above the first statement (after the header's last
            # blank line) stay with it; the import goes above them.
            blank = [i for i, empty in enumerate(header) if empty.comment is None]
            if blank:
                cut = blank[-1] + 1
                body[0] = body[0].with_changes(
                    leading_lines=[*header[cut:], *body[0].leading_lines]
                )
                header = header[:cut]
        if position > 0 and not follows_import:  # after the docstring
            line = line.with_changes(leading_lines=[cst.EmptyLine()])
        if not follows_import and position < len(body):
            # The code that follows is set apart from the new import.
            following = body[position]
            wanted = 2 if _is_definition(following) else 1
            leading = list(following.leading_lines)
            blanks = next(
                (i for i, empty in enumerate(leading) if empty.comment is not None), len(leading)
            )
            if blanks < wanted:
                leading[:0] = [cst.EmptyLine()] * (wanted - blanks)
                body[position] = following.with_changes(leading_lines=leading)
        body.insert(position, line)
        self.needs_import = False
        return module.with_changes(header=header, body=body)


def _extend(module: cst.Module, where: tuple[int, int], functions: list[str]) -> cst.Module:
    """``module`` with ``functions`` added to the ``from redactlint.redact import`` at
    ``where`` (top-level statements are never added or removed by a fix)."""
    index, part = where
    statement = module.body[index]
    assert isinstance(statement, cst.SimpleStatementLine)
    node = statement.body[part]
    assert isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar)
    names = list(node.names)
    trailing = names[-1].comma
    separator: cst.Comma | cst.MaybeSentinel = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if len(names) > 1 and isinstance(names[-2].comma, cst.Comma):
        separator = names[-2].comma  # keeps a one-per-line layout
    names[-1] = names[-1].with_changes(comma=separator)
    added = [cst.ImportAlias(name=cst.Name(f), comma=separator) for f in functions]
    added[-1] = added[-1].with_changes(comma=trailing)
    parts = list(statement.body)
    parts[part] = node.with_changes(names=[*names, *added])
    body = list(module.body)
    body[index] = statement.with_changes(body=parts)
    return module.with_changes(body=body)


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


def _is_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def _is_definition(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, (cst.FunctionDef, cst.ClassDef))


def import_position(body: Sequence[cst.BaseStatement]) -> int:
    """After the docstring, ``__future__`` imports and the leading import block."""
    position = 0
    for index, statement in enumerate(body):
        if not isinstance(statement, cst.SimpleStatementLine) or not statement.body:
            break
        small = statement.body[0]
        if (
            index == 0
            and isinstance(small, cst.Expr)
            and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
        ):
            position = 1
            continue
        if isinstance(small, (cst.Import, cst.ImportFrom)):
            position = index + 1
            continue
        break
    return position
