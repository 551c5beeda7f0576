"""The example app's schemas and registry, and the processor's masking as the collector
does it: each blocked value in turn, compiled as RE2 (Go's ``regexp`` dialect), every
match replaced by ``****``."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import re2  # type: ignore[import-untyped]

APP = Path(__file__).resolve().parents[2] / "examples" / "app"
SCHEMAS = APP / "schemas"
REGISTRY = APP / "notebook_search" / "telemetry" / "events.py"

WIRING = """\
receivers:
  otlp:
    protocols:
      grpc:
exporters:
  debug:
service:
  pipelines:
    logs:
      receivers: [otlp]
      processors: [redaction/redactlint]
      exporters: [debug]
"""


def mask(value: str, patterns: Iterable[str]) -> str:
    for pattern in patterns:
        value = re2.compile(pattern).sub("****", value)
    return str(value)


def load_registry() -> ModuleType:
    name = "collector_tests_example_registry"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REGISTRY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
