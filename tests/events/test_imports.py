"""Production code importing the runtime pays for nothing but the standard library."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["click", "libcst", "jsonschema", "redactlint.schema", "redactlint.cli"]


def test_importing_events_loads_no_heavy_dependency() -> None:
    code = (
        "import json, sys\n"
        "import redactlint.events\n"
        "from redactlint.events import Recorder, MemorySink, Event\n"
        f"print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout) == []
