"""The envelope: random ids, UTC times, keyed pseudonyms, never a raw id."""

from __future__ import annotations

import datetime

from redactlint.delivery import Envelope, make_envelope, pseudonym

PAYLOAD = {"event": "search.submitted", "version": 2, "properties": {"query": "‹×›"}}
KEY = b"k" * 32


def test_an_envelope_wraps_the_payload_with_pseudonyms() -> None:
    when = datetime.datetime(2026, 12, 7, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc)
    first = make_envelope(PAYLOAD, instance="acme-prod", user="alice@example.com", key=KEY,
                          clock=lambda: when)
    assert first.time == "2026-12-07T03:04:05.678Z"
    assert (first.event, first.version, dict(first.properties)) == (
        "search.submitted", 2, {"query": "‹×›"}
    )
    assert len(first.id) == 32 and first.id != make_envelope(PAYLOAD, instance="a", key=KEY).id
    assert "alice" not in repr(first) and "acme" not in repr(first)
    assert first.user == pseudonym("alice@example.com", "user", KEY)
    assert first.instance == pseudonym("acme-prod", "instance", KEY)
    # One id under two purposes, or under two keys, gives unrelated pseudonyms.
    assert pseudonym("x", "user", KEY) != pseudonym("x", "instance", KEY)
    assert pseudonym("x", "user", KEY) != pseudonym("x", "user", b"j" * 32)
    assert Envelope.from_dict(first.to_dict()) == first


def test_no_user() -> None:
    assert make_envelope(PAYLOAD, instance="i", key=KEY).to_dict()["user"] is None
