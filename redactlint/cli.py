"""The ``redactlint`` command line: thin click commands over the library."""

from __future__ import annotations

import click

from . import __version__
from .cli_baseline import baseline
from .cli_check import audit, check, explain, fix
from .cli_migrate import migrate
from .cli_registry import generate, verify
from .cli_schema import schema


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redactlint")
def main() -> None:
    """Keep personal and confidential data out of product telemetry."""


# Command groups are registered below, one line each.
main.add_command(schema)
main.add_command(generate)
main.add_command(verify)
main.add_command(check)
main.add_command(explain)
main.add_command(audit)
main.add_command(fix)
main.add_command(baseline)
main.add_command(migrate)
