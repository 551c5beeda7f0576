"""The part of click's ``core`` the checker reads: a context and its command."""

import typing as t


class Command:
    def __init__(self, name: str | None) -> None:
        self.name = name


class Context:
    def __init__(self, command: Command) -> None:
        self.command = command
        self.params: dict[str, t.Any] = {}
        self.invoked_subcommand: str | None = None
