"""The JSON rendering: a stable, documented document for tools.

```
{"version": 1, "files": <int>, "summary": {"RL001": <int>, ...},
 "findings": [{"path", "line", "column", "end_line", "end_column",
               "code", "rule", "message", "fix": <kind or null>}, ...]}
```
Lines and columns are 1-based, columns in characters, ends exclusive.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from ..analysis.findings import Finding
from ..analysis.rules.registry import find_rule

SCHEMA_VERSION = 1


def render_json(findings: Sequence[Finding], files: int) -> str:
    counts = Counter(finding.code for finding in findings)
    document = {
        "version": SCHEMA_VERSION,
        "files": files,
        "summary": dict(sorted(counts.items())),
        "findings": [finding_dict(finding) for finding in findings],
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
