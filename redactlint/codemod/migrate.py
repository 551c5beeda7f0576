"""``redactlint migrate``: legacy sink calls onto the generated registry.

``analytics.track("Search Submitted", {"q": query, "results": n})`` becomes
``SearchSubmitted(query=query, result_count=n).record()``. The legacy scanner finds
the calls and takes them apart (``legacy/scanner.py``: stdlib ``ast``, the
checker's scopes and sink matcher, exact spans); this module decides, for each
call, whether it maps and to what (the schemas' names and legacy names, then
the mapping file), and rewrites only the calls that map, with libcst, in only
the files that have one.

A call maps when its event name is a literal naming a schema event, its
properties are a literal mapping (a dict display or ``dict(...)``) whose every
key names a field, every required field is given, it is not awaited, and any
other argument is dropped by the mapping file. Anything else is listed with its
reasons and left byte for byte. ``record()`` returns a bool, so the new
expression replaces the call wherever its value is used.

Values keep their source text and are not marked here: ``redactlint fix``
marks them afterwards (``migrate`` → ``fix`` → ``check``), so the marking
decisions stay in one place. Comments inside the call are kept next to the
argument they were written beside. The event class is imported from the
registry module: an existing import of it (or of the module) is reused, an
existing ``from <registry> import ...`` is extended, otherwise
``from <registry> import Name`` is added where ruff's isort puts it in the
project. An import of the legacy client that the migrated calls leave unused
is removed.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from ..analysis.engine import display_path
from ..analysis.registry import Registry
from ..analysis.scopes import Import, module_name_for
from ..legacy.scanner import LegacyCall, LegacyModule, LegacyScanner
from ..schema.naming import attribute_name, class_name
from .files import FileChanged, SourceFile
from .import_order import ImportOrder
from .mapping import MigrationMapping
from .registry_call import Argument, CallPlan, rewrite_calls


@dataclass
class FileMigration:
    """What migrating one file did, or would do."""

    path: Path
    original: str = ""
    migrated: str = ""
    mapped: list[LegacyCall] = field(default_factory=list)
    unmapped: list[tuple[LegacyCall, str]] = field(default_factory=list)
    error: str | None = None
    imported: list[str] = field(default_factory=list)  # event classes newly imported
    classes: list[str] = field(default_factory=list)  # event classes the migrated calls use

    @property
    def changed(self) -> bool:
        return self.error is None and self.migrated != self.original

    def diff(self) -> str:
        shown = display_path(self.path)
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.migrated.splitlines(keepends=True),
                f"a/{shown}",
                f"b/{shown}",
            )
        )


class Migrator:
    """Maps legacy calls onto one registry module, with an optional mapping file."""

    def __init__(
        self,
        scanner: LegacyScanner,
        registry: Registry,
        mapping: MigrationMapping | None = None,
    ) -> None:
        if registry.module is None:
            raise ValueError("the registry has no module name")
        self.scanner = scanner
        self.registry = registry
        self.module = registry.module
        self.mapping = mapping or MigrationMapping()
        self.order = ImportOrder.for_root(scanner.config.root)

    def migrate_files(self, files: Iterable[Path], *, write: bool = True) -> list[FileMigration]:
        """Migrate every file with a legacy call; the others are not even parsed."""
        results = []
        for path in files:
            try:
                source = SourceFile.read(path)
            except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as error:
                results.append(FileMigration(path, error=f"cannot read the file: {error}"))
                continue
            if not self.scanner.might_call(source.text):
                continue
            result = self.migrate_source(path, source.text)
            if not (result.mapped or result.unmapped or result.error):
                continue
            if write and result.changed:
                try:
                    source.write(result.migrated)
                except FileChanged:
                    result.error = "the file changed on disk while it was migrated; skipped"
                except OSError as error:
                    result.error = f"cannot write the file: {error.strerror or error}"
            results.append(result)
        return results

    def migrate_source(self, path: Path, text: str) -> FileMigration:
        """Migrate the legacy calls in ``text``; the result is checked to compile."""
        result = FileMigration(path, text, text)
        module = self.scanner.scan_source(
            display_path(path), text, module_name_for(str(path), self.scanner.facts.roots),
            path.stem == "__init__",
        )
        if module.error is not None:
            result.error = module.error
            return result
        plans: list[CallPlan] = []
        for call in module.calls:
            plan = self.plan(module, call)
            if isinstance(plan, CallPlan):
                plans.append(plan)
            else:
                result.unmapped.append((call, plan))
        if not plans:
            return result
        import_line = _import_line(module, self.module)
        try:
            migrated, imported, missing = rewrite_calls(
                text, plans, self.module, import_line, order=self.order
            )
        except (cst.ParserSyntaxError, RecursionError) as error:
            result.error = f"libcst cannot parse the file: {error}"
            return result
        for plan in missing:  # not expected: the two parsers disagree on where a call is
            result.unmapped.append((plan.call, "cannot rewrite: libcst sees no call at this span"))
        plans = [plan for plan in plans if plan not in missing]
        try:
            compile(migrated, str(path), "exec")
        except (SyntaxError, ValueError) as error:
            result.error = f"the migrated file would not compile ({error}); left unchanged"
            return result
        result.migrated = migrated
        result.mapped = [plan.call for plan in plans]
        result.imported = imported
        result.classes = sorted({plan.class_name for plan in plans})
        return result

    def plan(self, module: LegacyModule, call: LegacyCall) -> CallPlan | str:
        """How ``call`` maps onto the registry, or every reason it does not."""
        reasons = list(call.problems)
        if call.awaited:
            reasons.append("the call is awaited, and Event.record() is not awaitable")
        for extra in call.extras:
            kind, index = extra.place
            position = index if kind == "positional" else None
            if not self.mapping.drops(position, extra.keyword):
                how = f"{extra.keyword!r}" if extra.keyword else str(index)
                reasons.append(
                    f"extra argument {extra.text}: the registry form has no place for it "
                    f"(drop it with drop-arguments = [{how}] in a mapping file)"
                )
        info = None
        if call.event is not None:
            info = self.mapping.event_for(call.event, self.registry)
            if info is None:
                reasons.append(
                    f"unknown event {call.event!r}: no schema has this name or legacy name, "
                    "and the mapping file does not map it"
                )
        if info is None:
            return "; ".join(reasons)
        arguments: list[Argument] = []
        given: dict[str, str] = {}  # field name -> the key that gives it
        for prop in call.properties:
            found = self.mapping.field_for(call.event or "", prop.key, info)
            if found is None:
                reasons.append(f"unknown key {prop.key!r} for event {info.name}")
                continue
            if found.name in given:
                reasons.append(
                    f"keys {given[found.name]!r} and {prop.key!r} both give field {found.name!r}"
                )
                continue
            given[found.name] = prop.key
            arguments.append(Argument(attribute_name(found.name), prop.index, prop.start))
        missing = [f.name for f in info.schema.fields if f.required and f.name not in given]
        if missing and not call.problems:
            names = ", ".join(repr(name) for name in missing)
            reasons.append(f"required field{'s' if len(missing) > 1 else ''} {names} not given")
        name = class_name(info.schema)
        spelling = _spelling(module, call, self.module, name)
        if isinstance(spelling, str):
            reasons.append(spelling)
        if reasons or isinstance(spelling, str):
            return "; ".join(reasons)
        func, needs_import = spelling
        return CallPlan(call, name, func, needs_import, tuple(arguments))


def _spelling(
    module: LegacyModule, call: LegacyCall, registry_module: str, name: str
) -> tuple[tuple[str, ...], bool] | str:
    """How the call's scope names the event class, and whether an import must be added."""
    scopes = module.scopes
    assert scopes is not None
    target = f"{registry_module}.{name}"
    bindings = scopes.module.bindings
    for local in sorted(bindings):
        if (
            Import(target) in bindings[local]
            and scopes.resolve(ast.Name(id=local), call.scope) == target
        ):
            return (local,), False
    for local in sorted(bindings):
        if (
            Import(registry_module) in bindings[local]
            and scopes.resolve(ast.Name(id=local), call.scope) == registry_module
        ):
            return (local, name), False
    if scopes.binding_scope(name, call.scope) is None:
        return (name,), True
    return f"the name {name} is already bound to something else here"


def _import_line(module: LegacyModule, registry_module: str) -> int | None:
    """The line of the first module-level ``from <registry module> import ...`` statement."""
    scopes = module.scopes
    if scopes is None:
        return None
    tree = scopes.module.node
    assert isinstance(tree, ast.Module)
    for statement in tree.body:
        if not isinstance(statement, ast.ImportFrom):
            continue
        for alias in statement.names:
            local = alias.asname or alias.name
            if Import(f"{registry_module}.{alias.name}") in scopes.module.bindings.get(local, []):
                return statement.lineno
    return None


def report_line(call: LegacyCall, reason: str) -> str:
    """One unmapped call, as ``path:line:col: cannot map: reasons``."""
    return f"{call.where}: cannot map: {reason}"


def missing_classes(registry: Path, names: Iterable[str]) -> list[str] | None:
    """Which of ``names`` the registry module does not define; None when it is unreadable."""
    try:
        tree = ast.parse(registry.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return None
    defined = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    return sorted(set(names) - defined)
