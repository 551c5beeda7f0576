"""The canary values the drivers put into text a user or customer controls, and the test
the benchmark applies to what leaves.

A product cuts, cases and joins what it is given (``alice-private-notes.ipynb`` under a
directory ``SECRET-TOKEN-123``, a kernelspec name that must be lower case), so a value
carries a canary when any trace of one is in it, in any case: no span of a canary may
leave, not even between markers.
"""

from __future__ import annotations

EMAIL = "alice@example.com"
TOKEN = "SECRET-TOKEN-123"
PATH = "/home/alice/private.py"
CANARIES = (EMAIL, TOKEN, PATH)

# Each canary holds one of these; nothing a product writes by itself does.
TRACES = ("alice", "secret-token")


def carries_canary(text: str) -> bool:
    """Whether ``text`` holds any trace of a canary, in any case."""
    lowered = text.lower()
    return any(trace in lowered for trace in TRACES)
