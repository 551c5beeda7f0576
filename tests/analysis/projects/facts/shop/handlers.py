"""A context object that sends its ``metadata`` attribute when the block ends (ZenML's
``with track_handler(event=...) as handler: handler.metadata = {...}``)."""

from typing import Any


class track_handler:  # collects = "metadata"
    def __init__(self, event: str, metadata: dict[str, Any] | None = None) -> None:
        self.event = event
        self.metadata: dict[str, Any] = metadata or {}

    def __enter__(self) -> "track_handler":
        return self

    def __exit__(self, *exc: object) -> None:
        print(self.event, self.metadata)


def deploy(name: str, replicas: int, stack: Any) -> None:
    with track_handler(event="model.deployed") as handler:
        handler.metadata = {  # expect: RL004
            "replicas": replicas,
            "name": name,  # expect: RL001
        }
        handler.metadata["flavor"] = "seldon"
        handler.metadata["stack"] = stack.name  # expect: RL001, RL004
        handler.metadata.update({"ok": True}, region=stack.region)  # expect: RL001, RL004
        other = {"name": name}
        other["also"] = name


def outside(name: str, handler: track_handler) -> None:
    """Not inside the block the sink made: a handler handed in is not followed."""
    handler.metadata = {"name": name}
    with open(name) as handler_file:
        handler_file.metadata = {"name": name}


def by_position(name: str) -> None:
    """The class's ``__init__`` gives the positions: the first argument is the event."""
    with track_handler(name) as handler:  # expect: RL102
        handler.metadata = {"count": 1}
