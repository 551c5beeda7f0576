from __future__ import annotations

from typing import ClassVar

from ...schema.naming import attribute_name
from ..context import Context
from ..sink_sites import SinkSite
from .base import Rule


class MissingRequiredField(Rule):
    """A required field of the event is not given.

    ## What it does
    Flags a call of a generated event class, or of a declared sink with a
    literal property mapping, that omits a field the schema lists as required.

    ## Why is this bad?
    The recorder (with validation) rejects the event, or dashboards quietly count
    it as missing data. Either way the event does not say what its schema promises.

    ## Example
    ```python
    analytics.track("notebook.pageViewed", {"page": "edit", "cellCount": 3})
    ```

    ## Use instead
    ```python
    analytics.track(
        "notebook.pageViewed", {"page": "edit", "notebookId": hashed(notebook), "cellCount": 3}
    )
    ```
    """

    code = "RL104"
    name = "missing-required-field"
    category = "schema-conformance"
    baselinable = False  # an event class called without a required field raises TypeError
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("notebook.pageViewed", {"page": "edit", "notebookId": hashed(nb),'
        ' "cellCount": 2})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("notebook.pageViewed", {"page": "edit"})  # expect: RL104',
        'SearchSubmitted(query=unsafe(q), pattern_type="literal")  # expect: RL104',
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        event = site.event
        if event is None or site.unchecked:
            return
        if not site.is_event_class and not site.has_properties:
            return
        given = {entry.field.name for entry in site.entries if entry.field is not None}
        missing = [f for f in event.schema.fields if f.required and f.name not in given]
        if missing:
            names = [attribute_name(f.name) if site.is_event_class else f.name for f in missing]
            ctx.report(
                site.call, self.code, f"{event.name} requires {', '.join(repr(n) for n in names)}"
            )
