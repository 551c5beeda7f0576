"""Moving a legacy codebase onto the registry, a project at a time.

``infer_project`` writes a schema stub for every event the declared legacy sinks
log; ``migrate_project`` rewrites those calls into calls of the generated registry.
Both read the calls with the checker's legacy scanner, so they see the calls the
checker sees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..analysis.check import Overrides, resolve_config
from ..analysis.config import Config
from ..analysis.engine import display_path, iter_python_files, prepare
from ..analysis.registry import Registry
from ..errors import UsageError
from ..legacy.scanner import LegacyScanner
from ..schema.infer import InferResult, ObservedCall, infer_stubs, write_stubs
from .migrate import FileMigration, Migrator, missing_classes


@dataclass(frozen=True)
class MigrateOutcome:
    """Each file's migration, and which registry classes the migrated code needs."""

    results: list[FileMigration]
    registry: Path
    # The classes the migrated code uses that the registry lacks; None when the
    # registry module does not exist yet.
    missing: list[str] | None


def migrate_project(
    paths: Sequence[Path],
    config_file: Path | None,
    overrides: Overrides,
    mapping_file: Path | None,
    *,
    write: bool,
) -> MigrateOutcome:
    """Rewrite the legacy sink calls under ``paths`` (the project when none) into
    calls of the registry's classes; with ``write=False`` only say what would change."""
    from .mapping import load_mapping

    config = resolve_config(paths, config_file, overrides)
    _require(config.registry_path, "registry", "the generated registry module", "--registry")
    _require(config.schemas, "schemas", "the event schemas", "--schemas")
    settings = prepare(config)
    scanner = legacy_scanner(config, settings.registry)
    mapping = load_mapping(mapping_file, settings.registry) if mapping_file else None
    migrator = Migrator(scanner, settings.registry, mapping)
    files = list(iter_python_files(list(paths) or [config.root], config))
    results = migrator.migrate_files(files, write=write)
    registry = config.registry_path
    assert registry is not None
    classes = {name for result in results if result.changed for name in result.classes}
    return MigrateOutcome(results, registry, missing_classes(registry, classes))


def infer_project(
    paths: Sequence[Path],
    config_file: Path | None,
    out: Path | None,
    *,
    merge: bool,
    note: Callable[[str], None],
) -> InferResult:
    """Write a schema stub for every event the legacy calls under ``paths`` log, into
    ``out`` (default: the configured schemas); each call that cannot be read is said
    through ``note``. Nothing is written while an existing schema is broken."""
    from ..schema.loader import load_schema_dir
    from ..schema.problems import SchemaError

    config = resolve_config(paths, config_file)
    directory = out or config.schemas
    if directory is None:
        raise UsageError("give --out DIR, or set 'schemas' in [tool.redactlint]")
    scanner = legacy_scanner(config)
    files = list(iter_python_files(list(paths) or [config.root], config))
    observed = _observe(scanner, files, note)
    try:
        existing = load_schema_dir(directory).events if directory.is_dir() else ()
    except SchemaError:
        note("fix the existing schemas first; nothing was written.")
        raise
    result = infer_stubs(observed, directory, existing, merge=merge)
    write_stubs(result)
    return result


def legacy_scanner(config: Config, registry: Registry | None = None) -> LegacyScanner:
    """The scanner of the configured legacy sinks; none declared with an event
    parameter is a ``UsageError`` saying how to declare one."""
    scanner = LegacyScanner(config, registry)
    if not scanner.sinks:
        declared = ", ".join(spec.call for spec in config.sinks)
        detail = f" (declared without an event parameter: {declared})" if declared else ""
        raise UsageError(
            "no legacy sink to read: declare one with [[tool.redactlint.sinks]] call = "
            f"'analytics.track', event = 0, properties = 1 in pyproject.toml{detail}"
        )
    return scanner


def _observe(
    scanner: LegacyScanner, files: Sequence[Path], note: Callable[[str], None]
) -> list[ObservedCall]:
    observed: list[ObservedCall] = []
    for path in files:
        module = scanner.scan_file(path)
        if module.error is not None:
            note(f"{display_path(path)}: skipped: {module.error}")
        for call in module.calls:
            observation = call.observation()
            if observation is None:
                reason = "; ".join(call.problems) or "no literal event name"
                note(f"{call.where}: skipped: {reason}")
            else:
                observed.append(observation)
    return observed


def _require(value: Path | None, key: str, what: str, option: str) -> None:
    """A ``UsageError`` naming the ``key`` to set when ``value`` is not configured."""
    if value is None:
        raise UsageError(f"migrate needs {what}: set {key!r} in [tool.redactlint] or pass {option}")
