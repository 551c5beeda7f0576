"""Find the calls of a project that log events, as sinks to propose.

Each file is read as the checker reads it (a FIFO or a device refused, Python's
encoding rules, a deep file parsed and walked on a deep stack) and walked with the
standard library ``ast``. Calls are resolved to qualified names through the file's
imports and the instances it binds (``ph = Posthog(...)``, ``self.tracker =
Tracker(...)``, ``x: EventLogger``), so a ``track`` method of an unrelated class is not
Segment's. A call on a receiver that cannot be resolved counts for a library only
when its arguments have that library's shape (``emit(schema_id=...)``,
``track(SelfDescribing(...))``).

The project's own functions are proposed when their names say they send events and
something says they do: the name speaks of events or usage, they live in a telemetry
module or class (``tracking.py``, ``class Tracker``), or they call a library's sink or
another such function (a wrapper). The others named like them (``record_exception``)
are listed apart, for a person to judge, and never accepted by ``--yes``.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..analysis.config import Config, Parameter
from ..analysis.engine import iter_python_files
from ..analysis.sources import UNREADABLE, decode, parse_source, read_source
from ..analysis.stack import on_deep_stack
from .scan import Call, Definition, ModuleScan, Site, scan_module
from .vendors import BY_ARGUMENT_MODULE, BY_QUALIFIED_NAME, EMIT_KEYWORD, VENDORS

# Names that say "this sends an event" (leading underscores ignored). A method called
# plain ``track`` is left out: progress bars and playlists have one.
_FUNCTION = re.compile(r"(track|track_\w+|record_\w+|log_event|log_\w+_event|emit_event"
                       r"|send_event|capture_event)")
_METHOD = re.compile(r"(track_\w+|record_\w+|log_event|log_\w+_event|emit_event|send_event"
                     r"|capture_event)")
# Words that make a name, a module or a class about telemetry.
_EVENT_WORDS = re.compile(r"event|usage|telemetry|analytics")
_TELEMETRY_WORDS = re.compile(r"telemetry|analytics|instrumentation|event_?logger", re.IGNORECASE)
# Methods of a telemetry class that do not send anything: private ones and accessors.
_ACCESSOR = re.compile(r"_|get_|set_|is_|has_")
# Parameter names that hold the event name or the properties, in a function of the project.
_EVENT_PARAMETERS = ("event", "event_name", "event_type", "schema_id", "action")
_PROPERTY_PARAMETERS = ("properties", "props", "payload", "event_data", "data", "params",
                        "attributes")


@dataclass(frozen=True)
class Proposal:
    """A sink declaration to offer, with the calls that made it."""

    call: str
    origin: str  # the library, or "project function" / "project method"
    sites: tuple[Site, ...]
    event: Parameter | None = None
    properties: Parameter | None = None
    decorator: bool = False  # some of its calls are decorators
    # Calls counted by their arguments' shape or their method's name, on a receiver whose
    # class is not known: the checker matches those only where it can tell the class.
    unresolved: int = 0


@dataclass(frozen=True)
class Discovery:
    """What ``init`` found: the proposals, the functions only named like sinks, the
    logging calls, and the files it could not read."""

    root: Path
    files: int
    proposals: tuple[Proposal, ...]
    unlikely: tuple[Proposal, ...]
    logging: tuple[Site, ...]
    skipped: tuple[tuple[str, str], ...]  # (path, why)
    # Virtual environments under names the checker does not skip by itself (``env/``):
    # not the project, and to be excluded from its checks.
    environments: tuple[str, ...] = ()


@dataclass
class _Project:
    scans: list[ModuleScan] = field(default_factory=list)
    modules: set[str] = field(default_factory=set)

    @property
    def calls(self) -> Iterator[Call]:
        for scan in self.scans:
            yield from scan.calls

    @cached_property
    def tops(self) -> set[str]:
        return {module.split(".")[0] for module in self.modules}

    @cached_property
    def bases(self) -> dict[str, tuple[str, ...]]:
        """Every class of the project with the bases its module names for it."""
        return {name: bases for scan in self.scans for name, bases in scan.bases.items()}

    def ancestors(self, name: str) -> set[str]:
        """The class ``name`` and all its bases the project knows, transitively."""
        bases = self.bases
        seen: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(bases.get(current, ()))
        return seen


def discover(root: Path) -> Discovery:
    """Walk the Python files under ``root`` and propose sinks for the calls found."""
    root = root.resolve()
    config = Config(root=root)
    project = _Project()
    skipped: list[tuple[str, str]] = []
    environments: dict[Path, bool] = {}
    files = 0
    for path in iter_python_files([root], config):
        if _in_environment(path, root, environments):
            continue
        files += 1
        shown = path.relative_to(root).as_posix()
        try:
            tree = parse_source(decode(read_source(path)), shown)
            module = _module_name(path, root)
            scan = _scan(tree, module, path.name == "__init__.py", shown)
        except UNREADABLE as error:
            skipped.append((shown, _reason(error)))
            continue
        project.modules.add(module)
        project.scans.append(scan)
    vendors = _vendor_sites(project)
    likely, unlikely = _project_proposals(project, vendors)
    return Discovery(
        root, files, (*_vendor_proposals(vendors), *likely), unlikely,
        tuple(sorted(site for scan in project.scans for site in scan.logging)),
        tuple(skipped),
        tuple(sorted(d.relative_to(root).as_posix() for d, yes in environments.items() if yes)),
    )


@dataclass(frozen=True)
class VendorCall:
    """A call of a telemetry library's event API found in the project."""

    path: Path
    line: int
    call: str  # the library's sink, as ``init`` would declare it
    caller: str | None  # the innermost function of the project making it


