"""What a privacy reviewer reads besides the events: escape hatches, suppressed call
sites, findings new or accepted in a baseline, whole multi-line calls, numbers that
leave in clear by policy, and each event's governance facts, in all three renderings."""

from __future__ import annotations

import json
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactlint.adoption.baseline import Baseline
from redactlint.adoption.fingerprints import fingerprints
from redactlint.analysis.check import check_paths
from redactlint.analysis.config import parse_config_file
from redactlint.catalog import Catalog, collect_catalog
from redactlint.catalog.html import render_html
from redactlint.catalog.json import render_json
from redactlint.catalog.markdown import render_markdown
from redactlint.catalog.model import CallSite, EscapeHatch, EventEntry, build_catalog
from redactlint.cli import main
from redactlint.schema.generate import generate_registry
from redactlint.schema.loader import load_schema_dir

from .conftest import ANALYTICS, PYPROJECT, event, search_run, viewed, write_schemas

REVIEWED = """\
from redactlint.redact import safe, safe_type, unsafe

from .analytics import track
from .telemetry import CartCheckedOut, SearchRun


def search(query, name):
    track("search.run", {"query": query})  # redactlint: ignore[RL001] the query is a product id
    SearchRun(query=unsafe(query)).record()


def search_again(query):
    track("search.run", {"query": query})  # noqa: RL001


def checkout(coupon, customer, count):
    CartCheckedOut(
        coupon=coupon,
        item_count=count,
    ).record()


def label(text, other):
    shown = safe(text)  # redactlint: safe -- labels come from our own menu
    unexplained = safe(other)
    return shown, unexplained


@safe_type
class Colour:
    def __str__(self):
        return "red"
"""

GOVERNANCE = {
    "purpose": "Know which coupons sell.",
    "retention": "90 days",
    "destination": "the finance warehouse",
    "data-category": "commerce",
}


def checked_out() -> dict[str, object]:
    properties = {
        "coupon": {"type": "string", "x-sensitivity": "sensitive"},
        "itemCount": {"type": "integer", "description": "Items in the cart."},
        "customerId": {"type": "integer", "x-sensitivity": "hashed"},
    }
    document = event("cart", "checkedOut", properties, "payments", "A cart was paid for.")
    document["x-event"].update(GOVERNANCE)  # type: ignore[attr-defined]
    return document


