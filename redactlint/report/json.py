"""The JSON rendering: a stable, documented document for tools.

```
{"version": 1, "files": <int>, "summary": {"RL001": <int>, ...},
 "findings": [{"path", "line", "column", "end_line", "end_column",
               "code", "rule", "message", "fix": <kind or null>,
               "fingerprint": <str>}, ...]}
```
Lines and columns are 1-based, columns in characters, ends exclusive. The fingerprint
is the one SARIF, GitLab and the baseline use: it ignores line numbers, so a finding
keeps it when unrelated code moves.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from ..analysis.findings import Finding
from ..analysis.rules.registry import find_rule

SCHEMA_VERSION = 1


def render_json(
    findings: Sequence[Finding], files: int, fingerprints: Sequence[str] = ()
) -> str:
    """The document; ``fingerprints`` align with ``findings`` (left out when empty)."""
    counts = Counter(finding.code for finding in findings)
    listed = [finding_dict(finding) for finding in findings]
    for entry, fingerprint in zip(listed, fingerprints, strict=False):
        entry["fingerprint"] = fingerprint
    document = {
        "version": SCHEMA_VERSION,
        "files": files,
        "summary": dict(sorted(counts.items())),
        "findings": listed,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def finding_dict(finding: Finding) -> dict[str, object]:
    rule = find_rule(finding.code)
    return {
        "path": finding.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "code": finding.code,
        "rule": rule.name if rule else None,
        "message": finding.message,
        "fix": finding.fix.value if finding.fix is not None else None,
    }
