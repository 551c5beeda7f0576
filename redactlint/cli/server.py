"""``redactlint server``: the language server over stdio, for editors."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--debounce-ms",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="Check a changed document once typing pauses this long "
    "(the client's initializationOptions.debounceMs overrides it).",
)
def server(debounce_ms: int) -> None:
    """Run the language server on stdin and stdout: diagnostics as you type, fixes and
    suppressions as code actions, rule docs on hover. Needs the `server` extra (pygls);
    set-up for editors in docs/editors.md."""
    try:
        from ..server.app import serve
    except ImportError as error:
        raise click.ClickException(
            f"{error}: install the server extra: pip install 'redactlint[server]'"
        ) from None
    serve(debounce_ms / 1000)
