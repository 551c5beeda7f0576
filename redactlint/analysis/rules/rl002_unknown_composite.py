from __future__ import annotations

from typing import ClassVar

from ...declaration import FixSafety
from ..context import Context
from ..findings import FixKind
from ..kinds import Safety
from ..sink_sites import SinkSite
from ._values import has_literal_template, is_composite, is_log_extra, marking_values
from .base import Rule


class UnknownPartsInFormattedString(Rule):
    """An f-string, ``%``-format, ``.format()`` or ``+`` with unknown parts reaches an event.

    ## What it does
    Flags text built from a template and values when at least one value is of
    unknown safety (or is marked: an f-string turns marked text back into a plain
    ``str``, so its markers no longer protect anything).

    ## Why is this bad?
    The literal parts are safe, but the interpolated parts may hold anything.
    Built with ordinary string operations, the result is one plain string: the
    safe template and the sensitive values can no longer be told apart.

    ## Example
    ```python
    analytics.track("search.submitted", {"query": f"repo:{repo} {text}", ...})
    ```

    ## Use instead
    ```python
    analytics.track("search.submitted", {"query": redact.format("repo:{} {}", repo, text), ...})
    ```
    The template stays readable after redaction; each value is marked by its kind.
    The fix rewrites the expression into ``redact.format(...)`` where the value is
    redacted before it leaves (see RL004 for a sink that does not redact).

    ## Fix safety
    The fix is unsafe: the text it builds changes. The template's literal parts now
    leave in clear (they are source code), each value is marked by its kind, and a
    value that is already marked is spliced as it is, so its conversion and format
    spec (``{name!r}`` of a ``RedactableStr``) no longer apply. Code that compares or
    parses the resulting text before it reaches the sink sees the markers. Review the
    diff.
    """

    code = "RL002"
    name = "unknown-parts-in-formatted-string"
    category = "marking"
    fix = FixSafety.UNSAFE
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", {"query": redact.format("repo:{} {}", repo, text),'
        ' "patternType": "literal", "resultCount": 1, "durationMs": 1.0})',
        'analytics.track("search.submitted", {"query": unsafe(text), "patternType": "literal",'
        ' "resultCount": 1, "durationMs": 1.0}, f"v{len(text)}")',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", {"query": f"repo:{repo} {text}",'
        ' "patternType": "literal", "resultCount": 1, "durationMs": 1.0})  # expect: RL002',
        'analytics.track("search.submitted", {"query": "q=" + text, "patternType": "literal",'
        ' "resultCount": 1, "durationMs": 1.0})  # expect: RL002',
        'analytics.track("search.submitted", {"query": "q=%s" % text, "patternType": "literal",'
        ' "resultCount": 1, "durationMs": 1.0})  # expect: RL002',
        'analytics.track("search.submitted", {"query": "q={}".format(text),'
        ' "patternType": "literal", "resultCount": 1, "durationMs": 1.0})  # expect: RL002',
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        for value, field, found in marking_values(ctx, site, safe_fields=False):
            if found.safety != Safety.UNKNOWN or not is_composite(value):
                continue
            target = f"field {field.name!r} of " if field is not None else ""
            ctx.report(
                value,
                self.code,
                f"text built from values of unknown safety passed to {target}{site.label}: "
                "use redact.format(...) so the template stays and the values are marked",
                FixKind.REDACT_FORMAT
                if has_literal_template(value)
                and not is_log_extra(site, value)
                and site.redacted(value)
                else None,
            )
