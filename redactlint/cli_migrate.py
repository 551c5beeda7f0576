"""``redactlint migrate`` and ``redactlint schema infer``: move a legacy codebase onto the registry.

``schema infer`` writes a schema stub for every event the legacy sink calls log,
``generate`` turns the schemas into the registry, ``migrate`` rewrites the calls
onto it and ``fix`` marks their values. The commands only parse options, call
the library and choose the exit code: 0 done, 1 calls left as they were
(``migrate``; with ``--diff`` also when it would change something), 2 when the
command line, configuration, schemas or mapping file cannot be used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from .analysis.config import Config
from .analysis.engine import InternalError, display_path, iter_python_files, prepare
from .analysis.errors import UsageError
from .analysis.legacy import LegacyScanner
from .analysis.registry import Registry
from .cli_check import config_option, resolve_config
from .cli_errors import fail


@click.command("migrate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--schemas", type=click.Path(path_type=Path), help="Event schema directory.")
@click.option("--registry", type=click.Path(path_type=Path), help="Generated registry module.")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML or JSON file mapping legacy event names, keys and arguments the schemas do not.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
def migrate(
    paths: tuple[Path, ...],
    config_file: Path | None,
    schemas: Path | None,
    registry: Path | None,
    mapping_file: Path | None,
    show_diff: bool,
) -> None:
    """Rewrite calls of the declared legacy sinks into calls of the generated registry.

    track("Search Submitted", {"q": q}) becomes SearchSubmitted(query=q).record(),
    names and keys mapped through the schemas' legacy names or --mapping. Values
    are left unmarked: run `redactlint fix` next. Calls that cannot be mapped
    (dynamic names, unknown keys, **kwargs, extra arguments) are listed and left
    as they are.

    Exit codes: 0 every legacy call migrated, 1 calls left unmapped (with --diff,
    also when something would change), 2 usage, configuration or internal error.
    """
    from .codemod.mapping import load_mapping
    from .codemod.migrate import Migrator, missing_classes, report_line

    try:
        config = resolve_config(paths, config_file, schemas=schemas, registry=registry)
        _require(config, "registry", "the generated registry module", "--registry")
        _require(config, "schemas", "the event schemas", "--schemas")
        settings = prepare(config)
        scanner = _scanner(config, settings.registry)
        mapping = load_mapping(mapping_file, settings.registry) if mapping_file else None
        migrator = Migrator(scanner, settings.registry, mapping)
        files = list(iter_python_files(list(paths) or [config.root], config))
        results = migrator.migrate_files(files, write=not show_diff)
    except (UsageError, InternalError) as error:
        fail(error)
        return
    migrated = unmapped = changed = failed = 0
    classes: set[str] = set()
    for result in results:
        if result.error:
            click.echo(f"{display_path(result.path)}: not migrated: {result.error}", err=True)
            failed += 1
        for call, reason in result.unmapped:
            click.echo(report_line(call, reason), err=True)
        unmapped += len(result.unmapped)
        if result.changed:
            changed += 1
            migrated += len(result.mapped)
            classes.update(result.classes)
            if show_diff:
                click.echo(result.diff(), nl=False)
    assert config.registry is not None
    missing = missing_classes(config.registry, classes)
    if missing is None:
        click.echo(
            f"warning: {display_path(config.registry)} does not exist yet: run redactlint "
            "generate before running the migrated code",
            err=True,
        )
    elif missing:
        click.echo(
            f"warning: {display_path(config.registry)} has no {', '.join(missing)}: it is "
            "stale, run redactlint generate",
            err=True,
        )
    verb = "would migrate" if show_diff else "migrated"
    summary = f"{verb} {migrated} call{'s' if migrated != 1 else ''} in {changed} file"
    summary += "s" if changed != 1 else ""
    if unmapped:
        summary += f"; {unmapped} call{'s' if unmapped != 1 else ''} left as they are"
    if failed:
        summary += f"; {failed} file{'s' if failed != 1 else ''} not migrated"
    click.echo(summary + ".", err=True)
    raise click.exceptions.Exit(1 if unmapped or failed or (show_diff and changed) else 0)


@click.command("infer")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory for the stubs (default: the configured schemas directory).",
)
@click.option(
    "--merge",
    is_flag=True,
    help="Add newly seen properties to events that already have a schema file.",
)
@config_option
def infer(paths: tuple[Path, ...], out: Path | None, merge: bool, config_file: Path | None) -> None:
    """Write a schema stub for every event the declared legacy sinks log.

    Names follow feature.action ("Search Submitted" becomes search.submitted)
    with the name as written kept as x-event.legacy-name; keys are camelCased
    with x-legacy-name. Strings are sensitive unless every value is a literal
    (then safe, with an enum). Owner and description are left empty for a
    person to fill. Existing files are never overwritten; --merge adds new
    properties to them.

    Exit codes: 0 done, 2 usage, configuration or schema error.
    """
    from .schema.infer import ObservedCall, infer_stubs, write_stubs
    from .schema.loader import load_schema_dir
    from .schema.problems import SchemaError

    try:
        config = resolve_config(paths, config_file)
        directory = out or config.schemas
        if directory is None:
            raise UsageError("give --out DIR, or set 'schemas' in [tool.redactlint]")
        scanner = _scanner(config)
        files = list(iter_python_files(list(paths) or [config.root], config))
    except (UsageError, InternalError) as error:
        fail(error)
        return
    observed: list[ObservedCall] = []
    for path in files:
        module = scanner.scan_file(path)
        if module.error is not None:
            click.echo(f"{display_path(path)}: skipped: {module.error}", err=True)
        for call in module.calls:
            observation = call.observation()
            if observation is None:
                reason = "; ".join(call.problems) or "no literal event name"
                click.echo(f"{call.where}: skipped: {reason}", err=True)
            else:
                observed.append(observation)
    try:
        existing = load_schema_dir(directory).events if directory.is_dir() else ()
    except SchemaError as error:
        click.echo("fix the existing schemas first; nothing was written.", err=True)
        fail(error)
    result = infer_stubs(observed, directory, existing, merge=merge)
    try:
        write_stubs(result)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        click.echo(f"redactlint: error: {where}{error.strerror or error}", err=True)
        raise click.exceptions.Exit(2) from None
    _report_stubs(result.stubs)
    for message in result.skipped:
        click.echo(message, err=True)
    written = sum(1 for stub in result.stubs if stub.action == "create")
    merged = sum(1 for stub in result.stubs if stub.action == "merge")
    left = len(result.stubs) - written - merged
    click.echo(
        f"{len(result.stubs)} event{'s' if len(result.stubs) != 1 else ''} found: "
        f"{written} written, {merged} merged, {left} left as they were."
    )


def _report_stubs(stubs: Sequence[object]) -> None:
    from .schema.infer import Stub

    for stub in stubs:
        assert isinstance(stub, Stub)
        shown = display_path(stub.path)
        origin = f"from {stub.legacy_name!r}"
        if stub.action == "create":
            click.echo(f"wrote {shown} ({origin}: {', '.join(stub.added) or 'no properties'})")
        elif stub.action == "merge":
            added = ", ".join(stub.added) or "x-event.legacy-name"
            click.echo(f"merged into {shown} ({origin}: added {added})")
        elif stub.action == "unchanged":
            click.echo(f"{shown} has every property {origin} already")
        else:
            click.echo(f"{shown} exists ({origin}); not overwritten, --merge adds new properties")
        for note in stub.notes:
            click.echo(f"  note: {note}")


def _require(config: Config, key: str, what: str, option: str) -> None:
    if getattr(config, key) is None:
        raise UsageError(f"migrate needs {what}: set {key!r} in [tool.redactlint] or pass {option}")


def _scanner(config: Config, registry: Registry | None = None) -> LegacyScanner:
    scanner = LegacyScanner(config, registry)
    if not scanner.sinks:
        declared = ", ".join(spec.call for spec in config.sinks)
        detail = f" (declared without an event parameter: {declared})" if declared else ""
        raise UsageError(
            "no legacy sink to read: declare one with [[tool.redactlint.sinks]] call = "
            f"'analytics.track', event = 0, properties = 1 in pyproject.toml{detail}"
        )
    return scanner
