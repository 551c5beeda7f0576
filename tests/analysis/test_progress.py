"""The progress count and the summary line count the same files."""

from __future__ import annotations

from pathlib import Path

from redactlint.analysis.check import check_paths
from redactlint.analysis.config import Config, SinkSpec


class Recorded:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))

    def close(self) -> None:
        pass


def test_the_count_covers_skipped_and_cached_files(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "app" / "sends.py").write_text(
        "import analytics\n\n\ndef f(q: str) -> None:\n    analytics.track('e', {'q': q})\n",
        encoding="utf-8",
    )
    for index in range(3):
        (tmp_path / "app" / f"quiet{index}.py").write_text("x = 1\n", encoding="utf-8")
    config = Config(root=tmp_path, sinks=(SinkSpec("analytics.track"),))
    shown = Recorded()
    _, stats = check_paths([], config, jobs=1, cache_directory=False, progress=lambda: shown)
    assert (stats.files, stats.skipped) == (5, 4)
    assert shown.calls[-1] == (5, 5)  # was (1, 1): only the one file left to check
