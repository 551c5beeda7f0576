"""The data model behind the pages: pure builders over schemas, sites, findings and samples."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from redactlint.catalog.call_sites import call_text
from redactlint.catalog.model import (
    CallSite,
    Catalog,
    ChangeEntry,
    EscapeHatch,
    FieldOutcome,
    FindingEntry,
    Sample,
    SampleValue,
    build_catalog,
    change_report,
    relative_path,
    sensitivity_label,
)
from redactlint.catalog.samples import sample_event
from redactlint.schema.model import EventSchema, FieldSchema

ROOT = Path("/project")


def schema(
    name: str = "cart.checkedOut",
    fields: tuple[FieldSchema, ...] | None = None,
    owner: str = "payments",
    expires: datetime.date | None = None,
) -> EventSchema:
    feature, action = name.split(".")
    if fields is None:
        fields = (
            FieldSchema("coupon", "string", True, "Coupon.", sensitivity="sensitive"),
            FieldSchema("itemCount", "integer", True, "Items."),
            FieldSchema("customer", "string", False, "Who.", sensitivity="hashed"),
        )
    return EventSchema(
        feature,
        action,
        1,
        owner,
        f"About {name}.",
        fields,
        ROOT / "schemas" / f"{name}.json",
        expires=expires,
    )


def site(
    line: int,
    event: str | None,
    end_line: int | None = None,
    column: int = 5,
    path: str = "shop/checkout.py",
) -> CallSite:
    return CallSite(
        path=path,
        line=line,
        column=column,
        end_line=end_line or line,
        callee="CartCheckedOut" if event else "shop.analytics.track",
        via="class" if event else "sink",
        event=event,
        named=event,
        code="CartCheckedOut(",
    )


def finding(line: int, code: str = "RL001", path: str = "shop/checkout.py") -> FindingEntry:
    return FindingEntry(path, line, 9, code, f"{code} message")


def test_sensitivity_labels() -> None:
    assert sensitivity_label(FieldSchema("n", "integer", True)) == "not-text"
    assert sensitivity_label(FieldSchema("b", "boolean", True)) == "not-text"
    assert sensitivity_label(FieldSchema("s", "string", True)) == "undeclared"
    assert sensitivity_label(FieldSchema("s", "string", True, sensitivity="hashed")) == "hashed"
    tags = FieldSchema("t", "array", True, sensitivity="safe", item_type="string")
    assert sensitivity_label(tags) == "safe"
    counts = FieldSchema("c", "array", True, item_type="integer")
    assert sensitivity_label(counts) == "not-text"


def test_events_fields_and_metadata() -> None:
    catalog = build_catalog(
        [schema(expires=datetime.date(2031, 1, 31)), schema("cart.viewed", owner="web")],
        [],
        [],
        {},
        root=ROOT,
        title="Shop",
        allowlist={("cart.checkedOut", "coupon"): "public marketing codes"},
    )
    assert isinstance(catalog, Catalog)
    assert [event.name for event in catalog.events] == ["cart.checkedOut", "cart.viewed"]
    event = catalog.events[0]
    assert (event.feature, event.action, event.version, event.owner) == (
        "cart",
        "checkedOut",
        1,
        "payments",
    )
    assert event.expires == "2031-01-31"
    assert event.schema_path == "schemas/cart.checkedOut.json"
    # The generated class's order (required first), with its keyword arguments.
    assert [(f.name, f.attribute, f.sensitivity) for f in event.fields] == [
        ("coupon", "coupon", "sensitive"),
        ("itemCount", "item_count", "not-text"),
        ("customer", "customer", "hashed"),
    ]
    assert event.fields[0].allowlist_reason == "public marketing codes"
    assert event.fields[1].allowlist_reason is None
    assert event.sensitivities == ("sensitive", "hashed", "not-text")
    assert catalog.features == ("cart",)
    assert catalog.owners == ("payments", "web")
    assert catalog.allowlist


def test_summary_counts() -> None:
    catalog = build_catalog(
        [schema(), schema("cart.viewed"), schema("search.run")], [], [], {}, root=ROOT
    )
    assert catalog.events_per_feature == (("cart", 2), ("search", 1))
    assert catalog.fields_per_sensitivity == (("sensitive", 3), ("hashed", 3), ("not-text", 3))
    assert not catalog.allowlist


def test_call_sites_are_grouped_by_event_and_sorted() -> None:
    sites = [site(30, "cart.checkedOut"), site(10, "cart.checkedOut"), site(20, None)]
    catalog = build_catalog([schema(), schema("cart.viewed")], sites, [], {}, root=ROOT)
    checked_out, viewed = catalog.events
    assert [s.line for s in checked_out.call_sites] == [10, 30]
    assert viewed.call_sites == ()
    assert catalog.unused_events == ("cart.viewed",)
    assert [s.line for s in catalog.unknown_calls] == [20]
    assert [s.line for s in catalog.call_sites] == [10, 30]


def test_site_of_an_event_missing_from_the_schemas_is_unknown() -> None:
    catalog = build_catalog([schema()], [site(5, "gone.event")], [], {}, root=ROOT)
    assert [s.event for s in catalog.unknown_calls] == ["gone.event"]


def test_findings_attach_to_the_innermost_enclosing_call() -> None:
    outer = site(10, "cart.checkedOut", end_line=16)
    inner = site(12, None, end_line=13, column=9)
    elsewhere = site(12, "cart.checkedOut", path="shop/other.py")
    findings = [
        finding(11),
        finding(12, "RL101"),
        finding(16, "RL002"),
        finding(40, "RL202"),
        finding(12, "RL003", path="shop/third.py"),
    ]
    catalog = build_catalog([schema()], [outer, inner, elsewhere], findings, {}, root=ROOT)
    by_line = {(s.path, s.line): s for s in catalog.events[0].call_sites}
    assert [f.code for f in by_line["shop/checkout.py", 10].findings] == ["RL001", "RL002"]
    assert by_line["shop/other.py", 12].findings == ()
    assert [f.code for f in catalog.unknown_calls[0].findings] == ["RL101"]
    assert [f.code for f in catalog.other_findings] == ["RL202", "RL003"]
    assert [f.code for f in catalog.events[0].findings] == ["RL001", "RL002"]
    assert len(catalog.findings) == 5


def test_search_text_covers_names_fields_owners_and_files() -> None:
    catalog = build_catalog([schema()], [site(10, "cart.checkedOut")], [], {}, root=ROOT)
    text = catalog.events[0].search_text
    for word in ("cart.checkedout", "payments", "coupon", "itemcount", "shop/checkout.py:10"):
        assert word in text
    assert text == text.lower()


def test_samples_are_attached_by_event_name() -> None:
    sample = sample_event(schema())
    catalog = build_catalog(
        [schema(), schema("cart.viewed")], [], [], {sample.event: sample}, root=ROOT
    )
    assert catalog.events[0].sample is sample
    assert catalog.events[1].sample is None


def test_relative_path() -> None:
    assert relative_path(ROOT / "shop" / "a.py", ROOT) == "shop/a.py"
    assert relative_path("shop/a.py", ROOT) == "shop/a.py"
    assert relative_path(Path("/elsewhere/b.py"), ROOT) == "../elsewhere/b.py"


def _sample(event: str, outcomes: dict[tuple[str, str], str]) -> Sample:
    fields = sorted({field for field, _ in outcomes})
    return Sample(
        event,
        tuple(SampleValue(field, "unsafe('x')") for field in fields),
        (),
        tuple(
            FieldOutcome(field, view, outcome, None, canary=True)  # type: ignore[arg-type]
            for (field, view), outcome in outcomes.items()
        ),
    )


def test_change_report_lists_what_now_leaves() -> None:
    old = {
        "cart.checkedOut": _sample(
            "cart.checkedOut",
            {
                ("customer", "redact"): "redacted",
                ("customer", "drop"): "dropped",
                ("customer", "keep"): "clear",
                ("coupon", "redact"): "hashed",
                ("note", "redact"): "clear",
            },
        )
    }
    new = {
        "cart.checkedOut": _sample(
            "cart.checkedOut",
            {
                ("customer", "redact"): "hashed",
                ("customer", "drop"): "dropped",
                ("customer", "keep"): "clear",
                ("coupon", "redact"): "clear",  # was hashed: now in clear
                ("note", "redact"): "hashed",  # was in clear: leaves less
                ("channel", "redact"): "clear",
                ("channel", "drop"): "clear",
            },
        ),
        "search.run": _sample("search.run", {("query", "keep"): "clear"}),
    }
    changes = [
        ChangeEntry("field-added", "cart.checkedOut", "channel", "new string field", True),
        ChangeEntry("event-added", "search.run", None, "new event", False),
    ]
    report = change_report("HEAD", changes, old, new)
    assert report.revision == "HEAD"
    assert report.new_events == ("search.run",)
    assert [c.field for c in report.new_fields] == ["channel"]
    assert [c.event for c in report.exposures] == ["cart.checkedOut"]
    leaving = [(c.event, c.field, c.views, c.before, c.after) for c in report.now_leaving]
    assert leaving == [
        ("cart.checkedOut", "channel", ("redact", "drop"), "new field", "clear"),
        ("cart.checkedOut", "coupon", ("redact",), "hashed", "clear"),
        ("cart.checkedOut", "customer", ("redact",), "redacted", "hashed"),
    ]
    assert not report.empty


def test_change_report_without_changes_is_empty() -> None:
    sample = sample_event(schema())
    report = change_report("main", [], {sample.event: sample}, {sample.event: sample})
    assert report.empty
    assert report.now_leaving == ()


def test_numbers_and_booleans_without_a_sensitivity_are_marked_for_review() -> None:
    fields = (
        FieldSchema("count", "integer", True),
        FieldSchema("ratio", "number", True),
        FieldSchema("fast", "boolean", True),
        FieldSchema("sizes", "array", True, item_type="integer"),
        FieldSchema("userId", "integer", True, sensitivity="hashed"),
        FieldSchema("label", "string", True, sensitivity="safe"),
    )
    catalog = build_catalog([schema(fields=fields)], [], [], {}, root=ROOT)
    (event,) = catalog.events
    reviewed = sorted(field.name for field in event.review_fields)
    assert reviewed == ["count", "fast", "ratio", "sizes"]


def test_governance_facts_come_from_the_schema() -> None:
    stated = dataclasses.replace(
        schema(), purpose="Know what sells.", retention="90 days", data_category="commerce"
    )
    catalog = build_catalog([stated], [], [], {}, root=ROOT)
    assert catalog.events[0].governance == (
        ("purpose", "Know what sells."),
        ("retention", "90 days"),
        ("destination", None),
        ("data-category", "commerce"),
    )


def test_suppressions_attach_to_the_innermost_call_on_their_lines() -> None:
    outer = site(10, "cart.checkedOut", end_line=16, column=5)
    inner = site(12, None, end_line=13, column=9)
    hatches = [
        EscapeHatch("suppression", "shop/checkout.py", 13, "RL001", "reviewed"),
        EscapeHatch("suppression", "shop/checkout.py", 15, "RL002,RL003", None),
        EscapeHatch("suppression", "shop/other.py", 13, "RL001", "elsewhere"),
        EscapeHatch("safe", "shop/checkout.py", 11, "safe(x)", None),
    ]
    catalog = build_catalog([schema()], [outer, inner], [], {}, root=ROOT, escape_hatches=hatches)
    (placed_outer,) = catalog.call_sites
    (placed_inner,) = catalog.unknown_calls
    assert [hatch.suppressed for hatch in placed_inner.suppressions] == [
        "suppressed: RL001 — reviewed"
    ]
    assert [hatch.suppressed for hatch in placed_outer.suppressions] == [
        "suppressed: RL002, RL003 — no reason given"
    ]
    # Sorted by kind, then place: safe(...) first, then the suppressions.
    assert [hatch.kind for hatch in catalog.escape_hatches] == ["safe", *["suppression"] * 3]


def test_findings_keep_their_baseline_status() -> None:
    found = [
        dataclasses.replace(finding(11), status="new"),
        dataclasses.replace(finding(12, "RL002"), status="accepted"),
    ]
    catalog = build_catalog(
        [schema()],
        [site(10, "cart.checkedOut", end_line=14)],
        found,
        {},
        root=ROOT,
        baseline="redactlint-baseline.json",
    )
    assert catalog.baseline == "redactlint-baseline.json"
    assert [f.code for f in catalog.findings_with("new")] == ["RL001"]
    assert [f.code for f in catalog.findings_with("accepted")] == ["RL002"]


def test_call_text_keeps_every_line_of_the_call() -> None:
    lines = ["def f():", "    x = track(", '        "a",', "        {},", "    )  # done"]
    assert call_text(lines, 2, 5) == 'x = track(\n    "a",\n    {},\n)  # done'
    assert call_text(lines, 2, 2) == "x = track("
    assert call_text(lines, 9, 9) == ""
