"""Which calls log events, and what each of their arguments carries.

A call is a sink when its callee's qualified name is a generated event class or
a declared ``[[tool.redactlint.sinks]]`` callable. ``SinkSite`` takes the call
apart: the event it logs (when known), one ``Entry`` per property value (with
its schema field when known), the other arguments, and what cannot be checked
(``**kwargs``, a mapping held in a variable, a comprehension).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..schema.model import FieldSchema
from .config import Parameter, SinkSpec
from .registry import EventInfo, Registry

# Turns an argument into the text it certainly holds (a literal or a constant bound
# to one), when that is knowable: event names and property keys.
EventNamer = Callable[[ast.expr], "str | None"]


@dataclass(frozen=True)
class Entry:
    """One value that becomes an event property."""

    value: ast.expr
    key: str | None  # the property or keyword name, when literal
    key_node: ast.AST | None  # what names it (a keyword or a dict key)
    field: FieldSchema | None  # its schema field, when the event and field are known


@dataclass
class SinkSite:
    """An event-logging call, taken apart."""

    call: ast.Call
    label: str  # what the call is, for messages
    is_event_class: bool
    event: EventInfo | None = None
    event_node: ast.expr | None = None  # the event-name argument, if the sink takes one
    entries: list[Entry] = field(default_factory=list)
    others: list[ast.expr] = field(default_factory=list)
    unchecked: list[ast.AST] = field(default_factory=list)
    has_properties: bool = False  # a literal property mapping was found at the call
    sink: str | None = None  # the declared sink (its ``call``) this call matched
    # A standard library logging call (see ``logging_calls``), and its message: a
    # template the redacting handler trusts as safe.
    logging: bool = False
    template: ast.expr | None = None
    # The sink redacts everything it is given (an event class, a logging call behind the
    # redacting filter, a sink configured ``redacts = true``).
    redacts: bool = False
    # The values (by ``id``) that cross the runtime's redacting boundary on their way in:
    # arguments of a ``@boundary`` sink or inside ``redacted(...)``. A plain ``str``
    # among them is redacted whole there.
    behind: set[int] = field(default_factory=set)
    # What built a mapping held in a local variable and passed in ``redacted(...)`` or
    # to a ``@boundary`` sink: its literal and the values stored into it.
    origins: list[ast.expr] = field(default_factory=list)
    # The records the arguments carry (see ``record_arguments``), by argument: each
    # record's constructor call and one of its arguments, which leaves inside it.
    carried: dict[int, list[tuple[ast.Call, ast.expr]]] = field(default_factory=dict)

    @property
    def records(self) -> Iterator[tuple[ast.Call, ast.expr]]:
        for found in self.carried.values():
            yield from found

    def redacted(self, node: ast.AST) -> bool:
        """Whether ``node``'s value is redacted before it leaves."""
        return self.redacts or id(node) in self.behind


