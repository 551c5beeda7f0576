"""A constructor's parameters hold what every ``Class(...)`` call in the project passes:
an attribute set from one is what they pass. Not when the class makes instances of
itself without naming itself (``cls(...)``), has a subclass (its constructor runs for
the subclass's calls too), or is handed around as a value."""

from shop.telemetry import track


class Session:
    def __init__(self, origin: str, cost) -> None:  # type: ignore[no-untyped-def]
        self.origin = origin
        self.cost = cost

    def report(self) -> None:
        track("session", {"origin": self.origin, "cost": self.cost})


class Built:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    @classmethod
    def create(cls, origin: str) -> "Built":
        return cls(origin)

    def report(self) -> None:
        track("built", {"origin": self.origin})  # expect: RL001


class Base:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def report(self) -> None:
        track("base", {"origin": self.origin})  # expect: RL001


class Derived(Base):
    pass


class Handed:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def report(self) -> None:
        track("handed", {"origin": self.origin})  # expect: RL001


FACTORIES = [Handed]


def start(user_text: str, session: Session | None) -> None:
    if isinstance(session, Session):
        session.report()
    Session("cli", 0.0).report()
    Session(origin="web", cost=1.5).report()
    Built("cli").report()
    Built.create(user_text).report()
    Base("cli").report()
    Derived(user_text).report()
    Handed("cli").report()
