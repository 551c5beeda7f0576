"""The data behind the catalog pages: frozen records and pure functions that build them.

A catalog is made of what the schemas declare (events, their governance facts
and fields), what the checker finds in the code (call sites, their findings, new or
accepted in a baseline, and the escape hatches: ``safe(x)``, safe types and
suppressions) and what the runtime really exports in each mode (sample payloads).
Collecting those is the job of :mod:`.collect`; here they are only put together,
so every page, the Markdown and the JSON say the same thing.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..schema.model import EventSchema, FieldSchema

# What a field carries, from most to least protected: the label the pages show,
# filter by and count. Numbers and booleans are safe by policy: their label is
# "not-text", and those with no x-sensitivity carry the review mark below.
SensitivityLabel = Literal["sensitive", "hashed", "safe", "undeclared", "not-text"]
SENSITIVITY_LABELS: tuple[SensitivityLabel, ...] = (
    "sensitive",
    "hashed",
    "safe",
    "undeclared",
    "not-text",
)
SENSITIVITY_TITLES: dict[str, str] = {
    "sensitive": "sensitive: only ever redactable",
    "hashed": "hashed: leaves as a salted digest",
    "safe": "safe: reviewed, leaves in clear",
    "undeclared": "undeclared: treated as sensitive",
    "not-text": "number or boolean: safe by policy",
}
# The mark on numbers and booleans that leave in clear because of the policy, not
# because someone reviewed them: a count can still be personal (an age, a salary).
CLEAR_BY_POLICY = "in clear by policy — review"

# The export views of a sample: the three runtime modes, and ``redact`` with the
# reviewed allowlist applied (what production exports when there is one).
View = Literal["redact", "drop", "keep", "allowlisted"]
VIEWS: tuple[View, ...] = ("redact", "drop", "keep", "allowlisted")
VIEW_TITLES: dict[str, str] = {
    "redact": "redact (default)",
    "drop": "drop",
    "keep": "keep (local development only)",
    "allowlisted": "redact + allowlist",
}

# How one sample value left in one view.
Outcome = Literal["clear", "hashed", "redacted", "dropped"]
OUTCOMES: tuple[Outcome, ...] = ("clear", "hashed", "redacted", "dropped")
# The outcomes that let the value (or a digest of it) leave the customer.
LEAVING: frozenset[str] = frozenset({"clear", "hashed"})


@dataclass(frozen=True)
class FieldEntry:
    """One field of an event, as a reviewer reads it."""

    name: str  # the schema property, the key in payloads
    attribute: str  # the generated class's keyword argument
    type: str  # "string", "integer", "array of string"...
    required: bool
    description: str
    sensitivity: SensitivityLabel
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    safe_if: str | None = None
    legacy_name: str | None = None
    allowlist_reason: str | None = None  # set when the export allowlist names the field
    # A number or boolean with no x-sensitivity: it leaves in clear in every mode by
    # policy, so the reviewer is shown it must be looked at (CLEAR_BY_POLICY).
    clear_by_policy: bool = False


# Whether a finding is new or accepted in the baseline; None when no baseline was given.
FindingStatus = Literal["new", "accepted"]
STATUS_TITLES: dict[str, str] = {"new": "new", "accepted": "accepted in the baseline"}


@dataclass(frozen=True)
class FindingEntry:
    """A checker finding, located relative to the project root."""

    path: str
    line: int
    column: int
    code: str
    message: str
    status: FindingStatus | None = None


# The ways marked code lets data leave in clear, as ``redactlint audit`` lists them.
EscapeKind = Literal["safe", "safe-type", "suppression"]
ESCAPE_KINDS: tuple[EscapeKind, ...] = ("safe", "safe-type", "suppression")
ESCAPE_TITLES: dict[str, str] = {
    "safe": "safe(...) of non-constants",
    "safe-type": "Safe types",
    "suppression": "Suppressions",
}
# What a missing reason means, per kind.
NO_REASON: dict[str, str] = {
    "safe": "no justification",
    "safe-type": "not in the allowlist",
    "suppression": "no reason given",
}


@dataclass(frozen=True)
class EscapeHatch:
    """A place where marked code lets data leave in clear: a ``safe(x)`` of a
    non-constant, a safe type or a suppressed finding, with its stated reason."""

    kind: EscapeKind
    path: str  # relative to the project root
    line: int
    subject: str  # the expression, the class, or the suppressed codes (a noqa comment as written)
    reason: str | None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def reason_text(self) -> str:
        """The reason, or what its absence means for this kind."""
        return self.reason or NO_REASON[self.kind]

    @property
    def suppressed(self) -> str:
        """How a call site shows this suppression: ``suppressed: RL001 — reason``."""
        codes = self.subject if self.subject.startswith("#") else self.subject.replace(",", ", ")
        return f"suppressed: {codes} — {self.reason_text}"


@dataclass(frozen=True)
class CallSite:
    """A call that records an event: a generated class or a declared sink."""

    path: str  # relative to the project root, with "/" separators
    line: int
    column: int
    end_line: int
    callee: str  # what is called, as the checker names it
    via: Literal["class", "sink"]
    event: str | None  # the event it records, when the registry knows it
    named: str | None  # the event name written at the call, when it is a literal
    code: str  # the call as written, every line of it (common indentation removed)
    findings: tuple[FindingEntry, ...] = ()
    suppressions: tuple[EscapeHatch, ...] = ()  # suppression comments on the call's lines

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def encloses(self, finding: FindingEntry) -> bool:
        """True when ``finding`` lies within this call."""
        return finding.path == self.path and self.line <= finding.line <= self.end_line

    @property
    def multiline(self) -> bool:
        return "\n" in self.code


@dataclass(frozen=True)
class SampleValue:
    """What a sample put in one field, written as code would write it."""

    field: str
    given: str


@dataclass(frozen=True)
class FieldOutcome:
    """How one field's sample value left in one view; ``value`` is None when dropped.

    ``canary`` is True when the value given was canary text (not a number, a
    boolean or an enum constant): its leaving in clear is what a reviewer looks for.
    """

    field: str
    view: View
    outcome: Outcome
    value: Any
    canary: bool = False

    @property
    def exposes(self) -> bool:
        """True when canary text left in clear."""
        return self.canary and self.outcome == "clear"


@dataclass(frozen=True)
class Sample:
    """One event built from canary values and exported by the real runtime."""

    event: str
    inputs: tuple[SampleValue, ...]
    payloads: tuple[tuple[View, Mapping[str, Any]], ...]
    outcomes: tuple[FieldOutcome, ...]

    def payload(self, view: View) -> Mapping[str, Any]:
        for each, payload in self.payloads:
            if each == view:
                return payload
        raise KeyError(view)

    def outcome(self, field: str, view: View) -> FieldOutcome | None:
        for each in self.outcomes:
            if each.field == field and each.view == view:
                return each
        return None

    def leaving(self) -> dict[tuple[str, View], Outcome]:
        """``(field, view)`` → outcome, for the values that leave (in clear or hashed)."""
        return {
            (each.field, each.view): each.outcome
            for each in self.outcomes
            if each.outcome in LEAVING
        }


@dataclass(frozen=True)
class EventEntry:
    """One event of the registry, with where it is recorded and what it exports."""

    name: str
    feature: str
    action: str
    version: int
    owner: str
    description: str
    expires: str | None  # ISO date
    schema_path: str  # relative to the project root
    legacy_name: str | None
    fields: tuple[FieldEntry, ...]
    call_sites: tuple[CallSite, ...]
    sample: Sample | None
    # Governance facts from x-event (None when the schema does not state them).
    purpose: str | None = None
    retention: str | None = None
    destination: str | None = None
    data_category: str | None = None

    @property
    def governance(self) -> tuple[tuple[str, str | None], ...]:
        """``(x-event key, value)`` of each governance fact, stated or not."""
        return (
            ("purpose", self.purpose),
            ("retention", self.retention),
            ("destination", self.destination),
            ("data-category", self.data_category),
        )

    @property
    def review_fields(self) -> tuple[FieldEntry, ...]:
        """Its numbers and booleans that leave in clear by policy."""
        return tuple(field for field in self.fields if field.clear_by_policy)

    @property
    def suppressions(self) -> tuple[EscapeHatch, ...]:
        return tuple(hatch for site in self.call_sites for hatch in site.suppressions)

    @property
    def sensitivities(self) -> tuple[SensitivityLabel, ...]:
        """The sensitivity labels its fields carry, most protected first."""
        present = {field.sensitivity for field in self.fields}
        return tuple(label for label in SENSITIVITY_LABELS if label in present)

    @property
    def findings(self) -> tuple[FindingEntry, ...]:
        return tuple(finding for site in self.call_sites for finding in site.findings)

    @property
    def search_text(self) -> str:
        """Everything the search box matches, lower-cased."""
        parts = [self.name, self.feature, self.action, self.owner, self.description]
        parts += [value for _, value in self.governance if value]
        for field in self.fields:
            parts += [field.name, field.description, field.sensitivity]
        parts += [site.location for site in self.call_sites]
        return " ".join(parts).lower()


@dataclass(frozen=True)
class ChangedField:
    """A field whose sample value now leaves in views where it did not before."""

    event: str
    field: str
    views: tuple[View, ...]
    before: str  # how it left in those views before ("dropped", "redacted", "new field"...)
    after: str


@dataclass(frozen=True)
class ChangeEntry:
    """One line of ``schema diff``."""

    kind: str
    event: str
    field: str | None
    detail: str
    exposure: bool


@dataclass(frozen=True)
class ChangeReport:
    """What the change under review does to the data that leaves."""

    revision: str
    new_events: tuple[str, ...]
    new_fields: tuple[ChangeEntry, ...]
    now_leaving: tuple[ChangedField, ...]
    changes: tuple[ChangeEntry, ...]

    @property
    def exposures(self) -> tuple[ChangeEntry, ...]:
        return tuple(change for change in self.changes if change.exposure)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.now_leaving


@dataclass(frozen=True)
class Catalog:
    """Everything the pages show."""

    title: str
    events: tuple[EventEntry, ...]
    unknown_calls: tuple[CallSite, ...]  # calls whose event is not in the registry
    other_findings: tuple[FindingEntry, ...]  # findings outside any call site
    allowlist: bool  # whether an export allowlist was given
    changes: ChangeReport | None = None
    escape_hatches: tuple[EscapeHatch, ...] = ()
    baseline: str | None = None  # the baseline file findings were compared with, if any

    @property
    def unused_events(self) -> tuple[str, ...]:
        """Events of the registry with no call site."""
        return tuple(event.name for event in self.events if not event.call_sites)

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(sorted({event.feature for event in self.events}))

    @property
    def owners(self) -> tuple[str, ...]:
        return tuple(sorted({event.owner for event in self.events}))

    @property
    def call_sites(self) -> tuple[CallSite, ...]:
        return tuple(site for event in self.events for site in event.call_sites)

    @property
    def findings(self) -> tuple[FindingEntry, ...]:
        found = [finding for site in self.call_sites for finding in site.findings]
        found += [finding for site in self.unknown_calls for finding in site.findings]
        return tuple(found) + self.other_findings

    def findings_with(self, status: FindingStatus) -> tuple[FindingEntry, ...]:
        """The findings new to the baseline, or accepted in it."""
        return tuple(finding for finding in self.findings if finding.status == status)

    def escape_hatches_of(self, kind: EscapeKind) -> tuple[EscapeHatch, ...]:
        return tuple(hatch for hatch in self.escape_hatches if hatch.kind == kind)

    @property
    def events_per_feature(self) -> tuple[tuple[str, int], ...]:
        counts = Counter(event.feature for event in self.events)
        return tuple(sorted(counts.items()))

    @property
    def fields_per_sensitivity(self) -> tuple[tuple[str, int], ...]:
        counts = Counter(field.sensitivity for event in self.events for field in event.fields)
        return tuple((label, counts[label]) for label in SENSITIVITY_LABELS if counts[label])


# -- building ------------------------------------------------------------------------


def sensitivity_label(field: FieldSchema) -> SensitivityLabel:
    """The label of a schema field: its declared sensitivity, for text only."""
    if not field.is_text:
        return "not-text"
    return field.sensitivity or "undeclared"


def field_type(field: FieldSchema) -> str:
    return f"array of {field.item_type}" if field.type == "array" else field.type


def field_entry(
    field: FieldSchema, attribute: str, allowlist_reason: str | None = None
) -> FieldEntry:
    return FieldEntry(
        name=field.name,
        attribute=attribute,
        type=field_type(field),
        required=field.required,
        description=field.description,
        sensitivity=sensitivity_label(field),
        enum=field.enum,
        pattern=field.pattern,
        safe_if=field.safe_if,
        legacy_name=field.legacy_name,
        allowlist_reason=allowlist_reason,
        clear_by_policy=not field.is_text and field.sensitivity is None,
    )


def relative_path(path: Path | str, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators (no file system access)."""
    absolute = Path(path) if Path(path).is_absolute() else root / path
    try:
        return Path(os.path.relpath(absolute, root)).as_posix()
    except ValueError:  # another drive
        return Path(path).as_posix()


