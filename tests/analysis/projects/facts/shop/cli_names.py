"""Names a click command declares are the product's: its command's name and the names
of its parameters, never what a user gave them."""

import click

from shop.telemetry import track


def report() -> None:
    ctx = click.get_current_context()
    track("cli", {"command": ctx.command.name})
    for param in ctx.params:
        track("cli", {"flag": param})
    for value in ctx.params.values():
        track("cli", {"value": value})  # expect: RL001
    track("cli", {"typed": ctx.invoked_subcommand})  # expect: RL001
