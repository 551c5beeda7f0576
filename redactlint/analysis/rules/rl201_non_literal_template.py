from __future__ import annotations

import ast
from typing import ClassVar

from ...declaration import FixSafety
from ..context import Context
from ..logging_calls import is_constant_message, template_fix
from ..sink_sites import SinkSite
from .base import Rule


class NonLiteralTemplate(Rule):
    """A template of ``redact.format``/``redact.sprintf``, or a log message, is not a literal.

    ## What it does
    Flags a first argument of ``redact.format``/``redact.sprintf`` that is not a
    string literal (or a module constant bound to one). With ``logging = true`` it
    also flags the message of a standard library logging call (``logging.info``,
    ``log.warning`` on a ``logging.getLogger(...)`` logger, ``log.log(level, msg)``)
    that is not a constant, nor already marked (``unsafe(...)``,
    ``redact.format(...)``).

    ## Why is this bad?
    The template is trusted as safe: everything in it leaves in clear. A template
    computed at run time can hold user data, which would then leave unredacted.
    The redacting log handler (``RedactingFilter``) trusts a log message with
    arguments the same way, so ``log.info(f"user {email} did %s", action)`` sends
    the e-mail address in clear; only the arguments are marked and redacted. (A
    message without arguments is redacted whole: safe, but nothing of it is left.)

    ## Example
    ```python
    redact.format(message, user)
    log.info(f"user {email} signed in")
    ```

    ## Use instead
    ```python
    redact.format("{} signed in", user)
    log.info("user %s signed in", unsafe(email))
    ```
    or mark the dynamic text itself: ``redact.unsafe(message)``. For a log message
    the fix rewrites an f-string into a constant template with its values as
    arguments (``%s``, ``%r`` for ``!r``; none for an interpolation with a format
    spec or ``=``, or when the ``%`` placeholders do not match the arguments), and
    a message held in a variable into ``log.info("%s", msg)``; the values are then
    checked, and fixed, as arguments.

    ## Fix safety
    The fix is unsafe: the message is no longer built where the call is. The logging
    module formats the template with ``%`` when a handler emits the record, so an
    interpolated value is rendered with ``str()`` (``%r`` for ``!r``) instead of
    ``format()``, only when the level is enabled, and an error raised by rendering
    it is reported by the logging module instead of raised at the call. A filter or
    handler that reads ``record.msg`` sees the template and its arguments apart.
    """

    code = "RL201"
    name = "non-literal-template"
    category = "runtime-api"
    fix = FixSafety.UNSAFE
    VALID: ClassVar[tuple[str, ...]] = (
        'redact.format("{} signed in", user)',
        'TEMPLATE = "%s signed in"\nredact.sprintf(TEMPLATE, user)',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        "redact.format(message, user)  # expect: RL201",
        'redact.sprintf(f"{kind}: %s", user)  # expect: RL201',
    )

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        if runtime not in ("format", "sprintf") or ctx.in_runtime:
            return
        template = call.args[0] if call.args else None
        if template is None or isinstance(template, ast.Starred):
            ctx.report(call, self.code, f"redact.{runtime} needs a literal template")
        elif not ctx.is_literal(template):
            ctx.report(
                template,
                self.code,
                f"the template of redact.{runtime} is trusted as safe, so it must be a "
                "literal: move dynamic text into the arguments",
            )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        message = site.template
        if not site.logging or message is None or is_constant_message(ctx, message):
            return
        ctx.report(
            message,
            self.code,
            f"the message of {site.label} is a template trusted as safe: it must be a "
            "constant; pass dynamic values as arguments",
            template_fix(ctx, site),
        )
