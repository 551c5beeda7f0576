"""The options several commands share, declared once so they read and behave alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

# The option every command that reads [tool.redactlint] takes.
config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml to read (default: the nearest one with [tool.redactlint]).",
)
paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
schemas_option = click.option(
    "--schemas", type=click.Path(path_type=Path), help="Event schema directory."
)
registry_option = click.option(
    "--registry", type=click.Path(path_type=Path), help="Generated registry module."
)
allowlist_option = click.option(
    "--safe-types-allowlist",
    type=click.Path(path_type=Path),
    help="Reviewed safe-types allowlist file.",
)


def codes(values: Sequence[str]) -> tuple[str, ...] | None:
    """Rule codes given as repeated and comma-separated ``--select``/``--ignore``
    values, upper-cased; None when none were given (the configuration's apply)."""
    found = tuple(code.strip().upper() for value in values for code in value.split(",") if code)
    return found or None


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` among ``choices``, the first the default (``output_format``)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
    )
