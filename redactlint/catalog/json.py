"""The catalog as one JSON document: for tools, and embedded in the HTML page it draws from.

```
{"version": 1, "title", "allowlist": bool, "baseline": null | path,
 "summary": {"events", "fields", "call_sites", "findings", "new_findings",
             "accepted_findings", "escape_hatches",
             "events_per_feature": {feature: n}, "fields_per_sensitivity": {label: n}},
 "events": [{"name", "feature", "action", "version", "owner", "description",
             "expires", "schema", "legacy_name", "purpose", "retention",
             "destination", "data_category", "sensitivities": [...],
             "fields": [{"name", "attribute", "type", "required", "description",
                         "sensitivity", "enum", "pattern", "safe_if", "legacy_name",
                         "allowlist_reason", "clear_by_policy", "review": null | text}],
             "call_sites": [site], "sample": {"inputs": {field: code},
                                              "payloads": {view: payload},
                                              "outcomes": {field: {view: outcome}}}}],
 "unused_events": [name], "unknown_calls": [site], "other_findings": [finding],
 "escape_hatches": [hatch],
 "changes": null | {"revision", "new_events", "new_fields", "now_leaving", "changes"}}
```
A site is ``{"path", "line", "column", "end_line", "callee", "via", "event",
"named", "code", "findings": [finding], "suppressions": [hatch]}`` (``code`` is the
whole call, one line of source per line); a finding ``{"path", "line", "column",
"code", "message", "status": null | "new" | "accepted"}`` (null without a
baseline); a hatch ``{"kind": "safe" | "safe-type" | "suppression", "path", "line",
"subject", "reason": null | text, "shown_as"}``. Paths are relative to the project root.
"""

from __future__ import annotations

import json
from typing import Any

from .model import (
    CLEAR_BY_POLICY,
    CallSite,
    Catalog,
    ChangeEntry,
    ChangeReport,
    EscapeHatch,
    EventEntry,
    FieldEntry,
    FindingEntry,
    Sample,
)

SCHEMA_VERSION = 1


def render_json(catalog: Catalog) -> str:
    """The catalog document, indented, ending in a newline."""
    return json.dumps(catalog_dict(catalog), indent=2, ensure_ascii=False) + "\n"


def catalog_dict(catalog: Catalog) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "title": catalog.title,
        "allowlist": catalog.allowlist,
        "baseline": catalog.baseline,
        "summary": {
            "events": len(catalog.events),
            "fields": sum(len(event.fields) for event in catalog.events),
            "call_sites": len(catalog.call_sites),
            "findings": len(catalog.findings),
            "new_findings": len(catalog.findings_with("new")),
            "accepted_findings": len(catalog.findings_with("accepted")),
            "escape_hatches": len(catalog.escape_hatches),
            "events_per_feature": dict(catalog.events_per_feature),
            "fields_per_sensitivity": dict(catalog.fields_per_sensitivity),
        },
        "events": [_event(event) for event in catalog.events],
        "unused_events": list(catalog.unused_events),
        "unknown_calls": [_site(site) for site in catalog.unknown_calls],
        "other_findings": [_finding(finding) for finding in catalog.other_findings],
        "escape_hatches": [_hatch(hatch) for hatch in catalog.escape_hatches],
        "changes": _changes(catalog.changes) if catalog.changes is not None else None,
    }


def _event(event: EventEntry) -> dict[str, Any]:
    return {
        "name": event.name,
        "feature": event.feature,
        "action": event.action,
        "version": event.version,
        "owner": event.owner,
        "description": event.description,
        "expires": event.expires,
        "schema": event.schema_path,
        "legacy_name": event.legacy_name,
        "purpose": event.purpose,
        "retention": event.retention,
        "destination": event.destination,
        "data_category": event.data_category,
        "sensitivities": list(event.sensitivities),
        "fields": [_field(field) for field in event.fields],
        "call_sites": [_site(site) for site in event.call_sites],
        "sample": _sample(event.sample) if event.sample is not None else None,
    }


def _field(field: FieldEntry) -> dict[str, Any]:
    return {
        "name": field.name,
        "attribute": field.attribute,
        "type": field.type,
        "required": field.required,
        "description": field.description,
        "sensitivity": field.sensitivity,
        "enum": list(field.enum) if field.enum is not None else None,
        "pattern": field.pattern,
        "safe_if": field.safe_if,
        "legacy_name": field.legacy_name,
        "allowlist_reason": field.allowlist_reason,
        "clear_by_policy": field.clear_by_policy,
        "review": CLEAR_BY_POLICY if field.clear_by_policy else None,
    }


def _site(site: CallSite) -> dict[str, Any]:
    return {
        "path": site.path,
        "line": site.line,
        "column": site.column,
        "end_line": site.end_line,
        "callee": site.callee,
        "via": site.via,
        "event": site.event,
        "named": site.named,
        "code": site.code,
        "findings": [_finding(finding) for finding in site.findings],
        "suppressions": [_hatch(hatch) for hatch in site.suppressions],
    }


def _finding(finding: FindingEntry) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "message": finding.message,
        "status": finding.status,
    }


def _hatch(hatch: EscapeHatch) -> dict[str, Any]:
    return {
        "kind": hatch.kind,
        "path": hatch.path,
        "line": hatch.line,
        "subject": hatch.subject,
        "reason": hatch.reason,
        "shown_as": hatch.suppressed if hatch.kind == "suppression" else hatch.reason_text,
    }


def _sample(sample: Sample) -> dict[str, Any]:
    outcomes: dict[str, dict[str, str]] = {}
    for each in sample.outcomes:
        outcomes.setdefault(each.field, {})[each.view] = each.outcome
    return {
        "inputs": {value.field: value.given for value in sample.inputs},
        "payloads": {view: dict(payload) for view, payload in sample.payloads},
        "outcomes": outcomes,
    }


def _change(change: ChangeEntry) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "event": change.event,
        "field": change.field,
        "detail": change.detail,
        "exposure": change.exposure,
    }


def _changes(report: ChangeReport) -> dict[str, Any]:
    return {
        "revision": report.revision,
        "new_events": list(report.new_events),
        "new_fields": [_change(change) for change in report.new_fields],
        "now_leaving": [
            {
                "event": changed.event,
                "field": changed.field,
                "views": list(changed.views),
                "before": changed.before,
                "after": changed.after,
            }
            for changed in report.now_leaving
        ],
        "changes": [_change(change) for change in report.changes],
    }
