"""Standard library and first-party imports: the legacy client goes, the registry and
the runtime come, each in its own section."""

import os

import analytics


def apply(value: str) -> None:
    analytics.track("Filter Applied", {"kind": "repo", "value": value})
    print(os.sep)
