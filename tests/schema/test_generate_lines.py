"""Generated modules keep to 88 columns, so they pass common linters unconfigured."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from redactlint.schema.generate import generate_registry
from redactlint.schema.loader import load_schema_dir

LONG = ("A deliberately long description that goes on and on about what the event means, "
        "who reads it, and why each of its fields is there, well past any line limit.")


def test_long_descriptions_are_split_and_round_trip(tmp_path: Path) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "x-event": {"feature": "docs", "action": "pageViewed", "version": 1,
                    "owner": "docs-team", "description": LONG},
        "properties": {
            "section": {"type": "string", "enum": ["intro", "api"], "x-sensitivity": "safe",
                        "description": LONG},
        },
        "required": ["section"],
        "additionalProperties": False,
    }
    (tmp_path / "docs.pageViewed.json").write_text(json.dumps(schema), encoding="utf-8")
    source = generate_registry(load_schema_dir(tmp_path).events)
    assert max(len(line) for line in source.splitlines()) <= 88
    module_path = tmp_path / "docs_events.py"
    module_path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("docs_events", module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_events"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["docs_events"]
    assert module.REGISTRY["docs.pageViewed"].META.schema == schema
