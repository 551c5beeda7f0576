"""A legacy app moved onto the registry by the commands alone:
``schema infer`` → (nothing edited) → ``generate`` → ``migrate`` → ``fix`` → ``check``.

The checker then finds no unmarked string, no legacy call is left, and the app
still runs: the same results as before, and every event recorded, valid against
its schema, with what the user typed redacted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main

REPO = Path(__file__).parents[2]

PYPROJECT = """\
[tool.redactlint]
schemas = "schemas"
registry = "telemetry.py"

[[tool.redactlint.sinks]]
call = "analytics.track"
event = 0
properties = 1
redacts = true
"""

ANALYTICS = '''\
"""The legacy analytics client: an event name and a dict of properties."""

SENT = []


def track(event, properties):
    SENT.append((event, dict(properties)))
    return True
'''

SHOP = '''\
"""A small shop that reports to analytics the old way."""

from __future__ import annotations

import time

import analytics

CATALOGUE = ["red shoes", "blue shoes", "red hat"]


def search(query: str, page_size: int = 10) -> list[str]:
    started = time.perf_counter()
    hits = [item for item in CATALOGUE if query in item][:page_size]
    analytics.track(
        "Search Submitted",
        {
            "q": query,  # what the user typed
            "results": len(hits),
            "duration_ms": (time.perf_counter() - started) * 1000,
        },
    )
    return hits


def apply_filter(colour: str, hits: list[str]) -> list[str]:
    kept = [hit for hit in hits if colour in hit]
    analytics.track("Filter Applied", {"kind": "colour", "value": colour, "kept": len(kept)})
    return kept


def sort(hits: list[str], descending: bool) -> list[str]:
    ordered = sorted(hits, reverse=descending)
    analytics.track("Filter Applied", dict(kind="order", value=str(descending)))
    return ordered


def checkout(items: list[str], express: bool) -> bool:
    return analytics.track(
        "checkout.completed", {"item_count": len(items), "express": express}
    )


def main() -> list[object]:
    hits = search("red")
    kept = apply_filter("red", hits)
    ordered = sort(kept, True)
    return [hits, kept, ordered, checkout(ordered, False)]
'''

RUN = """\
import json

from redactlint import events

sink = events.MemorySink()
events.configure(events.Recorder(sink, validate=True))

import shop

print(json.dumps({"result": shop.main(), "payloads": sink.payloads}))
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_app(root: Path) -> dict[str, object]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(REPO)])}
    completed = subprocess.run(
        [sys.executable, "-c", RUN],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert isinstance(output, dict)
    return output


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "analytics.py").write_text(ANALYTICS)
    (tmp_path / "shop.py").write_text(SHOP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_legacy_app_onto_the_registry(app: Path) -> None:
    before = run_app(app)
    assert before["payloads"] == []  # the legacy client records nothing of its own

    inferred = run("schema", "infer", "--out", "schemas")
    assert inferred.exit_code == 0, inferred.output
    assert sorted(path.name for path in (app / "schemas").iterdir()) == [
        "checkout.completed.json",
        "filter.applied.json",
        "search.submitted.json",
    ]

    generated = run("generate", "--schemas", "schemas", "--out", "telemetry.py")
    assert generated.exit_code == 0, generated.output

    migrated = run("migrate")
    assert migrated.exit_code == 0, migrated.output
    assert "migrated 4 calls in 1 file." in migrated.stderr
    shop = (app / "shop.py").read_text(encoding="utf-8")
    assert "analytics.track(" not in shop
    assert "from telemetry import CheckoutCompleted, FilterApplied, SearchSubmitted\n" in shop
    assert "        q=query,  # what the user typed\n" in shop  # the comment kept its place

    fixed = run("fix")
    assert fixed.exit_code == 0, fixed.output

    checked = run("check", "--format", "json")
    findings = json.loads(checked.stdout)["findings"]
    assert [f for f in findings if f["code"] in ("RL001", "RL002")] == []
    assert checked.exit_code == 0, checked.stdout

    final = (app / "shop.py").read_bytes()
    assert run("migrate").exit_code == 0  # nothing left to migrate
    assert (app / "shop.py").read_bytes() == final

    after = run_app(app)
    assert after["result"] == before["result"]
    payloads = after["payloads"]
    assert isinstance(payloads, list)
    by_event = [(p["event"], p["properties"]) for p in payloads]
    assert [name for name, _ in by_event] == [
        "search.submitted",
        "filter.applied",
        "filter.applied",
        "checkout.completed",
    ]
    search = by_event[0][1]
    assert search["q"] == "‹×›"  # what the user typed never leaves in clear
    assert search["results"] == 2
    assert by_event[1][1] == {"kind": "colour", "value": "‹×›", "kept": 2}
    assert by_event[3][1] == {"itemCount": 2, "express": False}
