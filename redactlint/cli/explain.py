"""``redactlint explain``: a rule's documentation, for the checker's RL rules and the
schema lint's RS rules alike."""

from __future__ import annotations

import sys

import click

from ..analysis import RULES, find_rule, render_rule_doc


@click.command()
@click.argument("code", required=False)
def explain(code: str | None) -> None:
    """Show what a rule checks, why, an example and the fix (all rules without CODE):
    the checker's RL rules and the schema lint's RS rules."""
    from ..schema.lint import RULES as SCHEMA_RULES
    from ..schema.lint import find_rule as find_schema_rule

    if code is None:
        for each in RULES:
            click.echo(f"{each.code}  {each.name:<36} {each.summary()}")
        for each_schema in SCHEMA_RULES:
            summary = each_schema.summary.removeprefix(f"{each_schema.code} {each_schema.name}: ")
            click.echo(f"{each_schema.code}  {each_schema.name:<36} {summary}")
        return
    rule = find_rule(code)
    if rule is not None:
        click.echo(render_rule_doc(rule))
        return
    schema_rule = find_schema_rule(code)
    if schema_rule is None:
        click.echo(
            f"redactlint: error: no rule {code!r}; `redactlint explain` lists them", err=True
        )
        sys.exit(2)
    doc = schema_rule.doc.removeprefix(f"{schema_rule.code} {schema_rule.name}: ")
    doc = doc[:1].upper() + doc[1:]
    click.echo(f"# {schema_rule.code} {schema_rule.name}\n\n{doc}\n")
