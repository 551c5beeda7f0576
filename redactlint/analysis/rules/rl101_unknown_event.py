from __future__ import annotations

from typing import ClassVar

from ..context import Context
from ..sink_sites import SinkSite
from ._values import did_you_mean
from .base import Rule


class UnknownEvent(Rule):
    """The event name is not in the registry.

    ## What it does
    Flags a literal event name passed to a declared sink when no schema defines
    an event (or a ``legacy-name``) by that name.

    ## Why is this bad?
    An event without a schema has no declared owner, fields or sensitivities:
    nothing says what it may carry, so nothing can be reviewed or redacted.

    ## Example
    ```python
    analytics.track("search.submited", {...})
    ```

    ## Use instead
    Use a name from the registry (better, the generated class or its name
    constant), or write a schema for the new event and run ``redactlint generate``.
    """

    code = "RL101"
    name = "unknown-event"
    category = "schema-conformance"
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("notebook.pageViewed", {"page": "edit", "notebookId": hashed(nb),'
        ' "cellCount": 2})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submited", {"query": unsafe(q)})  # expect: RL101',
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        if site.event_node is None or site.event is not None or not ctx.registry.known:
            return
        name = ctx.event_name(site.event_node)
        if name is not None:
            ctx.report(
                site.event_node,
                self.code,
                f"event {name!r} is not in the registry"
                f"{did_you_mean(name, ctx.registry.events)}: add its schema or fix the name",
            )
