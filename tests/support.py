"""The small project most tests check, fix or migrate: schemas, a generated registry
under ``app/telemetry/events.py``, and a ``pyproject.toml``."""

from __future__ import annotations

import shutil
from pathlib import Path

from redactlint.schema.generate import generate_registry
from redactlint.schema.loader import load_schema_dir

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SCHEMAS = REPO / "examples" / "app" / "schemas"


def write_project(root: Path, schemas: Path, pyproject: str) -> Path:
    """Write the project under ``root`` (the registry generated from ``schemas``)."""
    shutil.copytree(schemas, root / "schemas")
    telemetry = root / "app" / "telemetry"
    telemetry.mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (telemetry / "__init__.py").write_text("")
    registry = generate_registry(list(load_schema_dir(root / "schemas")))
    (telemetry / "events.py").write_text(registry, encoding="utf-8")
    (root / "pyproject.toml").write_text(pyproject)
    return root
