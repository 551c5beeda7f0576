from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from .base import Rule


class SafeTypeNotAllowlisted(Rule):
    """A safe-type declaration missing from the reviewed allowlist file.

    ## What it does
    Flags ``register_safe_type(Cls)``, a class decorated ``@safe_type`` and a
    class defining ``__safe_format__`` when the class's qualified name is not in
    the project's safe-types allowlist (``safe-types-allowlist`` in
    ``[tool.redactlint]``; one ``module.Class reason`` per line).

    ## Why is this bad?
    Every instance of a safe type formats in clear, everywhere, forever; a
    ``__safe_format__`` decides what of an object leaves. These are the widest
    declarations in a codebase, and a privacy reviewer must see each one.

    ## Example
    ```python
    @redact.safe_type
    class Version: ...
    ```

    ## Use instead
    Add the class to the allowlist file with the reason it is safe, so the
    declaration goes through review:
    ```text
    app.models.Version  release numbers are public
    ```
    """

    code = "RL203"
    name = "safe-type-not-allowlisted"
    category = "runtime-api"
    VALID: ClassVar[tuple[str, ...]] = ("@redact.safe_type\nclass Reviewed:\n    pass",)
    INVALID: ClassVar[tuple[str, ...]] = (
        "@redact.safe_type  # expect: RL203\nclass Version:\n    pass",
        "class Ref:  # expect: RL203\n    def __safe_format__(self, printer):\n        pass",
        "redact.register_safe_type(Decimal)  # expect: RL203",
    )

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        if runtime != "register_safe_type" or not call.args or ctx.in_runtime:
            return
        name = _class_name(ctx, call.args[0])
        if name not in ctx.safe_types:
            ctx.report(call, self.code, _message(name))

    def visit_class(self, ctx: Context, node: ast.ClassDef) -> None:
        if ctx.in_runtime:
            return
        decorated = [
            d
            for d in node.decorator_list
            if ctx.evaluator.runtime_name(d, ctx.scope) == "safe_type"
        ]
        formats = any(
            isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
            and item.name == "__safe_format__"
            for item in node.body
        )
        if not decorated and not formats:
            return
        name = _qualified_class(ctx, node.name)
        if name in ctx.safe_types:
            return
        where: ast.AST = decorated[0] if decorated else node
        ctx.report(where, self.code, _message(name))


def _qualified_class(ctx: Context, name: str) -> str:
    prefix = ctx.module_name
    return f"{prefix}.{name}" if prefix else name


def _class_name(ctx: Context, node: ast.expr) -> str:
    qualname = ctx.qualname(node)
    if qualname is not None:
        return qualname
    if isinstance(node, ast.Name):
        return _qualified_class(ctx, node.id)
    return ast.unparse(node)


def _message(name: str) -> str:
    return (
        f"safe type {name} is not in the reviewed allowlist: add "
        f"'{name}  <reason>' to the safe-types allowlist file"
    )