def build_catalog(
    schemas: Iterable[EventSchema],
    sites: Iterable[CallSite],
    findings: Iterable[FindingEntry],
    samples: Mapping[str, Sample],
    *,
    root: Path,
    title: str = "Telemetry data catalog",
    allowlist: Mapping[tuple[str, str], str] | None = None,
    changes: ChangeReport | None = None,
    escape_hatches: Iterable[EscapeHatch] = (),
    baseline: str | None = None,
) -> Catalog:
    """Put schemas, call sites, findings and samples together.

    ``allowlist`` maps ``(event, field)`` to the reviewed reason; ``findings``
    are attached to the call site that encloses them, the rest are listed apart.
    Suppressions among ``escape_hatches`` are also attached to the call whose lines
    hold them, so a call whose finding is suppressed does not look clean.
    """
    from ..schema.naming import attribute_name, ordered_fields

    reasons = dict(allowlist or {})
    hatches = tuple(sorted(escape_hatches, key=_hatch_key))
    placed = _attach_findings(sorted(sites, key=_site_key), sorted(findings, key=_finding_key))
    placed = _attach_suppressions(placed, [h for h in hatches if h.kind == "suppression"])
    attached = {finding for site in placed for finding in site.findings}
    by_event: dict[str, list[CallSite]] = {}
    for site in placed:
        if site.event is not None:
            by_event.setdefault(site.event, []).append(site)
    events = []
    for schema in sorted(schemas, key=lambda each: each.name):
        fields = tuple(
            field_entry(field, attribute_name(field.name), reasons.get((schema.name, field.name)))
            for field in ordered_fields(schema)
        )
        events.append(
            EventEntry(
                name=schema.name,
                feature=schema.feature,
                action=schema.action,
                version=schema.version,
                owner=schema.owner,
                description=schema.description,
                expires=schema.expires.isoformat() if schema.expires is not None else None,
                schema_path=relative_path(schema.path, root),
                legacy_name=schema.legacy_name,
                fields=fields,
                call_sites=tuple(by_event.get(schema.name, ())),
                sample=samples.get(schema.name),
                purpose=schema.purpose,
                retention=schema.retention,
                destination=schema.destination,
                data_category=schema.data_category,
            )
        )
    known = {event.name for event in events}
    unknown = tuple(site for site in placed if site.event is None or site.event not in known)
    others = tuple(
        finding for finding in sorted(findings, key=_finding_key) if finding not in attached
    )
    return Catalog(
        title=title,
        events=tuple(events),
        unknown_calls=unknown,
        other_findings=others,
        allowlist=allowlist is not None,
        changes=changes,
        escape_hatches=hatches,
        baseline=baseline,
    )


