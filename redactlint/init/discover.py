"""Find the calls of a project that log events, as sinks to propose.

Each file is read as the checker reads it (a FIFO or a device refused, Python's
encoding rules, a deep file parsed on a deep stack) and walked once with the standard
library ``ast``. Calls are resolved to qualified names through the file's imports and
the instances it binds (``ph = Posthog(...)``, ``self.tracker = Tracker(...)``,
``x: EventLogger``), so a ``track`` method of an unrelated class is not Segment's. A
call on a receiver that cannot be resolved counts for a library only when its
arguments have that library's shape (``emit(schema_id=...)``, ``track(SelfDescribing(
...))``); a method of the project counts by its name, which only the project defines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.config import Config, Parameter
from ..analysis.engine import iter_python_files
from ..analysis.logging_calls import LEVELS
from ..analysis.sources import UNREADABLE, decode, parse_source, read_source
from ..analysis.stack import on_deep_stack
from .vendors import BY_ARGUMENT_MODULE, BY_QUALIFIED_NAME, EMIT_KEYWORD, VENDORS

# Functions of the project whose names say they send an event (leading underscores
# ignored). A method called plain ``track``/``record`` is left out: progress bars and
# recorders of every kind have one.
_FUNCTION = re.compile(r"(track|track_\w+|record_\w+|log_event|log_\w+_event|emit_event"
                       r"|send_event|capture_event)")
_METHOD = re.compile(r"(track_\w+|record_\w+|log_event|log_\w+_event|emit_event|send_event"
                     r"|capture_event)")
# Parameter names that hold the event name or the properties, in a function of the project.
_EVENT_PARAMETERS = ("event", "event_name", "event_type", "schema_id", "action")
_PROPERTY_PARAMETERS = ("properties", "props", "payload", "event_data", "data", "params",
                        "attributes")
EXAMPLES = 3  # call sites shown per proposal

Site = tuple[str, int]  # path relative to the project root, line


@dataclass(frozen=True)
class Proposal:
    """A sink declaration to offer, with the calls that made it."""

    call: str
    origin: str  # the library, or "project function" / "project method"
    sites: tuple[Site, ...]
    event: Parameter | None = None
    properties: Parameter | None = None


@dataclass(frozen=True)
class Discovery:
    """What ``init`` found: the proposals, the logging calls, the files it could not use."""

    root: Path
    files: int
    proposals: tuple[Proposal, ...]
    logging: tuple[Site, ...]
    skipped: tuple[tuple[str, str], ...]  # (path, why)


@dataclass
class _Call:
    qualified: str | None  # what the callee resolves to, when it does
    method: str | None  # the attribute name of ``x.method(...)``
    keywords: frozenset[str]
    argument_module: str | None  # top-level module of the first argument's class
    site: Site


@dataclass
class _Definition:
    qualified: str
    method: bool
    arguments: ast.arguments
    site: Site


@dataclass
class _Findings:
    calls: list[_Call] = field(default_factory=list)
    definitions: list[_Definition] = field(default_factory=list)
    logging: list[Site] = field(default_factory=list)
    modules: set[str] = field(default_factory=set)
    imported: set[str] = field(default_factory=set)  # top-level modules imported


def discover(root: Path, exclude: Iterable[str] = ()) -> Discovery:
    """Walk the Python files under ``root`` and propose sinks for the calls found."""
    root = root.resolve()
    config = Config(root=root, exclude=tuple(exclude))
    found = _Findings()
    skipped: list[tuple[str, str]] = []
    files = 0
    for path in iter_python_files([root], config):
        files += 1
        shown = path.relative_to(root).as_posix()
        try:
            tree = parse_source(decode(read_source(path)), shown)
        except UNREADABLE as error:
            skipped.append((shown, _reason(error)))
            continue
        module = _module_name(path, root)
        found.modules.add(module)
        scan = _FileScan(module, path.name == "__init__.py", shown, found)
        try:
            scan.run(tree)
        except RecursionError:
            on_deep_stack(lambda scan=scan, tree=tree: scan.run(tree))  # type: ignore[misc]
    return Discovery(
        root, files, (*_vendor_proposals(found), *_project_proposals(found)),
        tuple(sorted(found.logging)), tuple(skipped),
    )


def _module_name(path: Path, root: Path) -> str:
    """The dotted name the project imports a file by: its path below ``src`` (when the
    project has that layout) or below the root, as the checker's source roots give it."""
    base = root / "src" if (root / "src").is_dir() and path.is_relative_to(root / "src") \
        else root
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _reason(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        if error.lineno is None:  # raised by the encoding detection, before parsing
            return f"cannot be decoded: {error.msg}"
        return f"syntax error at line {error.lineno}: {error.msg}"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, UnicodeDecodeError):
        return f"cannot be decoded ({error.encoding}, byte {error.start})"
    return type(error).__name__


def _vendor_proposals(found: _Findings) -> Iterator[Proposal]:
    tops = {module.split(".")[0] for module in found.modules}
    sites: dict[str, list[Site]] = {}
    for call in found.calls:
        vendor = BY_QUALIFIED_NAME.get(call.qualified or "")
        name = vendor.call if vendor is not None else None
        if name is None and call.qualified is None and call.method is not None:
            if call.method == "emit" and EMIT_KEYWORD in call.keywords:
                name = "jupyter_events.EventLogger.emit" if "jupyter_events" in found.imported \
                    else None
            elif call.argument_module is not None:
                name = BY_ARGUMENT_MODULE.get((call.method, call.argument_module))
        # A module of the project that happens to share a library's name is the project's.
        if name is not None and name.split(".")[0] not in tops:
            sites.setdefault(name, []).append(call.site)
    for vendor in VENDORS:
        if vendor.call in sites:
            yield Proposal(vendor.call, vendor.library, tuple(sorted(sites[vendor.call])),
                           vendor.event, vendor.properties)


def _project_proposals(found: _Findings) -> Iterator[Proposal]:
    by_name = {d.qualified: d for d in found.definitions}
    methods: dict[str, list[_Definition]] = {}
    for definition in found.definitions:
        if definition.method:
            methods.setdefault(definition.qualified.rsplit(".", 1)[1], []).append(definition)
    sites: dict[str, list[Site]] = {}
    tops = {module.split(".")[0] for module in found.modules}
    for call in found.calls:
        if call.qualified in by_name:
            sites.setdefault(call.qualified, []).append(call.site)
        elif call.method in methods and (
            call.qualified is None or call.qualified.split(".")[0] in tops
        ):
            # A receiver the scan cannot resolve, or one of the project's own objects:
            # the method is known by its name, which a library does not share.
            for definition in methods[call.method]:
                sites.setdefault(definition.qualified, []).append(call.site)
    for qualified in sorted(sites):
        definition = by_name[qualified]
        event, properties = _parameters(definition)
        origin = "project method" if definition.method else "project function"
        yield Proposal(qualified, origin, tuple(sorted(set(sites[qualified]))), event, properties)


def _parameters(definition: _Definition) -> tuple[Parameter | None, Parameter | None]:
    """The event and properties parameters a function of the project names as such; the
    checker reads the signature and completes their positions."""
    arguments = definition.arguments
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    event = next((Parameter(n) for n in _EVENT_PARAMETERS if n in names), None)
    properties = next((Parameter(n) for n in _PROPERTY_PARAMETERS if n in names), None)
    return event, properties


class _FileScan:
    """One walk of one module: its imports, instance bindings, definitions and calls."""

    def __init__(self, module: str, is_package: bool, shown: str, found: _Findings) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.shown = shown
        self.found = found
        self.names: dict[str, str] = {}  # local name -> qualified name
        self.instances: dict[str, str] = {}  # "x" or "self.x" -> class qualified name
        self.loggers: set[str] = set()  # names bound from logging.getLogger(...)

    def run(self, tree: ast.Module) -> None:
        nodes = list(ast.walk(tree))
        for node in nodes:
            self._bind(node)
        for node in tree.body:
            self._define(node, self.module, method=False)
        for node in nodes:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                self._bind_instance(node)
            elif isinstance(node, ast.arg) and node.annotation is not None:
                owner = self.qualify(node.annotation)
                if owner is not None:
                    self.instances[node.arg] = owner
        for node in nodes:
            if isinstance(node, ast.Call):
                self._call(node)

    def _bind(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.found.imported.add(alias.name.split(".")[0])
                if alias.asname is not None:
                    self.names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    self.names[top] = top
        elif isinstance(node, ast.ImportFrom):
            base = self._absolute(node.module, node.level)
            if base is None:
                return
            self.found.imported.add(base.split(".")[0])
            for alias in node.names:
                if alias.name != "*":
                    self.names[alias.asname or alias.name] = f"{base}.{alias.name}"

    def _absolute(self, module: str | None, level: int) -> str | None:
        if level == 0:
            return module
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (level - 1)]
        return ".".join([*base, *([module] if module else [])]) or None

    def _define(self, node: ast.stmt, scope: str, *, method: bool) -> None:
        if isinstance(node, ast.ClassDef):
            self.names.setdefault(node.name, f"{scope}.{node.name}") if not method else None
            for statement in node.body:
                self._define(statement, f"{scope}.{node.name}", method=True)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if not method:
                self.names.setdefault(node.name, f"{scope}.{node.name}")
            bare = node.name.lstrip("_")
            pattern = _METHOD if method else _FUNCTION
            if pattern.fullmatch(bare) and not node.name.startswith("test"):
                arguments = node.args
                self.found.definitions.append(
                    _Definition(f"{scope}.{node.name}", method, arguments,
                                (self.shown, node.lineno))
                )

    def _bind_instance(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        owner: str | None = None
        if isinstance(node.value, ast.Call):
            owner = self.qualify(node.value.func)
            if owner == "logging.getLogger":
                for target in targets:
                    key = _key(target)
                    if key is not None:
                        self.loggers.add(key)
                return
        if owner is None and isinstance(node, ast.AnnAssign):
            owner = self.qualify(node.annotation)
        if owner is None:
            return
        for target in targets:
            key = _key(target)
            if key is not None:
                self.instances[key] = owner

    def qualify(self, node: ast.expr) -> str | None:
        """The qualified name ``node`` refers to, or the class of the instance it is, plus
        the attributes taken from it; None when it cannot be told."""
        key = _key(node)
        if key is not None and key in self.instances:
            return self.instances[key]
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualify(node.value)
            return f"{base}.{node.attr}" if base is not None else None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self.names.get(node.value)  # a string annotation naming a class
        return None

    def _call(self, node: ast.Call) -> None:
        site = (self.shown, node.lineno)
        func = node.func
        method = func.attr if isinstance(func, ast.Attribute) else None
        if method in LEVELS and isinstance(func, ast.Attribute):
            receiver = _key(func.value)
            if receiver in self.loggers or self.qualify(func.value) == "logging":
                self.found.logging.append(site)
                return
        argument_module = None
        if node.args and isinstance(node.args[0], ast.Call):
            first = self.qualify(node.args[0].func)
            argument_module = first.split(".")[0] if first else None
        keywords = frozenset(k.arg for k in node.keywords if k.arg is not None)
        self.found.calls.append(
            _Call(self.qualify(func), method, keywords, argument_module, site)
        )


def _key(node: ast.expr) -> str | None:
    """``x`` or ``self.x``: the targets whose instance bindings are followed."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None