class SinkMatcher:
    """Recognises sink calls by qualified name."""

    def __init__(
        self,
        specs: Sequence[SinkSpec],
        registry: Registry,
        canonical: Mapping[str, str] | None = None,
    ) -> None:
        """``canonical`` gives a sink's name as defined, when it is declared by a name
        that re-exports it; calls are matched on either."""
        self.specs = {
            spec.call: spec for spec in specs if "." in spec.call and spec.call[:2] != "*."
        }
        self.canonical = dict(canonical or {})  # declared name -> name as defined
        for call, defined in self.canonical.items():
            if call in self.specs:
                self.specs.setdefault(defined, self.specs[call])
        self.decorators = frozenset(spec.call for spec in specs if spec.decorator)
        # Decorators that send what the functions they decorate return.
        self.returning = frozenset(spec.call for spec in specs if spec.returns)
        # Sinks whose object sends an attribute of its own: the attribute by sink.
        self.collecting = {spec.call: spec.collects for spec in specs if spec.collects}
        # Classes whose objects are sent with their attributes, by the names they are
        # declared and defined under, to the declared name.
        self.fields = {spec.call: spec.call for spec in specs if spec.fields}
        self.fields.update({
            defined: call for call, defined in self.canonical.items() if call in self.fields
        })
        # The last names of the sinks: a call's name is made canonical only when its
        # last name is one of them.
        self.last_names = frozenset(call.rsplit(".", 1)[-1] for call in self.specs)
        # A bare name: a callable handed in as a parameter or bound locally.
        self.bare = {spec.call: spec for spec in specs if "." not in spec.call}
        # "*.emit": any method called emit, whatever its object (opt-in, by spelling).
        self.methods = {spec.call[2:]: spec for spec in specs if spec.call.startswith("*.")}
        self.registry = registry
        self.declared = {spec.call: spec for spec in specs}

    def match(
        self, call: ast.Call, qualname: str | None, event_name: EventNamer
    ) -> SinkSite | None:
        """The sink site of ``call``, or None when it is not a sink."""
        if self.methods and isinstance(call.func, ast.Attribute):
            method = self.methods.get(call.func.attr)
            if method is not None:
                return self._declared(call, method, event_name)
        if qualname is None:
            return None
        info = self.registry.classes.get(qualname)
        if info is not None:
            return self._event_class(call, qualname, info)
        spec = self.specs.get(qualname)
        if spec is not None and not spec.fields:  # making a message sends nothing yet
            return self._declared(call, spec, event_name)
        return None

    def spec(self, call: str) -> SinkSpec | None:
        """The declared sink named ``call`` (a site's ``sink``)."""
        return self.declared.get(call)

    def match_bare(self, call: ast.Call, name: str, event_name: EventNamer) -> SinkSite | None:
        """``name(...)`` where ``name`` is a parameter or a local resolving to nothing."""
        spec = self.bare.get(name)
        return self._declared(call, spec, event_name) if spec is not None else None

    def _event_class(self, call: ast.Call, qualname: str, info: EventInfo) -> SinkSite:
        site = SinkSite(call, qualname.rsplit(".", 1)[-1], True, info)
        for index, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                site.unchecked.append(argument)
                continue
            known = info.positional[index] if index < len(info.positional) else None
            site.entries.append(Entry(argument, known.name if known else None, argument, known))
        for keyword in call.keywords:
            if keyword.arg is None:
                site.unchecked.append(keyword)
                continue
            known = info.by_attribute.get(keyword.arg)
            site.entries.append(Entry(keyword.value, keyword.arg, keyword, known))
        return site

    def _declared(self, call: ast.Call, spec: SinkSpec, event_name: EventNamer) -> SinkSite:
        site = SinkSite(call, spec.call, False, sink=spec.call)
        event_arg = _argument(call, spec.event)
        properties_arg = _argument(call, spec.properties)
        if event_arg is not None:
            site.event_node = event_arg
            name = event_name(event_arg)
            if name is not None:
                site.event = self.registry.event(name)
        for argument in call.args:
            if argument is event_arg or argument is properties_arg:
                continue
            if isinstance(argument, ast.Starred):
                site.unchecked.append(argument)
            else:
                site.others.append(argument)
        for keyword in call.keywords:
            if keyword.value is event_arg or keyword.value is properties_arg:
                continue
            if keyword.arg is None:
                site.unchecked.append(keyword)
            else:
                site.others.append(keyword.value)
        if properties_arg is not None:
            read_properties(site, properties_arg, event_name)
        return site


