"""Every sink configuration the test suite uses, each made into checker settings in a
directory of its own, and how to spell a call to each of its sinks in generated code.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import Settings, prepare

from ..analysis.project import PYPROJECT as ANALYSIS_PYPROJECT
from ..analysis.project import SAFE_TYPES
from ..codemod.conftest import PYPROJECT as CODEMOD_PYPROJECT
from ..migrate.conftest import PYPROJECT as MIGRATE_PYPROJECT
from ..migrate.test_e2e import PYPROJECT as MIGRATE_E2E_PYPROJECT
from ..migrate.test_infer import PYPROJECT as INFER_PYPROJECT
from .conftest import REPO

EXAMPLE_SCHEMAS = REPO / "examples" / "app" / "schemas"
MIGRATE_SCHEMAS = REPO / "tests" / "migrate" / "schemas"

# The generic sinks of the real-code runs (issue: *.track, *.capture, *.emit, *.record).
GENERIC_PYPROJECT = """\
[tool.redactlint]

[[tool.redactlint.sinks]]
call = "*.track"
redacts = true

[[tool.redactlint.sinks]]
call = "*.capture"
event = "event"
properties = "properties"
redacts = true

[[tool.redactlint.sinks]]
call = "*.emit"
event = "schema_id"
properties = "data"
redacts = true

[[tool.redactlint.sinks]]
call = "*.record"
redacts = true
"""


@dataclass(frozen=True)
class SinkConfiguration:
    """A configuration as one of the test suites writes it."""

    name: str
    pyproject: str
    schemas: Path | None = None
    safe_types: str | None = None
    directory: Path | None = None  # a project committed in the repository, used in place

    def settings(self, scratch: Path) -> Settings:
        if self.directory is not None:
            return prepare(parse_config_file(self.directory / "pyproject.toml"))
        root = scratch / self.name
        root.mkdir(parents=True)
        (root / "pyproject.toml").write_text(self.pyproject, encoding="utf-8")
        if self.schemas is not None:
            shutil.copytree(self.schemas, root / "schemas")
        elif "schemas" in self.pyproject:
            (root / "schemas").mkdir()
        if self.safe_types is not None:
            (root / "redact-safe-types.txt").write_text(self.safe_types, encoding="utf-8")
        config = parse_config_file(root / "pyproject.toml")
        if config.registry_path is not None:  # its package, so the registry is importable
            package = config.registry_path.parent
            while package != root:
                package.mkdir(parents=True, exist_ok=True)
                (package / "__init__.py").touch()
                package = package.parent
        return prepare(config)


CONFIGURATIONS = (
    SinkConfiguration("analysis", ANALYSIS_PYPROJECT, EXAMPLE_SCHEMAS, SAFE_TYPES),
    SinkConfiguration("codemod", CODEMOD_PYPROJECT, EXAMPLE_SCHEMAS),
    SinkConfiguration("migrate", MIGRATE_PYPROJECT, MIGRATE_SCHEMAS),
    SinkConfiguration("migrate-e2e", MIGRATE_E2E_PYPROJECT, MIGRATE_SCHEMAS),
    SinkConfiguration("migrate-infer", INFER_PYPROJECT),
    SinkConfiguration("shop", "", directory=REPO / "tests" / "data" / "project"),
    SinkConfiguration("example-app", "", directory=REPO / "examples" / "app"),
    SinkConfiguration("generic", GENERIC_PYPROJECT),
)


@dataclass(frozen=True)
class SinkCall:
    """How generated code imports and calls one sink."""

    imports: str  # statements, one a line
    callee: str  # the expression called
    name: str  # the last name of the callee: calls of that name are masked
    event: str | int | None
    properties: str | int | None
    events: tuple[str, ...]  # event names the settings know
    keys: tuple[str, ...]  # property keys or class attributes
    is_class: bool = False


def sink_calls(settings: Settings) -> list[SinkCall]:
    """One way to call each sink and each registry class of ``settings``."""
    events = tuple(sorted(settings.registry.events))
    keys = tuple(sorted({key for info in settings.registry.events.values() for key in info.by_key}))
    calls = []
    for index, sink in enumerate(settings.config.sinks):
        module, _, name = sink.call.rpartition(".")
        if module == "*":
            imports, callee = "", f"client_{index}.{name}"
        elif "." in module and module.rsplit(".", 1)[1][:1].isupper():  # a method of a class
            package, _, cls = module.rpartition(".")
            imports = f"from {package} import {cls}\nclient_{index} = {cls}()"
            callee = f"client_{index}.{name}"
        elif index % 2 == 0:
            imports, callee = f"import {module}", sink.call
        else:
            imports, callee = f"from {module} import {name}", name
        calls.append(SinkCall(imports, callee, name, sink.event, sink.properties, events, keys))
    for qualname, info in sorted(settings.registry.classes.items()):
        module, _, name = qualname.rpartition(".")
        attributes = tuple(sorted(info.by_attribute))
        calls.append(
            SinkCall(
                f"from {module} import {name}", name, name, None, None, events, attributes, True
            )
        )
    return calls
