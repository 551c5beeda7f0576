from __future__ import annotations

from typing import ClassVar

from ..context import Context
from ..findings import FixKind
from ..safety import Safety
from ..sinks import SinkSite
from ._values import could_be_text, is_composite, marking_values
from .base import Rule


class UnknownStringInSink(Rule):
    """An unmarked value of unknown safety reaches an event.

    ## What it does
    Flags a value passed to an event-logging call (an argument or a property)
    whose safety the checker cannot establish: not a literal, not marked with
    ``safe(...)``/``unsafe(...)``/``hashed(...)``/``redact.format(...)``, not a
    number, not a name annotated ``SafeStr``/``RedactableStr``.

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
    The fix wraps the value in ``unsafe(...)`` (``hashed(...)`` for a hashed field),
    never in ``safe(...)``.
    """

    code = "RL001"
    name = "unknown-string-in-sink"
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
        for value, field, safety in marking_values(ctx, site, safe_fields=False):
            if safety != Safety.UNKNOWN or is_composite(value):
                continue
            if field is not None and field.sensitivity == "hashed":
                ctx.report(
                    value,
                    self.code,
                    f"unmarked value for hashed field {field.name!r} of {site.label}: "
                    "wrap it in hashed(...)",
                    FixKind.WRAP_HASHED if could_be_text(value) else None,
                )
            else:
                target = f"field {field.name!r} of " if field is not None else ""
                ctx.report(
                    value,
                    self.code,
                    f"value of unknown safety passed to {target}{site.label}: wrap it in "
                    "unsafe(...), or in safe(...) after review (if it is not text, make "
                    "that visible: int(...), float(...), bool(...) or a type annotation)",
                    FixKind.WRAP_UNSAFE if could_be_text(value) else None,
                )
