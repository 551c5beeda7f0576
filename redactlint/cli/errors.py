"""The one place a command turns what went wrong into a message and exit code 2.

Every command reports a problem the user can fix the same way, ``redactlint: error:``
then where and what, one line a problem; a bug in redactlint is ``redactlint:
internal error:`` with the place it happened, never a traceback. Beside them,
``note`` is how a command says on stderr what it is doing, apart from its output.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import NoReturn

import click

from ..analysis import InternalError, UsageError
from ..schema.problems import SchemaError

PREFIX = "redactlint: error: "

# Every error a user can cause, and the checker's internal error.
USER_ERRORS: tuple[type[Exception], ...] = (UsageError, InternalError, OSError, ValueError)
# What a checker run raises: a command that only runs the checker lets anything else
# through, so a bug elsewhere is not mistaken for the user's.
CHECK_ERRORS: tuple[type[Exception], ...] = (UsageError, InternalError)


def fail(error: BaseException) -> NoReturn:
    """Report ``error`` and exit 2."""
    if isinstance(error, InternalError):
        click.echo(f"redactlint: internal error: {error}", err=True)
    elif isinstance(error, SchemaError):
        for problem in error.problems:
            click.echo(f"{PREFIX}{problem}", err=True)
        count = len(error.problems)
        click.echo(f"{count} schema problem{'' if count == 1 else 's'}.", err=True)
    elif isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        click.echo(f"{PREFIX}{where}{error.strerror or error}", err=True)
    else:
        click.echo(f"{PREFIX}{error}", err=True)
    raise click.exceptions.Exit(2)


@contextlib.contextmanager
def user_errors(kinds: tuple[type[Exception], ...] = USER_ERRORS) -> Iterator[None]:
    """Turn the errors of ``kinds`` (by default every error a user can cause, and
    internal errors) into one message and exit 2."""
    try:
        yield
    except kinds as error:
        fail(error)


def note(message: str) -> None:
    """Say what a command is doing, on stderr, beside its output."""
    click.echo(message, err=True)
