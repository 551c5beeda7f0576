"""The envelope: random ids, UTC times, keyed pseudonyms, never a raw id."""

from __future__ import annotations

import datetime
import json
import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from redactlint.delivery import Envelope, make_envelope, pseudonym
from redactlint.delivery.envelope import envelope_json, new_id

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


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    event=st.text(min_size=1),
    version=st.integers(min_value=1, max_value=10**6),
    properties=st.dictionaries(st.text(), json_values, max_size=5),
    instance=st.text(),
    user=st.none() | st.text(),
)
def test_envelope_json_is_the_documented_form_in_compact_json(
    event: str, version: int, properties: dict[str, object], instance: str, user: str | None
) -> None:
    payload = {"event": event, "version": version, "properties": properties}
    text = envelope_json(payload, instance=instance, user=user, key=KEY)
    written = json.loads(text)
    expected = make_envelope(payload, instance=instance, user=user, key=KEY).to_dict()
    expected["id"], expected["time"] = written["id"], written["time"]
    assert text == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    assert len(written["id"]) == 32 and int(written["id"], 16) >= 0


def test_envelope_json_time_is_now_in_utc_to_the_millisecond() -> None:
    before = datetime.datetime.now(datetime.timezone.utc)
    written = json.loads(envelope_json(PAYLOAD, instance="i", user=None, key=KEY))
    after = datetime.datetime.now(datetime.timezone.utc)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", written["time"])
    when = datetime.datetime.fromisoformat(written["time"].replace("Z", "+00:00"))
    assert before.replace(microsecond=before.microsecond // 1000 * 1000) <= when <= after


def test_a_forked_child_draws_other_ids() -> None:
    """The generator is seeded again after fork, so parent and child never share ids."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, "".join(new_id() for _ in range(100)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read) as stream:
        theirs = stream.read()
    mine = [new_id() for _ in range(100)]
    assert len(theirs) == 3200
    assert not {theirs[i:i + 32] for i in range(0, 3200, 32)} & set(mine)
