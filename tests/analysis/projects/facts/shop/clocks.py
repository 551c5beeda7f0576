"""A callable its annotation types returns what the annotation says; ``Final`` alone
says nothing of what a name holds, its value does."""

import time
from collections.abc import Callable
from typing import Final

from shop.telemetry import track


class Window:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock: Final = clock
        self._label: Callable[[], str] = lambda: "window"

    def closed(self) -> None:
        track("window.closed", {"end": self._clock()})
        track("window.labelled", {"label": self._label()})  # expect: RL001


def timed(clock: Callable[[], float], name: Callable[..., str]) -> None:
    track("timed", {"end": clock(), "name": name()})  # expect: RL001
