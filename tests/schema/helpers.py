"""Builders for event schema documents and files used across the schema tests."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parents[2] / "examples" / "app" / "schemas"


def event_document(
    feature: str = "search",
    action: str = "submitted",
    properties: dict[str, Any] | None = None,
    **x_event: Any,
) -> dict[str, Any]:
    """A valid event schema document; override parts by argument or by editing the result."""
    meta: dict[str, Any] = {
        "feature": feature,
        "action": action,
        "version": 1,
        "owner": "search-team",
        "description": "A user ran a search.",
    }
    meta.update(x_event)
    if properties is None:
        properties = {
            "query": {"type": "string", "x-sensitivity": "sensitive"},
            "resultCount": {"type": "integer"},
        }
    return {
        "$schema": DRAFT,
        "type": "object",
        "x-event": meta,
        "properties": properties,
        "additionalProperties": False,
    }


def write_document(directory: Path, document: dict[str, Any], name: str | None = None) -> Path:
    """Write ``document`` as ``<feature>.<action>.json`` (or ``name``) inside ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    meta = document.get("x-event", {})
    path = directory / (name or f"{meta['feature']}.{meta['action']}.json")
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return result.stdout


def make_repo(path: Path) -> Path:
    """An empty git repository with a local identity."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Schema Tester")
    git(path, "config", "user.email", "schema-tester@example.invalid")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
