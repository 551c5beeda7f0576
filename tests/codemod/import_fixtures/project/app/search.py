"""Standard library, third-party and first-party imports: migrate adds the registry
import among the project's own, fix adds the runtime among the third-party ones."""

from __future__ import annotations

import logging

import click

from analytics import track
from app.store import load

log = logging.getLogger(__name__)


def search(query: str) -> None:
    results = load(query)
    log.info("searching")
    track("Search Submitted", {"q": query, "results": len(results)})
    click.echo(results)
