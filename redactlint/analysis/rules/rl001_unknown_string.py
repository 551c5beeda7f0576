from __future__ import annotations

import ast
from typing import ClassVar

from ...declaration import FixSafety
from ..context import Context
from ..findings import FixKind
from ..kinds import ANY, SCALAR, Kind, Safety
from ..sink_sites import SinkSite
from ._values import (
    could_be_text,
    is_composite,
    is_container,
    is_log_extra,
    is_unmarked,
    marking_values,
    what,
)
from .base import Rule


class UnknownStringInSink(Rule):
    """An unmarked value of unknown safety reaches an event.

    ## What it does
    Flags a value passed to an event-logging call (an argument or a property)
    that is or may be text, or an object, whose safety the checker cannot
    establish: not a literal or a constant bound to one (in any module of the
    project), not an enum member, not marked with ``safe(...)``/``unsafe(...)``/
    ``hashed(...)``/``redact.format(...)``, not annotated ``SafeStr``,
    ``RedactableStr`` or ``LiteralString``. Numbers, bools, None and dates are
    safe by policy and never flagged; the checker knows them from literals,
    annotations, dataclass fields, return types and the kinds every call site of
    a function passes. The message says what it knows: text of unknown safety,
    an object of some class, or a value of unknown kind (annotate it). Two values
    leave without being an argument at the call: what a declared sink adds to every
    event inside its own body (the other arguments of a call it hands its
    parameters to), and the value of a parameter a decorator sink names
    (``@with_telemetry("run", "profile_name")``), reported where it is named.

    ## Why is this bad?
    Strings are unsafe unless marked. An unmarked string may hold a search
    query, a file path, a token or an e-mail address; once it leaves the
    customer's machine it cannot be taken back. (At runtime the recorder
    redacts a plain ``str`` whole, so the value is lost rather than leaked.)

    ## Example
    ```python
    SearchSubmitted(query=text, pattern_type="literal", result_count=n, duration_ms=ms)
    ```

    ## Use instead
    Mark it redactable, so only its redacted form leaves:
    ```python
    SearchSubmitted(query=unsafe(text), pattern_type="literal", result_count=n, duration_ms=ms)
    ```
    or, after review, ``safe(text)`` with a ``# redactlint: safe -- reason`` comment.
    The fix wraps text in ``unsafe(...)`` (``hashed(...)`` for a hashed field), never in
    ``safe(...)``; a value that may be something other than text (an unannotated
    parameter, text or ``None``) in ``mark(...)``, which marks text and returns every
    other kind unchanged, so a number stays a number. It wraps nothing at a sink that
    does not redact (a marked value would leave in clear there): RL004 comes first.
    With ``logging = true`` the arguments of a logging call are
    checked and fixed alike; an ``extra=`` value gets no fix, since the redacting log
    filter redacts the message and its arguments, not the record's extra attributes.

    ## Fix safety
    The fix is safe. It wraps only a value that is or may be text, and only at a sink
    that redacts, where a plain ``str`` is redacted whole: the value still leaves
    redacted, now by its marked spans (a ``hashed(...)`` field as its keyed digest
    when hashing is on). ``mark(...)`` returns every kind but text unchanged, so a
    number stays a number. Only code of the sink itself that reads the value, rather
    than passing it on, would see the markers around it.
    """

    code = "RL001"
    name = "unknown-string-in-sink"
    category = "marking"
    fix = FixSafety.SAFE
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", {"query": unsafe(text), "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5})',
        "def handler(query: RedactableStr) -> None:\n"
        '    analytics.track("search.submitted", {"query": query, "patternType": "regexp",'
        ' "resultCount": len(query), "durationMs": 0.5})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", {"query": text, "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5})  # expect: RL001',
        'analytics.track("search.submitted", {"query": unsafe(text), "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5}, user_id)  # expect: RL001',
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        for value, field, found in marking_values(ctx, site, safe_fields=False):
            if not is_unmarked(found) or is_composite(value) or is_container(found):
                continue
            if found.kinds & ~Kind.NONE == Kind.OBJECT and _made_safe(ctx, value):
                continue  # an object made here of what holds no unsafe text
            if ctx.contained(site, value):
                # A value the sink only tests or reads what holds no text from
                # (``bool(token)``, ``job.retries``): it never leaves, and what the sink
                # reads for a sink of its own is checked there.
                continue
            textual = bool(found.kinds & Kind.TEXT) and could_be_text(value)
            target = f"field {field.name!r} of " if field is not None else ""
            # Only proven text is wrapped whole; a value that may be something else gets
            # mark(...), which marks text and returns any other kind as it is.
            # A field its schema types as text takes unsafe(...) whatever the checker knows.
            proven = found.kinds == Kind.TEXT or (field is not None and field.is_text)
            wrap = FixKind.WRAP_UNSAFE if proven else FixKind.MARK
            if field is not None and field.sensitivity == "hashed":
                advice = "wrap it in hashed(...)"
                # The schema types the field as text: hashing is what it asks for.
                fix = FixKind.WRAP_HASHED if textual else None
            elif not found.kinds & ~(Kind.TEXT | SCALAR):
                advice = "mark it unsafe(...), or safe(...) after review"
                parameter = _literal_parameter(ctx, value)
                if parameter is not None:
                    # Safety only its callers know: a type states it, a type checker keeps it.
                    advice = (f"every call in the project passes {parameter!r} a literal: "
                              f"annotate it LiteralString to say so, or {advice}")
                fix = wrap if textual else None
            elif found.kinds == ANY:
                advice = "annotate its type, or mark it unsafe(...) if it is text"
                fix = wrap if textual else None
            else:
                needed = "what the message needs of it" if site.logging else (
                    "the fields the event needs"
                )
                advice = f"pass {needed}, each marked"
                fix = None
            if not site.redacted(value):
                # Marking is no fix where nothing redacts: RL004 gives the sink a boundary.
                advice += "; the sink does not redact (RL004)"
                fix = None
            if is_log_extra(site, value):
                # The redacting log filter redacts the message and its arguments only.
                advice = (
                    "the log filter does not redact extra= values: pass it as an argument "
                    "of the message instead"
                )
                fix = None
            message = f"{what(found)} passed to {target}{site.label}: {advice}"
            ctx.report(value, self.code, message, fix)


def _literal_parameter(ctx: Context, value: ast.expr) -> str | None:
    """The walked function's parameter ``value`` is (never rebound), when every call of
    the function in the project passes it a literal."""
    scope = ctx.scope
    node = scope.node
    if (
        not isinstance(value, ast.Name)
        or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        or len(scope.bindings.get(value.id, ())) != 1
    ):
        return None
    arguments = node.args
    if value.id not in {a.arg for a in (*arguments.posonlyargs, *arguments.args,
                                        *arguments.kwonlyargs)}:
        return None
    path = ctx.scopes.function_path(node)
    if path is None:
        return None  # a nested function: no project-wide name to find its calls by
    if not ctx.evaluator.facts.literal_at_calls(f"{ctx.module_name}.{path}", value.id):
        return None
    return value.id


def _made_safe(ctx: Context, value: ast.expr) -> bool:
    """An object built at the call from a class of the project whose every attribute,
    as this call sets them, holds safe text or none."""
    if not isinstance(value, ast.Call):
        return False
    held = ctx.evaluator.constructed(value, ctx.env, ctx.scope)
    return held is not None and held <= Safety.SAFE
