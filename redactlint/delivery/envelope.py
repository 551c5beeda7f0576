"""The envelope one delivered event travels in.

An exported payload (``{"event", "version", "properties"}``, already redacted) is
wrapped with what a collector needs and nothing that names anyone:

- ``id``: 32 random hex digits, so a collector drops the copies an at-least-once
  delivery may send;
- ``time``: when the event was recorded, RFC 3339 in UTC with milliseconds;
- ``instance`` and ``user``: keyed pseudonyms (HMAC-SHA-256 under the installation's
  secret, see ``redactlint.redact.hashing``) of the ids the product passes. The same
  id gives the same pseudonym on one installation and an unrelated one elsewhere; the
  raw id never leaves;
- ``event``, ``version`` and ``properties``: the payload as exported.

``Envelope.to_dict`` is the documented JSON form, ``from_dict`` reads it back.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..redact.hashing import installation_key

PSEUDONYM_LENGTH = 32  # hex digits: 128 bits


@dataclass(frozen=True)
class Envelope:
    """One event as delivered."""

    id: str
    time: str
    event: str
    version: int
    instance: str
    user: str | None
    properties: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "event": self.event,
            "version": self.version,
            "instance": self.instance,
            "user": self.user,
            "properties": dict(self.properties),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Envelope:
        return cls(
            id=str(data["id"]),
            time=str(data["time"]),
            event=str(data["event"]),
            version=int(data["version"]),
            instance=str(data["instance"]),
            user=None if data.get("user") is None else str(data["user"]),
            properties=dict(data.get("properties") or {}),
        )


def pseudonym(raw: str, purpose: str, key: bytes | None = None) -> str:
    """The keyed pseudonym of ``raw`` for ``purpose`` ("instance", "user"): the same
    raw id under two purposes gives two unrelated pseudonyms. ``key`` defaults to the
    installation's secret."""
    return _keyed(raw, purpose, installation_key() if key is None else key)


@functools.lru_cache(maxsize=4096)
def _keyed(raw: str, purpose: str, key: bytes) -> str:
    """Remembered: every event of an instance, and of a user acting a while, carries
    the same pseudonym, so recording does not pay an HMAC for each."""
    message = f"{purpose}\x00{raw}".encode("utf-8", "surrogatepass")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def make_envelope(
    payload: Mapping[str, Any],
    *,
    instance: str,
    user: str | None = None,
    key: bytes | None = None,
    clock: Callable[[], datetime.datetime] = utc_now,
) -> Envelope:
    """Wrap an exported ``payload``; ``instance`` and ``user`` are the product's own
    ids, pseudonymised here."""
    when = clock().astimezone(datetime.timezone.utc)
    return Envelope(
        id=secrets.token_hex(16),
        time=when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        event=str(payload["event"]),
        version=int(payload["version"]),
        instance=pseudonym(instance, "instance", key),
        user=None if user is None else pseudonym(user, "user", key),
        properties=dict(payload.get("properties") or {}),
    )
