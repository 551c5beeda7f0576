"""``redactlint generate`` and ``redactlint verify``: write and prove the typed registry.

Both commands only parse options, call the library and choose the exit code:
0 clean, 1 stale registry (``generate --check``) or a leak found (``verify``),
2 when the options, schemas, allowlist or registry module cannot be used.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from ..analysis import UsageError, load_config
from ..events.allowlist import Allowlist
from ..events.export import MODES
from ..events.metadata import EventMeta
from ..events.verify import load_registry, verify_registry
from ..schema.generate import event_meta, generate_registry, write_registry
from ..schema.loader import load_schema_dir
from .errors import fail, user_errors
from .options import config_option

DIFF_LINES = 60


@click.command("generate")
@click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False),
    help="Event schema directory (default: `schemas` in [tool.redactlint], else ./schemas).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The registry module to write (default: `registry` in [tool.redactlint]).",
)
@config_option
@click.option("--check", is_flag=True, help="Write nothing; exit 1 with a diff when OUT is stale.")
def generate(schemas: Path | None, out: Path | None, config_file: Path | None, check: bool) -> None:
    """Generate the typed event registry module from the event schemas."""
    if schemas is None or out is None:
        with user_errors():
            config = load_config([], config_file, required=False)
        schemas = schemas or config.schemas or Path("schemas")
        out = out or config.registry_path
        if out is None:
            fail(UsageError("give --out, or set `registry` in [tool.redactlint]"))
    with user_errors():
        schema_set = load_schema_dir(schemas)
        source = generate_registry(list(schema_set))
    current = _read(out)
    if current == source:
        click.echo(f"{out} is up to date ({len(schema_set)} events).")
        return
    if check:
        click.echo(_short_diff(current or "", source, str(out)), nl=False)
        click.echo(
            f"{out} is stale: run redactlint generate --schemas {schemas} --out {out}", err=True
        )
        raise click.exceptions.Exit(1)
    with user_errors():
        write_registry(out, source)
    click.echo(f"wrote {out} ({len(schema_set)} events).")


@click.command("verify")
@click.option(
    "--registry",
    "target",
    metavar="MODULE|FILE",
    help="The generated registry: a dotted module name or a .py file (default: `registry` "
    "in [tool.redactlint], with its `schemas`).",
)
@click.option(
    "--path",
    "paths",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Directory to put on sys.path first (repeatable).",
)
@click.option(
    "--allowlist",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Reviewed fields exported unredacted: '<event>[@<versions>] <field> <reason>' a line.",
)
@click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also check the registry's declarations against these schemas.",
)
@config_option
def verify(
    target: str | None,
    paths: tuple[Path, ...],
    allowlist: Path | None,
    schemas: Path | None,
    config_file: Path | None,
) -> None:
    """Prove that no canary value survives export from any registered event.

    Also checks the default hashing configuration: this reads, or makes, the
    installation hash key (see ``redactlint.redact.hashing``).
    """
    if target is None:
        target, schemas, paths = _configured_registry(config_file, schemas, paths)
    with user_errors():
        registry = load_registry(target, [str(path) for path in paths])
        entries = Allowlist.load(allowlist) if allowlist is not None else None
        if entries is not None:
            entries.validate(registry)
        expected: dict[str, EventMeta] | None = None
        if schemas is not None:
            expected = {schema.name: event_meta(schema) for schema in load_schema_dir(schemas)}
    try:
        problems = verify_registry(registry, entries, expected)
    except Exception as exc:
        fail(UsageError(f"verification failed: {type(exc).__name__}: {exc}"))
    for problem in problems:
        click.echo(str(problem))
    count = len(registry)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {count} events.", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"verified {count} events in {len(MODES)} modes: no canary survived.")


def _configured_registry(
    config_file: Path | None, schemas: Path | None, paths: tuple[Path, ...]
) -> tuple[str, Path | None, tuple[Path, ...]]:
    """The registry ``[tool.redactlint]`` names, its schemas, and the project root on
    ``sys.path`` first, so the module's own imports resolve as they do in the product."""
    with user_errors():
        config = load_config([], config_file)
    if config.registry_path is None:
        fail(UsageError("give --registry, or set `registry` in [tool.redactlint]"))
    return str(config.registry_path), schemas or config.schemas, (config.root, *paths)


def _read(path: Path) -> str | None:
    """The file's text, or None when it is missing or not UTF-8 (both are stale)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None


def _short_diff(current: str, generated: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            fromfile=f"{name} (on disk)",
            tofile=f"{name} (generated)",
        )
    )
    shown = [line if line.endswith("\n") else line + "\n" for line in lines[:DIFF_LINES]]
    if len(lines) > DIFF_LINES:
        shown.append(f"... {len(lines) - DIFF_LINES} more diff lines\n")
    return "".join(shown)
