"""The catalog as Markdown, and the change report alone, fit for a pull-request comment.

Everything taken from schemas and code is escaped: text outside code spans has
Markdown's and HTML's special characters backslash-escaped, code spans are
fenced with more backticks than they contain, and table cells keep their pipes
escaped and their text on one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence

from .model import (
    CLEAR_BY_POLICY,
    ESCAPE_KINDS,
    ESCAPE_TITLES,
    SENSITIVITY_TITLES,
    STATUS_TITLES,
    VIEW_TITLES,
    VIEWS,
    CallSite,
    Catalog,
    ChangeReport,
    EscapeHatch,
    EventEntry,
    FieldEntry,
    FindingEntry,
)

# (path relative to the project root, line) -> link target
Linker = Callable[[str, int], str]

_SPECIAL = re.compile(r"([\\`*_\[\]<>#+|~&])")
_OUTCOME_WORDS = {
    "clear": "in clear",
    "hashed": "hashed",
    "redacted": "redacted",
    "dropped": "dropped",
}


def text(value: str) -> str:
    """Plain text with Markdown and HTML specials escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", _one_line(value))


def code(value: str) -> str:
    """``value`` as an inline code span that holds any text, pipes escaped for tables."""
    value = _one_line(value)
    if not value:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {value} " if value.startswith("`") or value.endswith("`") or longest else value
    return fence + padded.replace("|", "\\|") + fence


def link(label: str, target: str) -> str:
    """A link with an escaped label; ``target`` must already be a URL (percent-encoded)."""
    return f"[{label}](<{target.replace('>', '%3E').replace('<', '%3C')}>)"


def _one_line(value: str) -> str:
    return " ".join(value.split()) if ("\n" in value or "\r" in value) else value


def render_markdown(catalog: Catalog, linker: Linker) -> str:
    """The whole catalog as one Markdown document."""
    out = [f"# {text(catalog.title)}", "", _counts(catalog), ""]
    out += ["## Summary", ""]
    out += _table(["Feature", "Events"], [[code(f), str(n)] for f, n in catalog.events_per_feature])
    out += _table(
        ["Sensitivity", "Fields"],
        [[text(SENSITIVITY_TITLES[s]), str(n)] for s, n in catalog.fields_per_sensitivity],
    )
    out += _escape_hatches(catalog, linker)
    out += ["## Events", ""]
    out += _table(
        ["Event", "Feature", "Owner", "Version", "Expires", "Fields", "Call sites", "Findings"],
        [
            [
                code(event.name),
                code(event.feature),
                text(event.owner),
                str(event.version),
                text(event.expires or "never"),
                str(len(event.fields)),
                str(len(event.call_sites)),
                str(len(event.findings)),
            ]
            for event in catalog.events
        ],
    )
    for event in catalog.events:
        out += _event(event, linker, catalog.allowlist)
    out += ["## Events with no call site", ""]
    out += [f"- {code(name)}" for name in catalog.unused_events] or ["None."]
    out += ["", "## Calls of unknown events", ""]
    out += _sites(catalog.unknown_calls, linker, with_event=True) or ["None."]
    out += [""]
    if catalog.other_findings:
        out += ["## Other findings", ""]
        out += [f"- {_finding(finding, linker)}" for finding in catalog.other_findings]
        out += [""]
    if catalog.changes is not None:
        out += render_changes(catalog.changes, level=2).splitlines()
        out += [""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_changes(report: ChangeReport, level: int = 3) -> str:
    """The change report alone: a pull-request comment."""
    heading = "#" * level
    out = [f"{heading} What changes in this change (against {code(report.revision)})", ""]
    if report.empty:
        out.append("No event schema changes.")
        return "\n".join(out) + "\n"
    out += [_change_summary(report), ""]
    sub = heading + "#"
    if report.new_events:
        out += [f"{sub} New events", ""]
        out += [f"- {code(name)}" for name in report.new_events]
        out += [""]
    if report.new_fields:
        out += [f"{sub} New fields", ""]
        out += _table(
            ["Event", "Field", "Change"],
            [
                [code(change.event), code(change.field or ""), text(change.detail)]
                for change in report.new_fields
            ],
        )
    if report.now_leaving:
        out += [f"{sub} Fields that now leave", ""]
        out += _table(
            ["Event", "Field", "Modes", "Before", "Now"],
            [
                [
                    code(changed.event),
                    code(changed.field),
                    ", ".join(text(VIEW_TITLES[view]) for view in changed.views),
                    text(_OUTCOME_WORDS.get(changed.before, changed.before)),
                    "⚠️ " + text(_OUTCOME_WORDS.get(changed.after, changed.after)),
                ]
                for changed in report.now_leaving
            ],
        )
    if report.changes:
        out += [f"{sub} All schema changes", ""]
        ordered = sorted(report.changes, key=lambda change: not change.exposure)
        out += _table(
            ["Exposure", "Event", "Field", "Change"],
            [
                [
                    "⚠️ more data leaves" if change.exposure else "",
                    code(change.event),
                    code(change.field or ""),
                    text(change.detail),
                ]
                for change in ordered
            ],
        )
    return "\n".join(out).rstrip("\n") + "\n"


def _change_summary(report: ChangeReport) -> str:
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}{'' if n == 1 else 's'}"

    parts = [
        count(len(report.new_events), "new event"),
        count(len(report.new_fields), "new field"),
        count(len(report.now_leaving), "field change") + " letting data leave",
        count(len(report.changes), "schema change") + " in all",
    ]
    return "**" + "; ".join(parts) + ".**"