def leaves(node: ast.expr) -> Iterator[ast.expr]:
    """The values inside literal containers, which are checked one by one."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            if isinstance(element, ast.Starred):
                yield element  # unpacked values: checked whole, never wrapped
            else:
                yield from leaves(element)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from leaves(value)
    else:
        yield node


def payload_origins(function: ast.AST | None, name: str) -> list[ast.expr] | None:
    """What the local ``name`` of ``function`` holds, when it is a mapping or a sequence
    built there and nothing else: the dict, list or tuple literals bound to it and the
    values stored into it (``name[key] = value``, ``name.update(...)``,
    ``name.setdefault(key, value)``, ``name.append(value)``, ``name.extend(values)``,
    ``name.insert(index, value)``). None when anything else binds it (a parameter,
    another assignment, a loop...)."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    arguments = function.args
    if any(a.arg == name for a in [*arguments.posonlyargs, *arguments.args,
                                   *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
           if a is not None):
        return None
    origins: list[ast.expr] = []
    accepted: set[int] = set()  # the targets of the assignments of a dict literal
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue  # its own scope
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return None
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    if node.value is None or not (
                        _is_mapping_literal(node.value)
                        or isinstance(node.value, (ast.List, ast.Tuple))
                    ):
                        return None
                    origins.append(node.value)
                    accepted.add(id(target))
                elif (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == name
                    and node.value is not None
                ):
                    origins.append(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
            isinstance(node.func.value, ast.Name) and node.func.value.id == name
        ):
            if node.func.attr in ("update", "append", "extend"):
                origins.extend([*node.args, *(k.value for k in node.keywords)])
            elif node.func.attr in ("setdefault", "insert"):
                origins.extend(node.args[1:])
        elif (
            isinstance(node, ast.Name)
            and node.id == name
            and not isinstance(node.ctx, ast.Load)
            and id(node) not in accepted
        ):
            return None  # bound by a loop, a with, a walrus, a del...
        stack.extend(ast.iter_child_nodes(node))
    return origins or None


def record_arguments(
    node: ast.expr, function: ast.AST | None, is_record: Callable[[ast.Call], bool]
) -> list[tuple[ast.Call, ast.expr]]:
    """The objects ``node`` carries that are built, at the call or in ``function``, from
    values that leave inside them (Snowplow's ``context=[SelfDescribingJson(schema,
    data)]``): each record's constructor call with each of its arguments. A record
    stands directly, in a literal sequence, or in a local sequence the function builds."""
    values = (payload_origins(function, node.id) or []) if isinstance(node, ast.Name) else [node]
    found: list[tuple[ast.Call, ast.expr]] = []
    for value in values:
        for leaf in leaves(value):
            if isinstance(leaf, ast.Call) and is_record(leaf):
                found.extend((leaf, argument) for argument in leaf.args)
                found.extend((leaf, k.value) for k in leaf.keywords)
    return found


def open_boundaries(
    site: SinkSite,
    is_redacted: Callable[[ast.expr], bool],
    event_name: EventNamer,
    kept: Sequence[ast.expr] | None = None,
    function: ast.AST | None = None,
) -> None:
    """Note in ``site`` the values that cross the runtime's redacting boundary: what a
    ``redacted(...)`` wraps (a payload written in it taken apart like one written at
    the call) and, when the sink is a ``@boundary``, every value but the ``kept``
    arguments."""
    for node in list(site.unchecked):
        if isinstance(node, ast.expr) and is_redacted(node):
            assert isinstance(node, ast.Call)
            site.unchecked.remove(node)
            site.behind.add(id(node))
            inner = node.args[0]
            entries, others, unchecked = len(site.entries), len(site.others), len(site.unchecked)
            read_properties(site, inner, event_name)
            _cross(site, [e.value for e in site.entries[entries:]], site.others[others:],
                   site.unchecked[unchecked:])
            _cross_origins(site, inner, function)
    for _, node in site.records:
        if is_redacted(node):
            assert isinstance(node, ast.Call)
            site.behind.add(id(node))
            inner = node.args[0]
            site.origins.append(inner)
            _cross(site, [inner])
            _cross_origins(site, inner, function)
    for index, node in enumerate(site.others):
        if is_redacted(node):
            assert isinstance(node, ast.Call)
            site.behind.add(id(node))
            inner = node.args[0]
            if _is_mapping_literal(inner) or isinstance(inner, (ast.List, ast.Tuple)):
                site.others[index] = inner  # its values are checked one by one
                _cross(site, [inner])
    if kept is not None:
        passed = {id(argument) for argument in kept}
        event = [site.event_node] if site.event_node is not None else []
        crossing = [
            value
            for values in (event, [e.value for e in site.entries], site.others, site.unchecked)
            for value in values
            if id(value) not in passed
        ]
        _cross(site, crossing)
        for value in crossing:
            if isinstance(value, ast.expr):
                _cross_origins(site, value, function)


def _cross_origins(site: SinkSite, value: ast.expr, function: ast.AST | None) -> None:
    """A local mapping crossing the boundary: what built it crosses it too."""
    if isinstance(value, ast.Name):
        origins = payload_origins(function, value.id) or []
        site.origins.extend(origins)
        _cross(site, origins)


def _cross(site: SinkSite, *groups: Sequence[ast.AST]) -> None:
    """Note the values of ``groups`` (and what literal containers hold) as redacted."""
    for group in groups:
        for value in group:
            site.behind.add(id(value))
            if isinstance(value, ast.expr):
                site.behind.update(id(leaf) for leaf in leaves(value))


def read_properties(site: SinkSite, node: ast.expr, literal: EventNamer) -> None:
    """Take a properties argument apart into ``site``: a mapping written at the call key
    by key, a list or tuple element by element, anything else as unchecked."""
    if isinstance(node, (ast.List, ast.Tuple)):
        # A list payload (Snowplow's ``context=[SelfDescribingJson(schema, data)]``):
        # a mapping element holds properties, any other element is a checked value.
        for element in node.elts:
            if isinstance(element, ast.Starred):
                site.unchecked.append(element)
            elif _is_mapping_literal(element):
                read_properties(site, element, literal)
            else:
                site.others.append(element)
        return
    info = site.event
    site.has_properties = site.has_properties or _is_mapping_literal(node)
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            text = None if key is None else literal(key)
            if key is None:
                site.unchecked.append(value)
            elif text is not None:
                known = info.by_key.get(text) if info else None
                site.entries.append(Entry(value, text, key, known))
            else:
                site.unchecked.append(key)
                site.others.append(value)
        return
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "dict"
        and not node.args
    ):
        for keyword in node.keywords:
            if keyword.arg is None:
                site.unchecked.append(keyword)
                continue
            known = info.by_key.get(keyword.arg) if info else None
            site.entries.append(Entry(keyword.value, keyword.arg, keyword, known))
        return
    if isinstance(node, ast.Constant) and node.value is None:
        return
    site.unchecked.append(node)


def _is_mapping_literal(node: ast.expr) -> bool:
    """``{...}`` or ``dict(...)`` written at the call."""
    return isinstance(node, ast.Dict) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"
    )


Place = tuple[Literal["positional", "keyword"], int]


def argument_place(call: ast.Call, where: Parameter | None) -> Place | None:
    """Where ``call`` passes the parameter ``where``: its keyword, else its position
    (when no ``*args`` comes before it)."""
    if where is None:
        return None
    if where.name is not None:
        for index, keyword in enumerate(call.keywords):
            if keyword.arg == where.name:
                return ("keyword", index)
    position = where.position
    if (
        position is not None
        and position < len(call.args)
        and not any(isinstance(argument, ast.Starred) for argument in call.args[: position + 1])
    ):
        return ("positional", position)
    return None


def argument_at(call: ast.Call, place: Place | None) -> ast.expr | None:
    """The argument passed at ``place``."""
    if place is None:
        return None
    kind, index = place
    return call.args[index] if kind == "positional" else call.keywords[index].value


def _argument(call: ast.Call, where: Parameter | None) -> ast.expr | None:
    return argument_at(call, argument_place(call, where))
