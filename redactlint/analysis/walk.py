"""Walk one file with visitors: the one way every command reads, decodes, parses and
walks a module.

``walk_source`` is the core: decode as Python does, parse, build the scopes, register
the module's facts, walk with the visitors, all retried on a deep stack when the
module nests deeper than the default one allows. What goes wrong is raised as one of
three errors, which ``check`` turns into findings (RL902, RL901) and the gathering
commands (audit, catalog) into a skipped file. ``walk_file`` reads the file first as
``check`` does (a FIFO or a device refused, never read).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .context import Context
from .directives import Directives, read_directives
from .rules.base import Visitor
from .scopes import Scopes
from .sources import decode, parse_source, physical_lines, read_source
from .stack import on_deep_stack
from .walker import Walker

if TYPE_CHECKING:
    from .engine import Settings

FunctionSelector = Callable[[Scopes, ast.FunctionDef | ast.AsyncFunctionDef], bool]


class Undecodable(Exception):
    """The bytes are not text in the file's encoding (its ``__cause__`` says why)."""


class Unparsable(Exception):
    """The text is not a Python module (its ``__cause__`` says why)."""


class TooDeep(Exception):
    """The module nests deeper than even the deep stack walks."""


def walk_source(
    shown: str,
    data: bytes,
    settings: Settings,
    visitors: Sequence[Visitor],
    module: tuple[str, bool],
    *,
    tree: ast.Module | None = None,
    matched: list[tuple[str, int]] | None = None,
    select: Callable[[str], FunctionSelector] | None = None,
    directives: Directives | None = None,
    register: bool = True,
    lines: list[str] | None = None,
) -> Context:
    """Walk the module ``data`` (named ``shown``; ``tree`` when already parsed) with
    ``visitors``; ``select(source)`` picks the function bodies worth walking.
    ``directives`` are the module's comments when already read; ``register`` false
    leaves the facts about this module to what the caller registered; ``lines`` are the
    source's physical lines when already split."""
    try:
        source = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        raise Undecodable(str(error)) from error
    if tree is None:
        try:
            tree = parse_source(source, shown)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            raise Unparsable(str(error)) from error
    parsed = tree

    def walk() -> Context:
        return _walk(shown, data, source, parsed, settings, visitors, module, matched,
                     select(source) if select is not None else None, directives, register,
                     lines)

    try:
        try:
            return walk()
        except RecursionError:
            return on_deep_stack(walk)
    except (RecursionError, MemoryError):
        raise TooDeep(shown) from None


def _walk(
    shown: str,
    data: bytes,
    source: str,
    tree: ast.Module,
    settings: Settings,
    visitors: Sequence[Visitor],
    module: tuple[str, bool],
    matched: list[tuple[str, int]] | None,
    select: FunctionSelector | None,
    directives: Directives | None = None,
    register: bool = True,
    lines: list[str] | None = None,
) -> Context:
    from .safety import Evaluator

    module_name, is_package = module
    scopes = Scopes(tree, module_name, is_package, select=select)
    if register:
        settings.facts.register(module_name, is_package, tree, source, shown, data, scopes)
    ctx = Context(
        path=shown,
        lines=physical_lines(source) if lines is None else lines,
        config=settings.config,
        registry=settings.registry,
        scopes=scopes,
        evaluator=Evaluator(scopes, settings.facts),
        directives=read_directives(source) if directives is None else directives,
        scope=scopes.module,
        safe_types=settings.safe_types,
        matched=matched if matched is not None else [],
        signatures=settings.signatures,
    )
    try:
        Walker(ctx, visitors, settings.matcher).run(tree)
    finally:
        if register:
            settings.facts.release(module_name)
    return ctx


def walk_file(
    path: Path,
    shown: str,
    settings: Settings,
    visitors: Sequence[Visitor],
    wanted: Callable[[bytes], bool] | None = None,
) -> Context | None:
    """Walk ``path`` (named ``shown`` in what the visitors record) with ``visitors``;
    the module's context, or None when the file was skipped: unreadable, not
    ``wanted`` by a prefilter on its bytes, or one ``check`` reports (RL901, RL902)."""
    try:
        data = read_source(path)
    except OSError:
        return None
    if wanted is not None and not wanted(data):
        return None
    try:
        return walk_source(shown, data, settings, visitors, settings.module_name(str(path)))
    except (Undecodable, Unparsable, TooDeep):
        return None
