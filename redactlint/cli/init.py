"""``redactlint init``: propose sinks for the event-logging calls found in a project and
write its first configuration, schema folder and pre-commit hooks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..analysis import UsageError, display_path
from ..init.discover import Discovery, Proposal
from ..init.setup import Change, describe_sites, toml_parameter
from .errors import user_errors

_UNLIKELY = 10  # functions only named like sinks, listed


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default=".")
@click.option("--yes", "-y", is_flag=True, help="Accept every proposed sink without asking.")
@click.option("--dry-run", is_flag=True, help="Write nothing: print what would be written.")
def init(path: Path, yes: bool, dry_run: bool) -> None:
    """Find the calls under PATH (default: .) that log events and set the project up.

    Each proposed sink is shown with its number of calls and where they are, and asked
    about (--yes accepts them all). Then [tool.redactlint] with the accepted sinks is
    appended to pyproject.toml, and a schemas/ folder and .pre-commit-config.yaml are
    created when missing (an existing pre-commit file is not edited: the hooks to add
    are printed). A project that already has [tool.redactlint] is refused (exit 2).
    """
    from ..init.discover import discover
    from ..init.setup import apply, ensure_unconfigured, plan

    with user_errors():
        if not path.is_dir():
            raise UsageError("not a directory", path)
        ensure_unconfigured(path)
        found = discover(path)
        _show(found)
        if dry_run and not yes and not sys.stdin.isatty():
            # Nobody to ask: the preview shows what --yes would write.
            click.echo("No terminal to answer on: showing what --yes would write.")
            yes = True
        accepted, logging = _choose(found, yes)
        changes = plan(found, accepted, logging)
        if not dry_run:
            apply(changes)
        _report(changes, dry_run)


def _show(found: Discovery) -> None:
    skipped = f", {len(found.skipped)} skipped" if found.skipped else ""
    click.echo(f"Read {found.files} Python files under {display_path(found.root)}{skipped}.")
    for shown, why in found.skipped:
        click.echo(f"  skipped {shown}: {why}", err=True)
    if not found.proposals:
        click.echo("No event-logging calls found: declare your sinks under "
                   "[[tool.redactlint.sinks]] (see the README's configuration section).")
    for number, proposal in enumerate(found.proposals, 1):
        click.echo(f"{number:3d}. {proposal.call}  ({proposal.origin}) "
                   f"{describe_sites(proposal.sites)}")
        parameters = [f"{key} = {toml_parameter(value)}" for key, value in
                      (("event", proposal.event), ("properties", proposal.properties)) if value]
        if proposal.decorator:
            parameters.append("decorator = true")
        if parameters:
            click.echo("     " + ", ".join(parameters))
        if proposal.unresolved:
            click.echo(f"     {proposal.unresolved} of them on an object whose class is not "
                       "known there: `redactlint sinks` shows which calls check matches")
    if found.unlikely:
        click.echo("Named like event functions, with nothing else saying they send events "
                   "(not proposed; declare one by hand if it does):")
        for proposal in found.unlikely[:_UNLIKELY]:
            click.echo(f"     {proposal.call}  {describe_sites(proposal.sites)}")
        if len(found.unlikely) > _UNLIKELY:
            click.echo(f"     (+{len(found.unlikely) - _UNLIKELY} more)")
    if found.logging:
        click.echo(f"Logging: {describe_sites(found.logging)}; `logging = true` makes them "
                   "sinks, right only once every log handler has RedactingFilter.")


def _choose(found: Discovery, yes: bool) -> tuple[list[Proposal], bool]:
    """The proposals accepted, and whether logging is turned on: --yes accepts every sink
    but leaves logging off, since only the user knows whether the handlers redact."""
    if yes:
        return list(found.proposals), False
    try:
        accepted = [p for p in found.proposals
                    if click.confirm(f"Declare {p.call} as a sink?", default=True)]
        logging = bool(found.logging) and click.confirm(
            "Do all the log handlers redact (RedactingFilter), so logging = true?", default=False)
    except click.Abort:
        raise UsageError("stopped before every proposal had an answer, nothing was written "
                         "(run it on a terminal, or pass --yes to accept every sink)") from None
    return accepted, logging


def _report(changes: list[Change], dry_run: bool) -> None:
    verbs = {"create": "Would create" if dry_run else "Created",
             "append": "Would append to" if dry_run else "Appended to", "show": "Not changed:"}
    for change in changes:
        note = f" ({change.note})" if change.note else ""
        click.echo(f"{verbs[change.action]} {display_path(change.path)}{note}")
        if (dry_run and change.shown) or change.action == "show":
            click.echo("".join(f"    {line}\n" for line in change.text.splitlines()), nl=False)
    if not dry_run:
        hooks = any(c.action == "create" and c.path.name == ".pre-commit-config.yaml"
                    for c in changes)
        click.echo("Next: `redactlint sinks` lists what each sink matches, `redactlint check` "
                   "checks them" + (", `pre-commit install` runs the hooks on each commit."
                                    if hooks else "."))
