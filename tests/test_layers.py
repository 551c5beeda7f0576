"""The package's layers, checked against its real imports.

Every module under ``redactlint/`` is read with ``ast`` (nothing is imported), and
each ``import x`` and ``from x import y`` (relative ones resolved) is recorded with
where it stands. Which imports count:

- for the layers, every import: at module level, inside a function and under
  ``if TYPE_CHECKING:``. A lazy import postpones a dependency, and a type-only
  import is one too; both would drag a higher layer into a lower one's API.
- for cycles, every import that runs: at module level and inside functions, not
  under ``TYPE_CHECKING`` (those never run, and two modules may name each other's
  types). A lazy import only postpones a cycle, so it counts.
- for the runtime (``redactlint.redact`` and ``redactlint.events``, imported by
  production code): what runs at import is the standard library, the two runtime
  packages and the package root only; inside a function an optional dependency
  may be loaded on first use (``jsonschema`` for validation), never another part
  of redactlint.

The layer table is the one in README.md ("Layers"); a module imports only modules
of its own row or a row above it in the table (a lower layer).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "redactlint"
ROOT = "redactlint"

# Bottom to top: a module may import its own layer and the layers listed before it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "runtime marking",
        ("redactlint", "redactlint.redact", "redactlint.atomic", "redactlint.errors"),
    ),
    ("runtime events", ("redactlint.events", "redactlint.testing", "redactlint.delivery")),
    ("schemas", ("redactlint.schema", "redactlint.declaration")),
    ("checker", ("redactlint.analysis",)),
    (
        "tools",
        (
            "redactlint.adoption",
            "redactlint.legacy",
            "redactlint.codemod",
            "redactlint.catalog",
            "redactlint.report",
            "redactlint.init",
            "redactlint.collector",
        ),
    ),
    ("front ends", ("redactlint.cli", "redactlint.flake8", "redactlint.server")),
)
RUNTIME = ("redactlint.redact", "redactlint.events", "redactlint.errors", "redactlint.delivery")
# Third-party modules the runtime may load inside a function, on first use: jsonschema
# for validation, opentelemetry (the ``otlp`` extra) for OTLP's protobuf encoding.
RUNTIME_OPTIONAL = frozenset({"jsonschema", "opentelemetry"})
COMMAND_LIMIT = 40  # lines of a click command function, from ``def`` to its end


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the importing module sees it."""

    source: str  # the importing module
    target: str  # a module of the package, or an outside module's full name
    line: int
    in_function: bool
    type_checking: bool

    @property
    def internal(self) -> bool:
        return self.target == ROOT or self.target.startswith(ROOT + ".")

    def __str__(self) -> str:
        kind = " (under TYPE_CHECKING)" if self.type_checking else ""
        kind += " (in a function)" if self.in_function else ""
        return f"{self.source}:{self.line} imports {self.target}{kind}"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Imports(ast.NodeVisitor):
    """Every import of one module, with whether it is in a function or type-only."""

    def __init__(self, module: str, is_package: bool, modules: Iterable[str]) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.modules = set(modules)
        self.functions = 0
        self.type_checking = 0
        self.found: list[Import] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions += 1
        self.generic_visit(node)
        self.functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.generic_visit(node)
            return
        self.type_checking += 1
        for statement in node.body:
            self.visit(statement)
        self.type_checking -= 1
        for statement in node.orelse:
            self.visit(statement)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(self._module_of(alias.name), node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")[: len(self.package.split(".")) - node.level + 1]
            name = ".".join([*base, *([node.module] if node.module else [])])
        else:
            name = node.module or ""
        for alias in node.names:
            submodule = f"{name}.{alias.name}"
            self._add(submodule if submodule in self.modules else self._module_of(name),
                      node.lineno)

    def _module_of(self, name: str) -> str:
        """The package module ``name`` is (or is inside), else ``name`` as written."""
        candidate = name
        while candidate and candidate not in self.modules:
            candidate = candidate.rpartition(".")[0]
        return candidate or name

    def _add(self, target: str, line: int) -> None:
        if target != self.module:
            self.found.append(
                Import(self.module, target, line, self.functions > 0, self.type_checking > 0)
            )


def read_imports(modules: Mapping[str, Path]) -> list[Import]:
    found: list[Import] = []
    for module, path in modules.items():
        collector = _Imports(module, path.name == "__init__.py", modules)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found.extend(collector.found)
    return found


def layer_of(module: str, layers: Sequence[tuple[str, tuple[str, ...]]] = LAYERS) -> int:
    """The row of ``module``'s package in the table; the root entry covers only the
    package's own ``__init__``, so a new top-level module must be placed by hand."""
    rows = {name: row for row, (_, names) in enumerate(layers) for name in names}
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in rows and (name != ROOT or module == ROOT):
            return rows[name]
    raise KeyError(f"{module} is in no layer: add it to LAYERS (and README.md)")


def package_of(module: str) -> str:
    """``redactlint.analysis.rules.base`` -> ``redactlint.analysis``."""
    return ".".join(module.split(".")[:2])


def layer_violations(
    imports: Iterable[Import], layers: Sequence[tuple[str, tuple[str, ...]]] = LAYERS
) -> list[str]:
    problems = []
    for each in imports:
        if not each.internal:
            continue
        source, target = layer_of(each.source, layers), layer_of(each.target, layers)
        if target > source:
            problems.append(
                f"{each}: layer {layers[source][0]!r} imports the higher {layers[target][0]!r}"
            )
    return problems


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _path(graph: Mapping[str, Iterable[str]], start: str, goal: str, within: set[str]) -> list[str]:
    """A shortest path from ``start`` to ``goal`` through ``within`` (breadth first)."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        if node == goal:
            path = [node]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            return path[::-1]
        for successor in sorted(graph.get(node, ())):
            if successor in within and successor not in previous:
                previous[successor] = node
                queue.append(successor)
    raise AssertionError(f"no path from {start} to {goal}")


def cross_package_cycles(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """One cycle, as ``a -> b -> ... -> a``, for every strongly connected component
    whose modules belong to more than one package."""
    cycles = []
    for component in strongly_connected(graph):
        members = set(component)
        crossing = [
            (source, target)
            for source in component
            for target in sorted(graph.get(source, ()))
            if target in members and package_of(source) != package_of(target)
        ]
        if crossing:
            source, target = crossing[0]
            cycles.append(" -> ".join([source, *_path(graph, target, source, members)]))
    return cycles


def import_graph(imports: Iterable[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for each in imports:
        if each.internal and not each.type_checking:
            graph[each.source].add(each.target)
    return graph


def runtime_violations(imports: Iterable[Import]) -> list[str]:
    problems = []
    for each in imports:
        if not each.source.startswith(RUNTIME):
            continue
        if each.internal:
            if each.target != ROOT and not each.target.startswith(RUNTIME):
                problems.append(f"{each}: the runtime imports another part of redactlint")
            continue
        top = each.target.split(".")[0]
        if top in sys.stdlib_module_names or top == "__future__":
            continue
        if each.in_function and not each.type_checking and top in RUNTIME_OPTIONAL:
            continue
        problems.append(f"{each}: the runtime imports a module outside the standard library")
    return problems


def _is_command(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr in ("command", "group")
    return isinstance(target, ast.Name) and target.id in ("command", "group")


def long_commands(source: str, limit: int = COMMAND_LIMIT) -> list[tuple[str, int]]:
    """The click command and group functions of ``source`` longer than ``limit`` lines
    (from the ``def`` line to the end, decorators excluded)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            _is_command(decorator) for decorator in node.decorator_list
        ):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                found.append((node.name, length))
    return found


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return read_imports(package_modules())


