"""Every use of a name in a project file, for the facts read from a whole project
(call sites of a function, changes to a module's list): the file's tree, scoped only in
the functions whose text names it, and each occurrence with its parent and scope."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .facts import ProjectFacts
from .index import content_hash
from .scopes import Scope, Scopes, module_name_for
from .sources import decode, read_source
from .stack import on_deep_stack


def parse_naming(facts: ProjectFacts, path: Path, name: str) -> tuple[ast.Module, Scopes] | None:
    """The file's tree, scoped in the functions whose text names ``name`` only
    (None when it names it only where it defines it: nothing to read there)."""
    try:
        data = read_source(path)
        facts.used[os.path.abspath(path)] = content_hash(data)
        if _defines_only(data, name):
            return None
        source = decode(data)
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError, LookupError, RecursionError,
            MemoryError):
        return None
    lines = source.splitlines()
    word = re.compile(rf"\b{re.escape(name)}\b")

    def names_it(_scopes: Scopes, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        body = "\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno])
        return word.search(body) is not None

    module = module_name_for(str(path), facts.roots)

    def scoped() -> Scopes:
        return Scopes(tree, module, path.name == "__init__.py", names_it)

    try:
        scopes = scoped()
    except RecursionError:  # a tree deeper than this stack: scoped as the checker does
        scopes = on_deep_stack(scoped)
    return tree, scopes


def parsed_naming(
    files: Iterable[Path],
    name: str,
    parse: Callable[[Path, str], tuple[ast.Module, Scopes] | None],
) -> Iterator[tuple[ast.Module, Scopes]]:
    """The tree and scopes of each file ``parse`` reads for ``name`` (a file that only
    defines it gives none)."""
    for path in files:
        found = parse(path, name)
        if found is not None:
            yield found


def _defines_only(data: bytes, name: str) -> bool:
    """Every occurrence of ``name`` is in a ``def name(`` line."""
    pattern = re.compile(rb"(?<!\w)" + re.escape(name.encode()) + rb"(?!\w)")
    for match in pattern.finditer(data):
        before = data[max(0, match.start() - 4) : match.start()]
        if before != b"def ":
            return False
    return True


def occurrences(
    tree: ast.Module, scopes: Scopes, name: str
) -> Iterator[tuple[ast.expr | ast.alias, ast.AST | None, Scope,
                    ast.FunctionDef | ast.AsyncFunctionDef | None]]:
    """Every use of ``name`` with its parent, its scope and the function it is in."""
    stack: list[tuple[ast.AST, ast.AST | None, Scope,
                      ast.FunctionDef | ast.AsyncFunctionDef | None]] = [
        (tree, None, scopes.module, None)
    ]
    while stack:
        node, parent, scope, function = stack.pop()
        if isinstance(node, ast.Name) and node.id == name:
            yield node, parent, scope, function
            continue
        if isinstance(node, ast.Attribute) and node.attr == name:
            yield node, parent, scope, function
        if isinstance(node, ast.alias) and (node.name == name or node.name.endswith("." + name)):
            yield node, parent, scope, function
        inner = scopes.by_node.get(id(node))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not scopes.is_built(node):
            outer_only: list[ast.AST] = [*node.decorator_list, *node.args.defaults]
            for child in outer_only:
                stack.append((child, node, scope, function))
            continue  # its text does not name it
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            outer: list[ast.AST] = [*node.decorator_list, *node.args.defaults]
            outer += [d for d in node.args.kw_defaults if d is not None]
            for child in outer:
                stack.append((child, node, scope, function))
            for statement in node.body:
                stack.append((statement, node, inner or scope, node))
            continue
        if isinstance(node, ast.ClassDef):
            heads: list[ast.AST] = [*node.decorator_list, *node.bases, *node.keywords]
            for child in heads:
                stack.append((child, node, scope, function))
            for statement in node.body:
                stack.append((statement, node, inner or scope, function))
            continue
        child_scope = inner if inner is not None and not isinstance(node, ast.Module) else scope
        for child in ast.iter_child_nodes(node):
            stack.append((child, node, child_scope, function))
