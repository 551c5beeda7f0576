"""The baseline: known findings a team adopts so CI fails only on new ones.

A baseline file lists, per file (relative to the project root), the findings it
accepts: rule code and fingerprint (see :mod:`.fingerprints`), with the line and
message at the time they were written, for the reader only. A finding matches an
entry with the same file, code and fingerprint; fingerprints ignore line numbers,
so moved code stays matched, and carry an occurrence index, so each file accepts
exactly as many identical findings as it had: a second identical leak is new.
Entries that match nothing any more are *fixed*; ``redactlint baseline prune``
drops them, so the baseline only shrinks.

```
{"version": 1, "tool": "redactlint",
 "files": {"app/search.py": {"count": 2, "findings": [
     {"code": "RL001", "fingerprint": "<hex>", "line": 12, "message": "..."}, ...]}}}
```
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..analysis.findings import Finding
from ..atomic import atomic_write
from ..errors import UsageError
from .fingerprints import relative_path

FORMAT_VERSION = 1


@dataclass(frozen=True)
class BaselineEntry:
    """One accepted finding."""

    path: str  # relative to the project root, POSIX separators
    code: str
    fingerprint: str
    line: int = 0  # informative only: where it was when written
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.fingerprint)


@dataclass(frozen=True)
class Baseline:
    """The accepted findings of a project."""

    entries: tuple[BaselineEntry, ...] = ()

    @classmethod
    def from_findings(
        cls, findings: Sequence[Finding], fingerprints: Sequence[str], root: Path
    ) -> Baseline:
        """The baseline of ``findings``, less those no baseline may accept."""
        refused = unbaselinable_codes()
        entries = [
            BaselineEntry(
                relative_path(finding.path, root),
                finding.code,
                fingerprint,
                finding.line,
                finding.message,
            )
            for finding, fingerprint in zip(findings, fingerprints, strict=True)
            if finding.code not in refused
        ]
        return cls(tuple(sorted(entries, key=lambda e: (e.path, e.line, e.code, e.fingerprint))))

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; a missing or malformed one is a ``UsageError``."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(
                "baseline file not found: create it with `redactlint baseline write`", path
            ) from None
        except OSError as error:
            raise UsageError(f"cannot read the baseline: {error.strerror}", path) from None
        except ValueError as error:
            raise UsageError(f"the baseline is not valid JSON: {error}", path) from None
        return cls(tuple(_parse(document, path)))

    def dump(self) -> str:
        files: dict[str, list[dict[str, object]]] = {}
        for entry in self.entries:
            files.setdefault(entry.path, []).append(
                {
                    "code": entry.code,
                    "fingerprint": entry.fingerprint,
                    "line": entry.line,
                    "message": entry.message,
                }
            )
        document = {
            "version": FORMAT_VERSION,
            "tool": "redactlint",
            "files": {
                path: {"count": len(items), "findings": items}
                for path, items in sorted(files.items())
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        """Write the baseline atomically (a reader never sees half a file; its mode kept)."""
        try:
            atomic_write(path, self.dump().encode("utf-8"))
        except OSError as error:
            raise UsageError(f"cannot write the baseline: {error.strerror}", path) from None

    def counts(self) -> Counter[str]:
        """Accepted findings per file."""
        return Counter(entry.path for entry in self.entries)


@dataclass(frozen=True)
class Comparison:
    """Findings of a run split against a baseline."""

    new: tuple[Finding, ...]  # not in the baseline: these fail the check
    known: tuple[Finding, ...]  # accepted by the baseline
    fixed: tuple[BaselineEntry, ...]  # entries (in checked files) that match nothing
    kept: tuple[BaselineEntry, ...]  # entries still matched, or outside this run


def unbaselinable_codes() -> frozenset[str]:
    """The codes whose findings mean the call fails at run time (RL103, RL104): a
    baseline never accepts them, even one written before this rule."""
    from ..analysis.rules.registry import RULES

    return frozenset(rule.code for rule in RULES if not rule.baselinable)


def compare(
    baseline: Baseline,
    findings: Sequence[Finding],
    fingerprints: Sequence[str],
    root: Path,
    in_scope: Callable[[BaselineEntry], bool] = lambda entry: True,
) -> Comparison:
    """Split ``findings`` into new and known; find the entries this run fixed.

    ``in_scope(entry)`` tells whether the run could have reported that entry (its
    file was checked, its rule enabled): other entries are neither fixed nor
    matched, only kept.
    """
    refused = unbaselinable_codes()
    accepted = {entry.key: entry for entry in baseline.entries if entry.code not in refused}
    matched: set[tuple[str, str, str]] = set()
    new: list[Finding] = []
    known: list[Finding] = []
    for finding, fingerprint in zip(findings, fingerprints, strict=True):
        key = (relative_path(finding.path, root), finding.code, fingerprint)
        if key in accepted and key not in matched:
            matched.add(key)
            known.append(finding)
        else:
            new.append(finding)
    fixed: list[BaselineEntry] = []
    kept: list[BaselineEntry] = []
    for entry in baseline.entries:
        if entry.key in matched or not in_scope(entry):
            kept.append(entry)
        else:
            fixed.append(entry)
    return Comparison(tuple(new), tuple(known), tuple(fixed), tuple(kept))


def pruned(baseline: Baseline, comparison: Comparison, current: Baseline) -> Baseline:
    """The baseline without its fixed entries (matched ones refreshed, never added).

    ``current`` is the baseline the run would write; it gives matched entries their
    present line and message, so the file stays readable as code moves.
    """
    fresh = {entry.key: entry for entry in current.entries}
    entries = [fresh.get(entry.key, entry) for entry in comparison.kept]
    return Baseline(tuple(sorted(entries, key=lambda e: (e.path, e.line, e.code, e.fingerprint))))


def _parse(document: object, path: Path) -> Iterable[BaselineEntry]:
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise UsageError(f'not a redactlint baseline (expected "version": {FORMAT_VERSION})', path)
    files = document.get("files")
    if not isinstance(files, dict):
        raise UsageError("'files' must be an object of path -> findings", path)
    for name, group in files.items():
        items = group.get("findings") if isinstance(group, dict) else None
        if not isinstance(items, list):
            raise UsageError(f"files[{name!r}]: 'findings' must be a list", path)
        for position, item in enumerate(items):
            where = f"files[{name!r}].findings[{position}]"
            if not isinstance(item, dict):
                raise UsageError(f"{where} must be an object", path)
            code, fingerprint = item.get("code"), item.get("fingerprint")
            if not isinstance(code, str) or not isinstance(fingerprint, str):
                raise UsageError(f"{where} needs string 'code' and 'fingerprint'", path)
            line = item.get("line", 0)
            message = item.get("message", "")
            yield BaselineEntry(
                name,
                code,
                fingerprint,
                line if isinstance(line, int) else 0,
                message if isinstance(message, str) else "",
            )