def _attach_findings(sites: Sequence[CallSite], findings: Sequence[FindingEntry]) -> list[CallSite]:
    """Each site with the findings it encloses (the innermost site wins)."""
    from dataclasses import replace

    owned: dict[int, list[FindingEntry]] = {}
    for finding in findings:
        enclosing = [index for index, site in enumerate(sites) if site.encloses(finding)]
        if enclosing:
            innermost = max(enclosing, key=lambda index: (sites[index].line, sites[index].column))
            owned.setdefault(innermost, []).append(finding)
    return [
        replace(site, findings=tuple(owned[index])) if index in owned else site
        for index, site in enumerate(sites)
    ]


def _attach_suppressions(
    sites: Sequence[CallSite], suppressions: Sequence[EscapeHatch]
) -> list[CallSite]:
    """Each site with the suppression comments on its lines (the innermost site wins)."""
    from dataclasses import replace

    owned: dict[int, list[EscapeHatch]] = {}
    for hatch in suppressions:
        enclosing = [
            index
            for index, site in enumerate(sites)
            if site.path == hatch.path and site.line <= hatch.line <= site.end_line
        ]
        if enclosing:
            innermost = max(enclosing, key=lambda index: (sites[index].line, sites[index].column))
            owned.setdefault(innermost, []).append(hatch)
    return [
        replace(site, suppressions=tuple(owned[index])) if index in owned else site
        for index, site in enumerate(sites)
    ]


