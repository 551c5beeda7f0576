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