def vendor_calls(root: Path, paths: Sequence[Path]) -> list[VendorCall]:
    """The calls of a telemetry library's event API in ``paths``, files of the project
    under ``root`` (those the checker found importing such a library); an unreadable
    file is left to the checker to report."""
    root = root.resolve()
    # The project's own top-level modules: one named like a library is the project's.
    tops = {
        entry.stem for base in (root, root / "src") if base.is_dir()
        for entry in base.iterdir()
        if entry.suffix == ".py" or (entry.is_dir() and entry.name.isidentifier())
    }
    found: list[VendorCall] = []
    for path in paths:
        path = path.resolve()
        if not path.is_relative_to(root):
            continue
        shown = path.relative_to(root).as_posix()
        try:
            tree = parse_source(decode(read_source(path)), shown)
            module = _module_name(path, root)
            scan = _scan(tree, module, path.name == "__init__.py", shown)
        except UNREADABLE:
            continue
        project = _Project([scan], tops)
        found.extend(VendorCall(path, call.site[1], name, call.caller)
                     for call, name in _vendor_sites(project).values())
    return sorted(found, key=lambda call: (str(call.path), call.line))


def _in_environment(path: Path, root: Path, known: dict[Path, bool]) -> bool:
    """Whether ``path`` is inside a virtual environment (a directory with ``pyvenv.cfg``)
    below ``root``; ``known`` remembers each directory asked about."""
    for parent in path.parents:
        if parent == root:
            return False
        if parent not in known:
            known[parent] = (parent / "pyvenv.cfg").is_file()
        if known[parent]:
            return True
    return False


def _scan(tree: ast.Module, module: str, is_package: bool, shown: str) -> ModuleScan:
    """``scan_module``, again on a deep stack when the tree is too deep for this one."""
    try:
        return scan_module(tree, module, is_package, shown)
    except RecursionError:
        return on_deep_stack(lambda: scan_module(tree, module, is_package, shown))


def _module_name(path: Path, root: Path) -> str:
    """The dotted name the project imports a file by: its path below ``src`` (when the
    project has that layout) or below the root, as the checker's source roots give it."""
    src = root / "src"
    base = src if src.is_dir() and path.is_relative_to(src) else root
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


