"""Renderings of the audit: grouped text for reviewers, JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..analysis.audit import AuditEntry

_TITLES = {
    "safe": "safe(...) of non-constants",
    "safe-type": "Safe types",
    "suppression": "Suppressed findings",
}


def render_audit_text(entries: Sequence[AuditEntry]) -> str:
    lines: list[str] = []
    for kind, title in _TITLES.items():
        group = [entry for entry in entries if entry.kind == kind]
        lines.append(f"{title} ({len(group)})")
        for entry in group:
            if entry.reason:
                reason = entry.reason
            elif kind == "safe-type":
                reason = "NOT IN THE ALLOWLIST"
            else:
                reason = "NO JUSTIFICATION"
            lines.append(f"  {entry.path}:{entry.line}: {entry.subject} -- {reason}")
        lines.append("")
    unreviewed = sum(1 for entry in entries if not entry.reason)
    lines.append(f"{len(entries)} places to review, {unreviewed} without a reason.")
    return "\n".join(lines) + "\n"


def render_audit_json(entries: Sequence[AuditEntry]) -> str:
    document = {
        "version": 1,
        "entries": [
            {
                "kind": e.kind,
                "path": e.path,
                "line": e.line,
                "subject": e.subject,
                "reason": e.reason,
            }
            for e in entries
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
