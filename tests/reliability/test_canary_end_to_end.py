"""The example app's code paths, fed canary values (e-mail addresses, paths, tokens,
URLs, text with markers and newlines), through every recorder mode and every sink:
no canary reaches an exported byte outside the fields allowed to reveal it.

Every canary carries a tag of its own in each of its lines and between its
markers, so a leak of any fragment shows as the tag in the output, whether the
sink wrote JSON (escaped), a log line, or anything else.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from redactlint import events
from redactlint.events import Allowlist, JsonLinesSink, LoggingSink, MemorySink, Mode, Recorder
from redactlint.redact import REDACTED
from redactlint.redact.logging import RedactingFilter

from .conftest import REPO

APP = REPO / "examples" / "app"
TAG = re.compile(r"zq7k\d+")

CANARY_TEMPLATES = (
    "{t}.alice@example.com",
    "/home/{t}/private/notes.txt",
    "C:\\Users\\{t}\\Documents\\{t}.docx",
    "ghp_{t}R2d2C3poBb8Ee1Ff0Aa9Zz",
    "https://{t}.example.com/reset?token={t}&user=alice",
    "{t} \u2039inner {t}\u203a \u2020{t}\u203a \u2039{t}",
    "{t} line one\n{t} line two\r\n{t}\n\n{t}",
    '{t} "quoted" \\ {t} \t{t}',
)


class Canaries:
    """Hands out canary values, each with a fresh tag."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, kind: int = 0) -> str:
        self.count += 1
        tag = f"zq7k{self.count}"
        return CANARY_TEMPLATES[kind % len(CANARY_TEMPLATES)].format(t=tag)


@pytest.fixture(scope="module")
def app(monkeypatch_module: pytest.MonkeyPatch) -> dict[str, ModuleType]:
    monkeypatch_module.syspath_prepend(str(APP))
    import notebook_search.codeintel
    import notebook_search.legacy_analytics
    import notebook_search.notebooks
    import notebook_search.search
    import notebook_search.telemetry

    return {
        "search": notebook_search.search,
        "notebooks": notebook_search.notebooks,
        "codeintel": notebook_search.codeintel,
        "legacy": notebook_search.legacy_analytics,
        "telemetry": notebook_search.telemetry,
    }


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def drive(app: dict[str, ModuleType], canary: Canaries) -> None:
    """Every path of the app that records or logs, with canaries wherever text goes."""
    search, notebooks, codeintel, legacy = (
        app["search"],
        app["notebooks"],
        app["codeintel"],
        app["legacy"],
    )
    for kind in range(len(CANARY_TEMPLATES)):
        search.search(canary(kind), "literal")
        search.search(canary(kind), "regexp", repo=canary(kind))
        search.search(canary(kind), canary(kind))  # a pattern type no schema allows
        notebooks.view_page("nb-4f1c", canary(kind))
        notebooks.view_page("nb-9a27", "view")
        codeintel.go_to_definition(canary(kind), canary(kind))
        codeintel.go_to_definition("rotate_payroll_token", canary(kind) + ".py")
        codeintel.go_to_definition("parse_salary", canary(kind))
        legacy.track(
            "codeIntel.goToDefinition",
            {"language": canary(kind), "precise": True, "latency": 1, "symbol": canary(kind)},
        )
        legacy.track(canary(kind), {"symbol": canary(kind)})  # unknown event: logged
        legacy.track("search.submitted", {canary(kind): 1})  # unknown property: logged
        legacy.track("notebook.pageViewed", {"page": canary(kind)})  # missing field: logged


@dataclass
class Output:
    """What one sink let out, and how to read its payloads back."""

    read: Callable[[], str]
    payloads: Callable[[], list[dict[str, Any]]]


def memory_sink(tmp_path: Path) -> tuple[Any, Output]:
    sink = MemorySink()
    return sink, Output(
        read=lambda: json.dumps(sink.payloads, ensure_ascii=False),
        payloads=lambda: sink.payloads,
    )


def json_lines_sink(tmp_path: Path) -> tuple[Any, Output]:
    path = tmp_path / "events.jsonl"
    sink = JsonLinesSink(path)

    def text() -> str:
        sink.close()
        return path.read_bytes().decode("utf-8") if path.exists() else ""

    return sink, Output(read=text, payloads=lambda: [json.loads(x) for x in text().splitlines()])


def logging_sink(redacting: bool) -> Callable[[Path], tuple[Any, Output]]:
    def make(tmp_path: Path) -> tuple[Any, Output]:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        if redacting:
            handler.addFilter(RedactingFilter())
        logger = logging.getLogger(f"reliability.telemetry.{redacting}.{tmp_path.name}")
        logger.propagate = False
        logger.setLevel(logging.INFO)
        logger.handlers[:] = [handler]
        return LoggingSink(logger), Output(
            read=stream.getvalue,
            payloads=lambda: [json.loads(x) for x in stream.getvalue().splitlines()],
        )

    return make


