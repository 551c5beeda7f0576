"""``x.__name__`` names a class, function or module of the product, unless the class
of ``x`` defines ``__name__`` itself: a property that returns a name its user chose."""

from shop.telemetry import track


class Metric:
    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def __name__(self) -> str:
        return f"{self.name} [custom]"


class Plain:
    pass


def measured(metric: Metric, plain: Plain) -> None:
    track("measured", {"metric": metric.__name__})  # expect: RL001
    track("measured", {"kind": type(metric).__name__, "plain": plain.__class__.__name__})
    track("measured", {"function": measured.__name__})


class Fixed:
    """Its own fixed label, and no subclass in the project names itself otherwise."""

    @property
    def __name__(self) -> str:
        return "fixed"

    def measure(self) -> None:
        track("measured", {"metric": self.__name__})


class FixedPrecision(Fixed):
    @property
    def __name__(self) -> str:
        return f"{Fixed.__name__} precision"


class Labelled:
    """A fixed label, but a subclass in another module names itself after its user."""

    @property
    def __name__(self) -> str:
        return "labelled"

    def measure(self) -> None:
        track("measured", {"metric": self.__name__})  # expect: RL001


class Renamed:
    """A fixed label; a subclass of it imported under another name names itself."""

    @property
    def __name__(self) -> str:
        return "renamed"

    def measure(self) -> None:
        track("measured", {"metric": self.__name__})  # expect: RL001
