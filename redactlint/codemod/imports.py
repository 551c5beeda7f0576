"""How a rewritten file names the runtime: reuse its imports, add one only if needed.

A file that already has ``from redactlint.redact import unsafe as u`` gets
``u(...)``; one with ``from redactlint import redact as r`` gets ``r.unsafe(...)``;
otherwise ``from redactlint import redact`` is added once, after the module's
docstring, ``__future__`` imports and leading imports, and ``redact.unsafe(...)``
is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

RUNTIME = "redactlint.redact"


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


@dataclass
class RuntimeNames:
    """The names a module already binds for the runtime, and what it must add."""

    functions: dict[str, str] = field(default_factory=dict)  # "unsafe" -> local name
    module_alias: str | None = None  # local name bound to redactlint.redact
    taken: set[str] = field(default_factory=set)  # every module-level name
    needs_import: bool = False

    @classmethod
    def scan(cls, module: cst.Module) -> RuntimeNames:
        names = cls()
        for statement in module.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                names.taken.update(_defined_names(statement))
                continue
            for small in statement.body:
                if isinstance(small, cst.ImportFrom) and not isinstance(
                    small.names, cst.ImportStar
                ):
                    source = _dotted(small.module) if small.module else None
                    for alias in small.names:
                        imported = _dotted(alias.name)
                        local = _alias_name(alias) or imported
                        if local is None or imported is None:
                            continue
                        names.taken.add(local)
                        if small.relative:
                            continue
                        if source == RUNTIME:
                            names.functions.setdefault(imported, local)
                        elif source == "redactlint" and imported == "redact":
                            names.module_alias = names.module_alias or local
                elif isinstance(small, cst.Import):
                    for alias in small.names:
                        imported = _dotted(alias.name)
                        local = _alias_name(alias)
                        if imported == RUNTIME and local:
                            names.module_alias = names.module_alias or local
                        top = local or (imported or "").split(".")[0]
                        names.taken.add(top)
                elif isinstance(small, (cst.Assign, cst.AnnAssign)):
                    targets = small.targets if isinstance(small, cst.Assign) else [small]
                    for target in targets:
                        if isinstance(target.target, cst.Name):
                            names.taken.add(target.target.value)
        return names

    def spell(self, function: str) -> cst.BaseExpression:
        """An expression naming the runtime's ``function`` in this module."""
        local = self.functions.get(function)
        if local is not None:
            return cst.Name(local)
        if self.module_alias is None:
            self.module_alias = "redact" if "redact" not in self.taken else "redactlint_redact"
            self.needs_import = True
        return cst.Attribute(value=cst.Name(self.module_alias), attr=cst.Name(function))

    def add_import(self, module: cst.Module) -> cst.Module:
        """``module`` with ``from redactlint import redact`` added when it was needed."""
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
        position = _import_position(body)
        body.insert(position, line)
        self.needs_import = False
        return module.with_changes(body=body)


def _alias_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _defined_names(statement: cst.BaseStatement) -> set[str]:
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return {statement.name.value}
    return set()


def _import_position(body: Sequence[cst.BaseStatement]) -> int:
    """After the docstring, ``__future__`` imports and the leading import block."""
    position = 0
    for index, statement in enumerate(body):
        if not isinstance(statement, cst.SimpleStatementLine):
            break
        small = statement.body[0] if statement.body else None
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
