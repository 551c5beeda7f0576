"""An instance attribute annotated wider than what it is set to (``str`` beside an enum)
holds what its methods set it to, as its constructor's callers give it, when that is
text of a safer kind; an annotation of a dataclass field is the field's contract."""

from dataclasses import dataclass

from shop.constants import Phase
from shop.telemetry import track


class Tracked:
    def __init__(self, event: Phase | str, label: str) -> None:
        self.event: Phase | str = event
        self.label: str = label

    def __exit__(self) -> None:
        track("handled", {"event": self.event})
        track("handled", {"label": self.label})  # expect: RL001


@dataclass
class Record:
    name: str

    def reset(self) -> None:
        self.name = "reset"

    def send(self) -> None:
        track("record", {"name": self.name})  # expect: RL001


def handle(user_label: str) -> None:
    Tracked(Phase.PARSE, "fixed").__exit__()
    Tracked("started", user_label).__exit__()
    Record(user_label).send()
