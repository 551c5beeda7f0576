"""The SARIF 2.1.0 rendering, for code scanning (GitHub, Azure DevOps, IDEs).

One run with every rule (id, name, short and full description, help with the fix)
and one result per finding. Paths are relative to ``%SRCROOT%`` (the working
directory the check ran in), regions are 1-based with exclusive end columns counted
in Unicode code points, as the findings are. ``partialFingerprints`` carry the
fingerprint of :mod:`redactlint.adoption.fingerprints`, which ignores line numbers,
so a result keeps its identity when unrelated code moves it. A result whose finding
``redactlint fix`` fixes carries ``fixes``: the replacements that command would write
(computed by :mod:`redactlint.codemod.edits`), and each rule's descriptor its level,
help and fix safety from the one rule registry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from urllib.parse import quote

from .. import __version__
from ..analysis.findings import Finding, FixKind, Span, TextEdit
from ..analysis.rules.registry import RULES, find_rule
from ..declaration import RuleDeclaration

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "redactlint/v1"
INFORMATION_URI = "https://pypi.org/project/redactlint/"


def _plain(markdown: str) -> str:
    """Markdown of a rule doc as plain text: no double backticks, no fences."""
    text = re.sub(r"^```\w*\n?", "", markdown, flags=re.MULTILINE)
    return text.replace("``", "").strip()


def rule_descriptor(rule: RuleDeclaration) -> dict[str, object]:
    """A rule's SARIF reportingDescriptor, from its declaration: level, doc, fix safety."""
    sections = rule.sections()
    what = sections.get("What it does", rule.title)
    fix = sections.get("Use instead", "")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": _plain(what)},
        "help": {
            "text": _plain(fix) or rule.title,
            "markdown": f"**{rule.code} {rule.name}**\n\n{rule.doc}",
        },
        "defaultConfiguration": {"level": rule.severity},
        "properties": {
            "tags": ["privacy", "telemetry", rule.category],
            "fixSafety": rule.fix.value,
        },
    }


def artifact_location(path: str) -> dict[str, str]:
    """A finding's path as a SARIF artifact location (relative to ``%SRCROOT%``)."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}


# What each kind of fix does, as a SARIF fix's description.
_FIX_DESCRIPTIONS = {
    FixKind.WRAP_UNSAFE: "Mark the value redactable: unsafe(...)",
    FixKind.WRAP_HASHED: "Mark the value for hashing: hashed(...)",
    FixKind.MARK: "Mark the value by its kind: mark(...)",
    FixKind.WRAP_SAFE: "Mark the literal safe so the boundary keeps it: safe(...)",
    FixKind.WRAP_REDACTED: "Redact the payload before the sink sends it: redacted(...)",
    FixKind.REDACT_FORMAT: "Build the text with redact.format(...), its values marked",
    FixKind.SAFE_CALL: "Construct through safe(...) instead of SafeStr(...)",
    FixKind.ESCAPE_MARKERS: "Write the marker characters as \\u escapes",
    FixKind.LOG_TEMPLATE: "Log a constant template with the values as arguments",
}


def fix_object(finding: Finding, edits: Sequence[TextEdit]) -> dict[str, object]:
    """A SARIF ``fix``: the edits ``redactlint fix`` makes for ``finding``."""
    assert finding.fix is not None
    rule = find_rule(finding.code)
    safety = f" ({rule.fix.value} fix)" if rule is not None else ""
    replacements = []
    for edit in edits:
        replacement: dict[str, object] = {"deletedRegion": _region(edit.span)}
        if edit.text:
            replacement["insertedContent"] = {"text": edit.text}
        replacements.append(replacement)
    return {
        "description": {"text": _FIX_DESCRIPTIONS[finding.fix] + safety},
        "artifactChanges": [
            {"artifactLocation": artifact_location(finding.path), "replacements": replacements}
        ],
    }


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": max(span.line, 1),
        "startColumn": max(span.column, 1),
        "endLine": max(span.end_line, span.line, 1),
        "endColumn": max(span.end_column, 1),
    }


def render_sarif(
    findings: Sequence[Finding],
    fingerprints: Sequence[str],
    *,
    source_root: Path | None = None,
    fixes: Mapping[Finding, Sequence[TextEdit]] | None = None,
) -> str:
    """The SARIF log; ``fingerprints`` align with ``findings``; ``fixes`` holds the edits
    of the findings ``redactlint fix`` fixes (:func:`redactlint.codemod.edits.fix_edits`)."""
    root_uri = (source_root or Path.cwd()).resolve().as_uri()
    root_uri += "" if root_uri.endswith("/") else "/"
    index = {rule.code: position for position, rule in enumerate(RULES)}
    levels = {rule.code: rule.severity for rule in RULES}
    results = []
    for finding, fingerprint in zip(findings, fingerprints, strict=True):
        result: dict[str, object] = {
            "ruleId": finding.code,
            "level": levels.get(finding.code, "error"),
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(finding.path),
                        "region": _region(finding.span),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.fix is not None:
            result["properties"] = {"fix": finding.fix.value}
            edits = (fixes or {}).get(finding)
            if edits:
                result["fixes"] = [fix_object(finding, edits)]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "redactlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(rule) for rule in RULES],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
