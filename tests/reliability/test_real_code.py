"""Opt-in: ``check`` and ``fix --diff`` over real packages, with generic sinks.

Set ``REDACTLINT_REAL_CODE`` to a directory holding extracted source trees (or to
several such trees separated by ``os.pathsep``), for example the one
``python benchmarks/reliability_real_code.py --download DIR`` fills with Django,
mlflow, dagster and sympy (over 1,500,000 lines)::

    REDACTLINT_REAL_CODE=/tmp/corpus .venv/bin/pytest tests/reliability/test_real_code.py -s

It fails on any internal error or traceback, an RL901 on a file ``compile()``
accepts, an unparsable file that mentions a sink without RL901, a fix that does not
compile or is not a fixed point, or a process over 300 MB resident.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import REPO

CORPUS = os.environ.get("REDACTLINT_REAL_CODE", "")

pytestmark = pytest.mark.skipif(
    not CORPUS, reason="set REDACTLINT_REAL_CODE to a directory of real packages"
)


def benchmark() -> ModuleType:
    path = REPO / "benchmarks" / "reliability_real_code.py"
    spec = importlib.util.spec_from_file_location("reliability_real_code", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def corpus_roots() -> list[Path]:
    roots: list[Path] = []
    for entry in CORPUS.split(os.pathsep):
        directory = Path(entry)
        trees = sorted(p for p in directory.iterdir() if p.is_dir())
        roots += trees if trees and not (directory / "setup.py").exists() else [directory]
    return roots


def test_check_and_fix_over_real_packages() -> None:
    module = benchmark()
    roots = corpus_roots()
    report = module.run(roots)
    print("\n" + module.describe(report, roots))
    assert report.files > 0 and report.lines > 0
    assert not report.failures, "\n".join(report.failures)
