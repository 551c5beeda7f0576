"""Where events are recorded: every sink call the checker sees, with the event it records.

A call site is what the checker calls a sink: a construction of a generated
event class, or a call of a declared ``[[tool.redactlint.sinks]]`` callable,
matched by qualified name through imports, aliases and local bindings. The walk
is the checker's own (:class:`~redactlint.analysis.walker.Walker`), with one
collector in place of the rules, as ``redactlint audit`` does.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..analysis.context import Context
from ..analysis.engine import Settings
from ..analysis.prefilter import Prefilter
from ..analysis.rules.base import Visitor
from ..analysis.sink_sites import SinkSite
from ..analysis.walk import walk_file
from .model import CallSite, relative_path


class _SiteCollector(Visitor):
    """Records every sink call of one module."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sites: list[CallSite] = []

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        call = site.call
        named = ctx.event_name(site.event_node) if site.event_node is not None else None
        if site.is_event_class and site.event is not None:
            named = site.event.name
        span = ctx.span(call)
        self.sites.append(
            CallSite(
                path=self.path,
                line=span.line,
                column=span.column,
                end_line=span.end_line,
                callee=site.label,
                via="class" if site.is_event_class else "sink",
                event=site.event.name if site.event is not None else None,
                named=named,
                code=call_text(ctx.lines, span.line, span.end_line),
            )
        )


def call_text(lines: Sequence[str], first: int, last: int) -> str:
    """The lines ``first`` to ``last`` (1-based) as written, common indentation removed:
    a call written over several lines is read whole, its arguments included."""
    if not 0 < first <= last <= len(lines):
        return lines[first - 1].strip() if 0 < first <= len(lines) else ""
    chosen = [line.rstrip() for line in lines[first - 1 : last]]
    return textwrap.dedent("\n".join(chosen)).strip("\n")


def collect_sites(files: Iterable[Path], settings: Settings, root: Path) -> list[CallSite]:
    """The call sites in ``files``; files that do not parse are skipped (the checker reports them).

    Paths are relative to ``root``.
    """
    prefilter = Prefilter.build(settings.config.sinks, settings.registry)
    sites: list[CallSite] = []
    for path in files:
        collector = _SiteCollector(relative_path(path.absolute(), root))
        if walk_file(path, collector.path, settings, [collector], prefilter.needs_check) is None:
            continue
        sites.extend(collector.sites)
    return sorted(sites, key=lambda site: (site.path, site.line, site.column))
