"""Whether a module's list, set or dict of literals is still what its display says.

``FLAGS = ["profile_table_level_only", ...]`` holds safe names, unless some module
appends to it: a list is not a tuple. A product is an application whose code is all in
view, so the files that may change it are found by a second prefilter pass on its name
(as for call sites) and every use of the name read: a test (``x in FLAGS``), a loop
over it, ``len(FLAGS)``, ``FLAGS[0]``, a method that only reads (``FLAGS.copy()``)
leave it as written. Any other use (``FLAGS.append(x)``, ``FLAGS += ...``, passing it
to a function, binding it to another name, a rename on import, an attribute of an
object the checker cannot name) and nothing is concluded: it may be changed.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from pathlib import Path

from .facts import ProjectFacts
from .kinds import ANY
from .safety import Evaluator
from .scopes import Scope, Scopes
from .uses import occurrences, parsed_naming

# Methods of list, set and dict that change nothing.
_READS = frozenset({
    "copy", "index", "count", "get", "keys", "values", "items", "union", "intersection",
    "difference", "symmetric_difference", "issubset", "issuperset", "isdisjoint",
})
# Builtins that read an iterable without changing it.
_READING_BUILTINS = frozenset({
    "len", "sorted", "list", "tuple", "set", "frozenset", "any", "all", "enumerate",
    "iter", "min", "max", "sum", "dict", "reversed", "str", "repr", "zip", "bool",
    "isinstance",
})


def unchanged(
    facts: ProjectFacts,
    qualname: str,
    files: Sequence[Path],
    parse: Callable[[Path, str], tuple[ast.Module, Scopes] | None],
) -> bool:
    """Whether no use of module value ``qualname`` in ``files`` (every file of the project
    whose text names it) may change it. ``parse(path, name)`` gives a file's tree and
    scopes, or None when it only defines the name."""
    name = qualname.rsplit(".", 1)[-1]
    module = qualname.rsplit(".", 1)[0]
    for tree, scopes in parsed_naming(files, name, parse):
        evaluator = Evaluator(scopes, facts)
        for node, parent, scope, _function in occurrences(tree, scopes, name):
            if isinstance(node, ast.alias):
                if node.asname not in (None, name):
                    return False  # renamed: its uses do not name it
                continue
            ours = _refers_to(facts, evaluator, node, scope, qualname)
            if ours is None:
                return False
            if ours and not _reads(node, parent, scope, scopes, module):
                return False
    return True


def _refers_to(
    facts: ProjectFacts, evaluator: Evaluator, node: ast.expr, scope: Scope, qualname: str
) -> bool | None:
    """Whether ``node`` names the value (None: it cannot be told)."""
    scopes = evaluator.scopes
    found = scopes.resolve(node, scope) if isinstance(node, (ast.Name, ast.Attribute)) else None
    if isinstance(node, ast.Name):
        owner = scopes.binding_scope(node.id, scope)
        if found is None and owner is scopes.module:
            found = f"{scopes.module_name}.{node.id}"
        return found is not None and facts.canonical(found) == qualname
    if not isinstance(node, ast.Attribute):
        return False
    if found is not None:
        return facts.canonical(found) == qualname
    base = node.value
    if isinstance(base, ast.Name) and base.id in ("self", "cls"):
        return False  # an attribute of an object: not a module's value
    if evaluator.value(base, {}, scope).kinds != ANY:
        return False  # an object, a class or a plain value: not a module
    return None


def _reads(
    node: ast.expr, parent: ast.AST | None, scope: Scope, scopes: Scopes, module: str
) -> bool:
    """Whether this use of the value leaves it as it is."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        # Its own binding at the top of its module; any other store or del changes it.
        return (
            isinstance(node.ctx, ast.Store)
            and scope is scopes.module
            and scopes.module_name == module
        )
    if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
        return False
    if isinstance(parent, (ast.Compare, ast.If, ast.While, ast.FormattedValue, ast.Starred,
                           ast.BinOp, ast.Assert)):
        return True
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
        return True
    if isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)):
        return parent.iter is node
    if isinstance(parent, ast.Subscript):
        return parent.value is not node or isinstance(parent.ctx, ast.Load)
    if isinstance(parent, ast.Attribute):
        return parent.attr in _READS
    if isinstance(parent, ast.Call):
        if node is parent.func:
            return False
        func = parent.func
        if isinstance(func, ast.Name) and func.id in _READING_BUILTINS:
            return scopes.binding_scope(func.id, scope) is None
        return isinstance(func, ast.Attribute) and func.attr == "join" and node in parent.args
    return False