def test_every_module_has_a_layer() -> None:
    unplaced = []
    for module in package_modules():
        try:
            layer_of(module)
        except KeyError as error:
            unplaced.append(error.args[0])
    assert not unplaced, "\n".join(unplaced)


def test_no_module_imports_a_higher_layer(imports: list[Import]) -> None:
    assert any(each.internal for each in imports)  # the reader found the package's imports
    problems = layer_violations(imports)
    assert not problems, "\n".join(problems)


def test_no_import_cycle_between_packages(imports: list[Import]) -> None:
    cycles = cross_package_cycles(import_graph(imports))
    assert not cycles, "import cycles between packages:\n" + "\n".join(cycles)


def test_the_runtime_imports_only_the_standard_library(imports: list[Import]) -> None:
    problems = runtime_violations(imports)
    assert not problems, "\n".join(problems)


def test_command_functions_are_short() -> None:
    commands = sorted((PACKAGE / "cli").rglob("*.py"))
    assert commands
    long = [
        f"{path.relative_to(PACKAGE.parent)}: {name} is {length} lines (at most {COMMAND_LIMIT})"
        for path in commands
        for name, length in long_commands(path.read_text(encoding="utf-8"))
    ]
    assert not long, "\n".join(long)


def test_the_readme_shows_the_same_table() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## Layers\n")[2].partition("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    shown = [tuple(cell.strip() for cell in row.strip("|").split("|"))[:2] for row in rows[1:]]
    expected = [
        (name, ", ".join(f"`{module}`" for module in modules)) for name, modules in LAYERS
    ]
    assert shown == expected


