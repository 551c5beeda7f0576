"""``redactlint schema``: lint event schemas and diff them for privacy review.

The commands only parse options, call the library and choose the exit code:
0 clean, 1 findings (or exposure with ``--fail-on-exposure``), 2 when the
command line, the schema directory or a schema file cannot be used.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from .cli_errors import user_errors
from .cli_migrate import infer
from .schema.diff import diff_schemas
from .schema.diff_report import render_json as render_diff_json
from .schema.diff_report import render_markdown
from .schema.lint import lint
from .schema.lint_report import render_json as render_lint_json
from .schema.lint_report import render_text
from .schema.loader import SchemaSet, load_schema_dir
from .schema.revision import load_schema_revision

DEFAULT_SCHEMAS = Path("schemas")

_schemas_option = click.option(
    "--schemas",
    "schemas_option",
    type=click.Path(path_type=Path, file_okay=False),
    help=f"Event schema directory (default: {DEFAULT_SCHEMAS}).",
)


@click.group("schema")
def schema() -> None:
    """Lint event schemas, and show what their changes let leave the customer."""


schema.add_command(infer)


@schema.command("lint")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@_schemas_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Judge expiry dates as of this day (default: today).",
)
def lint_command(
    directory: Path | None,
    schemas_option: Path | None,
    output_format: str,
    today: datetime.datetime | None,
) -> None:
    """Check the event schemas in DIRECTORY against the RS rules."""
    path = _directory(directory, schemas_option)
    with user_errors():
        schemas = load_schema_dir(path)
    findings = lint(schemas, today=today.date() if today is not None else None)
    render = render_lint_json if output_format == "json" else render_text
    click.echo(render(findings, len(schemas)), nl=False)
    click.get_current_context().exit(1 if findings else 0)


@schema.command("diff")
@click.argument("old", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.argument("new", required=False, type=click.Path(path_type=Path, file_okay=False))
@_schemas_option
@click.option(
    "--against",
    "revision",
    metavar="REV",
    help="Compare the schema directory with itself at git revision REV.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "--fail-on-exposure",
    is_flag=True,
    help="Exit 1 when a change lets more data leave the customer.",
)
def diff_command(
    old: Path | None,
    new: Path | None,
    schemas_option: Path | None,
    revision: str | None,
    output_format: str,
    fail_on_exposure: bool,
) -> None:
    """Show what changed between two versions of the schemas, exposures first.

    Compares directory OLD with NEW (default: the schema directory), or, with
    --against REV, the schema directory with itself at git revision REV.
    """
    with user_errors():
        before, after = _diff_sides(old, new, schemas_option, revision)
    diff = diff_schemas(before, after)
    render = render_diff_json if output_format == "json" else render_markdown
    click.echo(render(diff), nl=False)
    click.get_current_context().exit(1 if fail_on_exposure and diff.exposures else 0)


def _diff_sides(
    old: Path | None, new: Path | None, schemas_option: Path | None, revision: str | None
) -> tuple[SchemaSet, SchemaSet]:
    if revision is not None:
        if new is not None:
            raise click.UsageError("with --against, give at most one schema directory")
        directory = _directory(old, schemas_option)
        return load_schema_revision(directory, revision), load_schema_dir(directory)
    if old is None:
        raise click.UsageError("give the OLD schema directory, or --against REV")
    return load_schema_dir(old), load_schema_dir(_directory(new, schemas_option))


def _directory(argument: Path | None, option: Path | None) -> Path:
    """The schema directory: the argument, else ``--schemas``, else the default."""
    if argument is not None and option is not None and argument != option:
        raise click.UsageError("give the schema directory as an argument or --schemas, not both")
    return argument or option or DEFAULT_SCHEMAS


