"""``redactlint explain``: a rule's documentation, for the checker's RL rules and the
schema lint's RS rules alike, from the one rule registry."""

from __future__ import annotations

import sys

import click

from ..analysis import render_rule_doc


@click.command()
@click.argument("code", required=False)
def explain(code: str | None) -> None:
    """Show what a rule checks, why, an example and the fix (all rules without CODE):
    the checker's RL rules and the schema lint's RS rules."""
    from ..analysis.rules.registry import RULES, find_rule

    if code is None:
        for each in RULES:
            click.echo(f"{each.code}  {each.name:<36} {each.description}")
        return
    rule = find_rule(code)
    if rule is None:
        click.echo(
            f"redactlint: error: no rule {code!r}; `redactlint explain` lists them", err=True
        )
        sys.exit(2)
    click.echo(render_rule_doc(rule))
