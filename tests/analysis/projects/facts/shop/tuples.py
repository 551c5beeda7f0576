"""The fields of a class built on a functional ``NamedTuple`` base, as the annotated
ones of a class body: a number is safe by policy, text still needs marking."""

from typing import NamedTuple

from shop.telemetry import track


class StepData(NamedTuple("_StepData", [("duration_ms", float), ("label", str)])):
    pass


def step(event) -> None:
    metadata: dict[str, object] = {"step": "start"}
    if isinstance(event.data, StepData):
        metadata["duration_ms"] = event.data.duration_ms
        track("step", metadata)
        track("step", {"label": event.data.label})  # expect: RL001


def unknown(event) -> None:
    metadata: dict[str, object] = {"step": "start"}
    metadata["duration_ms"] = event.data.duration_ms
    track("step", metadata)  # expect: RL003