def _counts(catalog: Catalog) -> str:
    fields = sum(len(event.fields) for event in catalog.events)
    found = f"{len(catalog.findings)} open findings"
    if catalog.baseline is not None:
        found += (
            f" ({len(catalog.findings_with('new'))} new, "
            f"{len(catalog.findings_with('accepted'))} accepted in the baseline "
            f"{code(catalog.baseline)})"
        )
    return (
        f"{len(catalog.events)} events, {fields} fields, {len(catalog.call_sites)} call sites, "
        f"{found}, {len(catalog.escape_hatches)} escape hatches."
    )


def _escape_hatches(catalog: Catalog, linker: Linker) -> list[str]:
    """The places marked code lets data leave in clear, each with its reason."""
    out = [
        "## Escape hatches",
        "",
        "Where marked code lets data leave in clear: `safe(...)` of something that is not "
        "a constant, safe types, and suppressed findings.",
        "",
    ]
    for kind in ESCAPE_KINDS:
        hatches = catalog.escape_hatches_of(kind)
        out += [f"### {text(ESCAPE_TITLES[kind])} ({len(hatches)})", ""]
        if hatches:
            out += _table(["Where", "What", "Reason"], [_hatch_row(h, linker) for h in hatches])
        else:
            out += ["None.", ""]
    return out


def _hatch_row(hatch: EscapeHatch, linker: Linker) -> list[str]:
    reason = text(hatch.reason) if hatch.reason else f"⚠️ {text(hatch.reason_text)}"
    return [link(text(hatch.location), linker(hatch.path, hatch.line)), code(hatch.subject), reason]


def _event(event: EventEntry, linker: Linker, allowlist: bool) -> list[str]:
    out = [f"### {code(event.name)}", ""]
    if event.description:
        out += [text(event.description), ""]
    facts = [
        f"owner {text(event.owner)}",
        f"version {event.version}",
        f"expires {text(event.expires)}" if event.expires else "no expiry",
        "schema " + link(text(event.schema_path), linker(event.schema_path, 0)),
    ]
    if event.legacy_name:
        facts.append(f"legacy name {code(event.legacy_name)}")
    out += [" · ".join(facts), ""]
    out += [
        "; ".join(
            f"{key}: {text(value) if value else '*not stated*'}" for key, value in event.governance
        ),
        "",
    ]
    out += _table(
        ["Field", "Type", "Sensitivity", "Enum or pattern", "Required", "Allowlisted", "About"],
        [_field_row(field) for field in event.fields],
    )
    out += ["**Call sites**", ""]
    out += _sites(event.call_sites, linker) or ["None found."]
    out += [""]
    if event.sample is not None:
        sample = event.sample
        out += ["**Exported data** (canary values, exported by the runtime)", ""]
        given = {value.field: value.given for value in sample.inputs}
        headers = ["Field", "Given", *(text(VIEW_TITLES[view]) for view in VIEWS)]
        rows = []
        for field in event.fields:
            row = [code(field.name), code(given.get(field.name, ""))]
            for view in VIEWS:
                outcome = sample.outcome(field.name, view)
                if outcome is None or outcome.outcome == "dropped":
                    row.append("*dropped*")
                else:
                    shown = code(json.dumps(outcome.value, ensure_ascii=False))
                    row.append(f"⚠️ {shown}" if outcome.exposes else shown)
            rows.append(row)
        out += _table(headers, rows)
        if not allowlist:
            out += ["No export allowlist was given: *redact + allowlist* is *redact*.", ""]
    return out


def _field_row(field: FieldEntry) -> list[str]:
    constraint = ""
    if field.enum is not None:
        constraint = "one of " + ", ".join(code(value) for value in field.enum)
    if field.pattern is not None:
        constraint += (" · " if constraint else "") + "pattern " + code(field.pattern)
    if field.safe_if is not None:
        constraint += (" · " if constraint else "") + "safe if " + code(field.safe_if)
    return [
        code(field.name),
        text(field.type),
        text(field.sensitivity) + (f" ⚠️ {text(CLEAR_BY_POLICY)}" if field.clear_by_policy else ""),
        constraint,
        "yes" if field.required else "no",
        text(field.allowlist_reason or ""),
        text(field.description),
    ]


def _sites(sites: Sequence[CallSite], linker: Linker, with_event: bool = False) -> list[str]:
    out = []
    for site in sites:
        where = link(text(site.location), linker(site.path, site.line))
        line = f"- {where}" if site.multiline else f"- {where} {code(site.code)}"
        if with_event:
            line += " — event " + (code(site.named) if site.named else "not named by a literal")
        out.append(line)
        if site.multiline:
            out += _code_block(site.code, indent="  ")
        out += [f"  - {_finding(finding, linker)}" for finding in site.findings]
        out += [f"  - ⚠️ {text(hatch.suppressed)}" for hatch in site.suppressions]
    return out


def _finding(finding: FindingEntry, linker: Linker) -> str:
    where = link(
        text(f"{finding.path}:{finding.line}:{finding.column}"),
        linker(finding.path, finding.line),
    )
    status = f"**{STATUS_TITLES[finding.status]}** " if finding.status is not None else ""
    return f"{status}{where} {code(finding.code)} {text(finding.message)}"


def _code_block(source: str, indent: str = "") -> list[str]:
    """``source`` as a fenced block, its fence longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [f"{fence}python", *source.splitlines(), fence]
    return [f"{indent}{line}" if line else "" for line in lines]


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return [*lines, ""]
