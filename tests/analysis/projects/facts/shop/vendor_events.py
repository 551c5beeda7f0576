"""A vendor's event object holds what it was made of; a record made of literals holds
only safe text, and so does what is read from it."""

from dataclasses import dataclass

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
