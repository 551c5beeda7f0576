"""The imports ``fix`` and ``migrate`` add, and those they leave, pass ruff's isort and
unused-import rules with their default settings (``ruff check --extend-select
I,F401``), judged by the real ruff: a table of placements through ``RuntimeNames``,
then the real commands on a small project whose files ruff accepts before the rewrite
and after it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import libcst as cst
import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from redactlint.codemod.import_order import (
    FIRST_PARTY,
    FUTURE,
    LOCAL_FOLDER,
    STANDARD_LIBRARY,
    THIRD_PARTY,
    ImportOrder,
)
from redactlint.codemod.imports import RuntimeNames
from redactlint.codemod.unused_imports import remove_unused_imports

PROJECT = Path(__file__).parent / "import_fixtures" / "project"
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
needs_ruff = pytest.mark.skipif(RUFF is None, reason="ruff (a dev dependency) is not installed")


def ruff(root: Path, *paths: Path | str, isolated: bool = True) -> subprocess.CompletedProcess[str]:
    """``ruff check`` with the default rules plus isort and unused imports, run in
    ``root`` so that ruff takes its modules as first-party."""
    assert RUFF is not None
    flags = ["--isolated"] if isolated else []
    command = [RUFF, "check", *flags, "--no-cache", "--extend-select", "I,F401"]
    return subprocess.run(
        [*command, *map(str, paths)], cwd=root, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with first-party modules at its root (``app``, ``mylocal``) and under
    ``src`` (``srcpkg``)."""
    project = tmp_path_factory.mktemp("placement")
    (project / "pyproject.toml").write_text('[project]\nname = "placement"\n')
    for module in ("app/__init__.py", "mylocal.py", "src/srcpkg/__init__.py"):
        (project / module).parent.mkdir(parents=True, exist_ok=True)
        (project / module).write_text("")
    return project


class _Calls(cst.CSTTransformer):
    """Calls of the names in ``calls`` become calls of the runtime functions they map
    to, spelled as the file's ``RuntimeNames`` spells them (as ``fix`` does)."""

    def __init__(self, names: RuntimeNames, calls: Mapping[str, str]) -> None:
        super().__init__()
        self.names = names
        self.calls = calls

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        if isinstance(func, cst.Name) and func.value in self.calls:
            return updated_node.with_changes(func=self.names.spell(self.calls[func.value]))
        return updated_node


def rewrite(source: str, calls: Mapping[str, str], order: ImportOrder) -> str:
    """``source`` with ``calls`` rewritten and the imports added and removed."""
    module = cst.parse_module(source)
    names = RuntimeNames.scan(module, source, order=order)
    return names.add_import(module.visit(_Calls(names, calls))).code


class Case(NamedTuple):
    before: str
    calls: dict[str, str]  # `_wrap(x)` stands for a value fix wraps
    after: str


