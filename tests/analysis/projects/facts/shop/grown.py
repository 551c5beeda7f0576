"""Attributes a method grows: a number grown by += stays a number; text grows text."""

from typing import Any

from shop.telemetry import track


class Usage:
    def __init__(self) -> None:
        self.sent = 0
        self.label = ""

    def add(self, response: Any, name: str) -> None:
        tokens = response.usage.prompt_tokens
        self.sent += tokens
        self.label += name


def report(usage: Usage) -> None:
    track("usage", {"sent": usage.sent})
    track("usage", {"label": usage.label})  # expect: RL001
