"""A container an attribute holds, changed in place by a method (``self.props[k] =
v``, ``self.props.update(...)``, or through a local bound to it), holds what the
checker did not see assigned: its contents cannot be checked where it is sent."""

from typing import Any

from shop.telemetry import track


class App:
    kinds = {"kind": "app"}  # noqa: RUF012 (the shape under test: a class's own container)

    def __init__(self) -> None:
        self.props: dict[str, Any] = {"class": self.__class__.__name__}
        self.fixed = {"class": self.__class__.__name__}
        self.tags = {"source": "cli"}

    def evaluate(self, names: list[str]) -> None:
        props = self.props
        props["metrics"] = names

    def tag(self, tag: str) -> None:
        self.tags.update({"tag": tag})

    def retag(self, tag: str) -> None:
        self.kinds["kind"] = tag

    def deploy(self) -> None:
        track("deploy", self.props)  # expect: RL003
        track("deploy", self.fixed)
        track("deploy", self.tags)  # expect: RL003
        track("deploy", self.kinds)  # expect: RL003
