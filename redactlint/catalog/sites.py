"""Where events are recorded: every sink call the checker sees, with the event it records.

A call site is what the checker calls a sink: a construction of a generated
event class, or a call of a declared ``[[tool.redactlint.sinks]]`` callable,
matched by qualified name through imports, aliases and local bindings. The walk
is the checker's own (:class:`~redactlint.analysis.walker.Walker`), with one
collector in place of the rules, as ``redactlint audit`` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..analysis.context import Context
from ..analysis.directives import read_directives
from ..analysis.engine import Settings, physical_lines
from ..analysis.prefilter import Prefilter
from ..analysis.rules.base import Visitor
from ..analysis.scopes import Scopes
from ..analysis.sinks import SinkSite
from ..analysis.sources import UNREADABLE, decode, parse_source, read_source
from ..analysis.walker import Walker
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
        first = ctx.lines[span.line - 1] if 0 < span.line <= len(ctx.lines) else ""
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
                code=first.strip(),
            )
        )


def collect_sites(files: Iterable[Path], settings: Settings, root: Path) -> list[CallSite]:
    """The call sites in ``files``; files that do not parse are skipped (the checker reports them).

    Paths are relative to ``root``.
    """
    prefilter = Prefilter.build(settings.config.sinks, settings.registry)
    sites: list[CallSite] = []
    for path in files:
        try:
            data = read_source(path)
            if not prefilter.needs_check(data):
                continue
            source = decode(data)
            tree = parse_source(source, str(path))
        except UNREADABLE:
            continue  # the checker reports it (RL901, RL902)
        shown = relative_path(path.absolute(), root)
        module_name, is_package = settings.module_name(str(path))
        scopes = Scopes(tree, module_name, is_package)
        collector = _SiteCollector(shown)
        ctx = Context(
            path=shown,
            lines=physical_lines(source),
            config=settings.config,
            registry=settings.registry,
            scopes=scopes,
            evaluator=settings.evaluator(scopes, tree, source),
            directives=read_directives(source),
            scope=scopes.module,
            safe_types=settings.safe_types,
        )
        try:
            Walker(ctx, [collector], settings.matcher).run(tree)
        except RecursionError:
            continue
        sites.extend(collector.sites)
    return sorted(sites, key=lambda site: (site.path, site.line, site.column))