def _vendor_sites(project: _Project) -> dict[int, tuple[Call, str]]:
    """The library sink each call is, by the id of the call."""
    imported = set().union(*(scan.imported for scan in project.scans))
    tops = project.tops
    # ``self.emit(schema_id=...)`` in a module whose class defines ``emit`` is that method.
    own_methods = {(d.site[0], d.qualified.rsplit(".", 1)[1])
                   for scan in project.scans for d in scan.definitions if d.owner is not None}
    found: dict[int, tuple[Call, str]] = {}
    for call in project.calls:
        vendor = BY_QUALIFIED_NAME.get(call.qualified or "")
        name = vendor.call if vendor is not None else None
        if name is None and call.qualified is None and call.method is not None and not (
            call.receiver == "self" and (call.site[0], call.method) in own_methods
        ):
            if call.method == "emit" and EMIT_KEYWORD in call.keywords:
                name = "jupyter_events.EventLogger.emit" if "jupyter_events" in imported \
                    else None
            elif call.argument_module is not None:
                name = BY_ARGUMENT_MODULE.get((call.method, call.argument_module))
        # A module of the project that happens to share a library's name is the project's.
        if name is not None and name.split(".")[0] not in tops:
            found[id(call)] = (call, name)
    return found


def _vendor_proposals(vendor_sites: dict[int, tuple[Call, str]]) -> Iterator[Proposal]:
    sites: dict[str, list[Site]] = {}
    unresolved: Counter[str] = Counter()
    for call, name in vendor_sites.values():
        sites.setdefault(name, []).append(call.site)
        unresolved[name] += call.qualified is None
    for vendor in VENDORS:
        if vendor.call in sites:
            yield Proposal(vendor.call, vendor.library, tuple(sorted(sites[vendor.call])),
                           vendor.event, vendor.properties, unresolved=unresolved[vendor.call])


def _project_proposals(
    project: _Project, vendor_sites: dict[int, tuple[Call, str]]
) -> tuple[tuple[Proposal, ...], tuple[Proposal, ...]]:
    """The project's event functions: those with evidence, and those only named so. A
    module no import can name (``my-script.py``) has no functions to declare."""
    # A function that hands one of its parameters to a library's sink is a wrapper of it,
    # whatever its name (jupyter_server's ``ContentsManager.emit(data)``).
    wrappers = {call.caller for call, _ in vendor_sites.values() if call.passes}
    candidates = {d.qualified: d for scan in project.scans for d in scan.definitions
                  if (_named_like_a_sink(d) or _in_telemetry_class(d) or d.qualified in wrappers)
                  and all(part.isidentifier() for part in d.qualified.split("."))}
    by_method: dict[str, list[Definition]] = {}
    for definition in candidates.values():
        if definition.owner is not None:
            by_method.setdefault(_name(definition), []).append(definition)
    targets: dict[str, list[Call]] = {}
    made_by: dict[str, set[str]] = {}  # caller -> the sinks it calls
    for call in project.calls:
        hit = [] if id(call) in vendor_sites else _targets(call, candidates, by_method,
                                                            project, wrappers)
        for qualified in hit:
            targets.setdefault(qualified, []).append(call)
        if call.caller is not None:
            calls = made_by.setdefault(call.caller, set())
            calls.update(hit)
            if id(call) in vendor_sites:
                calls.add(vendor_sites[id(call)][1])
    strong = {q for q, d in candidates.items() if q in wrappers or _telemetry_by_name(d)}
    sinks = {name for _, name in vendor_sites.values()}
    changed = True
    while changed:  # a wrapper of a sink is a sink
        changed = False
        for qualified in candidates.keys() - strong:
            if made_by.get(qualified, set()) & (strong | sinks):
                strong.add(qualified)
                changed = True
    likely: dict[str, Proposal] = {}
    unlikely: dict[str, Proposal] = {}
    for qualified in sorted(targets):
        proposal = _proposal(candidates[qualified], targets[qualified])
        into = likely if qualified in strong else unlikely
        known = into.get(proposal.call)
        into[proposal.call] = proposal if known is None else _merged(known, proposal)
    return tuple(likely.values()), tuple(unlikely.values())


def _name(definition: Definition) -> str:
    return definition.qualified.rsplit(".", 1)[1]


def _named_like_a_sink(definition: Definition) -> bool:
    name = _name(definition)
    pattern = _METHOD if definition.owner is not None else _FUNCTION
    return not name.startswith("test") and pattern.fullmatch(name.lstrip("_")) is not None


def _telemetry_component(part: str) -> bool:
    """A module or class name that is about telemetry (``telemetry``, ``EventLogger``,
    ``tracking``, ``Tracker``; not ``BudgetTracker`` nor ``mlflow.tracking.fluent``)."""
    return _TELEMETRY_WORDS.search(part) is not None or part.lower() in ("tracking", "tracker")


