"""How a rewritten file names the runtime, and the imports the rewrite adds and leaves.

A file that already has ``from redactlint.redact import unsafe as u`` gets
``u(...)``; one with ``from redactlint import redact as r`` gets ``r.unsafe(...)``,
and one with ``import redactlint.redact as rr`` gets ``rr.unsafe(...)``. A name is
reused only when nothing else in the file binds it (a parameter, an assignment, a
local import). A file with a ``from redactlint.redact import ...`` line but not the
function it needs gets it added to that line; otherwise ``from redactlint import
redact`` is added once, under another name when ``redact`` already means something
in the file.

An import the rewrite needs is placed as ruff's isort rules would place it
(``import_order``); one the rewrite left unused is removed (``unused_imports``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from .import_order import (
    ImportOrder,
    NameReader,
    _alias_name,
    _identifiers,
    add_from_import,
    dotted,
)
from .unused_imports import remove_unused_imports

RUNTIME = "redactlint.redact"


# Names that read well bare; ``format``, ``sprintf`` and ``join`` would read (and
# shadow) as the builtins, so they are always spelled ``redact.format``.
_EXTENDABLE = frozenset({"safe", "unsafe", "hashed", "mark", "redacted", "boundary"})


def _expression(name: str) -> cst.BaseExpression:
    head, *rest = name.split(".")
    expression: cst.BaseExpression = cst.Name(head)
    for part in rest:
        expression = cst.Attribute(value=expression, attr=cst.Name(part))
    return expression


def _is_runtime(module: str | None) -> bool:
    return module is not None and (module == RUNTIME or module.startswith(RUNTIME + "."))


class _Bindings(NameReader):
    """Every name the file binds anywhere, with what each binding means, and every
    name it mentions."""

    def __init__(self) -> None:
        super().__init__()
        # name -> meanings: "redactlint.redact" / "redactlint.redact.unsafe" for
        # runtime imports, "" for anything else.
        self.bound: dict[str, set[str]] = {}
        self.mentioned = self.names  # every name it reads

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


