"""The README's "Sending events" example runs as written, and its off switch holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## Sending events\n")[2].partition("\n## ")[0]
    return section.partition("```python\n")[2].partition("```")[0]


@pytest.mark.parametrize("off", [False, True])
def test_the_readme_example_runs(off: bool, tmp_path: Path) -> None:
    script = tmp_path / "send_events.py"
    script.write_text(example(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "examples" / "app"),
           "REDACTLINT_HASH_KEY_FILE": str(tmp_path / "hash.key")}
    env.pop("ACME_TELEMETRY_OFF", None)
    if off:
        env["ACME_TELEMETRY_OFF"] = "1"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60, check=True)
    lines = done.stdout.splitlines()
    if off:
        assert lines == [] and not (tmp_path / "hash.key").exists()
    else:
        assert len(lines) == 3 and all("'query': '‹×›'" in line for line in lines)
        assert "payroll" not in done.stdout and "alice" not in done.stdout
