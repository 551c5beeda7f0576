"""Registries that leak or lie about a field, which ``verify`` must catch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from redactlint.events import Allowlist, Event, EventMeta, FieldInfo, Mode, Payload
from redactlint.redact import RedactableStr, SafeStr
from redactlint.redact.markers import strip_markers


@dataclass(frozen=True, slots=True)
class SafeTypedSensitive(Event):
    """Declared sensitive, but typed so that code must pass ``safe(...)``."""

    META: ClassVar[EventMeta] = EventMeta(
        name="user.signedUp",
        version=1,
        fields=(FieldInfo("email", "string", sensitivity="sensitive", required=True),),
    )

    email: SafeStr


class Doctored(Event):
    """An event whose own export code changes the exported properties (``doctor``)."""

    __slots__ = ()

    def to_payload(
        self,
        mode: Mode = "redact",
        allowlist: Allowlist | None = None,
        *,
        salt: bytes | str | None = None,
    ) -> Payload:
        payload = Event.to_payload(self, mode, allowlist, salt=salt)
        self.doctor(payload["properties"], allowlist)
        return payload

    def doctor(self, properties: dict[str, object], allowlist: Allowlist | None) -> None:
        """What the broken export does to the properties; each broken event says."""
        raise NotImplementedError(type(self).__name__)


@dataclass(frozen=True, slots=True)
class LeakyExport(Doctored):
    """Correct declarations, but an export path that unmarks the query."""

    META: ClassVar[EventMeta] = EventMeta(
        name="search.leaky",
        version=1,
        fields=(
            FieldInfo("query", "string", sensitivity="sensitive", required=True),
            FieldInfo("label", "string", sensitivity="safe", required=True),
            FieldInfo("count", "integer", required=True),
        ),
    )

    query: RedactableStr
    label: SafeStr
    count: int

    def doctor(self, properties: dict[str, object], allowlist: Allowlist | None) -> None:
        properties["query"] = strip_markers(str(self.query))


@dataclass(frozen=True, slots=True)
class SafeDeclaredRedactable(Event):
    """Metadata calls a redactable field safe."""

    META: ClassVar[EventMeta] = EventMeta(
        name="file.opened",
        version=1,
        fields=(FieldInfo("path", "string", sensitivity="safe", required=True),),
    )

    path: RedactableStr


@dataclass(frozen=True, slots=True)
class SafeEverywhere(Event):
    """Typed and declared safe: consistent with itself, wrong against a schema saying sensitive."""

    META: ClassVar[EventMeta] = EventMeta(
        name="file.saved",
        version=1,
        fields=(FieldInfo("path", "string", sensitivity="safe", required=True),),
    )

    path: SafeStr


@dataclass(frozen=True, slots=True)
class OptionalMismatch(Event):
    """Declared required, but defaulted."""

    META: ClassVar[EventMeta] = EventMeta(
        name="file.closed",
        version=1,
        fields=(FieldInfo("count", "integer", required=True),),
    )

    count: int | None = None


@dataclass(frozen=True, slots=True)
class Undeclared(Event):
    """A class field that META does not declare, and a declaration with no field."""

    META: ClassVar[EventMeta] = EventMeta(
        name="file.moved",
        version=1,
        fields=(FieldInfo("target", "string", sensitivity="sensitive"),),
    )

    note: SafeStr


@dataclass(frozen=True, slots=True)
class SnakeTypedSensitive(Event):
    """A camelCase property in a snake_case attribute, typed against its declaration."""

    META: ClassVar[EventMeta] = EventMeta(
        name="user.invited",
        version=1,
        fields=(
            FieldInfo(
                "inviteeEmail",
                "string",
                attribute="invitee_email",
                sensitivity="sensitive",
                required=True,
            ),
        ),
    )

    invitee_email: SafeStr


@dataclass(frozen=True, slots=True)
class SafeCamelEverywhere(Event):
    """Like ``SafeEverywhere``, with a camelCase property in a snake_case attribute."""

    META: ClassVar[EventMeta] = EventMeta(
        name="file.shared",
        version=1,
        fields=(
            FieldInfo(
                "filePath", "string", attribute="file_path", sensitivity="safe", required=True
            ),
        ),
    )

    file_path: SafeStr


@dataclass(frozen=True, slots=True)
class AttributeNotDeclared(Event):
    """META leaves out the attribute, so it defaults to the camelCase property name."""

    META: ClassVar[EventMeta] = EventMeta(
        name="file.counted",
        version=1,
        fields=(FieldInfo("lineCount", "integer", required=True),),
    )

    line_count: int


REGISTRY: dict[str, type[Event]] = {
    "user.signedUp": SafeTypedSensitive,
    "search.leaky": LeakyExport,
    "file.opened": SafeDeclaredRedactable,
}


@dataclass(frozen=True, slots=True)
class LeakyUserId(Doctored):
    """A numeric personal id declared hashed, exported as the number by its own code."""

    META: ClassVar[EventMeta] = EventMeta(
        name="user.seen",
        version=2,
        fields=(FieldInfo("userId", "integer", sensitivity="hashed", required=True),),
    )

    userId: int

    def doctor(self, properties: dict[str, object], allowlist: Allowlist | None) -> None:
        properties["userId"] = self.userId


@dataclass(frozen=True, slots=True)
class RawHashedWhenAllowed(Doctored):
    """A hashed field exported raw, which an allowlist entry must not excuse."""

    META: ClassVar[EventMeta] = EventMeta(
        name="repo.cloned",
        version=3,
        fields=(FieldInfo("repo", "string", sensitivity="hashed", required=True),),
    )

    repo: RedactableStr

    def doctor(self, properties: dict[str, object], allowlist: Allowlist | None) -> None:
        if allowlist is not None and allowlist.allows("repo.cloned", "repo", 3):
            properties["repo"] = strip_markers(str(self.repo))