def build_reviewed(root: Path) -> Path:
    """A project with every escape hatch, a multi-line call and governance facts; its
    baseline accepts its RL202 (the unjustified safe) only."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    package = root / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "analytics.py").write_text(ANALYTICS, encoding="utf-8")
    (package / "reviewed.py").write_text(REVIEWED, encoding="utf-8")
    write_schemas(root / "schemas", [checked_out(), viewed(), search_run()])
    registry = generate_registry(list(load_schema_dir(root / "schemas")))
    (package / "telemetry.py").write_text(registry, encoding="utf-8")
    config = parse_config_file(root / "pyproject.toml")
    findings, _ = check_paths([], config, cache_directory=None)
    prints = fingerprints(findings, config.root)
    accepted = [index for index, finding in enumerate(findings) if finding.code == "RL202"]
    Baseline.from_findings(
        [findings[index] for index in accepted], [prints[index] for index in accepted], config.root
    ).write(root / "baseline.json")
    return root


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_reviewed(tmp_path_factory.mktemp("review") / "shop")


@pytest.fixture(scope="module")
def catalog(reviewed: Path) -> Catalog:
    config = parse_config_file(reviewed / "pyproject.toml")
    return collect_catalog(config, baseline_file=reviewed / "baseline.json")


def link(path: str, line: int) -> str:
    return f"src/{path}#L{line}"


def entry(catalog: Catalog, name: str) -> EventEntry:
    (found,) = [each for each in catalog.events if each.name == name]
    return found


def site_at(catalog: Catalog, line: int) -> CallSite:
    (found,) = [site for site in catalog.call_sites if site.line == line]
    return found


# -- the model ---------------------------------------------------------------------


def test_escape_hatches_are_collected_with_their_reasons(catalog: Catalog) -> None:
    shown = [
        (hatch.kind, hatch.path, hatch.line, hatch.subject, hatch.reason_text)
        for hatch in catalog.escape_hatches
    ]
    assert shown == [
        ("safe", "shop/reviewed.py", 24, "safe(text)", "labels come from our own menu"),
        ("safe", "shop/reviewed.py", 25, "safe(other)", "no justification"),
        ("safe-type", "shop/reviewed.py", 30, "shop.reviewed.Colour", "not in the allowlist"),
        ("suppression", "shop/reviewed.py", 8, "RL001", "the query is a product id"),
        ("suppression", "shop/reviewed.py", 13, "# noqa: RL001", "no reason given"),
    ]


def test_a_call_whose_finding_is_suppressed_is_marked(catalog: Catalog) -> None:
    suppressed = site_at(catalog, 8)
    assert suppressed.findings == ()
    assert [hatch.suppressed for hatch in suppressed.suppressions] == [
        "suppressed: RL001 — the query is a product id"
    ]
    noqa = site_at(catalog, 13)
    assert [hatch.suppressed for hatch in noqa.suppressions] == [
        "suppressed: # noqa: RL001 — no reason given"
    ]
    assert site_at(catalog, 9).suppressions == ()
    assert len(entry(catalog, "search.run").suppressions) == 2


def test_findings_are_new_or_accepted_in_the_baseline(catalog: Catalog) -> None:
    assert catalog.baseline == "baseline.json"
    statuses = sorted((f.line, f.code, f.status) for f in catalog.findings)
    assert statuses == [
        (18, "RL001", "new"),  # in the multi-line call
        (25, "RL202", "accepted"),
        (29, "RL203", "new"),
    ]
    assert [f.code for f in catalog.findings_with("accepted")] == ["RL202"]


def test_without_a_baseline_findings_have_no_status(reviewed: Path) -> None:
    built = collect_catalog(parse_config_file(reviewed / "pyproject.toml"))
    assert built.baseline is None
    assert built.findings and {finding.status for finding in built.findings} == {None}


def test_a_multi_line_call_is_shown_whole(catalog: Catalog) -> None:
    call = site_at(catalog, 17)
    assert call.end_line == 20
    assert call.code == textwrap.dedent(
        """\
        CartCheckedOut(
            coupon=coupon,
            item_count=count,
        ).record()"""
    )
    assert call.multiline
    assert [finding.line for finding in call.findings] == [18]


def test_numbers_left_in_clear_by_policy_are_marked_for_review(catalog: Catalog) -> None:
    fields = {field.name: field for field in entry(catalog, "cart.checkedOut").fields}
    assert fields["itemCount"].clear_by_policy  # an integer with no x-sensitivity
    assert not fields["customerId"].clear_by_policy  # an integer id declared hashed
    assert not fields["coupon"].clear_by_policy
    viewed_fields = {field.name: field for field in entry(catalog, "cart.viewed").fields}
    assert viewed_fields["fast"].clear_by_policy  # a boolean
    assert not viewed_fields["tags"].clear_by_policy


def test_governance_facts_are_carried_per_event(catalog: Catalog) -> None:
    assert entry(catalog, "cart.checkedOut").governance == tuple(GOVERNANCE.items())
    assert entry(catalog, "cart.viewed").governance == (
        ("purpose", None),
        ("retention", None),
        ("destination", None),
        ("data-category", None),
    )
    assert "finance warehouse" in entry(catalog, "cart.checkedOut").search_text


def test_a_suppression_outside_any_call_stays_in_the_section_only() -> None:
    hatch = EscapeHatch("suppression", "shop/a.py", 30, "RL002", "reviewed")
    built = build_catalog([], [], [], {}, root=Path("/p"), escape_hatches=[hatch])
    assert built.escape_hatches == (hatch,)
    assert built.call_sites == ()


# -- the renderings ----------------------------------------------------------------


class _Text(HTMLParser):
    """The page's text by element id, and every class used."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: set[str] = set()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "class" and value:
                self.classes.update(value.split())
            if name == "id" and value:
                self.ids.add(value)


