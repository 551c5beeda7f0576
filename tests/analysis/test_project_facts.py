"""Whole-project facts on a small project: every line marked ``# expect: CODE`` is
reported, no other line is.

``tests/analysis/projects/facts`` holds the shapes real products use: constants and
enums imported from other modules (on the standard library's, the environment's, an
unresolvable and a configured enum base), annotated globals, dataclass fields and
``self.x`` attributes, re-exports and star imports, a third-party module read from the
configured environment, and parameters whose kinds, and safety where every caller is in
view, come from their call sites (not for the library's public API).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import iter_python_files
from redactlint.analysis.runner import run

from .project import describe_difference, expectations

PROJECT = Path(__file__).parent / "projects" / "facts"


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[int, str]]]:
    config = parse_config_file(PROJECT / "pyproject.toml")
    files = list(iter_python_files([PROJECT / "shop"], config))
    findings, _ = run(files, config, jobs=1, project_files=files)
    by_file: dict[str, set[tuple[int, str]]] = {}
    for finding in findings:
        name = Path(finding.path).name
        by_file.setdefault(name, set()).add((finding.line, finding.code))
    return by_file


@pytest.mark.parametrize("name", sorted(p.name for p in (PROJECT / "shop").glob("*.py")))
def test_facts_across_modules(found: dict[str, set[tuple[int, str]]], name: str) -> None:
    source = (PROJECT / "shop" / name).read_text(encoding="utf-8")
    expected = expectations(source)
    assert found.get(name, set()) == expected, "\n" + describe_difference(
        source, expected, found.get(name, set())
    )


def _warm_runs(tmp_path: Path, name: str) -> tuple[Path, Callable[[], set[int]]]:
    """A copy of the project, and a run over it with a cache kept between runs that
    gives the lines reported in file ``name``."""
    project = tmp_path / "facts"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns(".redactlint_cache"))
    config = parse_config_file(project / "pyproject.toml")

    def lines_reported() -> set[int]:
        files = list(iter_python_files([project / "shop"], config))
        findings, _ = run(
            files, config, jobs=1, project_files=files, cache_directory=tmp_path / "cache"
        )
        return {f.line for f in findings if Path(f.path).name == name}

    return project, lines_reported


def test_a_list_changed_in_a_new_file_is_seen_by_a_warm_run(tmp_path: Path) -> None:
    """The answer that a module's list is unchanged depends on every file naming it: a
    file added since the last run that appends to it is read, and the cached result of
    the file sending the list's names is checked again."""
    project, lines_reported = _warm_runs(tmp_path, "flag_users.py")
    before = lines_reported()
    assert 37 not in before and lines_reported() == before
    (project / "shop" / "third.py").write_text(
        "from shop.flags import REPORTED\n\n\ndef grow(name: str) -> None:\n"
        "    REPORTED.append(name)\n",
        encoding="utf-8",
    )
    assert lines_reported() == before | {37, 38, 40}


def test_a_parameter_every_call_passes_a_literal_is_named_in_the_message() -> None:
    """Where its calls cannot tell its safety (a decorator takes the function), the
    finding stays and says how to state what they pass."""
    config = parse_config_file(PROJECT / "pyproject.toml")
    files = list(iter_python_files([PROJECT / "shop"], config))
    findings, _ = run(files, config, jobs=1, project_files=files)
    messages = {f.line: f.message for f in findings if Path(f.path).name == "literals.py"}
    lines = (PROJECT / "shop" / "literals.py").read_text(encoding="utf-8").splitlines()
    command = 1 + next(i for i, line in enumerate(lines) if 'track("command"' in line)
    name = 1 + next(i for i, line in enumerate(lines) if '{"name": name}' in line)
    assert "every call in the project passes 'command' a literal: annotate it " \
        "LiteralString" in messages[command]
    assert "LiteralString" not in messages[name]


def test_a_caller_two_calls_away_is_seen_by_a_warm_run(tmp_path: Path) -> None:
    """``save`` learns what ``analytics`` is from ``setup``'s callers: a file added since
    the last run that hands ``setup`` around as a value (called from who knows where)
    changes what ``save`` is known to get, and its cached result is checked again."""
    project, lines_reported = _warm_runs(tmp_path, "passed_on.py")
    assert lines_reported() == {21} == lines_reported()
    (project / "shop" / "handlers_list.py").write_text(
        "from shop.passed_on import setup\n\nHANDLERS = [setup]\n", encoding="utf-8"
    )
    assert lines_reported() == set()


def test_a_subclass_in_a_new_file_is_seen_by_a_warm_run(tmp_path: Path) -> None:
    """``self.__name__`` of ``Fixed`` is its fixed label while no subclass names itself
    otherwise: a file added since the last run with one that does is found, and the
    cached result of the file sending the label is checked again."""
    project, lines_reported = _warm_runs(tmp_path, "metrics.py")
    before = lines_reported()
    lines = (project / "shop" / "metrics.py").read_text(encoding="utf-8").splitlines()
    start = lines.index("class Fixed:")
    fixed = 1 + next(i for i in range(start, len(lines)) if "self.__name__" in lines[i])
    assert fixed not in before and lines_reported() == before
    (project / "shop" / "more_metrics.py").write_text(
        "from shop.metrics import FixedPrecision\n\n\nclass Named(FixedPrecision):\n"
        "    def __init__(self, name: str) -> None:\n        self.label = name\n\n"
        "    @property\n    def __name__(self) -> str:\n        return self.label\n",
        encoding="utf-8",
    )
    assert lines_reported() == before | {fixed}
