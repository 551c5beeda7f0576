"""``redactlint catalog``: write the data catalog of a project (a thin command)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..analysis import InternalError, Overrides, UsageError
from .errors import fail

if TYPE_CHECKING:
    from ..catalog.model import Catalog
from .options import config_option, paths_argument, registry_option, schemas_option


@click.command("catalog")
@paths_argument
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="redactlint-catalog",
    show_default=True,
    help="Directory to write index.html, catalog.md and catalog.json into.",
)
@click.option(
    "--against",
    metavar="REV",
    help="Add what changes against git revision REV (new events and fields, fields that "
    "now leave), and write changes.md for a pull-request comment.",
)
@click.option(
    "--allowlist",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The reviewed export allowlist ('<event>[@<versions>] <field> <reason>' a line).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Mark each finding new or accepted in this baseline (see `redactlint baseline`).",
)
@click.option(
    "--source-url",
    metavar="TEMPLATE",
    help="Link call sites to TEMPLATE with {path} and {line}, e.g. "
    "https://example.com/repo/blob/main/{path}#L{line} (default: relative file links).",
)
@click.option("--title", help="The catalog's title (default: from the project directory).")
@config_option
@schemas_option
@registry_option
def catalog(
    paths: tuple[Path, ...],
    out: Path,
    against: str | None,
    allowlist: Path | None,
    baseline_file: Path | None,
    source_url: str | None,
    title: str | None,
    config_file: Path | None,
    schemas: Path | None,
    registry: Path | None,
) -> None:
    """Write the data catalog: events, fields, call sites and what leaves in each mode.

    A static site (index.html, no network), with the same content as catalog.md
    and catalog.json. PATHS default to the project root.
    """
    from ..catalog.project import CatalogRequest, catalog_project

    overrides = Overrides(schemas=schemas, registry_path=registry)
    request = CatalogRequest(
        paths, out, config_file, overrides, allowlist, against, title, source_url, baseline_file
    )
    try:
        built, written = catalog_project(request)
    except (UsageError, InternalError) as error:
        fail(error)
        return
    except OSError as error:
        fail(UsageError(f"cannot write the catalog: {error.strerror or error}", out))
        return
    click.echo(f"wrote {', '.join(str(path) for path in written)}: {summary(built)}.")


def summary(built: Catalog) -> str:
    """What the catalog holds, in one line."""
    found = f"{len(built.findings)} open findings"
    if built.baseline is not None:
        found += f" ({len(built.findings_with('new'))} new)"
    return (
        f"{len(built.events)} events, {len(built.call_sites)} call sites, "
        f"{len(built.unknown_calls)} calls of unknown events, {found}, "
        f"{len(built.escape_hatches)} escape hatches"
    )
