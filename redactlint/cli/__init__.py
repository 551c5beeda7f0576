"""The ``redactlint`` command line: thin click commands over the library.

One module per command group; a command parses its options, calls one library
function and renders what it returns. Shared options are in :mod:`.options`, the one
error handler in :mod:`.errors`. Commands are imported only when invoked, so
``redactlint check one_file.py`` (the pre-commit case) does not pay for the codemod,
the schema tools or libcst.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

# Command name -> "module:attribute" of the click command, in help order.
COMMANDS = {
    "check": "redactlint.cli.check:check",
    "fix": "redactlint.cli.fix:fix",
    "explain": "redactlint.cli.explain:explain",
    "audit": "redactlint.cli.audit:audit",
    "sinks": "redactlint.cli.sinks:sinks",
    "baseline": "redactlint.cli.baseline:baseline",
    "generate": "redactlint.cli.registry:generate",
    "verify": "redactlint.cli.registry:verify",
    "migrate": "redactlint.cli.migrate:migrate",
    "schema": "redactlint.cli.schema:schema",
    "catalog": "redactlint.cli.catalog:catalog",
    "collector-config": "redactlint.cli.collector:collector",
    "init": "redactlint.cli.init:init",
    "server": "redactlint.cli.server:server",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in COMMANDS:
            return command
        module_name, _, attribute = COMMANDS[cmd_name].partition(":")
        loaded = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(loaded, click.Command)
        return loaded


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redactlint")
def main() -> None:
    """Keep personal and confidential data out of product telemetry."""
