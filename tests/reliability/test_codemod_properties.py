"""``fix`` never corrupts: for generated programs and every sink configuration of the
test suite, the fixed file parses, compiles, is a fixed point of ``fix``, and differs
from its input only inside the arguments of sink calls and in the import block.

"Only there" is checked twice: the two module ASTs are equal once the arguments of
every call named like a sink and the ``redactlint`` imports are masked (plus
``SafeStr(x)`` -> ``safe(x)``, RL204's fix, which applies anywhere); and every line
the fix changed lies inside a sink call, an import or the import block.

(Atomic writes, a file changed during the run, encodings, BOM, line endings, the
final newline and permissions are tested in ``tests/codemod/test_files.py``.)
"""

from __future__ import annotations

import ast
import difflib
import os
from collections.abc import Iterator
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from redactlint.analysis.engine import Settings, check_source
from redactlint.analysis.findings import Finding
from redactlint.analysis.sources import physical_lines
from redactlint.codemod.files import SourceFile
from redactlint.codemod.fix import fix_found, fix_source

from .conftest import REPO
from .sink_configurations import CONFIGURATIONS, SinkCall, sink_calls

# Generated programs may call literals ("1()"): valid syntax, with a warning.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")
MODULE = ("app.generated", False)
# Examples per configuration; raise it for a longer hunt (REDACTLINT_PROPERTY_EXAMPLES=500).
EXAMPLES = int(os.environ.get("REDACTLINT_PROPERTY_EXAMPLES", "20"))
RUNTIME_CALLS = frozenset({"SafeStr", "safe"})
MARKERS = frozenset("\u2039\u203a\u2020")


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Settings]:
    scratch = tmp_path_factory.mktemp("configurations")
    return {configuration.name: configuration.settings(scratch) for configuration in CONFIGURATIONS}


# -- the property -------------------------------------------------------------------


def callee_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def payload_names(function: ast.AST, sink_names: frozenset[str]) -> set[str]:
    """The local names ``function`` passes to a sink (bare or in ``redacted(...)``): the
    mappings whose values ``fix`` may mark where they are stored."""
    names: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and callee_name(node) in sink_names:
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(argument, ast.Call) and callee_name(argument) == "redacted":
                    argument = argument.args[0] if argument.args else argument
                if isinstance(argument, ast.Name):
                    names.add(argument.id)
    return names


def stores_into(node: ast.AST, names: set[str]) -> bool:
    """``name = {...}``, ``name[key] = value``, ``name.update(...)``,
    ``name.setdefault(...)`` for one of ``names``."""
    if isinstance(node, ast.Assign):
        return any(
            (isinstance(t, ast.Name) and t.id in names and isinstance(node.value, ast.Dict))
            or (isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)
                and t.value.id in names)
            for t in node.targets
        )
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("update", "setdefault")
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in names
    )


class Masked(ast.NodeTransformer):
    """The regions ``fix`` may change, blanked out: sink calls, and the values stored into
    a local mapping passed to one."""

    def __init__(self, sink_names: frozenset[str], safe_names: frozenset[str]) -> None:
        self.sink_names = sink_names
        self.safe_names = safe_names
        self.payloads: set[str] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        outer, self.payloads = self.payloads, payload_names(node, self.sink_names)
        node = self.generic_visit(node)  # type: ignore[assignment]
        self.payloads = outer
        return node

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        if stores_into(node, self.payloads):
            node.value = ast.Constant(value="<stored>")
            return node
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        name = callee_name(node)
        if name in self.sink_names or stores_into(node, self.payloads):
            return ast.Call(func=self.visit(node.func), args=[], keywords=[])
        node = self.generic_visit(node)  # type: ignore[assignment]
        if name in self.safe_names:
            node.func = ast.Name(id="<safe>", ctx=ast.Load())
        return node

    def visit_Import(self, node: ast.Import) -> ast.AST | None:
        if all(alias.name.split(".")[0] == "redactlint" for alias in node.names):
            return None
        return node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST | None:
        return None if (node.module or "").split(".")[0] == "redactlint" else node


