"""The engine: prepare once, then read, parse, walk and filter each file.

It owns files, configuration, suppressions and the select/ignore filters;
rules only report. A file that cannot be read, decoded or parsed is a finding
(built by its rule), never a crash, and the run goes on.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from .cache import CACHE_DIRECTORY
from .config import Config
from .directives import Directives, Suppression
from .facts import ProjectFacts, SummaryCache, environment_path
from .findings import Finding
from .index import FileResult, answers_to_json
from .logging_calls import LEVELS, is_logging_name
from .noqa import without_noqa
from .prefilter import imports_telemetry_library
from .registry import Registry
from .rules import CHECKER_RULES, Rule
from .rules.rl900_unused_suppression import UnusedSuppression
from .rules.rl901_syntax_error import SyntaxErrorInFile
from .rules.rl902_undecodable import UndecodableFile
from .rules.rl903_malformed_directive import MalformedDirective
from .safe_types import load_safe_types
from .scopes import Scopes, module_location, module_name_for
from .signatures import Signature, read_signatures
from .sink_sites import SinkMatcher
from .sources import LINE_END, read_source

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "__pycache__",
        "node_modules",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".redactlint_cache",
        "build",
        "dist",
        "site-packages",
        ".eggs",
    }
)


class InternalError(Exception):
    """A bug in the checker, reported with the file it happened on."""


@dataclass
class Settings:
    """Everything prepared once per run: configuration, registry, rules."""

    config: Config
    registry: Registry
    rules: tuple[Rule, ...]
    matcher: SinkMatcher
    safe_types: frozenset[str]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    _module_names: dict[str, tuple[str, bool]] = field(default_factory=dict)
    facts: ProjectFacts = field(default_factory=ProjectFacts)
    signatures: dict[str, Signature] = field(default_factory=dict)  # sinks the project defines
    # What the configuration leaves unchecked without being wrong (for the user to read).
    warnings: tuple[str, ...] = ()
    # Whether noqa comments hide findings: flake8 reads them itself, and its
    # --disable-noqa must show what they hide.
    noqa: bool = True

    @property
    def function_words(self) -> tuple[str, ...]:
        """Words that make any function worth walking: sink names, event classes..."""
        words = list(_FUNCTION_WORDS)
        words += [spec.call.rsplit(".", 1)[-1] for spec in self.config.sinks]
        words += [qualname.rsplit(".", 1)[-1] for qualname in self.registry.classes]
        if self.config.logging:
            words += sorted(LEVELS)
        return tuple(words)

    def names_sink_or_runtime(self, qualname: str) -> bool:
        """True for the runtime, a sink, an event class or constant, or a module of one."""
        if qualname == "redactlint" or qualname.startswith("redactlint."):
            return True
        registry = self.registry
        if qualname in registry.classes or qualname in registry.constants:
            return True
        if self.config.logging and is_logging_name(qualname):
            return True
        prefix = qualname + "."
        module = qualname.rsplit(".", 1)[0]
        return any(
            spec.call == qualname or spec.call.startswith(prefix)
            # An object of a class with a ``__call__`` sink is held by any name.
            or (spec.call.endswith(".__call__") and spec.call.rsplit(".", 2)[0] == module)
            for spec in self.config.sinks
        ) or any(name.startswith(prefix) for name in registry.classes)

    def enabled(self, code: str) -> bool:
        """True when ``code`` is selected (prefixes allowed) and not ignored."""
        if self.select and not any(code.startswith(prefix) for prefix in self.select):
            return False
        return not any(code.startswith(prefix) for prefix in self.ignore)

    def module_name(self, path: str) -> tuple[str, bool]:
        """The dotted module name of a file, and whether it is a package's ``__init__``."""
        cached = self._module_names.get(path)
        if cached is None:
            cached = (
                module_name_for(path, self.facts.roots), Path(path).stem == "__init__"
            )
            self._module_names[path] = cached
        return cached


def prepare(config: Config, *, cache: bool = False) -> Settings:
    """Load schemas and the allowlist and build the rules, once per run (``cache``: keep
    module summaries in the project's cache directory)."""
    schemas = ()
    if config.schemas is not None:
        # Loaded only for a project with schemas: reading them needs jsonschema.
        from ..schema.loader import load_schema_dir
        from ..schema.problems import SchemaError

        if not config.schemas.is_dir():
            raise UsageError("schemas directory not found", config.schemas)
        try:
            schemas = load_schema_dir(config.schemas).events  # type: ignore[assignment]
        except SchemaError as error:
            raise UsageError(f"the event schemas have problems:\n{error}") from None
    if config.registry_path is not None:
        check_registry_location(config)
    registry = Registry.build(schemas, config.registry_path)
    safe_types = frozenset(load_safe_types(config.safe_types_allowlist))
    select, ignore = config.select, config.ignore
    rules = tuple(
        rule()
        for rule in CHECKER_RULES
        if (not select or any(rule.code.startswith(p) for p in select))
        and not any(rule.code.startswith(p) for p in ignore)
    )
    facts = ProjectFacts(
        source_roots(config),
        enum_bases=config.enum_bases,
        public_api=config.public_api,
        cache=SummaryCache(config.root / CACHE_DIRECTORY / "summaries") if cache else None,
        search_path=environment_path(config.environment, config.root),
    )
    warnings: list[str] = []
    sinks, signatures = read_signatures(config, facts, warnings)
    canonical = {
        s.call: facts.canonical_call(s.call)
        for s in sinks
        if "." in s.call and not s.call.startswith("*.")
    }
    return Settings(
        config,
        registry,
        rules,
        SinkMatcher(sinks, registry, canonical),
        safe_types,
        select,
        ignore,
        facts=facts,
        signatures=signatures,
        warnings=tuple(warnings),
    )


def source_roots(config: Config) -> tuple[Path, ...]:
    """The directories the project's modules are imported from: its root and ``src``."""
    return (config.root, config.root / "src")


def check_registry_location(config: Config) -> None:
    """The registry must be importable under the name its package chain gives it.

    A registry in a directory without ``__init__.py`` gets a module name its importers
    never write (``events`` instead of ``app.telemetry.events``): no call would match a
    generated class, and every event check would be off without a word.
    """
    import sys

    assert config.registry_path is not None
    module, base = module_location(str(config.registry_path))
    roots = {str(root.resolve()) for root in source_roots(config)}
    roots |= {str(Path(entry).resolve()) for entry in sys.path if entry}
    if base in roots:
        return
    missing = Path(base)
    raise UsageError(
        f"the registry would be module {module!r}, importable only from {missing}: "
        f"add __init__.py to {missing} (and each package directory above it up to the "
        "project root) so the generated classes can be matched where they are imported",
        config.registry_path,
    )


def iter_python_files(
    paths: Sequence[Path], config: Config, directories: dict[str, int] | None = None
) -> Iterator[Path]:
    """The ``.py`` files under ``paths``, skipping excluded and tool directories
    (``directories``: filled with each directory walked and its modification time, which
    changes whenever an entry is added, removed or renamed in it)."""
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[str] = _walk(path, directories)
        elif path.exists() or path.is_symlink():
            candidates = [str(path)]
        else:
            raise UsageError("no such file or directory", path)
        for candidate in candidates:
            resolved = os.path.abspath(candidate)
            if resolved in seen or (config.exclude and is_excluded(Path(resolved), config)):
                continue
            seen.add(resolved)
            yield Path(candidate)


