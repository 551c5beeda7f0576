"""The default JSON batch splices the stored events in: the same bytes as encoding them."""

from __future__ import annotations

import json

from redactlint.delivery import make_envelope
from redactlint.delivery.sender import _spliced_json_batch, json_batch

KEY = b"k" * 32


def test_splicing_stored_events_gives_the_encoded_batch() -> None:
    envelopes = [
        make_envelope({"event": "search.submitted", "version": 2,
                       "properties": {"query": "‹×›", "resultCount": n, "tags": ["a", "é"]}},
                      instance="i", user=f"u{n}", key=KEY)
        for n in range(3)
    ]
    stored = [json.dumps(e.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()
              for e in envelopes]
    spliced, kind = _spliced_json_batch(stored)
    encoded, expected_kind = json_batch(envelopes)
    assert kind == expected_kind
    left, right = json.loads(spliced), json.loads(encoded)
    assert left["events"] == right["events"] == [e.to_dict() for e in envelopes]
    assert set(left) == set(right) == {"batch", "sent", "events"}
    # Byte for byte, but for the batch id and the time.
    assert spliced.split(b'"events":', 1)[1] == encoded.split(b'"events":', 1)[1]
