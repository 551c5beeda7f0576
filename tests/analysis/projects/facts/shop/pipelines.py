"""A decorator that sends what the functions it decorates return (Haystack's
``@send_telemetry`` over functions returning ``(event, properties)``)."""

import functools
from collections.abc import Callable
from typing import Any

from redactlint.redact import unsafe


def send_telemetry(function: Callable[..., Any]) -> Callable[..., None]:  # returns = true
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        output = function(*args, **kwargs)
        if output:
            print(*output)

    return wrapper


@send_telemetry
def pipeline_running(pipeline: Any, runs: int) -> tuple[str, dict[str, Any]] | None:
    if runs > 100:
        return None
    components = [type(c).__name__ for c in pipeline.components]
    return "Pipeline run", {  # expect: RL004
        "runs": runs,
        "components": sorted(components),
        "pipeline_name": pipeline.name,  # expect: RL001
        "redactable": unsafe(pipeline.name),
    }


@send_telemetry
def tutorial_running(tutorial_id: str) -> tuple[str, dict[str, Any]]:
    return "Tutorial", {"tutorial.id": tutorial_id}  # expect: RL001, RL004


@send_telemetry
def named_event(name: str) -> tuple[str, dict[str, Any]]:
    return name, {}  # expect: RL102


def undecorated(pipeline: Any) -> tuple[str, dict[str, Any]]:
    """Not decorated: what it returns goes nowhere."""

    def nested() -> str:
        return pipeline.name

    return "Pipeline run", {"pipeline_name": nested()}
