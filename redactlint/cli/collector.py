"""``redactlint collector-config``: the OpenTelemetry Collector's redaction processor
from the event schemas, or a check that an existing collector configuration is not
wider than them.

Exit codes: 0 the configuration printed, or the checked file not wider; 1 the checked
file is wider (each problem listed); 2 the command line, the configuration, a schema
or the checked file cannot be used.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis import load_config
from ..collector import PROPERTY_PREFIX, check_collector_config, collector_config, render_yaml
from ..schema.loader import load_schema_dir
from .errors import user_errors
from .options import config_option

DEFAULT_SCHEMAS = Path("schemas")


@click.command("collector-config")
@click.option(
    "--schemas",
    "schemas_option",
    type=click.Path(path_type=Path, file_okay=False),
    help=f"Event schema directory (default: `schemas` in [tool.redactlint], else "
    f"{DEFAULT_SCHEMAS}).",
)
@click.option(
    "--check",
    "check_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A collector configuration to check instead: exit 1 when it is wider.",
)
@click.option(
    "--property-prefix",
    default=PROPERTY_PREFIX,
    show_default=True,
    help="Attribute key prefix of an event's properties.",
)
@config_option
def collector(
    schemas_option: Path | None,
    check_file: Path | None,
    property_prefix: str,
    config_file: Path | None,
) -> None:
    """Print the redaction processor's configuration for the event schemas, or with
    --check FILE list where FILE lets through more than the schemas."""
    with user_errors():
        directory = schemas_option or load_config([], config_file, required=False).schemas
        schemas = load_schema_dir(directory or DEFAULT_SCHEMAS)
        if check_file is None:
            config = collector_config(schemas, property_prefix)
            click.echo(render_yaml(config, len(schemas)), nl=False)
            return
        text = check_file.read_text(encoding="utf-8")
        problems = check_collector_config(
            text, schemas, source=str(check_file), property_prefix=property_prefix
        )
    for problem in problems:
        click.echo(str(problem))
    count = len(problems)
    verdict = f"wider ({count} problem{'' if count == 1 else 's'})" if count else "not wider"
    click.echo(f"{check_file}: {verdict} than the {len(schemas)} event schemas.")
    click.get_current_context().exit(1 if problems else 0)
