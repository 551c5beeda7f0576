"""Where and how ``check`` writes its report: a file or the terminal, with colour and
the code under each finding when a person is reading.

Colour follows ``--color/--no-color``, else the ``NO_COLOR`` convention
(https://no-color.org), else whether stdout is a terminal; click would strip the
colour of piped output, so it is passed on explicitly. The source lines are shown on a
terminal by default, as ruff does.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..atomic import atomic_write
from ..errors import UsageError
from .errors import user_errors


@dataclass(frozen=True)
class Output:
    """The output options of ``check``, as given."""

    color: bool | None = None
    show_source: bool | None = None
    statistics: bool = False
    output_file: Path | None = None

    def _terminal(self) -> bool:
        return self.output_file is None and sys.stdout.isatty()

    def colour(self) -> bool:
        if self.color is not None:
            return self.color
        if os.environ.get("NO_COLOR"):
            return False
        return self._terminal()

    def source(self) -> bool:
        return self._terminal() if self.show_source is None else self.show_source

    def write(self, text: str, colour: bool) -> None:
        """The report on stdout, or in the output file (written whole, atomically)."""
        if self.output_file is None:
            click.echo(text, nl=False, color=colour)
            return
        with user_errors():
            if self.output_file.is_dir():
                raise UsageError("is a directory", self.output_file)
            atomic_write(self.output_file, text.encode("utf-8"))


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The output options, handed to the command as one ``output`` argument."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        color: bool | None,
        show_source: bool | None,
        statistics: bool,
        output_file: Path | None,
        **kwargs: Any,
    ) -> Any:
        output = Output(color, show_source, statistics, output_file)
        return command(*args, output=output, **kwargs)

    options = [
        click.option(
            "--color/--no-color",
            default=None,
            help="Colour the text output (default: on a terminal, unless NO_COLOR is set).",
        ),
        click.option(
            "--show-source/--no-show-source",
            default=None,
            help="Show the line of code under each finding (default: on a terminal).",
        ),
        click.option(
            "--statistics",
            is_flag=True,
            help="Count the findings per rule instead of listing them.",
        ),
        click.option(
            "--output-file",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the report to this file instead of stdout.",
        ),
    ]
    decorated: Callable[..., Any] = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated
