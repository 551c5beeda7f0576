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


class Spans:
    # A long table, written over many lines with comments: kept whole all the same.
    ATTRIBUTES: ClassVar[dict[str, frozenset[str]]] = {
        # Who ran it, never what.
        "cli_usage:eval": frozenset({"authenticated"}),
        # The models compared: a model of the product's catalog by name, any other as
        # "<provider>/other"; never a run, an output or an organization.
        "cli_usage:eval_models": frozenset({"authenticated", "models", "models_count"}),
        # Which export, and how large; never where to.
        "cli_usage:export": frozenset({"format", "rows"}),
        "cli_usage:import": frozenset({"format", "rows", "skipped"}),
        "cli_usage:login": frozenset({"provider"}),
        "cli_usage:logout": frozenset(),
        "cli_usage:whoami": frozenset({"authenticated"}),
    }

    def feature_span(self, feature: str, attributes: dict[str, str] | None = None) -> None:
        def operation() -> None:
            allowed = self.ATTRIBUTES.get(feature, frozenset())
            for key, value in (attributes or {}).items():
                if key in allowed:
                    track("feature", {"key": key})
                    track("feature", {"value": value})  # expect: RL001

        operation()