def _walk(directory: Path, walked: dict[str, int] | None = None) -> Iterator[str]:
    for root, directories, files in os.walk(directory):
        if walked is not None:
            try:
                walked[root] = os.stat(root).st_mtime_ns
            except OSError:
                walked[root] = -1
        directories[:] = sorted(
            d for d in directories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def is_excluded(path: Path, config: Config) -> bool:
    """True when ``path`` matches an ``exclude`` pattern (relative to the config root)."""
    if not config.exclude:
        return False
    try:
        relative = path.resolve().relative_to(config.root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatch.fnmatch(relative, pattern) for pattern in config.exclude)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def check_file(path: Path, settings: Settings) -> list[Finding]:
    """Read and check one file; unreadable files are findings."""
    shown = display_path(path)
    try:
        data = read_source(path)
    except OSError as error:
        return [UndecodableFile.unreadable(shown, error)]
    return check_source(shown, data, settings, module=settings.module_name(str(path)))


def check_source(
    path: str,
    data: bytes,
    settings: Settings,
    module: tuple[str, bool] | None = None,
    tree: ast.Module | None = None,
) -> list[Finding]:
    """Check one module's bytes (or an already parsed tree, as flake8 hands over)."""
    return check_source_result(path, data, settings, module, tree).findings


def check_source_result(
    path: str,
    data: bytes,
    settings: Settings,
    module: tuple[str, bool] | None = None,
    tree: ast.Module | None = None,
) -> FileResult:
    """The findings of one module and what they were computed from."""
    facts = settings.facts
    facts.used, facts.questions = {}, set()
    matched: list[tuple[str, int]] = []
    findings = _check(path, data, settings, module, tree, matched)
    return FileResult(
        findings,
        facts.used,
        frozenset(facts.questions),
        tuple(matched),
        {q: answers_to_json(facts.answers[q]) for q in facts.questions if q in facts.answers},
        imports_telemetry_library(data),
    )


def _check(
    path: str,
    data: bytes,
    settings: Settings,
    module: tuple[str, bool] | None,
    tree: ast.Module | None,
    matched: list[tuple[str, int]],
) -> list[Finding]:
    from .walk import TooDeep, Undecodable, Unparsable, walk_source

    try:
        ctx = walk_source(
            path, data, settings, settings.rules, module or (Path(path).stem, False),
            tree=tree, matched=matched, select=lambda source: function_selector(source, settings),
        )
    except Undecodable as error:
        return [UndecodableFile.undecodable(path, _cause(error))]
    except Unparsable as error:
        cause = _cause(error)
        if isinstance(cause, SyntaxError):
            return [SyntaxErrorInFile.syntax_error(path, cause)]
        return [SyntaxErrorInFile.unparsable(path, cause)]
    except TooDeep:
        return [SyntaxErrorInFile.too_deep(path)]
    except Exception as error:  # a bug: say where, do not hide it
        raise InternalError(f"{path}: {type(error).__name__}: {error}") from error
    return reported(path, ctx.findings, ctx.directives, ctx.lines, settings)


def reported(
    path: str,
    found: Sequence[Finding],
    directives: Directives,
    lines: Sequence[str],
    settings: Settings,
) -> list[Finding]:
    """What is reported of the rules' findings in a module: enabled, not suppressed,
    not under ``# noqa`` (when flake8's comments count) or a per-file ignore, and the
    directives' own findings (RL900, RL903)."""
    # The same finding twice is one finding (before Python 3.12, every literal part
    # of an f-string carries the whole f-string's span).
    findings = [f for f in dict.fromkeys(found) if settings.enabled(f.code)]
    findings = _apply_directives(path, findings, directives, settings)
    if settings.noqa:
        findings = without_noqa(findings, lines)
    return _without_file_ignores(path, findings, settings)


def _cause(error: Exception) -> BaseException:
    """What a walk error wraps: the decoder's or the parser's own error."""
    return error.__cause__ if error.__cause__ is not None else error


def _apply_directives(
    path: str, findings: list[Finding], directives: Directives, settings: Settings
) -> list[Finding]:
    """The findings no suppression covers, then the directives' own findings: unused
    suppressions (RL900) and malformed comments (RL903), when enabled."""
    kept, used = _suppress(findings, directives.suppressions)
    if settings.enabled(UnusedSuppression.code):
        kept += UnusedSuppression.findings(path, directives.suppressions, used, settings.enabled)
    if settings.enabled(MalformedDirective.code):
        kept += MalformedDirective.findings(path, directives.malformed)
    return kept


def _suppress(
    findings: list[Finding], suppressions: Sequence[Suppression]
) -> tuple[list[Finding], set[tuple[int, str]]]:
    """The findings no well-formed suppression on their statement names, and which
    (suppression index, code) pairs suppressed something."""
    kept: list[Finding] = []
    used: set[tuple[int, str]] = set()
    for finding in findings:
        first, last = finding.statement or (finding.line, finding.line)
        hits = [
            index
            for index, suppression in enumerate(suppressions)
            if suppression.problem is None
            and first <= suppression.line <= max(last, first)
            and finding.code in suppression.codes
        ]
        used.update((index, finding.code) for index in hits)
        if not hits:
            kept.append(finding)
    return kept, used


def _without_file_ignores(path: str, findings: list[Finding], settings: Settings) -> list[Finding]:
    patterns = settings.config.per_file_ignores
    if not patterns:
        return findings
    try:
        relative = Path(path).resolve().relative_to(settings.config.root).as_posix()
    except ValueError:
        relative = Path(path).as_posix()
    ignored = tuple(
        code for pattern, codes in patterns if fnmatch.fnmatch(relative, pattern) for code in codes
    )
    if not ignored:
        return findings
    return [f for f in findings if not any(f.code.startswith(code) for code in ignored)]


# Words whose absence from a function's text proves nothing in it can be reported,
# besides the names the module binds to sinks and the runtime.
_FUNCTION_WORDS = (
    "redactlint",
    "__safe_format__",
    "\u2039",
    "\u203a",
    "\u2020",
    "global",
    "nonlocal",
)


def function_selector(
    source: str,
    settings: Settings,
    lines: Sequence[str] | None = None,
    words: list[str] | None = None,
) -> Callable[[Scopes, ast.FunctionDef | ast.AsyncFunctionDef], bool]:
    """Which function bodies may hold a finding: those whose text names a sink or the
    runtime (directly, or through a name the module binds to one). The others are
    neither scoped nor walked; the module level always is. (``lines``: the source's
    physical lines, when already split; ``words``: the words to look for, found once
    and kept in this list, for a module level known to be unchanged.)"""
    starts = [] if lines is not None else [
        0, *(match.end() for match in LINE_END.finditer(source))
    ]
    words = [] if words is None else words

    def module_words(scopes: Scopes) -> list[str]:
        found = set(settings.function_words)
        module = scopes.module
        for name in module.bindings:
            reference = ast.Name(id=name)
            names = scopes.candidates(reference, module) | {scopes.resolve(reference, module)}
            if any(q is not None and settings.names_sink_or_runtime(q) for q in names):
                found.add(name)
        return sorted(found, key=len, reverse=True)

    # A decorator that sends what the function returns makes the function worth walking.
    returning = bool(settings.matcher.returning)
    # So does storing an attribute, when objects of some class are sent with theirs.
    storing = _ATTRIBUTE_STORE if settings.matcher.fields else None

    def select(scopes: Scopes, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        if not words:
            words.extend(module_words(scopes))
        start = node.lineno
        if returning and node.decorator_list:
            start = min(start, *(d.lineno for d in node.decorator_list))
        end = node.end_lineno or node.lineno
        if lines is not None:
            segment = "\n".join(lines[start - 1:end])
        else:
            segment = source[starts[start - 1] : starts[end] if end < len(starts) else None]
        return any(word in segment for word in words) or (
            storing is not None and storing.search(segment) is not None
        )

    return select


# ``x.attr = ...``, ``x.attr[key] = ...``, ``x.attr += ...`` (not ``==``).
_ATTRIBUTE_STORE = re.compile(r"\.\w+\s*(?:\[[^\]\n]*\]\s*)?[-+*/|&]?=(?!=)")
