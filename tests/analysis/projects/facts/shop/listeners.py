"""Handlers a decorator registers inside a method: each annotated parameter is what it
is declared, so what a handler passes on is known where it lands (``event.kind``, a
``Literal`` field, is safe text; ``event.text`` is text of unknown safety)."""

from dataclasses import dataclass
from typing import Any, Literal

from shop.telemetry import track


@dataclass
class EnvEvent:
    kind: Literal["cc_env", "codex_env"]


@dataclass
class TypedEvent:
    text: str


class Telemetry:
    def env_span(self, tool: str) -> None:
        track("env", {"tool": tool})

    def typed_span(self, text: str) -> None:
        track("typed", {"text": text})  # expect: RL001


class Listener:
    def __init__(self, telemetry: Telemetry) -> None:
        self.telemetry = telemetry

    def setup(self, bus: Any) -> None:
        @bus.on(EnvEvent)
        def on_env(_: Any, event: EnvEvent) -> None:
            self.telemetry.env_span(event.kind)

        @bus.on(TypedEvent)
        def on_typed(_: Any, event: TypedEvent) -> None:
            self.telemetry.typed_span(event.text)
