"""Qualified names through imports, aliases and shadowing, scope by scope."""

from __future__ import annotations

import ast

import pytest

from redactlint.analysis.scopes import Scope, ScopeNode, Scopes

_SCOPE_NODES = (
    ast.Module,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def resolve_marked(source: str, module: str = "pkg.mod", is_package: bool = False) -> str | None:
    """Resolve the expression on the line marked ``# <-``, in the scope it sits in."""
    tree = ast.parse(source)
    scopes = Scopes(tree, module, is_package)
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.endswith("# <-"))
    found = _find(tree, line, tree)
    assert found is not None, f"no expression statement on line {line}"
    expr, node = found
    scope: Scope = scopes.scope_of(node)
    return scopes.resolve(expr, scope)


def _find(node: ast.AST, line: int, scope_node: ScopeNode) -> tuple[ast.expr, ScopeNode] | None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Expr) and child.lineno == line:
            value = child.value
            if isinstance(value, ast.ListComp):  # resolve the element, inside the comprehension
                return value.elt, value
            if isinstance(value, ast.Lambda):
                return value.body, value
            return value, scope_node
        inner = child if isinstance(child, _SCOPE_NODES) else scope_node
        found = _find(child, line, inner)
        if found is not None:
            return found
    return None


CASES = [
    ("import a\na.track  # <-", "a.track"),
    ("import a.b.c\na.b.c.d  # <-", "a.b.c.d"),
    ("import a.b as ab\nab.x  # <-", "a.b.x"),
    ("from a import b\nb.c  # <-", "a.b.c"),
    ("from a import b as c\nc.d  # <-", "a.b.d"),
    ("from a.b import c as d\nd  # <-", "a.b.c"),
    ("from a import *\ntrack  # <-", None),
    ("track  # <-", None),
    ("len  # <-", None),
    # aliases and instances
    ("import a\nt = a.track\nt  # <-", "a.track"),
    ("import a\nt = a.track\nu = t\nu  # <-", "a.track"),
    ("import a\nm = a\nm.track  # <-", "a.track"),
    ("import p\nc = p.Client('k')\nc.send  # <-", "p.Client.send"),
    ("import p\np.Client('k').send  # <-", "p.Client.send"),
    ("import p\nc: p.Client = p.Client()\nc.send  # <-", "p.Client.send"),
    ("a = b\nb = a\na  # <-", None),
    ("import a\nx = a.items[0]\nx  # <-", None),
    ("import a\na.items[0].send  # <-", None),
    # rebinding and shadowing
    ("import a\nimport a\na.x  # <-", "a.x"),
    (
        "import json\ntry:\n    import ujson as json\nexcept ImportError:\n    pass\njson.x  # <-",
        None,
    ),
    ("import a\na = None\na.x  # <-", None),
    ("import a\ndef a(): pass\na.x  # <-", None),
    ("import a\nclass a: pass\na.x  # <-", None),
    ("import a\ndef f(a):\n    a.x  # <-", None),
    ("import a\ndef f(*a):\n    a.x  # <-", None),
    ("import a\ndef f(**a):\n    a.x  # <-", None),
    ("import a\ndef f():\n    a = 1\n    a.x  # <-", None),
    ("import a\ndef f():\n    a.x  # <-\n    a = 1", None),
    ("import a\ndef f():\n    for a in []:\n        pass\n    a.x  # <-", None),
    ("import a\ndef f():\n    with g() as a:\n        a.x  # <-", None),
    ("import a\ndef f():\n    try:\n        pass\n    except E as a:\n        a.x  # <-", None),
    ("import a\ndef f(v):\n    match v:\n        case [a]:\n            a.x  # <-", None),
    ("import a\ndef f(v):\n    match v:\n        case {**a}:\n            a.x  # <-", None),
    ("import a\ndef f():\n    (a := 1)\n    a.x  # <-", None),
    ("import a\ndef f():\n    import b as a\n    a.x  # <-", "b.x"),
    ("import a\ndef f():\n    a.x  # <-", "a.x"),
    ("import a\ndef f():\n    def g():\n        a.x  # <-", "a.x"),
    ("import a\ndef f(a):\n    def g():\n        a.x  # <-", None),
    ("import a\nlambda a: a.x  # <-", None),
    ("import a\nlambda b: a.x  # <-", "a.x"),
    ("import a\n[a.x for a in items]  # <-", None),
    ("import a\n[a.x for b in items]  # <-", "a.x"),
    # class scopes are not visible from their methods
    ("import a\nclass C:\n    a = 1\n    def m(self):\n        a.x  # <-", "a.x"),
    ("import a\nclass C:\n    a = 1\n    a.x  # <-", None),
    ("import a\nclass C:\n    a.x  # <-", "a.x"),
    # global and nonlocal
    ("import a\ndef f():\n    global a\n    a = 1\na.x  # <-", None),
    ("import a\ndef f():\n    global a\n    a.x  # <-", "a.x"),
    (
        "def f():\n    import a\n    def g():\n        nonlocal a\n        a = 1\n    a.x  # <-",
        None,
    ),
    ("def f():\n    import a\n    def g():\n        nonlocal a\n        a.x  # <-", "a.x"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_resolve(source: str, expected: str | None) -> None:
    assert resolve_marked(source) == expected


RELATIVE = [
    # (module, is_package, import, expected)
    ("pkg.mod", False, "from . import x", "pkg.x"),
    ("pkg.mod", False, "from .m import x", "pkg.m.x"),
    ("pkg.sub.mod", False, "from .. import x", "pkg.x"),
    ("pkg.sub.mod", False, "from ..m import x", "pkg.m.x"),
    ("pkg.sub.mod", False, "from ...m import x", "m.x"),
    ("pkg", True, "from . import x", "pkg.x"),
    ("pkg.sub", True, "from .m import x", "pkg.sub.m.x"),
    ("pkg.sub", True, "from .. import x", "pkg.x"),
    ("pkg.sub", True, "from ..m import x", "pkg.m.x"),
]


@pytest.mark.parametrize(("module", "is_package", "statement", "expected"), RELATIVE)
def test_relative_imports(module: str, is_package: bool, statement: str, expected: str) -> None:
    assert resolve_marked(f"{statement}\nx  # <-", module, is_package) == expected


def test_candidates_stay_linear_on_long_rebinding_chains() -> None:
    """``x = x.strip()`` many times under branches once took exponential time."""
    import time

    lines = ["import analytics", "def f(x):"]
    for index in range(40):
        lines.append(f"    if x.n{index}:")
        lines.append(f"        x = x.m{index}()")
    lines.append("    x.track(1)")
    tree = ast.parse("\n".join(lines))
    scopes = Scopes(tree, "app.module")
    function = tree.body[1]
    assert isinstance(function, ast.FunctionDef)
    call = function.body[-1]
    assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)
    started = time.perf_counter()
    assert scopes.candidates(call.value.func, scopes.scope_of(function)) == set()
    assert time.perf_counter() - started < 1.0
