"""An attribute set from a call too long to keep whole is still an object of the class
called: its fields hold what their annotations say."""

from dataclasses import dataclass

from shop.telemetry import track


@dataclass
class AgentSettings:
    max_steps: int
    name: str
    f0: int = 0
    f1: int = 0
    f2: int = 0
    f3: int = 0
    f4: int = 0
    f5: int = 0
    f6: int = 0
    f7: int = 0
    f8: int = 0
    f9: int = 0
    f10: int = 0
    f11: int = 0
    f12: int = 0
    f13: int = 0


class Agent:
    def __init__(self, max_steps: int, name: str, value: int) -> None:
        self.settings = AgentSettings(
            max_steps=max_steps,
            name=name,
            f0=value,
            f1=value,
            f2=value,
            f3=value,
            f4=value,
            f5=value,
            f6=value,
            f7=value,
            f8=value,
            f9=value,
            f10=value,
            f11=value,
            f12=value,
            f13=value,
        )

    def report(self) -> None:
        track("agent", {"max_steps": self.settings.max_steps})
        track("agent", {"name": self.settings.name})  # expect: RL001


class Counter:
    """Attributes set from expressions over a method's parameters: what the parameters
    are declared, or what every call passes them."""

    def __init__(self, count: int, label: str) -> None:
        self.count = count or 0
        self.label = label or "none"

    def configure(self, mode) -> None:  # type: ignore[no-untyped-def]
        self.mode = mode.lower()

    def report(self) -> None:
        track("counter", {"count": self.count})
        track("counter", {"label": self.label})  # expect: RL001
        track("counter", {"mode": self.mode})


def configure_counter(counter: Counter) -> None:
    counter.configure("fast")
