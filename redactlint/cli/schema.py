"""``redactlint schema``: lint event schemas, diff them for privacy review, and infer
stubs for the events a legacy codebase logs.

The commands only parse options, call the library and choose the exit code:
0 clean, 1 findings (or exposure with ``--fail-on-exposure``), 2 when the
command line, the configuration, the schema directory or a schema file cannot be used.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

import click

from ..analysis import display_path, load_config
from ..schema.diff import diff_schemas
from ..schema.diff_report import render_json as render_diff_json
from ..schema.diff_report import render_markdown
from ..schema.infer import Stub
from ..schema.lint import lint
from ..schema.lint_report import render_json as render_lint_json
from ..schema.lint_report import render_text
from ..schema.loader import SchemaSet, load_schema_dir
from ..schema.problems import SchemaError
from ..schema.revision import load_schema_revision
from .errors import CHECK_ERRORS, note, user_errors
from .options import config_option, format_option, paths_argument

DEFAULT_SCHEMAS = Path("schemas")

_schemas_option = click.option(
    "--schemas",
    "schemas_option",
    type=click.Path(path_type=Path, file_okay=False),
    help=f"Event schema directory (default: `schemas` in [tool.redactlint], else "
    f"{DEFAULT_SCHEMAS}).",
)


@click.group("schema")
def schema() -> None:
    """Lint event schemas, and show what their changes let leave the customer."""



@schema.command("lint")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@_schemas_option
@format_option("text", "json")
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
    """Check the event schemas in DIRECTORY against the RS rules.

    The x-event keys listed in require-event-keys in [tool.redactlint] are
    required of every event (RS009).
    """
    path = _directory(directory, schemas_option)
    with user_errors():
        schemas = load_schema_dir(path)
        required = _required_event_keys()
    day = today.date() if today is not None else None
    findings = lint(schemas, today=day, required_event_keys=required)
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
@format_option("markdown", "json")
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
    """The schema directory: the argument, else ``--schemas``, else ``schemas`` in
    ``[tool.redactlint]`` when there is one, else the default."""
    if argument is not None and option is not None and argument != option:
        raise click.UsageError("give the schema directory as an argument or --schemas, not both")
    given = argument or option
    if given is not None:
        return given
    with user_errors():
        configured = load_config([], None, required=False).schemas
    return configured or DEFAULT_SCHEMAS


def _required_event_keys() -> tuple[str, ...]:
    """The x-event keys the project's configuration requires (none without one)."""
    return load_config([], None, required=False).require_event_keys


@schema.command("infer")
@paths_argument
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory for the stubs (default: the configured schemas directory).",
)
@click.option(
    "--merge",
    is_flag=True,
    help="Add newly seen properties to events that already have a schema file.",
)
@config_option
def infer(paths: tuple[Path, ...], out: Path | None, merge: bool, config_file: Path | None) -> None:
    """Write a schema stub for every event the declared legacy sinks log.

    Names follow feature.action ("Search Submitted" becomes search.submitted)
    with the name as written kept as x-event.legacy-name; keys are camelCased
    with x-legacy-name. Strings are sensitive unless every value is a literal
    (then safe, with an enum). Owner and description are left empty for a
    person to fill. Existing files are never overwritten; --merge adds new
    properties to them.

    Exit codes: 0 done, 2 usage, configuration or schema error.
    """
    from ..codemod.migration import infer_project

    with user_errors((*CHECK_ERRORS, SchemaError, OSError)):
        result = infer_project(paths, config_file, out, merge=merge, note=note)
    _report_stubs(result.stubs)
    for message in result.skipped:
        note(message)
    written = sum(1 for stub in result.stubs if stub.action == "create")
    merged = sum(1 for stub in result.stubs if stub.action == "merge")
    left = len(result.stubs) - written - merged
    click.echo(
        f"{len(result.stubs)} event{'s' if len(result.stubs) != 1 else ''} found: "
        f"{written} written, {merged} merged, {left} left as they were."
    )


def _report_stubs(stubs: Sequence[Stub]) -> None:
    for stub in stubs:
        shown = display_path(stub.path)
        origin = f"from {stub.legacy_name!r}"
        if stub.action == "create":
            click.echo(f"wrote {shown} ({origin}: {', '.join(stub.added) or 'no properties'})")
        elif stub.action == "merge":
            added = ", ".join(stub.added) or "x-event.legacy-name"
            click.echo(f"merged into {shown} ({origin}: added {added})")
        elif stub.action == "unchanged":
            click.echo(f"{shown} has every property {origin} already")
        else:
            click.echo(f"{shown} exists ({origin}); not overwritten, --merge adds new properties")
        for note_line in stub.notes:
            click.echo(f"  note: {note_line}")
