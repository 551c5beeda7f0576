"""Production code imports the runtime: it must not drag in the tool's dependencies."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("libcst", "click", "jsonschema")


def loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_redact_loads_no_heavy_dependency() -> None:
    modules = loaded_after("import redactlint.redact\nimport redactlint.redact.logging")
    assert "redactlint.redact" in modules
    assert not {m for m in modules if m.split(".")[0] in HEAVY}
