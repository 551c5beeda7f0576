"""The standard library's logging calls, as sinks behind the product's redacting handler.

``logging = true`` says every log handler of the product redacts
(``redactlint.redact.logging.RedactingFilter``), so a logging call is a boundary like an
event's: its message is a template trusted as safe (it must be a constant, RL201), and
its arguments and ``extra=`` values are checked as an event's values are. Without that
key a logging call is nobody's business: a handler that does not redact would make
marking them no fix at all.

A call is recognised by qualified name (``logging.info``, ``from logging import warning``,
a logger bound from ``logging.getLogger(...)``, whose calls resolve to
``logging.getLogger.info``) or, when its name says nothing, by the class of its receiver
(a parameter or attribute annotated ``Logger``, a ``self.log = logging.getLogger(...)``
attribute, a subclass of ``Logger``). The recognition lives here, apart from the
declared sinks, so the walker only asks one question of it.
"""

from __future__ import annotations

import ast
import re

from .context import Context
from .findings import FixKind
from .kinds import Kind, Safety
from .scopes import Alias, Import
from .sink_sites import SinkSite, read_properties

# The methods (and ``logging`` module functions) that log a record.
LEVELS = frozenset({
    "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
})
LOGGER_CLASSES = frozenset({"logging.Logger", "logging.LoggerAdapter", "logging.RootLogger"})
# What a logger's qualified name is when it is named after what made it.
_LOGGERS = frozenset({
    "logging.getLogger", "logging.getLogger.getChild", "logging.root", *LOGGER_CLASSES,
})
# Keywords that shape the record rather than carry a value into it.
_OPTIONS = frozenset({"exc_info", "stack_info", "stacklevel", "level"})
# Bytes one of these calls cannot be written without (for the prefilter): the module's
# name, or a level method called on some receiver.
PREFILTER_WORDS = (
    b"logging", b".debug", b".info", b".warn", b".error", b".exception", b".critical",
    b".fatal", b".log",
)
_CONVERSION = re.compile(r"%(?:%|[#0 +\-]*[0-9]*(?:\.[0-9]*)?[hlL]?[diouxXeEfFgGcrsa])")


def is_logging_name(qualname: str) -> bool:
    """A ``logging`` function that logs, or a level method of a logger, by qualified name."""
    owner, _, method = qualname.rpartition(".")
    return method in LEVELS and (owner == "logging" or owner in _LOGGERS)


def placeholders(text: str) -> int | None:
    """How many arguments the ``%``-template ``text`` consumes (``%%`` none); None when
    it has a conversion a rewrite would not keep: a mapping key, a ``*`` width, a
    malformed or trailing ``%``."""
    count = 0
    index = text.find("%")
    while index >= 0:
        match = _CONVERSION.match(text, index)
        if match is None:
            return None
        if match.group() != "%%":
            count += 1
        index = text.find("%", match.end())
    return count