CASES = {
    "stdlib_only": Case(
        '''\
"""Only the standard library: the runtime starts the third-party section."""

import os
import sys


def f(text):
    return os.sep, sys.argv, _wrap(text)
''',
        {"_wrap": "unsafe"},
        '''\
"""Only the standard library: the runtime starts the third-party section."""

import os
import sys

from redactlint import redact


def f(text):
    return os.sep, sys.argv, redact.unsafe(text)
''',
    ),
    "third_party_only": Case(
        """\
import attr
import zope
from yaml import safe_load


def f(text):
    return attr, zope, safe_load, _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
import attr
import zope
from redactlint import redact
from yaml import safe_load


def f(text):
    return attr, zope, safe_load, redact.unsafe(text)
""",
    ),
    "first_party_only": Case(
        '''\
"""The project's own modules only: the runtime goes above them."""

import app
from mylocal import helper
from srcpkg import thing


def f(text):
    return app, helper, thing, _wrap(text)
''',
        {"_wrap": "unsafe"},
        '''\
"""The project's own modules only: the runtime goes above them."""

from redactlint import redact

import app
from mylocal import helper
from srcpkg import thing


def f(text):
    return app, helper, thing, redact.unsafe(text)
''',
    ),
    "all_sections": Case(
        '''\
"""Every section."""

from __future__ import annotations

import os

import attr
from yaml import safe_load

import app

from . import sibling


def f(text):
    return os, attr, safe_load, app, sibling, _wrap(text)
''',
        {"_wrap": "unsafe"},
        '''\
"""Every section."""

from __future__ import annotations

import os

import attr
from redactlint import redact
from yaml import safe_load

import app

from . import sibling


def f(text):
    return os, attr, safe_load, app, sibling, redact.unsafe(text)
''',
    ),
    "stdlib_and_first_party": Case(
        """\
import json

from app import models


def f(text):
    return json, models, _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
import json

from redactlint import redact

from app import models


def f(text):
    return json, models, redact.unsafe(text)
""",
    ),
    "future_only": Case(
        '''\
"""A docstring and a ``from __future__`` import, nothing else at the top."""
from __future__ import annotations
def f(text: str) -> str:
    return _wrap(text)
''',
        {"_wrap": "unsafe"},
        '''\
"""A docstring and a ``from __future__`` import, nothing else at the top."""
from __future__ import annotations

from redactlint import redact


def f(text: str) -> str:
    return redact.unsafe(text)
''',
    ),
    "docstring_only": Case(
        '''\
"""No import at all: the blank lines below the docstring stay, one below the import."""



CONSTANT = _wrap("x")
''',
        {"_wrap": "unsafe"},
        '''\
"""No import at all: the blank lines below the docstring stay, one below the import."""


from redactlint import redact

CONSTANT = redact.unsafe("x")
''',
    ),
    "no_imports_comments": Case(
        """\
# Copyright (c) the authors.

# Formats a search for the log.
def f(text):
    return _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
# Copyright (c) the authors.

from redactlint import redact


# Formats a search for the log.
def f(text):
    return redact.unsafe(text)
""",
    ),
    "comments_above_the_block": Case(
        """\
# Copyright (c) the authors.
# The project's own modules follow.
import app


def f(text):
    return app, _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
# Copyright (c) the authors.
# The project's own modules follow.
from redactlint import redact

import app


def f(text):
    return app, redact.unsafe(text)
""",
    ),
    "comment_above_a_later_import": Case(
        """\
import attr
# pinned: see the changelog
from zope import interface


def f(text):
    return attr, interface, _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
import attr
from redactlint import redact

# pinned: see the changelog
from zope import interface


def f(text):
    return attr, interface, redact.unsafe(text)
""",
    ),
    "extends_sorted": Case(
        """\
from redactlint.redact import safe


def f(kind, text):
    return safe(kind), _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
from redactlint.redact import safe, unsafe


def f(kind, text):
    return safe(kind), unsafe(text)
""",
    ),
    "extends_in_the_middle": Case(
        """\
from redactlint.redact import RedactableStr, hashed, unsafe


def f(kind: RedactableStr, text):
    return hashed(kind), unsafe(text), _wrap(text)
""",
        {"_wrap": "safe"},
        """\
from redactlint.redact import RedactableStr, hashed, safe, unsafe


def f(kind: RedactableStr, text):
    return hashed(kind), unsafe(text), safe(text)
""",
    ),
    "extends_one_name_a_line": Case(
        """\
from redactlint.redact import (
    hashed,  # user ids
    unsafe,
)


def f(kind, text):
    return hashed(kind), unsafe(text), _wrap(kind)
""",
        {"_wrap": "safe"},
        """\
from redactlint.redact import (
    hashed,  # user ids
    safe,
    unsafe,
)


def f(kind, text):
    return hashed(kind), unsafe(text), safe(kind)
""",
    ),
    "extends_and_wraps": Case(
        """\
from redactlint.redact import RedactableStr, SafeStr, hashed, mark, redacted, unsafe


def f(kind: SafeStr, text: RedactableStr):
    return hashed(kind), mark(text), redacted(text), unsafe(text), _wrap(kind)
""",
        {"_wrap": "boundary"},
        """\
from redactlint.redact import (
    RedactableStr,
    SafeStr,
    boundary,
    hashed,
    mark,
    redacted,
    unsafe,
)


def f(kind: SafeStr, text: RedactableStr):
    return hashed(kind), mark(text), redacted(text), unsafe(text), boundary(kind)
""",
    ),
    "aliased_only": Case(
        """\
from redactlint.redact import unsafe as u


def f(text, repo):
    return u(text), _wrap(repo)
""",
        {"_wrap": "hashed"},
        """\
from redactlint.redact import hashed
from redactlint.redact import unsafe as u


def f(text, repo):
    return u(text), hashed(repo)
""",
    ),
    "joins_from_redactlint": Case(
        """\
from redactlint import events


def f(text):
    return events, _wrap(text)
""",
        {"_wrap": "format"},
        """\
from redactlint import events, redact


def f(text):
    return events, redact.format(text)
""",
    ),
    "redact_name_taken": Case(
        """\
import app


def redact(text):
    return app, _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
from redactlint import redact as redactlint_redact

import app


def redact(text):
    return app, redactlint_redact.unsafe(text)
""",
    ),
    "type_checking_after_the_block": Case(
        """\
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import app


def f(text: "app.Text"):
    return _wrap(text)
""",
        {"_wrap": "unsafe"},
        """\
from typing import TYPE_CHECKING

from redactlint import redact

if TYPE_CHECKING:
    import app


def f(text: "app.Text"):
    return redact.unsafe(text)
""",
    ),
    "try_first": Case(
        '''\
"""Imports under try: are left alone."""

try:
    import ujson as json
except ImportError:
    import json


def f(text):
    return json, _wrap(text)
''',
        {"_wrap": "unsafe"},
        '''\
"""Imports under try: are left alone."""

from redactlint import redact

try:
    import ujson as json
except ImportError:
    import json


def f(text):
    return json, redact.unsafe(text)
''',
    ),
    "safe_str_goes": Case(
        """\
from redactlint.redact import SafeStr


def f(kind):
    return SafeStr(kind)
""",
        {"SafeStr": "safe"},
        """\
from redactlint.redact import safe


def f(kind):
    return safe(kind)
""",
    ),
    "safe_str_statement_goes": Case(
        """\
import os

from redactlint import redact
from redactlint.redact import SafeStr


def f(kind):
    return os.sep, SafeStr(kind), redact.unsafe(kind)
""",
        {"SafeStr": "safe"},
        """\
import os

from redactlint import redact


def f(kind):
    return os.sep, redact.safe(kind), redact.unsafe(kind)
""",
    ),
    "both_classes_go": Case(
        """\
from redactlint.redact import (
    RedactableStr,
    SafeStr,
    hashed,
)


def f(kind, text, user):
    return SafeStr(kind), RedactableStr(text), hashed(user)
""",
        {"SafeStr": "safe", "RedactableStr": "unsafe"},
        """\
from redactlint.redact import (
    hashed,
    safe,
    unsafe,
)


def f(kind, text, user):
    return safe(kind), unsafe(text), hashed(user)
""",
    ),
    "still_used_class_stays": Case(
        """\
from redactlint.redact import SafeStr


def f(kind) -> SafeStr:
    return SafeStr(kind)
""",
        {"SafeStr": "safe"},
        """\
from redactlint.redact import SafeStr, safe


def f(kind) -> SafeStr:
    return safe(kind)
""",
    ),
    "string_annotation_keeps_it": Case(
        """\
from redactlint.redact import SafeStr


def f(kind) -> "SafeStr":
    return SafeStr(kind)
""",
        {"SafeStr": "safe"},
        """\
from redactlint.redact import SafeStr, safe


def f(kind) -> "SafeStr":
    return safe(kind)
""",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_placement(root: Path, case: str) -> None:
    before, calls, after = CASES[case]
    assert rewrite(before, calls, ImportOrder.for_root(root)) == after


@needs_ruff
@pytest.mark.parametrize("case", CASES)
def test_ruff_accepts_the_placement(root: Path, case: str) -> None:
    path = root / f"{case}.py"
    path.write_text(CASES[case].after)
    result = ruff(root, path.name)
    assert result.returncode == 0, result.stdout


def test_sections(root: Path) -> None:
    order = ImportOrder.for_root(root)
    assert order.section("__future__") == FUTURE
    assert order.section("os.path") == STANDARD_LIBRARY
    assert order.section("redactlint.redact") == THIRD_PARTY
    assert order.section("app.telemetry.events") == FIRST_PARTY
    assert order.section("mylocal") == FIRST_PARTY
    assert order.section("srcpkg") == FIRST_PARTY  # under src/
    assert order.section("app", level=1) == LOCAL_FOLDER
    assert order.section(None, level=2) == LOCAL_FOLDER


def test_the_project_is_found_from_a_directory_inside_it(root: Path) -> None:
    assert ImportOrder.around(root / "app") == ImportOrder.for_root(root)


@needs_ruff
@pytest.mark.parametrize("configuration", ["pyproject.toml", "ruff.toml"])
def test_a_from_import_is_wrapped_at_the_project_line_length(
    tmp_path: Path, configuration: str
) -> None:
    table = "[tool.ruff]\n" if configuration == "pyproject.toml" else ""
    (tmp_path / configuration).write_text(f"{table}line-length = 40\n")
    before = "from redactlint.redact import hashed, unsafe\n\nx = hashed, unsafe, _wrap(1)\n"
    after = rewrite(before, {"_wrap": "safe"}, ImportOrder.around(tmp_path))
    assert after == (
        "from redactlint.redact import (\n"
        "    hashed,\n"
        "    safe,\n"
        "    unsafe,\n"
        ")\n\n"
        "x = hashed, unsafe, safe(1)\n"
    )
    (tmp_path / "case.py").write_text(after)
    result = ruff(tmp_path, "case.py", isolated=False)  # with the project's line length
    assert result.returncode == 0, result.stdout


def test_an_import_unused_before_the_rewrite_stays() -> None:
    before = "import json\nfrom redactlint.redact import SafeStr\n\nx = SafeStr(1)\n"
    after = rewrite(before, {"SafeStr": "safe"}, ImportOrder())
    assert after == "import json\nfrom redactlint.redact import safe\n\nx = safe(1)\n"


# A rewrite of `before` that turns `old` into None, and what is left of its imports.
_FUNCTION = "def f():\n    from analytics import track\n\n    return track(1)\n"
_TRY = "try:\n    from analytics import track\nexcept ImportError:\n    pass\nx = track(1)\n"
_SECTION = (
    "import os\n\n# the client\nimport analytics\n\nimport app\n\nos, app, analytics.track()\n"
)
_LAST = (
    "from analytics import (\n    identify,  # who\n    # the call\n    track,\n)\n\n"
    "identify, track()\n"
)


@pytest.mark.parametrize(
    ("before", "old", "expected"),
    [
        pytest.param(_FUNCTION, "track(1)", "def f():\n    return None\n", id="in a function"),
        pytest.param(_TRY, "track(1)", _TRY.replace("track(1)", "None"), id="all a block holds"),
        pytest.param(
            "import analytics  # noqa: F401\n\nanalytics.track()\n",
            "analytics.track()",
            "import analytics  # noqa: F401\n\nNone\n",
            id="noqa",
        ),
        pytest.param(
            'from analytics import track\n\n__all__ = ["track"]\ntrack()\n',
            "track()",
            'from analytics import track\n\n__all__ = ["track"]\nNone\n',
            id="exported",
        ),
        pytest.param(
            "import os; import analytics\n\nos, analytics.track()\n",
            "analytics.track()",
            "import os\n\nos, None\n",
            id="one of two on a line",
        ),
        pytest.param(
            _SECTION,
            "analytics.track()",
            "import os\n\nimport app\n\nos, app, None\n",
            id="its own comment goes with it",
        ),
        pytest.param(
            _LAST,
            "track()",
            "from analytics import (\n    identify,  # who\n)\n\nidentify, None\n",
            id="the last of one name a line",
        ),
    ],
)
def test_removing_what_the_rewrite_left_unused(
    root: Path, before: str, old: str, expected: str
) -> None:
    rewritten = before.replace(old, "None")
    result = remove_unused_imports(
        cst.parse_module(before), cst.parse_module(rewritten), ImportOrder.for_root(root)
    )
    assert result.code == expected


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output  # 1: findings or calls left
    return result


def changed(files: Mapping[Path, bytes]) -> list[Path]:
    return [path for path, data in files.items() if path.read_bytes() != data]


@needs_ruff
def test_ruff_accepts_every_file_fix_and_migrate_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(project)
    sources = sorted(project.rglob("*.py"))
    before = ruff(project, *sources)
    assert before.returncode == 0, before.stdout  # the rewrite must keep them clean
    assert CliRunner().invoke(main, ["generate"]).exit_code == 0

    files = {path: path.read_bytes() for path in sources}
    run("migrate")
    migrated = changed(files)
    app = project / "app"
    assert {app / "search.py", app / "filters.py", app / "late.py"} <= set(migrated)
    after_migrate = ruff(project, *migrated)
    assert after_migrate.returncode == 0, after_migrate.stdout

    files = {path: path.read_bytes() for path in sources}
    run("fix")
    fixed = changed(files)
    assert {app / "search.py", app / "filters.py", app / "labels.py"} <= set(fixed)
    after_fix = ruff(project, *fixed)
    assert after_fix.returncode == 0, after_fix.stdout

    # The imports the rewrites stopped using are gone, and only those.
    assert "from analytics import track" not in (app / "search.py").read_text()
    assert "import analytics" not in (app / "filters.py").read_text()
    assert "import safe, unsafe\n" in (app / "labels.py").read_text()
    assert "from analytics import track" in (app / "dynamic.py").read_text()
