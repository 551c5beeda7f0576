"""The untyped analytics call of this project, declared as a sink."""

from __future__ import annotations

from collections.abc import Mapping


def track(event: str, properties: Mapping[str, object]) -> None:
    """Send ``event`` (stands in for a real client)."""