class LoggingCalls:
    """Recognises the logging calls of one module and takes them apart."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def words(self) -> set[str]:
        """The names a logging call can be spelt with here: the level methods, and the
        module's own names for ``logging`` functions (``from logging import info as note``)."""
        scopes = self.ctx.scopes
        module = scopes.module
        found = set(LEVELS)
        for name, bindings in module.bindings.items():
            if any(isinstance(b, (Import, Alias)) for b in bindings):
                qualname = scopes.resolve(ast.Name(id=name), module)
                if qualname is not None and is_logging_name(qualname):
                    found.add(name)
        return found

    def site(self, call: ast.Call, qualname: str | None) -> SinkSite | None:
        """The sink site of ``call`` when it logs a record, else None."""
        func = call.func
        if qualname is not None and is_logging_name(qualname):
            owner, _, method = qualname.rpartition(".")
            label = qualname if owner == "logging" else _method_label(func, method)
        elif (
            isinstance(func, ast.Attribute) and func.attr in LEVELS and self._is_logger(func.value)
        ):
            method = func.attr
            label = _method_label(func, method)
        else:
            return None
        return self._site(call, label, method)

    def _is_logger(self, receiver: ast.expr) -> bool:
        value = self.ctx.value(receiver)
        if not value.classes or not value.kinds & Kind.OBJECT:
            return False
        facts = self.ctx.evaluator.facts
        return any(
            base in LOGGER_CLASSES for owner in sorted(value.classes) for base in facts.mro(owner)
        )

    def _site(self, call: ast.Call, label: str, method: str) -> SinkSite:
        site = SinkSite(call, label, False, logging=True)
        index = 1 if method == "log" else 0  # log(level, msg, ...) takes the level first
        for position, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                site.unchecked.append(argument)
                index = -1  # where the message is, and the level, is no longer known
            elif position == index:
                site.template = argument
            elif position > index:
                site.others.append(argument)
        for keyword in call.keywords:
            if keyword.arg is None:
                site.unchecked.append(keyword)
            elif keyword.arg == "msg":
                site.template = keyword.value
            elif keyword.arg == "extra":
                # Each value of a literal mapping is an entry, as an event's properties.
                read_properties(site, keyword.value, self.ctx.event_name)
            elif keyword.arg not in _OPTIONS:
                site.others.append(keyword.value)
        return site


def is_constant_message(ctx: Context, message: ast.expr) -> bool:
    """A message the handler may trust: a literal, a constant bound to one, or a value
    already marked (``safe(...)``, ``unsafe(...)``, ``redact.format(...)``, a ``SafeStr``),
    or one with no text at all."""
    if ctx.is_literal(message):
        return True
    found = ctx.value(message)
    if found.literal is not None:
        return True
    composite = isinstance(message, (ast.JoinedStr, ast.BinOp)) or (
        isinstance(message, ast.Call)
        and isinstance(message.func, ast.Attribute)
        and message.func.attr == "format"
        and ctx.evaluator.runtime_name(message.func, ctx.scope) is None
    )
    return not composite and found.safety <= Safety.REDACTABLE


def template_fix(ctx: Context, site: SinkSite) -> FixKind | None:
    """Whether the message can be rewritten into a constant template with its values as
    arguments: an f-string whose interpolations have no format spec or ``=``, whose
    ``%`` placeholders match the arguments the call has, or a bare name in a call
    without arguments (``log.info(msg)`` -> ``log.info("%s", msg)``)."""
    call, message = site.call, site.template
    positions = [index for index, argument in enumerate(call.args) if argument is message]
    if not positions or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    existing = len(call.args) - positions[0] - 1
    if isinstance(message, (ast.Name, ast.Attribute)):
        return FixKind.LOG_TEMPLATE if existing == 0 else None
    if not isinstance(message, ast.JoinedStr):
        return None
    consumed = 0
    for part in message.values:
        if isinstance(part, ast.FormattedValue):
            if part.format_spec is not None or _is_debug(ctx, part):
                return None
        elif isinstance(part, ast.Constant) and isinstance(part.value, str) and existing:
            count = placeholders(part.value)
            if count is None:
                return None
            consumed += count
    return FixKind.LOG_TEMPLATE if consumed == existing else None


def _is_debug(ctx: Context, part: ast.FormattedValue) -> bool:
    """``f"{x=}"``: what follows the expression in the source is ``=``."""
    span = ctx.span(part.value)
    if not 0 < span.end_line <= len(ctx.lines):
        return True  # cannot tell: no fix rather than a wrong one
    rest = ctx.lines[span.end_line - 1][span.end_column - 1 :].lstrip()
    return rest.startswith("=") and not rest.startswith("==")


def _method_label(func: ast.expr, method: str) -> str:
    """How messages name a logger's method call: as written, a logger made in place
    shortened (``logging.getLogger(...).info``)."""
    if not isinstance(func, ast.Attribute):
        return method
    receiver = func.value
    if isinstance(receiver, ast.Call):
        return f"{ast.unparse(receiver.func)}(...).{method}"
    return f"{ast.unparse(receiver)}.{method}"