def safe_names(tree: ast.Module) -> frozenset[str]:
    """``safe``, ``SafeStr`` and the names ``SafeStr`` is imported under (RL204's fix
    turns ``SafeStr(x)`` into ``safe(x)`` anywhere)."""
    names = set(RUNTIME_CALLS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("redactlint"):
            names.update(a.asname for a in node.names if a.name == "SafeStr" and a.asname)
    return frozenset(names)


def masked(source: str, sink_names: frozenset[str], safe: frozenset[str]) -> str:
    tree = ast.parse(source)
    return ast.dump(Masked(sink_names, safe).visit(tree), include_attributes=False)


def changeable_lines(source: str, sink_names: frozenset[str]) -> tuple[set[int], int]:
    """0-based lines inside sink calls, imports, RL204 calls and the statements storing
    into a local mapping passed to a sink; and where the import block ends (a new import
    goes before that line)."""
    tree = ast.parse(source)
    lines: set[int] = set()
    payloads = {
        id(node): payload_names(node, sink_names)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    for function in ast.walk(tree):
        for node in ast.walk(function) if id(function) in payloads else ():
            if stores_into(node, payloads[id(function)]):
                lines.update(range(node.lineno - 1, (node.end_lineno or node.lineno)))
    for node in ast.walk(tree):
        inside = (
            isinstance(node, (ast.Import, ast.ImportFrom))
            or (isinstance(node, ast.Call) and callee_name(node) in sink_names)
            # RL205's fix escapes marker characters in any literal (the value stays).
            or (isinstance(node, ast.Constant) and MARKERS & set(str(node.value)))
            or (isinstance(node, ast.JoinedStr) and MARKERS & set(ast.unparse(node)))
        )
        if inside:
            lines.update(range(node.lineno - 1, (node.end_lineno or node.lineno)))
    block_end = len(physical_lines(source))
    for statement in tree.body:
        leading = isinstance(statement, (ast.Import, ast.ImportFrom)) or (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        )
        if not leading:
            decorators = getattr(statement, "decorator_list", [])
            block_end = min(node.lineno for node in [statement, *decorators]) - 1
            break
    return lines, block_end


def assert_changes_only_where_allowed(before: str, after: str, sink_names: frozenset[str]) -> None:
    tree = ast.parse(before)
    safe = safe_names(tree)
    sink_names |= {  # sinks imported under another name
        alias.asname
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name in sink_names and alias.asname
    }
    assert masked(before, sink_names, safe) == masked(after, sink_names, safe), (
        "the fix changed other code"
    )
    allowed, block_end = changeable_lines(before, sink_names | safe)
    old, new = physical_lines(before), physical_lines(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # an insertion: in the import block, or next to a changeable line
            assert i1 <= block_end or {i1 - 1, i1} & allowed, (tag, i1, new[j1:j2])
        else:
            outside = [i for i in range(i1, i2) if i not in allowed and i >= block_end]
            assert not outside, (tag, [old[i] for i in outside], new[j1:j2])


def calls_around_findings(source: str, settings: Settings) -> frozenset[str]:
    """The names of the calls whose arguments hold a fixable finding: the sinks as the
    checker resolved them (through aliases, imports inside functions...)."""
    findings = check_source("generated.py", source.encode(), settings, module=MODULE)
    spans = [((f.line, f.column - 1), (f.span.end_line, f.span.end_column - 1)) for f in findings]
    spans = [span for span, f in zip(spans, findings, strict=True) if f.fix is not None]
    lines = physical_lines(source)

    def position(line: int, offset: int) -> tuple[int, int]:  # ast columns are UTF-8 bytes
        return line, len(lines[line - 1].encode()[:offset].decode(errors="replace"))

    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or callee_name(node) is None:
            continue
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            start = position(argument.lineno, argument.col_offset)
            end = position(argument.end_lineno or 0, argument.end_col_offset or 0)
            if any(start <= first and last <= end for first, last in spans):
                names.add(str(callee_name(node)))
    return frozenset(names)


def fixed_once(source: str, settings: Settings) -> tuple[str, int]:
    """``source`` after one ``fix`` (with the passes its own fixes call for, as ``fix``
    runs them) and the number of fixes applied."""
    findings = check_source("generated.py", source.encode(), settings, module=MODULE)

    def check(_path: Path, data: bytes) -> list[Finding]:
        return check_source("generated.py", data, settings, module=MODULE)

    file = SourceFile(Path("generated.py"), source.encode(), "utf-8", False, source)
    result = fix_found(file.path, file, findings, settings, check)
    if result is None:
        return source, 0
    if result.error is not None:
        assert result.fixed == source  # refused whole: the file stays as it was
        return source, 0
    return result.fixed, len(result.applied)


def assert_fix_is_sound(source: str, settings: Settings, sink_names: frozenset[str]) -> int:
    """``fix`` output compiles, changes only sink arguments and imports, and is a fixed
    point; returns the number of fixes applied."""
    fixed, applied = fixed_once(source, settings)
    compile(fixed, "generated.py", "exec", dont_inherit=True)
    assert_changes_only_where_allowed(source, fixed, sink_names)
    again, _ = fixed_once(fixed, settings)
    assert again == fixed, "fix is not idempotent:\n" + "".join(
        difflib.unified_diff(fixed.splitlines(True), again.splitlines(True))
    )
    return applied


# -- generated programs ---------------------------------------------------------------

NAMES = ("text", "user.email", "data['k']", "n", "args[0]", "kwargs.get('q')", "str(n)")
WORDS = st.text(
    alphabet=st.sampled_from("abc XYZ-_.,:;/!?%@\u00e9\u2039\u203a\u2020"), min_size=0, max_size=8
)


@st.composite
def fstrings(draw: st.DrawFn) -> str:
    """An f-string in double quotes whose parts are names (no quotes inside)."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        literal = draw(WORDS).replace("{", "{{").replace("}", "}}")
        name = draw(st.sampled_from(NAMES[:2] + NAMES[3:4]))
        suffix = draw(st.sampled_from(["", "!r", ":>8", "!s:^5", "=", ":%"]))
        if suffix == ":%":
            name, suffix = "n", ":.1%"
        parts.append(literal + "{" + name + suffix + "}")
    return 'f"' + "".join(parts) + draw(WORDS).replace("{", "{{").replace("}", "}}") + '"'


def literal(text: str) -> str:
    return repr(text)


@st.composite
def values(draw: st.DrawFn, depth: int = 0) -> str:
    """A Python expression a sink argument might be."""
    atom = st.one_of(
        st.sampled_from(NAMES),
        WORDS.map(literal),
        st.integers(-5, 10**6).map(str),
        st.sampled_from(["True", "None", "1.5", "b'x'", "[]", "{}"]),
        fstrings(),
    )
    if depth >= 2:
        return draw(atom)
    inner = values(depth + 1)
    kind = draw(st.integers(0, 13))
    if kind <= 4:
        return draw(atom)
    a, b = draw(inner), draw(inner)
    words = draw(WORDS)
    percent = words.replace("%", "%%") + " %s"
    braces = words.replace("{", "{{").replace("}", "}}") + " {}"
    return [
        f"{percent!r} % ({a},)",
        f"{braces!r}.format({a})",
        f"{a} + {b}",
        f"{literal(draw(WORDS))} + {a}",
        f"safe({a})",
        f"unsafe({a})",
        f"redact.format('{{}}-{{}}', {a}, {b})",
        f"SafeStr({a})",
        f"({a} if n else {b})",
        f"(\n        {a}  # a comment inside\n        + {b}\n    )",
    ][kind - 4]


@st.composite
def sink_call_source(draw: st.DrawFn, call: SinkCall) -> str:
    if call.is_class:
        chosen = draw(st.lists(st.sampled_from(call.keys or ("x",)), unique=True, max_size=4))
        arguments = [f"{name}={draw(values())}" for name in chosen]
        return f"{call.callee}({', '.join(arguments)})"
    positional: dict[int, str] = {}
    keywords: dict[str, str] = {}
    event = repr(draw(st.sampled_from(call.events))) if call.events else draw(values())
    keys = call.keys or ("query", "label")
    mapping = draw(
        st.one_of(
            st.lists(st.tuples(st.sampled_from(keys), values()), max_size=3).map(
                lambda pairs: "{" + ", ".join(f"{k!r}: {v}" for k, v in pairs) + "}"
            ),
            st.just("dict(query=text)"),
            values(),
        )
    )
    for slot, value in ((call.event, event), (call.properties, mapping)):
        if isinstance(slot, int):
            positional[slot] = value
        elif isinstance(slot, str):
            keywords[slot] = value
    extra = draw(st.lists(values(), max_size=2))
    arguments = []
    for position in range(max([*positional, -1]) + 1):
        arguments.append(positional.get(position) or (extra.pop() if extra else "None"))
    arguments += extra
    arguments += [f"{name}={value}" for name, value in keywords.items()]
    if draw(st.booleans()) and arguments:
        return f"{call.callee}(\n        " + ",\n        ".join(arguments) + ",\n    )"
    return f"{call.callee}({', '.join(arguments)})"


# Any other code around the sink calls (built once: the grammar takes a while).
SURROUNDINGS = st.deferred(hypothesmith.from_grammar)
HEADERS = (
    "",
    '"""A generated module."""\n',
    '"""A generated module."""\nfrom __future__ import annotations\n',
    "from __future__ import annotations\n",
)
RUNTIME_IMPORTS = (
    "",
    "from redactlint import redact\n",
    "from redactlint.redact import unsafe\n",
    "import redactlint.redact as rr\n",
    "from redactlint.redact import SafeStr, safe, unsafe\nfrom redactlint import redact\n",
)


@st.composite
def programs(draw: st.DrawFn, calls: list[SinkCall]) -> str:
    header = draw(st.sampled_from(HEADERS))
    runtime = draw(st.sampled_from(RUNTIME_IMPORTS))
    used = draw(st.lists(st.sampled_from(calls), min_size=1, max_size=4))
    imports = "".join(sorted({call.imports + "\n" for call in used if call.imports}))
    clients = "".join(
        f"{call.callee.split('.')[0]} = object()\n"
        for call in used
        if call.callee.startswith("client_") and "import" not in call.imports
    )
    between = draw(st.sampled_from(["", "redact = 'not the runtime'\n", "x = 1  # keep me\n"]))
    surrounding = draw(st.one_of(st.just(""), SURROUNDINGS))
    body = "\n".join(f"    {draw(sink_call_source(call))}" for call in used)
    program = (
        f"{header}{imports}{runtime}{clients}{between}\n"
        f"def handler(text, user, n, data, *args, **kwargs):\n"
        f"    local = f'{{text}}'  # not a sink: stays\n"
        f"{body}\n"
        f"    return local\n\n"
        f"{surrounding}\n"
        f"{sink_call_source_module(draw, used)}\n"
    )
    try:
        compile(program, "generated.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assume(False)
    return program


def sink_call_source_module(draw: st.DrawFn, used: list[SinkCall]) -> str:
    call = draw(st.sampled_from(used))
    text = draw(sink_call_source(call))
    return text.replace("\n    ", "\n")


def names_of(calls: list[SinkCall]) -> frozenset[str]:
    return frozenset(call.name for call in calls)


@pytest.mark.parametrize("configuration", [c.name for c in CONFIGURATIONS])
def test_fix_on_generated_programs(configured: dict[str, Settings], configuration: str) -> None:
    settings_ = configured[configuration]
    calls = sink_calls(settings_)
    sink_names = names_of(calls)
    applied: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(programs(calls))
    def check(program: str) -> None:
        applied.append(assert_fix_is_sound(program, settings_, sink_names))

    check()
    assert sum(applied) > 0, "no generated program had anything to fix"


# -- real files: every fixture under every configuration --------------------------------


def fixture_sources() -> Iterator[Path]:
    yield from sorted((REPO / "tests" / "codemod" / "fixtures").glob("*.input.py"))
    yield from sorted((REPO / "tests" / "migrate" / "fixtures").glob("*.input.py"))
    yield from sorted((REPO / "tests" / "analysis" / "fixtures").rglob("*.py"))
    yield from sorted((REPO / "examples" / "app" / "notebook_search").rglob("*.py"))


FIXTURE_SINK_NAMES = frozenset(
    {"track", "track_user", "track_async", "track_model_run", "emit", "note", "capture", "record"}
)


@pytest.mark.parametrize("configuration", [c.name for c in CONFIGURATIONS])
def test_fix_on_every_fixture(configured: dict[str, Settings], configuration: str) -> None:
    settings_ = configured[configuration]
    sink_names = FIXTURE_SINK_NAMES | names_of(sink_calls(settings_))
    for path in fixture_sources():
        source = path.read_text(encoding="utf-8")
        try:
            compile(source, str(path), "exec", dont_inherit=True)
        except SyntaxError:
            continue
        try:
            names = sink_names | calls_around_findings(source, settings_)
            assert_fix_is_sound(source, settings_, names)
        except AssertionError as error:
            raise AssertionError(
                f"{path.relative_to(REPO)} under {configuration}: {error}"
            ) from None


def test_deep_nesting_is_fixed_or_refused_not_crashed(configured: dict[str, Settings]) -> None:
    """Nesting ``compile()`` accepts but libcst cannot follow: the file is left alone."""
    source = (  # a fixable call, and a long sum elsewhere in the file
        "from app.tracking import note\n\n\ndef f(text):\n    note(text)\n"
        "    return " + " + ".join(["text"] * 900) + "\n"
    )
    compile(source, "deep.py", "exec", dont_inherit=True)
    findings = check_source("deep.py", source.encode(), configured["analysis"], module=MODULE)
    fixable = [f for f in findings if f.fix is not None]
    assert fixable
    result = fix_source(Path("deep.py"), source, fixable)
    if result.error is not None:
        assert result.fixed == source and not result.changed
    else:
        compile(result.fixed, "deep.py", "exec", dont_inherit=True)
