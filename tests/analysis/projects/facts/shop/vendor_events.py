"""A vendor's event object holds what it was made of; a record made of literals holds
only safe text, and so does what is read from it."""

import hashlib
from dataclasses import dataclass
from itertools import starmap

from thirdparty_events import SelfDescribing

from shop.telemetry import track


@dataclass
class Schema:
    name: str
    version: str
    vendor: str = "com.shop"

    @property
    def url(self) -> str:
        return f"iglu:{self.vendor}/{self.name}/jsonschema/{self.version}"


CLI_EVENT = Schema("cli_event", "1-0-1")


def command_ran(name: str) -> None:
    track("cli", {"context": SelfDescribing(CLI_EVENT.url, {"event": "started"})})
    track("cli", {"context": SelfDescribing(CLI_EVENT.url, {"event": name})})  # expect: RL001
    track("cli", {"context": SelfDescribing(name, {"event": "started"})})  # expect: RL001
    track("cli", {"schema": CLI_EVENT.url, "name": Schema(name, "1").url})  # expect: RL001


def _from_plugin(name: str, command: str | None) -> dict:
    return {"name_hash": hashlib.sha256(name.encode()).hexdigest(), "command": command}


class PluginsContext(SelfDescribing):
    """What a subclass hands its base's constructor is what the object holds."""

    def __init__(self, plugins: list[tuple[str, str | None]]) -> None:
        super().__init__(CLI_EVENT.url, {"plugins": list(starmap(_from_plugin, plugins))})


class Labelled(SelfDescribing):
    def __init__(self, label: str) -> None:
        super().__init__(CLI_EVENT.url, {"label": label})


def plugins_added(names: list[str], typed: str) -> None:
    track("plugins", {"context": PluginsContext([(name, None) for name in names])})
    typed_plugins = [(name, typed) for name in names]
    track("plugins", {"context": PluginsContext(typed_plugins)})  # expect: RL001
    track("plugins", {"context": Labelled("added")})
    track("plugins", {"context": Labelled(typed)})  # expect: RL001
