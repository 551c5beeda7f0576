"""A check run loads only what checking needs: a JSON Schema validator costs a tenth of
a second to import, which every pre-commit run would pay."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN_CHECK = """
import sys
from redactlint.cli import main
sys.argv = ["redactlint", "check", "--no-cache", "--format", sys.argv[1], "."]
try:
    main()
except SystemExit:
    pass
print("jsonschema" in sys.modules, file=sys.stderr)
"""


def test_a_project_without_schemas_is_checked_without_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.redactlint]\n[[tool.redactlint.sinks]]\ncall = "app.track"\n', encoding="utf-8"
    )
    (tmp_path / "app.py").write_text(
        "def track(name, props): ...\n\ntrack('x', {'q': input()})\n", encoding="utf-8"
    )
    for report in ("text", "json", "sarif", "github", "gitlab"):
        done = subprocess.run(
            [sys.executable, "-c", RUN_CHECK, report],
            cwd=tmp_path, capture_output=True, text=True, check=True,
        )
        assert "RL001" in done.stdout, (report, done.stdout)
        assert done.stderr.strip().splitlines()[-1] == "False", (report, done.stderr)