def _hatch_key(hatch: EscapeHatch) -> tuple[int, str, int, str]:
    return (ESCAPE_KINDS.index(hatch.kind), hatch.path, hatch.line, hatch.subject)


def _site_key(site: CallSite) -> tuple[str, int, int]:
    return (site.path, site.line, site.column)


def _finding_key(finding: FindingEntry) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.code)


def change_report(
    revision: str,
    diff_changes: Iterable[ChangeEntry],
    old_samples: Mapping[str, Sample],
    new_samples: Mapping[str, Sample],
) -> ChangeReport:
    """The review section: new events and fields, and what now leaves in some view.

    ``old_samples`` and ``new_samples`` are the samples of the schemas before and
    after the change; a field "now leaves" in a view when its sample value leaves
    (in clear or hashed) after the change and did not before, or leaves in clear
    where it was only hashed. ``keep`` reveals every value by design (local
    development only) and is not counted.
    """
    changes = tuple(diff_changes)
    new_events = tuple(change.event for change in changes if change.kind == "event-added")
    new_fields = tuple(change for change in changes if change.kind == "field-added")
    now_leaving: list[ChangedField] = []
    for name in sorted(new_samples):
        after = new_samples[name]
        before = old_samples.get(name)
        was = before.leaving() if before is not None else {}
        old_fields = {value.field for value in before.inputs} if before is not None else set()
        grouped: dict[tuple[str, str, str], list[View]] = {}
        for (field, view), outcome in sorted(after.leaving().items()):
            if view == "keep":
                continue
            previous = was.get((field, view))
            if previous == outcome or (previous == "clear" and outcome == "hashed"):
                continue
            then: str
            if before is None:
                then = "new event"
            elif field not in old_fields:
                then = "new field"
            elif previous is None:
                old = before.outcome(field, view)
                then = old.outcome if old is not None else "absent"
            else:
                then = previous
            grouped.setdefault((field, then, outcome), []).append(view)
        for (field, earlier, later), views in sorted(grouped.items()):
            ordered = tuple(view for view in VIEWS if view in views)
            now_leaving.append(ChangedField(name, field, ordered, earlier, later))
    return ChangeReport(revision, new_events, new_fields, tuple(now_leaving), changes)
