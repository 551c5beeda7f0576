"""The checker never crashes: mutated real files, random bytes, generated programs,
files that are not files. ``check`` exits 0 or 1 and names every file it could not
read or parse, with a location; the engine reports RL901 only where Python's own
parser fails too."""

from __future__ import annotations

import ast
import errno
import io
import json
import os
import random
import subprocess
import sys
import tokenize
from collections.abc import Callable
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redactlint.analysis.engine import check_source
from redactlint.analysis.findings import Finding
from redactlint.analysis.sources import physical_lines

from ..analysis.project import Project
from .conftest import SOURCE_FILES, assert_no_crash, invoke

# Generated programs may call literals ("1()"): valid syntax, with a warning.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")
Mutation = Callable[[bytes, random.Random], bytes]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    return bytes(mutated)


def insert_nul(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\x00" + data[at:]


def add_bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r\n")


def lone_cr(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r")


def mixed_line_ends(data: bytes, rng: random.Random) -> bytes:
    return b"".join(line + rng.choice([b"\n", b"\r\n", b"\r"]) for line in data.split(b"\n"))


def latin1_bytes(data: bytes, rng: random.Random) -> bytes:
    """Latin-1 bytes in a file that declares nothing (so it is not UTF-8)."""
    return data.replace(b"e", b"\xe9", 3)


def latin1_declared(data: bytes, rng: random.Random) -> bytes:
    """The same text re-encoded as Latin-1 under a coding comment, where it can be."""
    try:
        text = data.decode("utf-8").encode("latin-1")
    except (UnicodeDecodeError, UnicodeEncodeError):
        text = data
    return b"# -*- coding: latin-1 -*-\n" + text.replace(b"e", b"\xe9", 3)


def tabs(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"    ", b"\t")


def mixed_tabs(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"        ", b"\t    ")


def form_feeds(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\n\x0c")


def long_line(data: bytes, rng: random.Random) -> bytes:
    return data + b"\nLONG = '" + b"x" * 50_000 + b"'\nnote(LONG + " + b"a" * 50_000 + b")\n"


def deep_brackets(data: bytes, rng: random.Random) -> bytes:
    return data + b"\nnote(" + b"[" * 500 + b"text" + b"]" * 500 + b")\n"


def deep_calls(data: bytes, rng: random.Random) -> bytes:
    return data + b"\nnote(" + b"f(" * 500 + b"text" + b")" * 500 + b")\n"


def deep_but_valid(data: bytes, rng: random.Random) -> bytes:
    """Nesting Python compiles (a 190-deep call, a 2,000-term sum) but a naive walk
    does not."""
    calls = b"note(" + b"f(" * 190 + b"text" + b")" * 190 + b")\n"
    return data + b"\n" + calls + b"note(" + b" + ".join([b"text"] * 2000) + b")\n"


def empty(data: bytes, rng: random.Random) -> bytes:
    return b""


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        truncate,
        flip_bytes,
        insert_nul,
        add_bom,
        crlf,
        lone_cr,
        mixed_line_ends,
        latin1_bytes,
        latin1_declared,
        tabs,
        mixed_tabs,
        form_feeds,
        long_line,
        deep_brackets,
        deep_calls,
        deep_but_valid,
        empty,
    )
}
RANDOM_MUTATIONS = ("truncate", "flip_bytes", "insert_nul", "mixed_line_ends")


def python_rejects(data: bytes) -> bool:
    """True when ``data`` is not text in its declared encoding (PEP 263, PEP 3120), or
    CPython cannot parse it (as ``ast.parse`` would).

    CPython 3.11 does not check the bytes of comments; the checker does, as 3.12 does.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        data.decode(encoding)
        compile(data, "<mutated>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeError, LookupError, RecursionError, MemoryError):
        return True
    return False


def compile_rejects(data: bytes) -> bool:
    """True when ``compile()`` refuses ``data``."""
    try:
        compile(data, "<mutated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError):
        return True
    return False


def assert_located(findings: list[Finding], data: bytes) -> None:
    """Every finding lies inside the file (1-based lines and columns)."""
    try:
        lines = len(physical_lines(data.decode("utf-8", "replace")))
    except Exception:  # pragma: no cover - decoding with "replace" does not fail
        lines = 1
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1, finding
        assert finding.span.end_line >= finding.line, finding
        # A syntax error may point one line past the end (an unclosed bracket at EOF).
        assert finding.line <= lines + 1, (finding, lines)


def assert_checked(project: Project, data: bytes, name: str) -> list[Finding]:
    """Check ``data``; file-level findings exactly when Python rejects the file."""
    findings = check_source(name, data, project.settings, module=("app.mutated", False))
    assert_located(findings, data)
    file_level = [f for f in findings if f.code in ("RL901", "RL902")]
    if any(f.code == "RL901" for f in file_level):
        assert compile_rejects(data), f"RL901 on a file compile() accepts: {file_level}"
    if python_rejects(data):
        assert len(file_level) == 1 and findings == file_level, findings
    else:
        assert not file_level, file_level
    return findings


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_mutated_fixtures_never_crash_the_engine(checker_project: Project, mutation: str) -> None:
    rng = random.Random(f"{mutation}-2024")
    rounds = 6 if mutation in RANDOM_MUTATIONS else 1
    for source in SOURCE_FILES:
        original = source.read_bytes()
        for _ in range(rounds):
            assert_checked(checker_project, MUTATIONS[mutation](original, rng), source.name)


def test_deep_nesting_that_compiles_is_checked(checker_project: Project) -> None:
    """Nesting ``compile()`` accepts is checked, not reported as a syntax error."""
    prelude = "from app.tracking import note\n\n\ndef f(text, x):\n    note("
    for expression in (
        " + ".join(["text"] * 2000),
        "lambda: " * 1200 + "text",
        "text if x else " * 2000 + "text",
        " + ".join(['f"{text}"'] * 2000),
        "'%s' % (" * 190 + "text" + ")" * 190,
    ):
        data = (prelude + expression + ")\n").encode()
        assert not compile_rejects(data)
        codes = {f.code for f in assert_checked(checker_project, data, "deep.py")}
        assert codes & {"RL001", "RL002"}, codes


def test_nesting_beyond_python_is_a_finding(checker_project: Project) -> None:
    prelude = b"from app.tracking import note\nnote("
    for expression in (b"-" * 100_000 + b"x", b"+".join([b"x"] * 100_000), b"(" * 5000):
        data = prelude + expression + b")\n"
        findings = check_source("deep.py", data, checker_project.settings)
        assert [f.code for f in findings] == ["RL901"]
        assert compile_rejects(data)


SINK_PRELUDE = b"from app.tracking import note\nimport analytics\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_engine(checker_project: Project, data: bytes) -> None:
    assert_checked(checker_project, SINK_PRELUDE + data, "random.py")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_random_text_in_a_sink_call_never_crashes(checker_project: Project, text: str) -> None:
    data = SINK_PRELUDE + b"note(" + text.encode("utf-8", "surrogatepass") + b")\n"
    assert_checked(checker_project, data, "random.py")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_generated_programs_are_checked_without_error(
    checker_project: Project, program: str
) -> None:
    data = SINK_PRELUDE + program.encode("utf-8", "surrogatepass")
    findings = assert_checked(checker_project, data, "generated.py")
    if not python_rejects(data):
        assert not [f for f in findings if f.code in ("RL901", "RL902")]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar("eval_input"))
def test_generated_expressions_in_every_sink_position(
    checker_project: Project, expression: str
) -> None:
    """Any expression, as a sink argument, an event field and a property value."""
    value = "(" + expression.strip() + "\n)"
    program = (
        "from app.tracking import emit, note, track_model_run\n"
        "from app.telemetry.events import SearchSubmitted\n"
        "import analytics\n"
        "\n"
        "def f(text, n):\n"
        f"    note({value})\n"
        f"    emit(name='search.submitted', props={{'query': {value}}})\n"
        f"    analytics.track({value}, {{'query': {value}, 'resultCount': {value}}})\n"
        f"    analytics.track('search.submitted', {value})\n"
        f"    track_model_run({value})\n"
        f"    SearchSubmitted(query={value}, pattern_type={value}, result_count=n)\n"
    )
    data = program.encode("utf-8", "surrogatepass")
    assume_compiles = not compile_rejects(data)
    findings = assert_checked(checker_project, data, "generated.py")
    if assume_compiles:
        assert not [f for f in findings if f.code in ("RL901", "RL902")]


# -- through the command line: a whole tree of hostile files -----------------------

MARK = b"\n# redactlint: names the runtime, so the prefilter keeps this file\n"


def write_hostile_tree(root: Path) -> dict[str, bytes]:
    """Mutated copies of every source file under ``root/app/hostile``; their bytes."""
    written: dict[str, bytes] = {}
    rng = random.Random(7)
    directory = root / "app" / "hostile"
    directory.mkdir(parents=True)
    for source in SOURCE_FILES:
        original = source.read_bytes()
        for mutation, function in MUTATIONS.items():
            if mutation in ("long_line", "deep_but_valid") and rng.random() < 0.8:
                continue  # slow to check; a few are enough here
            data = function(original, rng)
            data = data if mutation == "empty" else data + MARK
            name = f"{source.stem.replace('.', '_')}_{mutation}.py"
            (directory / name).write_bytes(data)
            written[f"app/hostile/{name}"] = data
    return written


def findings_by_file(stdout: str) -> dict[str, list[dict[str, object]]]:
    document = json.loads(stdout)
    by_file: dict[str, list[dict[str, object]]] = {}
    for finding in document["findings"]:
        by_file.setdefault(str(finding["path"]), []).append(finding)
    return by_file


def test_check_on_a_hostile_tree(fresh_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = fresh_project.root
    written = write_hostile_tree(root)
    app = root / "app"
    (app / "x.py").mkdir()  # a directory named like a module: walked, not read
    (app / "x.py" / "inner.py").write_text("from app.tracking import note\nnote(input())\n")
    (app / "broken_link.py").symlink_to(app / "nowhere.py")
    (app / "loop_a.py").symlink_to(app / "loop_b.py")
    (app / "loop_b.py").symlink_to(app / "loop_a.py")
    os.mkfifo(app / "pipe.py")  # reading it would block the run forever
    (app / "device.py").symlink_to(os.devnull)
    unreadable = app / "unreadable.py"
    unreadable.write_text("from app.tracking import note\nnote(input())\n")
    deny_reading(unreadable, monkeypatch)

    result = invoke("check", "--format", "json", "--no-cache", "--jobs", "2")
    assert_no_crash(result)
    by_file = findings_by_file(result.stdout)

    for relative, data in written.items():
        if not python_rejects(data):
            continue
        problems = [f for f in by_file.get(relative, []) if f["code"] in ("RL901", "RL902")]
        assert len(problems) == 1, (relative, by_file.get(relative))
        assert int(problems[0]["line"]) >= 1 and int(problems[0]["column"]) >= 1  # type: ignore[call-overload]
    assert {f["code"] for f in by_file["app/x.py/inner.py"]} == {"RL001"}
    for name, reason in [
        ("broken_link.py", "No such file or directory"),
        ("loop_a.py", "Too many levels of symbolic links"),
        ("loop_b.py", "Too many levels of symbolic links"),
        ("pipe.py", "not a regular file"),
        ("device.py", "not a regular file"),
        ("unreadable.py", "Permission denied"),
    ]:
        [finding] = by_file[f"app/{name}"]
        assert finding["code"] == "RL902" and finding["line"] == 1 and finding["column"] == 1
        assert f"cannot read the file: {reason}" in str(finding["message"])


def deny_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` unreadable: by its mode, or, for root (who reads anything), by
    failing its ``open`` as the kernel would."""
    path.chmod(0)
    if os.geteuid() != 0:
        return
    real_open = os.open
    denied = str(path.resolve())

    def refusing_open(file: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if os.path.realpath(file) == denied:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)


def test_the_real_command_with_workers_on_broken_files(fresh_project: Project) -> None:
    """The installed command, in worker processes: exit 1, findings, no traceback."""
    directory = fresh_project.root / "app" / "many"
    directory.mkdir()
    for index in range(60):  # enough files for worker processes
        body = b"from app.tracking import note\n" + (
            b"def f(:\n" if index % 3 == 0 else b"note('\xe9')\n" if index % 3 == 1 else b"x = 1\n"
        )
        (directory / f"m{index}.py").write_bytes(body)
    command = Path(sys.executable).with_name("redactlint")
    completed = subprocess.run(
        [str(command), "check", "--format", "json", "--no-cache", "--jobs", "2"],
        cwd=fresh_project.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    codes = [f["code"] for f in json.loads(completed.stdout)["findings"]]
    assert codes.count("RL901") == 20 and codes.count("RL902") == 20


def test_a_damaged_cache_is_checked_again(fresh_project: Project) -> None:
    app = fresh_project.root / "app"
    (app / "leak.py").write_text("from app.tracking import note\nnote(input())\n")
    (app / "broken.py").write_text("from app.tracking import note\ndef f(:\n")
    first = invoke("check", "--format", "json")
    assert_no_crash(first)
    entries = [p for p in (fresh_project.root / ".redactlint_cache").rglob("*") if p.is_file()]
    entries = [p for p in entries if p.name != ".gitignore"]
    assert entries
    for garbage in (b"[[1]]", b'{"a": 1}', b"[1, 2]", b'[["x"]]', b"\xff\xfe", b"[null]"):
        for entry in entries:
            entry.write_bytes(garbage)
        again = invoke("check", "--format", "json")
        assert_no_crash(again)
        assert json.loads(again.stdout) == json.loads(first.stdout), garbage


@pytest.mark.parametrize(
    "command",
    [["audit", "app"], ["catalog", "--out", "out", "app"], ["migrate", "--diff", "app"],
     ["sinks"], ["check", "--format", "sarif"], ["check", "--format", "gitlab"],
     ["check", "--format", "json"], ["baseline", "write"], ["schema", "infer", "--out", "x"]],
)
def test_every_command_skips_a_fifo_named_like_a_module(
    fresh_project: Project, command: list[str]
) -> None:
    """Every command reads files as ``check`` does: a FIFO is refused, never read (reading
    one blocks forever), so the command finishes."""
    app = fresh_project.root / "app"
    os.mkfifo(app / "pipe.py")
    (app / "uses.py").write_text("from app.tracking import note\nnote(input())\n")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("redactlint")), *command], cwd=fresh_project.root,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    if command[0] in ("migrate", "schema"):  # the legacy scan names the file it skipped
        assert "app/pipe.py" in done.stdout + done.stderr
        assert "not a regular file" in done.stdout + done.stderr