def stream_sink(app: dict[str, ModuleType]) -> Callable[[Path], tuple[Any, Output]]:
    def make(tmp_path: Path) -> tuple[Any, Output]:
        stream = io.StringIO()
        return app["telemetry"].StreamSink(stream), Output(
            read=stream.getvalue,
            payloads=lambda: [json.loads(x) for x in stream.getvalue().splitlines()],
        )

    return make


SINKS = ["memory", "json-lines", "logging", "logging+redacting-filter", "app-stream"]
# The fields that may reveal a canary: in keep mode every marked text field (local
# development only); otherwise only the allowlisted ones.
MARKED_FIELDS = {
    "search.submitted": {"query", "repo"},
    "notebook.pageViewed": {"page", "notebookId"},
    "codeIntel.goToDefinition": {"symbol"},
}
ALLOWLISTED = {"search.submitted": {"query"}, "notebook.pageViewed": {"page"}}
ALLOWLIST = Allowlist(
    [
        (event, field, "reviewed for this test")
        for event, names in ALLOWLISTED.items()
        for field in names
    ]
)


def revealed(mode: Mode, allowlisted: bool) -> dict[str, set[str]]:
    if mode == "keep":
        return MARKED_FIELDS
    return ALLOWLISTED if allowlisted else {}


def outside_revealed(payload: dict[str, Any], allowed: dict[str, set[str]]) -> dict[str, Any]:
    hidden = allowed.get(payload["event"], set())
    kept = {k: v for k, v in payload["properties"].items() if k not in hidden}
    return {**payload, "properties": kept}


@pytest.mark.parametrize("allowlisted", [False, True], ids=["no-allowlist", "allowlist"])
@pytest.mark.parametrize("mode", ["redact", "drop", "keep"])
@pytest.mark.parametrize("sink_name", SINKS)
def test_no_canary_leaves_outside_the_fields_allowed_to_reveal_it(
    app: dict[str, ModuleType],
    tmp_path: Path,
    sink_name: str,
    mode: Mode,
    allowlisted: bool,
) -> None:
    makers: dict[str, Callable[[Path], tuple[Any, Output]]] = {
        "memory": memory_sink,
        "json-lines": json_lines_sink,
        "logging": logging_sink(False),
        "logging+redacting-filter": logging_sink(True),
        "app-stream": stream_sink(app),
    }
    sink, output = makers[sink_name](tmp_path)
    allowlist = ALLOWLIST if allowlisted else None
    recorder = Recorder(sink, mode=mode, allowlist=allowlist, salt="s", raise_errors=True)

    product_log = io.StringIO()  # the app's own log, redacted as its __main__ sets it up
    handler = logging.StreamHandler(product_log)
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous_level = root.level
    root.setLevel(logging.INFO)
    previous = events.configure(recorder)
    try:
        drive(app, Canaries())
    finally:
        events.configure(previous)
        root.removeHandler(handler)
        root.setLevel(previous_level)

    assert recorder.failures == 0
    payloads = output.payloads()
    assert len(payloads) >= 8 * 7, "the app recorded fewer events than it was driven to"
    allowed = revealed(mode, allowlisted)
    for payload in payloads:
        visible = json.dumps(outside_revealed(payload, allowed), ensure_ascii=False)
        assert not TAG.search(visible), f"canary outside an allowed field: {visible}"
        for value in payload["properties"].values():
            if isinstance(value, str) and TAG.search(value):  # revealed on purpose
                assert "\u2039" not in value and "\u203a" not in value
    if allowed:  # the detector sees canaries where they may be
        assert any(TAG.search(json.dumps(p, ensure_ascii=False)) for p in payloads)
    else:
        assert not TAG.search(output.read()), "canary in the sink's bytes"
    assert not TAG.search(product_log.getvalue()), "canary in the product log"


def test_plain_text_fails_closed_even_in_keep_mode(app: dict[str, ModuleType]) -> None:
    """A canary passed as a plain ``str`` (the legacy path, a bad pattern type) is
    redacted whole, in every mode."""
    for mode in ("redact", "keep"):
        sink = MemorySink()
        previous = events.configure(Recorder(sink, mode=mode))  # type: ignore[arg-type]
        try:
            canary = Canaries()
            app["legacy"].track(
                "codeIntel.goToDefinition",
                {"language": canary(), "precise": True, "latency": 1, "symbol": canary(1)},
            )
            app["search"].search("query", canary(2))
        finally:
            events.configure(previous)
        [jump, search] = sink.payloads
        assert jump["properties"]["language"] == REDACTED
        assert jump["properties"]["symbol"] == REDACTED
        assert search["properties"]["patternType"] == REDACTED