# The checks above on made-up inputs: each one can fail.


def _imports(*edges: tuple[str, str], in_function: bool = False) -> list[Import]:
    return [Import(source, target, 1, in_function, False) for source, target in edges]


def test_self_test_a_higher_layer_is_reported() -> None:
    upward = _imports(("redactlint.analysis.engine", "redactlint.cli.check"))
    (problem,) = layer_violations(upward)
    assert "'checker' imports the higher 'front ends'" in problem
    assert not layer_violations(_imports(("redactlint.cli.check", "redactlint.analysis.engine")))


def test_self_test_an_unplaced_module_is_reported() -> None:
    with pytest.raises(KeyError, match=r"redactlint\.newthing is in no layer"):
        layer_of("redactlint.newthing")


def test_self_test_a_cycle_between_packages_is_reported() -> None:
    graph = {
        "redactlint.cli.check": {"redactlint.adoption.gate"},
        "redactlint.adoption.gate": {"redactlint.adoption.scope"},
        "redactlint.adoption.scope": {"redactlint.cli.check"},
        "redactlint.analysis.a": {"redactlint.analysis.b"},
        "redactlint.analysis.b": {"redactlint.analysis.a"},  # one package: allowed
    }
    (cycle,) = cross_package_cycles(graph)
    assert cycle == (
        "redactlint.adoption.scope -> redactlint.cli.check -> redactlint.adoption.gate"
        " -> redactlint.adoption.scope"
    )


def test_self_test_the_runtime_rule() -> None:
    bad = _imports(
        ("redactlint.events.sinks", "click"), ("redactlint.redact.x", "redactlint.schema")
    )
    assert len(runtime_violations(bad)) == 2
    assert len(runtime_violations(_imports(("redactlint.events.v", "jsonschema")))) == 1
    lazy = _imports(("redactlint.events.v", "jsonschema"), in_function=True)
    good = _imports(("redactlint.events.v", "json"), ("redactlint.events.v", "redactlint.redact"))
    assert not runtime_violations([*lazy, *good])


def test_self_test_a_long_command_is_reported() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(40))
    source = (
        "import click\n@click.command()\n@click.option('--a')\n"
        f"def long(a: str) -> None:\n{body}\n"
        f"@group.command('short')\ndef short() -> None:\n    pass\n"
        f"def helper() -> None:\n{body}\n"
    )
    assert long_commands(source) == [("long", 41)]


def test_self_test_imports_are_read_in_every_place(tmp_path: Path) -> None:
    package = tmp_path / "redactlint"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from .. import other\n")
    (package / "other.py").write_text("")
    (package / "sub" / "mod.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "import redactlint.other\n"
        "from . import helper\n"
        "if TYPE_CHECKING:\n    from ..other import Thing\n"
        "def f():\n    from .helper import run\n"
    )
    (package / "sub" / "helper.py").write_text("")
    found = read_imports(package_modules(package))
    shown = sorted((i.source, i.target, i.in_function, i.type_checking) for i in found)
    assert shown == [
        ("redactlint.sub", "redactlint.other", False, False),
        ("redactlint.sub.mod", "redactlint.other", False, False),
        ("redactlint.sub.mod", "redactlint.other", False, True),
        ("redactlint.sub.mod", "redactlint.sub.helper", False, False),
        ("redactlint.sub.mod", "redactlint.sub.helper", True, False),
        ("redactlint.sub.mod", "typing", False, False),
    ]