def _in_telemetry_class(definition: Definition) -> bool:
    """A public method of a telemetry class (superset's ``AbstractEventLogger.log``)."""
    if definition.owner is None or _ACCESSOR.match(_name(definition)):
        return False
    owner = definition.owner.rsplit(".", 1)[1]
    return not owner.startswith("Test") and _telemetry_component(owner)


def _telemetry_by_name(definition: Definition) -> bool:
    """The name speaks of events, or the module or class it is in is about telemetry."""
    owner, name = definition.qualified.rsplit(".", 1)
    parts = owner.split(".")
    return _EVENT_WORDS.search(name) is not None or any(
        _TELEMETRY_WORDS.search(part) for part in parts
    ) or _telemetry_component(parts[-1]) or (
        definition.owner is not None and _telemetry_component(parts[-2])
    )


def _targets(call: Call, candidates: dict[str, Definition],
             by_method: dict[str, list[Definition]], project: _Project,
             wrappers: set[str | None]) -> list[str]:
    """The project's candidate functions ``call`` may be a call of."""
    if call.qualified in candidates:
        return [call.qualified]
    if call.method not in by_method or (
        call.qualified is not None and call.qualified.split(".")[0] not in project.tops
    ):
        return []
    # A receiver that cannot be resolved, or one of the project's own objects: the method
    # is known by its name. A name that does not say "event" (``log``) needs a receiver
    # that does (``event_logger.log``), unless the method is a wrapper of a sink.
    telemetry_receiver = call.receiver is not None and _telemetry_component(call.receiver)
    named = [d for d in by_method[call.method]
             if telemetry_receiver or _named_like_a_sink(d) or d.qualified in wrappers]
    # Of several classes with the method, ``self.m()`` is its own class's (or a base's),
    # and ``gateway_client.m()`` the class named like the receiver (``GatewayClient``).
    if call.receiver == "self" and call.within is not None:
        lineage = project.ancestors(call.within)
        own = [d for d in named if d.owner in lineage]
    elif call.receiver == "self":  # a method written outside its class (a decorator's)
        own = [d for d in named if d.site[0] == call.site[0]]
    else:
        squashed = (call.receiver or "").replace("_", "").lower()
        own = [d for d in named if (d.owner or "").rsplit(".", 1)[-1].lower() == squashed]
    return [d.qualified for d in own or named]


def _proposal(definition: Definition, calls: list[Call]) -> Proposal:
    """A declaration for a function of the project. A method called through one object
    the project exports (``from superset import event_logger``) is declared as that
    object's method: its class may never be known where it is called."""
    call = definition.qualified
    if definition.owner is not None:
        through = Counter(c.qualified for c in calls if c.qualified is not None
                          and c.qualified != call and _is_instance_path(c.qualified))
        if through and 2 * sum(through.values()) >= len(calls):
            call = through.most_common(1)[0][0]
    event, properties = _parameters(definition)
    sites = sorted({c.site for c in calls})
    resolved = {c.site for c in calls if c.qualified is not None or c.receiver == "self"}
    return Proposal(
        call, "project method" if definition.owner is not None else "project function",
        tuple(sites), event, properties, any(c.decorator for c in calls),
        sum(site not in resolved for site in sites),
    )


def _is_instance_path(qualified: str) -> bool:
    """``superset.extensions.event_logger.log``: a method of an object, not of a class."""
    owner = qualified.rsplit(".", 1)[0].rsplit(".", 1)[-1]
    return owner[:1].islower()


def _merged(first: Proposal, second: Proposal) -> Proposal:
    return Proposal(
        first.call, first.origin, tuple(sorted({*first.sites, *second.sites})),
        first.event or second.event, first.properties or second.properties,
        first.decorator or second.decorator, max(first.unresolved, second.unresolved),
    )


def _parameters(definition: Definition) -> tuple[Parameter | None, Parameter | None]:
    """The event and properties parameters a function of the project names as such; the
    checker reads the signature and completes their positions."""
    arguments = definition.arguments
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    event = next((Parameter(n) for n in _EVENT_PARAMETERS if n in names), None)
    properties = next((Parameter(n) for n in _PROPERTY_PARAMETERS if n in names), None)
    return event, properties
