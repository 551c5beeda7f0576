"""The envelope one delivered event travels in.

An exported payload (``{"event", "version", "properties"}``, already redacted) is
wrapped with what a collector needs and nothing that names anyone:

- ``id``: 32 random hex digits, so a collector drops the copies an at-least-once
  delivery may send. They come from the ``random`` module's generator, seeded from the
  system's entropy and seeded again in a forked child by Python, so ids are unique across
  processes without a system call per event (an id is a key to de-duplicate by, not a
  secret);
- ``time``: when the event was recorded, RFC 3339 in UTC with milliseconds;
- ``instance`` and ``user``: keyed pseudonyms (HMAC-SHA-256 under the installation's
  secret, see ``redactlint.redact.hashing``) of the ids the product passes. The same
  id gives the same pseudonym on one installation and an unrelated one elsewhere; the
  raw id never leaves;
- ``event``, ``version`` and ``properties``: the payload as exported.

``Envelope.to_dict`` is the documented JSON form, ``from_dict`` reads it back;
``envelope_json`` writes that form, compact, straight from a payload (what the
delivery sink stores, on the product's thread, so it builds no intermediate objects).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import json
import random
import time
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


def new_id() -> str:
    """A fresh event id: 128 random bits as 32 hex digits."""
    return f"{random.getrandbits(128):032x}"


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_second: list[tuple[int, str]] = [(-1, "")]  # the last whole second formatted


def rfc3339_now() -> str:
    """The time now as ``make_envelope`` writes it (RFC 3339, UTC, milliseconds); the
    date and time of day are formatted once a second."""
    now = time.time()
    whole = int(now)
    second, text = _second[0]
    if second != whole:
        text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        _second[0] = (whole, text)
    return f"{text}.{int((now - whole) * 1000):03d}Z"


def envelope_json(
    payload: Mapping[str, Any], *, instance: str, user: str | None, key: bytes
) -> str:
    """``json.dumps(make_envelope(...).to_dict())`` in compact form, made directly."""
    user_json = "null" if user is None else f'"{_keyed(user, "user", key)}"'
    return (
        f'{{"id":"{new_id()}","time":"{rfc3339_now()}",'
        f'"event":{_COMPACT.encode(str(payload["event"]))},'
        f'"version":{int(payload["version"])},'
        f'"instance":"{_keyed(instance, "instance", key)}","user":{user_json},'
        f'"properties":{_COMPACT.encode(dict(payload.get("properties") or {}))}}}'
    )


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
        id=new_id(),
        time=when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        event=str(payload["event"]),
        version=int(payload["version"]),
        instance=pseudonym(instance, "instance", key),
        user=None if user is None else pseudonym(user, "user", key),
        properties=dict(payload.get("properties") or {}),
    )
