"""A key is sent only when a table the product wrote lists it: found among literals, it
is one of them, whether the table is a module's or a class's, read by subscript or by
``.get`` with a default, directly or through a local."""

from typing import ClassVar

from shop.telemetry import track

ALLOWED = {"eval": frozenset({"authenticated"}), "models": ("count", "names")}


class Features:
    KEPT: ClassVar[dict[str, frozenset[str]]] = {"eval": frozenset({"authenticated"})}

    def used(self, feature: str, attributes: dict[str, str]) -> None:
        allowed = self.KEPT.get(feature, frozenset())
        for key in attributes:
            if key in allowed:
                track("feature", {"key": key})
            track("feature", {"any": key})  # expect: RL001


def used(feature: str, attributes: dict[str, str]) -> None:
    allowed = ALLOWED.get(feature, frozenset())
    for key, value in attributes.items():
        if key in allowed:
            track("feature", {"key": key})
            track("feature", {"value": value})  # expect: RL001
        if key in ALLOWED["models"]:
            track("feature", {"model": key})
