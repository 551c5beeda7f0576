"""Write a generated registry to disk and import it, for the generator and verify tests."""

from __future__ import annotations

import importlib.util
import itertools
import sys
import types
from collections.abc import Sequence
from pathlib import Path

from redactlint.schema.generate import generate_registry
from redactlint.schema.model import EventSchema

_counter = itertools.count()


def import_file(path: Path) -> types.ModuleType:
    """Import ``path`` under a fresh module name."""
    name = f"_generated_registry_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def write_registry(directory: Path, schemas: Sequence[EventSchema]) -> Path:
    """The generated module for ``schemas``, written as ``directory/registry.py``."""
    path = directory / "registry.py"
    path.write_text(generate_registry(schemas), encoding="utf-8")
    return path
