"""``redactlint audit``: every place data can leave in clear, for a privacy reviewer."""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis import audit_paths
from .errors import CHECK_ERRORS, user_errors
from .options import config_option, format_option, paths_argument


@click.command()
@paths_argument
@config_option
@format_option("text", "json")
def audit(paths: tuple[Path, ...], config_file: Path | None, output_format: str) -> None:
    """List every place data can leave in clear: safe() of non-constants, safe types and
    suppressions, each with its justification."""
    from ..report.audit import render_audit_json, render_audit_text

    with user_errors(CHECK_ERRORS):
        entries = audit_paths(paths, config_file)
    render = render_audit_json if output_format == "json" else render_audit_text
    click.echo(render(entries), nl=False)
