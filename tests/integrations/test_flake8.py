"""The flake8 plugin reports what ``redactlint check`` reports, under ``RL``."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from redactlint import flake8 as plugin

from .conftest import LEAKY, redactlint

NOQA_LINE = 31  # the line of shop/leaky.py whose RL001 a noqa comment hides


def run_flake8(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "RL", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def check_json(*args: str) -> list[str]:
    result = redactlint("check", "--format", "json", *args)
    return [
        f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
        for f in json.loads(result.stdout)["findings"]
    ]


def test_flake8_reports_the_same_findings(project: Path) -> None:
    result = run_flake8("shop")
    assert result.returncode == 1, result.stderr
    reported = result.stdout.splitlines()
    assert reported == check_json()
    assert len(reported) == 5


def test_noqa_hides_a_finding_from_check_as_from_flake8(project: Path) -> None:
    hidden = f"{LEAKY}:{NOQA_LINE}:19: RL001"
    assert not any(line.startswith(hidden) for line in check_json())
    assert f"{LEAKY}:{NOQA_LINE}:" not in run_flake8(LEAKY).stdout
    assert hidden in run_flake8("--disable-noqa", LEAKY).stdout
    leaky = project / LEAKY
    leaky.write_text(leaky.read_text().replace("  # noqa: RL001", ""))
    assert any(line.startswith(hidden) for line in check_json())


def test_clean_and_excluded_files_report_nothing(project: Path) -> None:
    result = run_flake8("shop/clean.py", "shop/generated/leaky_excluded.py")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_project_configuration_applies(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            'exclude = ["shop/generated/**"]', 'exclude = ["shop/generated/**"]\nignore = ["RL1"]'
        ),
        encoding="utf-8",
    )
    reported = run_flake8("shop").stdout
    assert "RL101" not in reported
    assert reported.count("RL001") == 3


def test_from_another_directory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.parent)
    reported = run_flake8(str(Path(project.name) / LEAKY)).stdout.splitlines()
    assert len(reported) == 5
    assert reported[0].startswith(f"{project.name}/{LEAKY}:11:15: RL001 ")


def test_the_plugin_is_registered() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True, check=True
    )
    assert "redactlint: 0.1.0" in result.stdout


def test_no_second_parse_and_one_configuration(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plugin, "_settings", {})
    monkeypatch.setattr(plugin, "_pyprojects", {})
    prepared = []
    real_prepare = plugin.prepare

    def counting_prepare(config):  # type: ignore[no-untyped-def]
        prepared.append(config)
        return real_prepare(config)

    monkeypatch.setattr(plugin, "prepare", counting_prepare)
    trees = {}
    for name in (LEAKY, "shop/clean.py"):
        source = Path(name).read_text(encoding="utf-8")
        trees[name] = (ast.parse(source), source.splitlines(keepends=True))

    real_parse = ast.parse
    sources = {source for _, source in (
        (name, Path(name).read_text(encoding="utf-8")) for name in trees
    )}

    def no_parse(source: object, *args: object, **kwargs: object) -> ast.AST:
        # Other modules' summaries may be parsed; the file flake8 handed over, never.
        if source in sources:
            raise AssertionError("the plugin parsed the file again")
        return real_parse(source, *args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(ast, "parse", no_parse)
    results = {
        name: list(plugin.Plugin(tree, f"./{name}", lines).run())
        for name, (tree, lines) in trees.items()
    }
    assert len(prepared) == 1
    assert results["shop/clean.py"] == []
    first = results[LEAKY][0]
    assert first[:2] == (11, 14)  # flake8 columns are 0-based
    assert first[2].startswith("RL001 text of unknown safety")
    assert first[3] is plugin.Plugin
