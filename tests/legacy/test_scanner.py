"""The legacy scanner reads files as ``check`` does: a file too deep for the default
stack is parsed and walked on a deep one, a FIFO is refused, never read."""

from __future__ import annotations

import os
from pathlib import Path

from redactlint.analysis.config import Config, SinkSpec
from redactlint.legacy.scanner import LegacyScanner

CALL = "from analytics import track\ntrack('Signup', {'plan': 'pro', 'seats': 3})\n"


def scanner(root: Path) -> LegacyScanner:
    return LegacyScanner(Config(root=root, sinks=(SinkSpec("analytics.track", 0, 1),)))


def test_a_file_too_deep_for_the_default_stack_is_scanned(tmp_path: Path) -> None:
    deep = "total = " + " + ".join(["1"] * 5000) + "\n"  # deeper than ast's default limit
    module = scanner(tmp_path).scan_source("app/deep.py", CALL + deep, "app.deep")
    assert module.error is None
    [call] = module.calls
    assert (call.event, [p.key for p in call.properties]) == ("Signup", ["plan", "seats"])


def test_a_fifo_named_like_a_module_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    module = scanner(tmp_path).scan_file(fifo)
    assert module.calls == []
    assert module.error is not None and "not a regular file" in module.error
