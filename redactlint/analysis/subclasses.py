"""The project's subclasses of a class, found by a search of the project for its name.

``self.__name__`` in ``RagasMetric.measure`` is what ``RagasMetric.__name__`` returns
only if no subclass returns something else: deepeval's ``GEval`` names itself after what
its user chose. A product's classes are all in view, so the subclasses of one of its
classes are the classes of the project that name it (or a subclass of it) among their
bases. Each file whose text holds the name is read and its every top-level class's bases
followed (a renamed import too); a class naming it that the checker cannot follow (one
defined inside a function, or in a module it cannot find) leaves the answer unknown, as
does a name in too many files. A
library's public classes get no answer: its users subclass them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from .facts import SEARCHED, ProjectFacts
from .kinds import NONE, Value
from .scopes import Scopes
from .uses import parsed_naming

# A class whose name (or a subclass's) occurs in more files than this is not followed.
MAX_FILES = 64


def subclasses(
    facts: ProjectFacts,
    qualname: str,
    naming: Callable[[str], list[Path]],
    parse: Callable[[Path, str], tuple[ast.Module, Scopes] | None],
) -> dict[str, Value]:
    """The answer for class ``qualname``: each subclass of it in the project, and
    ``SEARCHED`` when the search accounted for every class naming one (else nothing)."""
    found: set[str] = set()
    todo = [qualname]
    searched: set[str] = set()
    while todo:
        current = todo.pop()
        name = current.rsplit(".", 1)[-1]
        if name in searched:
            continue
        searched.add(name)
        files = naming(name)
        if len(files) > MAX_FILES:
            return {}
        for tree, scopes in parsed_naming(files, name, parse):
            names = _spellings(tree, name)
            for node, top in _classes(tree):
                named = any(_names(base, names) for base in node.bases)
                if not top:
                    if named:
                        return {}  # a class made at run time: its methods are out of view
                    continue
                candidate = f"{scopes.module_name}.{node.name}"
                if facts.class_summary(candidate) is None:
                    if named:
                        return {}
                    continue
                if qualname in facts.mro(candidate)[1:] and candidate not in found:
                    found.add(candidate)
                    todo.append(candidate)
    return {SEARCHED: NONE, **dict.fromkeys(sorted(found), NONE)}


def _classes(tree: ast.Module) -> list[tuple[ast.ClassDef, bool]]:
    """Every class statement of the module, and whether it is at its top level."""
    top = {id(node) for node in tree.body if isinstance(node, ast.ClassDef)}
    return [
        (node, id(node) in top) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
    ]


def _spellings(tree: ast.Module, name: str) -> frozenset[str]:
    """``name`` and what the module imports it as (``import ... Base as B``)."""
    found = {name}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.update(a.asname for a in node.names if a.name == name and a.asname)
    return frozenset(found)


def _names(base: ast.expr, names: frozenset[str]) -> bool:
    """Whether a base expression names one of ``names`` (``Base``, ``module.Base``,
    ``Base[T]``)."""
    for node in ast.walk(base):
        if isinstance(node, ast.Name) and node.id in names:
            return True
        if isinstance(node, ast.Attribute) and node.attr in names:
            return True
    return False
