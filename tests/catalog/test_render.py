"""The renderings: the same catalog as HTML, Markdown and JSON, with everything escaped."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from redactlint.catalog import Catalog, write_catalog
from redactlint.catalog.html import render_html, script_json
from redactlint.catalog.json import catalog_dict, render_json
from redactlint.catalog.markdown import code, render_changes, render_markdown, text
from redactlint.catalog.output import make_linker

from .conftest import HOSTILE, TITLE


def link(path: str, line: int) -> str:
    return f"src/{path}" + (f"#L{line}" if line else "")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def page(shop_catalog: Catalog) -> str:
    return render_html(shop_catalog, link)


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_html_is_self_contained(page: str) -> None:
    tags = parse(page)
    for tag, attributes in tags.tags:
        assert "src" not in attributes, tag  # no external script, image or frame
        assert tag not in ("link", "iframe", "img", "object", "embed")
        href = attributes.get("href") or ""
        assert not re.match(r"[a-z]+:", href), href  # no absolute URL
    policy = next(a for t, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert (policy["content"] or "").startswith("default-src 'none';")
    assert len(tags.scripts) == 2  # the data and the script that uses it


def test_html_escapes_schema_and_code_text(page: str) -> None:
    tags = parse(page)
    assert [tag for tag, _ in tags.tags].count("script") == 2
    assert '<script>alert("x")' not in page
    assert html.escape(HOSTILE) in page
    assert f"<title>{html.escape(TITLE)}</title>" in page
    data_script = tags.scripts[0]
    assert "</script" not in data_script and "<!--" not in data_script
    data = json.loads(data_script)
    assert data["title"] == TITLE
    descriptions = [event["description"] for event in data["events"]]
    assert any(HOSTILE in description for description in descriptions)


def test_script_json_cannot_close_its_element() -> None:
    encoded = script_json({"a": "</script><!-- & >"})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded) == {"a": "</script><!-- & >"}


def test_html_shows_the_index_filters_sites_and_samples(page: str) -> None:
    tags = parse(page)
    ids = {attributes.get("id") for _, attributes in tags.tags}
    for expected in (
        "search",
        "filter-feature",
        "filter-owner",
        "filter-sensitivity",
        "shown-count",
        "event-index",
        "event-cart.checkedOut",
        "sample-cart.checkedOut",
        "chart-features",
        "chart-sensitivities",
        "unused-events",
        "unknown-calls",
        "changes",
        "now-leaving",
    ):
        assert expected in ids, expected
    filtered = [a for _, a in tags.tags if "data-event" in a]
    # One index row, one card and one sample block per event.
    assert len(filtered) == 9
    card = next(a for t, a in tags.tags if t == "article" and a["id"] == "event-cart.checkedOut")
    assert card["data-feature"] == "cart"
    assert card["data-owner"] == "payments"
    assert card["data-sensitivities"] == "sensitive hashed safe not-text"
    options = [a.get("value") for t, a in tags.tags if t == "option"]
    assert {"cart", "search", "payments", "web", "hashed", "safe"} <= set(options)
    assert 'href="src/shop/checkout.py#L8"' in page
    assert "shop/checkout.py:20" in page  # the call of the unknown event cart.removed
    assert "coupons are public marketing codes" in page


def test_markdown_has_every_section(shop_catalog: Catalog) -> None:
    markdown = render_markdown(shop_catalog, link)
    assert markdown.startswith("# Shop \\<catalog\\> \\& co\n")
    for heading in (
        "## Summary",
        "## Events",
        "### `cart.checkedOut`",
        "## Events with no call site",
        "## Calls of unknown events",
        "## What changes in this change (against `HEAD`)",
        "### Fields that now leave",
    ):
        assert f"\n{heading}\n" in markdown, heading
    assert "- [shop/checkout.py:20](<src/shop/checkout.py#L20>)" in markdown
    assert "`RL101`" in markdown
    assert "<script>" not in markdown
    # Every row of a table has its header's column count, whatever the schema text holds.
    columns = None
    for line in markdown.splitlines():
        pipes = len(re.findall(r"(?<!\\)\|", line))
        if not line.startswith("|"):
            columns = None
        elif columns is None:
            columns = pipes
        else:
            assert pipes == columns, line


def test_markdown_escaping() -> None:
    assert text("a|b <i>*x*</i>\nnext") == "a\\|b \\<i\\>\\*x\\*\\</i\\> next"
    assert code("a|b") == "`a\\|b`"
    assert code("x`y") == "`` x`y ``"
    assert code("") == ""


def test_change_report_as_a_pull_request_comment(shop_catalog: Catalog) -> None:
    assert shop_catalog.changes is not None
    comment = render_changes(shop_catalog.changes)
    assert comment.startswith("### What changes in this change (against `HEAD`)\n")
    assert "#### New events\n\n- `search.run`" in comment
    assert "| `cart.checkedOut` | `channel` | new string field, sent in clear |" in comment
    assert "| `cart.checkedOut` | `customer` |" in comment
    assert "⚠️ more data leaves" in comment


def test_json_round_trips_the_model(shop_catalog: Catalog) -> None:
    document = json.loads(render_json(shop_catalog))
    assert document == json.loads(json.dumps(catalog_dict(shop_catalog)))
    assert document["version"] == 1
    assert document["summary"]["events"] == 3
    assert document["summary"]["events_per_feature"] == {"cart": 2, "search": 1}
    assert document["unused_events"] == ["cart.viewed"]
    assert [call["named"] for call in document["unknown_calls"]] == ["cart.removed", None]
    event = document["events"][0]
    assert event["name"] == "cart.checkedOut"
    assert event["sample"]["outcomes"]["coupon"] == {
        "redact": "redacted",
        "drop": "dropped",
        "keep": "clear",
        "allowlisted": "clear",
    }
    assert event["sample"]["payloads"]["allowlisted"]["properties"]["coupon"] == (
        "coupon.alice@example.com"
    )
    assert document["changes"]["new_events"] == ["search.run"]


def test_renderings_are_deterministic(shop_catalog: Catalog, tmp_path: Path) -> None:
    first = write_catalog(shop_catalog, tmp_path / "a", tmp_path)
    second = write_catalog(shop_catalog, tmp_path / "b", tmp_path)
    assert [p.name for p in first] == ["index.html", "catalog.md", "catalog.json", "changes.md"]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()


def test_links(tmp_path: Path) -> None:
    root = tmp_path / "project"
    relative = make_linker(root / "catalog", root)
    assert relative("shop/a b.py", 3) == "../shop/a%20b.py#L3"
    assert relative("schemas/x.json", 0) == "../schemas/x.json"
    inside = make_linker(root, root)
    assert inside("shop/a.py", 1) == "shop/a.py#L1"
    remote = make_linker(root, root, "https://example.invalid/blob/main/{path}#L{line}")
    assert remote("shop/a.py", 12) == "https://example.invalid/blob/main/shop/a.py#L12"
