"""Gather a project's catalog: schemas, call sites, findings (and their baseline status),
escape hatches, samples, and the change report.

This is the one place that reads files and runs the checker; the model it
returns is plain data for the renderers. Errors a user can cause (no schemas,
an unknown revision, a bad allowlist) are a :class:`UsageError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..analysis.audit import AuditEntry, audit_files
from ..analysis.config import Config
from ..analysis.engine import iter_python_files, prepare
from ..analysis.findings import Finding
from ..analysis.runner import run
from ..errors import UsageError
from ..events import Allowlist
from ..schema.diff import diff_schemas
from ..schema.model import EventSchema
from .call_sites import collect_sites
from .model import (
    ESCAPE_KINDS,
    Catalog,
    ChangeEntry,
    ChangeReport,
    EscapeHatch,
    EscapeKind,
    FindingEntry,
    FindingStatus,
    Sample,
    build_catalog,
    change_report,
    relative_path,
)
from .samples import sample_event


def collect_catalog(
    config: Config,
    paths: Sequence[Path] = (),
    *,
    allowlist_file: Path | None = None,
    against: str | None = None,
    title: str | None = None,
    jobs: int | None = None,
    baseline_file: Path | None = None,
) -> Catalog:
    """The catalog of the project ``config`` describes, for the files under ``paths``.

    ``paths`` default to the project root; ``against`` is a git revision whose
    schemas the change report compares with the current ones; with
    ``baseline_file``, each finding is marked new or accepted in that baseline.
    """
    if config.schemas is None:
        raise UsageError(
            "no event schemas configured: set 'schemas' in [tool.redactlint] or pass --schemas",
            config.source,
        )
    settings = prepare(config)
    root = config.root
    schemas = [info.schema for info in settings.registry.events.values()]
    allowlist = _load_allowlist(allowlist_file, schemas)
    files = list(iter_python_files(list(paths) or [root], config))
    findings, _ = run(files, config, jobs=jobs, cache_directory=None)
    statuses = _statuses(findings, config, baseline_file) if baseline_file is not None else None
    sites = collect_sites(files, settings, root)
    hatches = [_escape_hatch(entry, root) for entry in audit_files(files, settings)]
    samples = _samples(schemas, allowlist)
    changes = _changes(config.schemas, against, schemas, samples, allowlist) if against else None
    reasons = (
        {(entry.event, entry.field): entry.reason for entry in allowlist.entries}
        if allowlist is not None
        else None
    )
    return build_catalog(
        schemas,
        sites,
        [
            _finding_entry(finding, root, statuses[index] if statuses is not None else None)
            for index, finding in enumerate(findings)
        ],
        samples,
        root=root,
        title=title or f"Telemetry data catalog: {project_name(config)}",
        allowlist=reasons,
        changes=changes,
        escape_hatches=hatches,
        baseline=_shown_path(baseline_file, root) if baseline_file is not None else None,
    )


def _shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root, or its name when it lies outside."""
    relative = relative_path(path.absolute(), root)
    return path.name if relative.startswith("../") else relative


def _statuses(
    findings: Sequence[Finding], config: Config, baseline_file: Path
) -> list[FindingStatus]:
    """Each finding's status against the baseline, as ``check --baseline`` decides it:
    the same fingerprints and the same matching."""
    from ..adoption.baseline import Baseline, compare
    from ..adoption.fingerprints import fingerprints

    baseline = Baseline.load(baseline_file)
    comparison = compare(baseline, findings, fingerprints(findings, config.root), config.root)
    accepted = {id(finding) for finding in comparison.known}
    return ["accepted" if id(finding) in accepted else "new" for finding in findings]


def _escape_hatch(entry: AuditEntry, root: Path) -> EscapeHatch:
    """An audit entry as the catalog shows it, its path relative to the project root."""
    kinds: dict[str, EscapeKind] = {kind: kind for kind in ESCAPE_KINDS}
    path = relative_path(Path(entry.path).absolute(), root)
    return EscapeHatch(kinds[entry.kind], path, entry.line, entry.subject, entry.reason)


def project_name(config: Config) -> str:
    """The product's name: the top package of the registry module, else the root's name."""
    if config.registry_path is not None:
        relative = relative_path(config.registry_path, config.root)
        first = relative.split("/", 1)[0]
        if first not in ("", "..", ".") and "/" in relative:
            return first
    return config.root.name


def _load_allowlist(path: Path | None, schemas: Sequence[EventSchema]) -> Allowlist | None:
    if path is None:
        return None
    try:
        allowlist = Allowlist.load(path)
    except OSError as error:
        raise UsageError(f"cannot read the allowlist: {error.strerror}", path) from None
    except ValueError as error:
        raise UsageError(str(error), path) from None
    fields = {schema.name: {field.name for field in schema.fields} for schema in schemas}
    for entry in allowlist.entries:
        if entry.event not in fields:
            raise UsageError(f"the allowlist names unknown event {entry.event!r}", path)
        if entry.field not in fields[entry.event]:
            raise UsageError(
                f"the allowlist names unknown field {entry.field!r} of event {entry.event!r}",
                path,
            )
    return allowlist


def _samples(schemas: Sequence[EventSchema], allowlist: Allowlist | None) -> dict[str, Sample]:
    return {schema.name: sample_event(schema, allowlist) for schema in schemas}


def _changes(
    directory: Path,
    revision: str,
    schemas: Sequence[EventSchema],
    samples: dict[str, Sample],
    allowlist: Allowlist | None,
) -> ChangeReport:
    from ..schema.problems import SchemaError
    from ..schema.revision import load_schema_revision

    try:
        before = load_schema_revision(directory, revision)
    except SchemaError as error:
        raise UsageError(f"cannot read the schemas at {revision}:\n{error}") from None
    diff = diff_schemas(before, schemas)
    entries = [
        ChangeEntry(change.kind, change.event, change.field, change.detail, change.exposure)
        for change in diff.changes
    ]
    # The same allowlist on both sides: the report is about what the schemas change.
    old_samples = _samples(list(before), allowlist)
    return change_report(revision, entries, old_samples, samples)


def _finding_entry(
    finding: Finding, root: Path, status: FindingStatus | None = None
) -> FindingEntry:
    return FindingEntry(
        relative_path(Path(finding.path).absolute(), root),
        finding.line,
        finding.column,
        finding.code,
        finding.message,
        status,
    )
