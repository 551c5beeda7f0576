"""Walk one file with visitors that gather, not report: the audit's and the catalog's.

The file is read as ``check`` reads it (a FIFO or a device refused, the encoding
Python's, a deep file parsed and walked on a deep stack); a file that cannot be read,
decoded or parsed is skipped, since ``check`` reports it (RL901, RL902).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .context import Context
from .directives import read_directives
from .engine import Settings, physical_lines
from .rules.base import Visitor
from .scopes import Scopes
from .sources import UNREADABLE, decode, parse_source, read_source
from .stack import on_deep_stack
from .walker import Walker


def walk_file(
    path: Path,
    shown: str,
    settings: Settings,
    visitors: Sequence[Visitor],
    wanted: Callable[[bytes], bool] | None = None,
) -> Context | None:
    """Walk ``path`` (named ``shown`` in what the visitors record) with ``visitors``;
    the module's context, or None when the file was skipped (unreadable, or not
    ``wanted`` by a prefilter on its bytes)."""
    try:
        data = read_source(path)
        if wanted is not None and not wanted(data):
            return None
        source = decode(data)
        tree = parse_source(source, shown)
    except UNREADABLE:
        return None
    module_name, is_package = settings.module_name(str(path))
    scopes = Scopes(tree, module_name, is_package)
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
    walker = Walker(ctx, visitors, settings.matcher)
    try:
        try:
            walker.run(tree)
        except RecursionError:
            on_deep_stack(lambda: Walker(ctx, visitors, settings.matcher).run(tree))
    except (RecursionError, MemoryError):
        return None
    return ctx
