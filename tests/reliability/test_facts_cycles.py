"""Whole-project facts never loop or crash on cycles a real project can have: modules
importing each other (star imports too), classes that inherit in a circle, constants
and functions defined in terms of themselves, and re-exports that point back."""

from __future__ import annotations

from pathlib import Path

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import iter_python_files
from redactlint.analysis.runner import run

FILES = {
    "app/__init__.py": "from app.a import *\nfrom app.b import *\n",
    "app/sink.py": "def track(*values):\n    pass\n",
    "app/a.py": (
        "from app.b import *\nfrom app.b import B, LOOP as A_LOOP\n\n"
        "LOOP = A_LOOP\nSELF = SELF if False else 1\n\n\n"
        "class A(B):\n    x = B.x\n\n\n"
        "def f():\n    return g()\n\n\n"
        "def g():\n    return f()\n"
    ),
    "app/b.py": (
        "from app.a import *\nfrom app.a import A, LOOP\n\n\n"
        "class B(A):\n    x = A.x\n\n    @property\n    def me(self):\n        return self.me\n"
    ),
    "app/use.py": (
        "from app import LOOP, A, B\nfrom app.a import SELF, f\nfrom app.sink import track\n\n\n"
        "def report(a: A, b: B, count):\n"
        "    track(LOOP, SELF, f(), a.x, b.me, a.missing, count)  # cycles: unknown, no hang\n"
        "    report(a, b, count)\n"
    ),
}


def test_cycles_end_as_unknown_values(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.redactlint]\n[[tool.redactlint.sinks]]\ncall = "app.sink.track"\n'
    )
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    config = parse_config_file(tmp_path / "pyproject.toml")
    files = list(iter_python_files([tmp_path], config))
    findings, _ = run(files, config, jobs=1, project_files=files)
    reported = {f.span.column for f in findings if f.path.endswith("use.py")}
    # LOOP, f(), a.x, b.me, a.missing and count are unknown; SELF is unknown too (bound
    # from itself). Every one is reported, and the run ends.
    assert len(reported) == 7, findings
    again, _ = run(files, config, jobs=1, cache_directory=tmp_path / "cache", project_files=files)
    assert again == findings
