"""``redactlint sinks``: every declared sink with the calls it matched, so a team sees
what its configuration covers, and which declarations match nothing."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..analysis import SinkCalls, sink_calls
from .errors import CHECK_ERRORS, user_errors
from .options import config_option, format_option

_SHOWN = 3  # call sites listed per sink unless --all


@click.command()
@config_option
@click.option("--all", "show_all", is_flag=True, help="List every call site, not the first few.")
@format_option("text", "json")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
def sinks(config_file: Path | None, show_all: bool, output_format: str, no_cache: bool) -> None:
    """List each declared sink with the number of calls it matched in the project.

    The whole project under the configuration's root is checked. A sink that matched
    no call is named: its name is misspelt, or the project calls it in a way the
    checker cannot follow, and either way nothing it sends is checked.
    """
    with user_errors(CHECK_ERRORS):
        rows = sink_calls(config_file, cache=not no_cache)
    if output_format == "json":
        listed = [
            {"sink": call, "calls": len(calls),
             "where": [{"path": path, "line": line} for path, line in calls]}
            for call, calls in rows
        ]
        click.echo(json.dumps({"sinks": listed}, indent=2))
    else:
        _render_text(rows, show_all)


def _render_text(rows: list[SinkCalls], show_all: bool) -> None:
    """A line per sink with its first calls, then the totals."""
    if not rows:
        click.echo("No sinks are declared ([[tool.redactlint.sinks]] in pyproject.toml).")
        return
    width = max(len(call) for call, _ in rows)
    for call, calls in rows:
        if not calls:
            click.echo(f"{call:<{width}}  {0:>5}  matched no call: check its name and how "
                       "the project calls it")
            continue
        shown = calls if show_all else calls[:_SHOWN]
        where = ", ".join(f"{path}:{line}" for path, line in shown)
        more = f" (+{len(calls) - len(shown)} more)" if len(calls) > len(shown) else ""
        click.echo(f"{call:<{width}}  {len(calls):>5}  {where}{more}")
    unmatched = sum(1 for _, calls in rows if not calls)
    total = sum(len(calls) for _, calls in rows)
    click.echo(f"{len(rows)} declared sinks, {total} calls matched"
               + (f", {unmatched} matched no call" if unmatched else ""))
