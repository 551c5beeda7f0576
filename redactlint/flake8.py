"""The flake8 plugin: redactlint's findings under flake8's ``RL`` prefix.

flake8 owns discovery, ``--select``/``--extend-ignore``, noqa comments (read as
``redactlint check`` reads them, see ``analysis/noqa.py``) and reporting; the plugin
runs the same analysis as ``redactlint check`` on the ``ast`` tree flake8 already
parsed (no second parse), with the project's ``[tool.redactlint]`` configuration, read
once per process and project. Files the configuration excludes report nothing, and
``# redactlint: ignore[...]`` comments apply as usual.
"""

from __future__ import annotations

import ast
import io
import os
import tokenize
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .analysis import (
    Settings,
    check_source,
    find_pyproject,
    is_excluded,
    load_config,
    prepare,
)

_STDIN_NAMES = frozenset({"stdin", "-"})

# Prepared settings per configuration file (None: no [tool.redactlint] found), and
# the configuration file found for each directory, so each is read once per process.
_settings: dict[Path | None, Settings] = {}
_pyprojects: dict[Path, Path | None] = {}


def settings_for(filename: str) -> Settings | None:
    """The prepared settings of the project ``filename`` belongs to, or None when no
    ``[tool.redactlint]`` is found: flake8 runs many plugins, and this one then has
    nothing to check against (``redactlint check`` says so and exits 2)."""
    start = Path.cwd() if filename in _STDIN_NAMES else Path(os.path.abspath(filename)).parent
    if start not in _pyprojects:
        _pyprojects[start] = find_pyproject(start)
    source = _pyprojects[start]
    if source is None:
        return None
    settings = _settings.get(source)
    if settings is None:
        config = load_config([start], source)
        settings = _settings[source] = prepare(config)
        settings.noqa = False  # flake8 reads noqa comments itself, as check does
    return settings


def _encode(lines: Sequence[str]) -> bytes:
    """The source flake8 decoded, as bytes the engine decodes the same way again."""
    text = "".join(lines)
    head = "".join(lines[:2]).encode("utf-8", errors="surrogateescape")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(head).readline)
        return text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeEncodeError):
        return text.encode("utf-8", errors="surrogateescape")


class Plugin:
    """flake8 AST plugin: ``RL`` codes from the redactlint analysis."""

    name = "redactlint"
    version = __version__

    def __init__(self, tree: ast.Module, filename: str, lines: Sequence[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type[Plugin]]]:
        settings = settings_for(self.filename)
        if settings is None:
            return
        stdin = self.filename in _STDIN_NAMES
        path = self.filename if stdin else os.path.normpath(self.filename)
        if not stdin and is_excluded(Path(path), settings.config):
            return
        module = None if stdin else settings.module_name(path)
        findings = check_source(path, _encode(self.lines), settings, module=module, tree=self.tree)
        for finding in sorted(findings, key=lambda f: f.sort_key()):
            # flake8 columns are 0-based; the findings' are 1-based characters.
            yield (
                finding.line,
                max(finding.column - 1, 0),
                f"{finding.code} {finding.message}",
                Plugin,
            )
