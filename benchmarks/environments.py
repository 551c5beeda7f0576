"""A virtual environment per real product, with its dependencies installed, as its users
have: the checker reads third-party modules (enum bases, annotated classes) from there.

``ensure(directory, name, version)`` makes ``directory/name`` once with
``pip install NAME==VERSION``; when that fails (a dependency that downloads from
outside PyPI at build time), it installs the product without dependencies and then each
requirement on its own, skipping those that cannot be installed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _pip(environment: Path, *arguments: str) -> bool:
    command = [str(environment / "bin" / "python"), "-m", "pip", "install", "-q", *arguments]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


def ensure(directory: Path, name: str, version: str) -> Path | None:
    """The product's environment (made when missing), or None when pip cannot make it."""
    environment = directory / name
    marker = environment / ".complete"
    if marker.exists():
        return environment
    directory.mkdir(parents=True, exist_ok=True)
    if not (environment / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    requirement = f"{name}=={version}"
    if not _pip(environment, requirement):
        if not _pip(environment, "--no-deps", requirement):
            return None
        listed = subprocess.run(
            [str(environment / "bin" / "python"), "-c",
             "import importlib.metadata as m, sys\n"
             f"print('\\n'.join(m.requires({name!r}) or []))"],
            capture_output=True, text=True, check=False,
        ).stdout.splitlines()
        for line in listed:
            if "extra ==" in line:
                continue
            _pip(environment, line.split(";")[0].strip())
    marker.touch()
    return environment
