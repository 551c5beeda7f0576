from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from ..kinds import Kind
from ..sink_sites import SinkSite
from .base import Rule


class NonLiteralEventName(Rule):
    """The event name is not a literal.

    ## What it does
    Flags an event-name argument that is neither a string literal, a constant
    bound to one (in any module, or as a class attribute such as
    ``self.event_schema_id``), a local bound once to one, a name constant of the
    generated registry, nor a class (``_record_event(StartTraceEvent, ...)``: the
    class is the event). Without schemas to check names against, a name built
    only from safe parts (``f"{type(self).__name__}.get"``, or a lambda returning
    one) is accepted too: it cannot carry user data.

    ## Why is this bad?
    The event name decides which schema applies. A computed name can be any
    event, or a new one made of user data, so the call cannot be checked and the
    name itself may leak.

    ## Example
    ```python
    analytics.track(f"{feature}.clicked", {...})
    ```

    ## Use instead
    One call per event, with a literal name or the registry constant:
    ```python
    analytics.track(SEARCH_SUBMITTED, {...})
    ```
    """

    code = "RL102"
    name = "non-literal-event-name"
    category = "schema-conformance"
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("notebook.pageViewed", {"page": "edit", "notebookId": hashed(nb),'
        ' "cellCount": 2})',
        'EVENT = "notebook.pageViewed"\nanalytics.track(EVENT, {"page": "edit",'
        ' "notebookId": hashed(nb), "cellCount": 2})',
        'analytics.track(NOTEBOOK_PAGE_VIEWED, {"page": "edit", "notebookId": hashed(nb),'
        ' "cellCount": 2})',
        'name = "notebook.pageViewed"\nanalytics.track(name, {"page": "edit",'
        ' "notebookId": hashed(nb), "cellCount": 2})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track(f"{feature}.clicked", {})  # expect: RL102',
        "analytics.track(name, {})  # expect: RL102",
        'analytics.track(f"{type(self).__name__}.get", {})  # expect: RL102',
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        if site.event_node is None or site.event is not None:
            return
        if ctx.event_name(site.event_node) is not None:
            return
        node = site.event_node
        if ctx.checked_at_callers(node) and isinstance(node, ast.Name) and (
            node.id == ctx.sink_event
        ):
            return  # a declared sink passing on its own event: checked at its calls
        found = ctx.value(site.event_node)
        if found.kinds == Kind.CLASS and found.classes:
            return  # an event class
        if not ctx.registry.known and found.is_safe:
            return  # built of safe parts, and no schema to check it against
        ctx.report(
            site.event_node,
            self.code,
            f"event name passed to {site.label} is not a literal: use the event's "
            "name or its registry constant",
        )
