"""A dynamic event name: migrate leaves the call, and so the import it needs."""

from analytics import track


def emit(name: str, kind: str) -> None:
    track(name, {"kind": kind})
