from __future__ import annotations

from typing import ClassVar

from ..context import Context
from ..sink_sites import SinkSite
from ._values import did_you_mean
from .base import Rule


class UnknownField(Rule):
    """A property the event's schema does not define.

    ## What it does
    Flags a keyword of a generated event class, or a key of a declared sink's
    property mapping, that is not a field of the event's schema.

    ## Why is this bad?
    Schemas declare ``additionalProperties: false``: every field that leaves is
    reviewed, with a sensitivity. An undeclared field was never reviewed.

    ## Example
    ```python
    analytics.track("notebook.pageViewed", {"page": "edit", "title": title, ...})
    ```

    ## Use instead
    Add the field to the schema (with its ``x-sensitivity``), regenerate, and
    have it reviewed; or drop it.
    """

    code = "RL103"
    name = "unknown-field"
    category = "schema-conformance"
    baselinable = False  # an event class called with a field it lacks raises TypeError
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("notebook.pageViewed", {"page": "edit", "notebookId": hashed(nb),'
        ' "cellCount": 2})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("notebook.pageViewed", {"page": "edit", "notebookId": hashed(nb),'
        ' "cellCount": 2, "title": "x"})  # expect: RL103',
        'SearchSubmitted(query=unsafe(q), pattern_type="literal", result_count=1,'
        " duration_ms=1.0, colour=1)  # expect: RL103",
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        event = site.event
        if event is None:
            return
        for entry in site.entries:
            if entry.field is not None:
                continue
            known = sorted(
                event.by_attribute if site.is_event_class else {f.name for f in event.schema.fields}
            )
            if entry.key is None:
                ctx.report(
                    entry.value,
                    self.code,
                    f"{site.label} takes {len(known)} fields; this argument has none",
                )
                continue
            ctx.report(
                entry.key_node or entry.value,
                self.code,
                f"{entry.key!r} is not a field of {event.name}{did_you_mean(entry.key, known)}"
                f" (fields: {', '.join(known)})",
            )