def test_html_shows_the_reviewer_sections(catalog: Catalog) -> None:
    page = render_html(catalog, link)
    parsed = _Text()
    parsed.feed(page)
    assert {"escape-hatches", "hatches-safe", "hatches-safe-type", "hatches-suppression"} <= (
        parsed.ids
    )
    assert '<a href="#escape-hatches">Escape hatches</a>' in page
    assert "labels come from our own menu" in page
    assert '<span class="warn">no justification</span>' in page
    assert '<span class="warn">not in the allowlist</span>' in page
    assert '<li class="suppressed">suppressed: RL001 — the query is a product id</li>' in page
    assert "suppressed: # noqa: RL001 — no reason given" in page
    assert '<span class="status status-accepted">accepted in the baseline</span>' in page
    assert '<span class="status status-new">new</span>' in page
    assert 'class="warn">' in page and "new</span>, 1 accepted in the baseline" in page
    assert (
        '<pre class="call"><code>CartCheckedOut(\n    coupon=coupon,\n    item_count=count,\n'
        ").record()</code></pre>"
    ) in page
    marker = '<span class="review" title="no x-sensitivity: leaves in clear in every mode">'
    assert page.count(marker + "in clear by policy — review</span>") == 2  # itemCount, fast
    assert "<dt>retention</dt><dd>90 days</dd>" in page
    assert "<dt>purpose</dt><dd class=\"empty\">not stated</dd>" in page
    assert "+2 suppressed" in page


def test_markdown_shows_the_reviewer_sections(catalog: Catalog) -> None:
    text = render_markdown(catalog, link)
    assert "\n## Escape hatches\n" in text
    assert "### safe(...) of non-constants (2)" in text
    assert "| `safe(other)` | ⚠️ no justification |" in text
    assert "| `shop.reviewed.Colour` | ⚠️ not in the allowlist |" in text
    assert "  - ⚠️ suppressed: RL001 — the query is a product id" in text
    assert "**accepted in the baseline** [shop/reviewed.py:" in text
    assert "**new** [shop/reviewed.py:" in text
    assert (
        "  ```python\n  CartCheckedOut(\n      coupon=coupon,\n      item_count=count,\n"
        "  ).record()\n  ```"
    ) in text
    assert "| integer | not-text ⚠️ in clear by policy — review |" in text
    assert (
        "purpose: Know which coupons sell.; retention: 90 days; "
        "destination: the finance warehouse; data-category: commerce"
    ) in text
    assert "1 accepted in the baseline `baseline.json`" in text


def test_json_carries_the_reviewer_data(catalog: Catalog) -> None:
    document = json.loads(render_json(catalog))
    assert document["baseline"] == "baseline.json"
    assert document["summary"]["accepted_findings"] == 1
    assert document["summary"]["escape_hatches"] == 5
    assert [hatch["kind"] for hatch in document["escape_hatches"]] == [
        "safe", "safe", "safe-type", "suppression", "suppression",
    ]
    (checked,) = [e for e in document["events"] if e["name"] == "cart.checkedOut"]
    assert (checked["purpose"], checked["retention"]) == ("Know which coupons sell.", "90 days")
    assert (checked["destination"], checked["data_category"]) == (
        "the finance warehouse",
        "commerce",
    )
    fields = {field["name"]: field for field in checked["fields"]}
    assert fields["itemCount"]["review"] == "in clear by policy — review"
    assert fields["customerId"]["review"] is None
    (call,) = checked["call_sites"]
    assert call["code"].count("\n") == 3
    assert [f["status"] for f in call["findings"]] == ["new"]
    (searched,) = [e for e in document["events"] if e["name"] == "search.run"]
    shown = [s["shown_as"] for site in searched["call_sites"] for s in site["suppressions"]]
    assert shown == [
        "suppressed: RL001 — the query is a product id",
        "suppressed: # noqa: RL001 — no reason given",
    ]


def test_the_command_takes_a_baseline(
    reviewed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(reviewed)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["catalog", "--out", str(out), "--baseline", "baseline.json"])
    assert result.exit_code == 0, result.output
    assert "open findings (" in result.output and " new), 5 escape hatches." in result.output
    document = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert document["summary"]["accepted_findings"] == 1
    missing = CliRunner().invoke(main, ["catalog", "--out", str(out), "--baseline", "no.json"])
    assert missing.exit_code == 2
    assert "baseline file not found" in missing.output
