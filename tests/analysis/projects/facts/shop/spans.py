"""A sink the project defines whose first parameter is the span it sets attributes on:
an argument of unknown kind there is the span its annotation declares, not text; and one
that only tests what it is given (``bool(token)``) sends none of it."""

from typing import Any

import thirdparty


class Span:
    def set_attribute(self, key: str, value: Any) -> None:
        self.last = (key, value)


class Telemetry:
    def add_attribute(self, span: Span, key: str, value: Any) -> None:
        if span is None or value is None:
            return
        span.set_attribute(key, value)

    def add_untyped(self, span, key, value):  # type: ignore[no-untyped-def]
        """No annotations: a parameter it reads ``set_attribute`` of is no text."""
        if value is not None:
            span.set_attribute(key.lower(), value)


def run(telemetry: Telemetry, name: str, count: int) -> None:
    span = thirdparty.start_span()
    telemetry.add_attribute(span, "count", count)
    telemetry.add_attribute(span, "name", name)  # expect: RL001, RL004
    telemetry.add_attribute(span, "value", thirdparty.value())  # expect: RL001, RL004
    telemetry.add_untyped(span, "count", count)
    telemetry.add_untyped(span, "name", name)  # expect: RL001, RL004
    telemetry.add_untyped(span, thirdparty.key(), 1)  # expect: RL001, RL004


class Metrics:
    """A sink that keeps only whether it was given a token, or a prefix of it."""

    def __init__(self) -> None:
        self.authenticated = False
        self.prefix = ""

    def add_token(self, token: str | None) -> None:
        try:
            self.authenticated = bool(token)
        except ValueError:
            self.authenticated = False

    def add_prefix(self, token: str) -> None:
        self.prefix = token[:4]


def scan(metrics: Metrics, token: str) -> None:
    metrics.add_token(token)
    metrics.add_prefix(token)  # expect: RL001, RL004
