"""The catalog of a configured project, collected and written in one step, as
``redactlint catalog`` makes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.check import Overrides, resolve_config
from .collect import collect_catalog
from .model import Catalog
from .output import write_catalog


@dataclass(frozen=True)
class CatalogRequest:
    """Where the catalog comes from and where it goes."""

    paths: tuple[Path, ...] = ()
    out: Path = Path("redactlint-catalog")
    config_file: Path | None = None
    overrides: Overrides = field(default_factory=Overrides)
    allowlist_file: Path | None = None
    against: str | None = None  # a git revision to report the changes against
    title: str | None = None
    source_url: str | None = None  # a link template with {path} and {line}
    baseline_file: Path | None = None  # findings it accepts are marked, the others new


def catalog_project(request: CatalogRequest) -> tuple[Catalog, list[Path]]:
    """Collect the catalog of the files under the request's paths (the project when
    none) and write its files into ``out``; the catalog and the paths written."""
    config = resolve_config(request.paths, request.config_file, request.overrides)
    built = collect_catalog(
        config,
        request.paths,
        allowlist_file=request.allowlist_file,
        against=request.against,
        title=request.title,
        baseline_file=request.baseline_file,
    )
    written = write_catalog(built, request.out, config.root, request.source_url)
    return built, written
