"""A sink kept as a value: a bound method stored in an attribute, then called."""

from typing import Any


class Analytics:
    def event(self, name: str, **properties: Any) -> None:
        self.last = (name, properties)


class Coder:
    def __init__(self, analytics: Any = None) -> None:
        self.analytics = analytics if analytics is not None else Analytics()
        self.event = self.analytics.event

    def run(self, error: Exception, count: int) -> None:
        self.event("exit", reason="Control-C", count=count)
        self.event("failed", exception=str(error))  # expect: RL001, RL004


def elsewhere(coder: Coder, path: str) -> None:
    send = coder.analytics.event
    send("opened", path=path)  # expect: RL001, RL004
