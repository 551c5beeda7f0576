"""The README shows the example app's catalog and the commands that make it and its picture."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_shows_the_catalog() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n## Data catalog\n" in readme
    assert "cd examples/app && redactlint catalog --out " in readme
    assert "](docs/catalog.png)" in readme
    assert "REDACTLINT_CATALOG_SCREENSHOT=docs/catalog.png" in readme
    assert "tests/catalog/test_browser.py" in readme


def test_screenshot_is_a_small_png() -> None:
    picture = (ROOT / "docs" / "catalog.png").read_bytes()
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    # Tall enough for the reviewer's sections and the first event's whole calls.
    assert 10_000 < len(picture) < 350_000
