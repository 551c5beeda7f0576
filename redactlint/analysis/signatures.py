"""Declared sinks defined in the project: their signatures, read from the source.

A sink the project defines has a signature the checker can read, so its configuration
is checked against it (a position or name it lacks is an error, not a sink that
silently matches nothing), its event and properties parameters are matched both by
name and by position whatever the configuration gave, and what the sink does with
each parameter is known: one whose value never leaves the function whole passes no
object of its own to the event, so an object given to it is not reported there. Only
tested (``instance.telemetry_enabled``), read for what holds no text (``job.retries``),
or read for a declared sink the function calls itself (where that read is checked) is
kept; a read that may be text and goes anywhere else lets the object out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from ..errors import UsageError
from .config import Config, Parameter, SinkSpec
from .facts import Function, ProjectFacts
from .kinds import SCALAR, Safety, Value
from .sources import decode, read_source

# Builtins that only look at a value: their argument does not leave through them.
_LOOKING = frozenset({
    "isinstance", "issubclass", "hasattr", "getattr", "len", "bool", "callable", "type", "id",
})


# What ``str`` (and what a subclass of it would most likely add) answers to.
_TEXT_ATTRIBUTES = frozenset(dir(str))


@dataclass(frozen=True)
class Signature:
    """What the checker knows of a sink function the project defines."""

    positional: tuple[str, ...]  # parameters that take positions (``self`` left out)
    names: frozenset[str]  # every parameter that takes a keyword
    varargs: bool
    kwargs: bool
    contained: frozenset[str]  # parameters whose value never leaves whole

    def position_of(self, name: str) -> int | None:
        return self.positional.index(name) if name in self.positional else None

    def parameter(self, position: int | None, keyword: str | None) -> str | None:
        """The parameter an argument binds to."""
        if keyword is not None:
            return keyword if keyword in self.names else None
        if position is not None and position < len(self.positional):
            return self.positional[position]
        return None


def read_signatures(
    config: Config, facts: ProjectFacts, warnings: list[str] | None = None
) -> tuple[tuple[SinkSpec, ...], dict[str, Signature]]:
    """The sinks with their parameters completed from their signatures (read from the
    project, or from the environment's source for a sink defined there), and the
    signatures of those the project defines. A configuration that does not fit the
    signature, or names a function its module does not define, is a ``UsageError``; a
    parameter given by name only whose position cannot be read is a warning: calls
    passing it by position are not matched."""
    sinks: list[SinkSpec] = []
    signatures: dict[str, Signature] = {}
    for index, spec in enumerate(config.sinks):
        where = f"{config.source or 'configuration'} [tool.redactlint] sinks[{index}]"
        signature = _signature(spec, facts, where, config.sinks)
        if spec.fields:
            symbol = facts.symbol(spec.call)
            if symbol is not None and symbol.kind != "class":
                raise UsageError(
                    f"sink {spec.call!r}: 'fields = true' needs a class whose objects are "
                    f"sent, and this is a {symbol.kind}",
                    where,
                )
            sinks.append(spec)
            continue
        if signature is not None:
            signatures[spec.call] = signature
        else:
            signature = _environment_signature(spec, facts)
        if spec.returns:
            # Its event and properties are places in the returned tuple, not parameters.
            for key, given in (("event", spec.event), ("properties", spec.properties)):
                if given is not None and given.position is None:
                    raise UsageError(
                        f"sink {spec.call!r}: {key} must be a position in the tuple the "
                        f"decorated functions return (returns = true), not {given.name!r}",
                        where,
                    )
            sinks.append(spec)
            continue
        if signature is None:
            for key, given in (("event", spec.event), ("properties", spec.properties)):
                if (
                    given is not None
                    and given.position is None
                    and not given.keyword_only
                    and warnings is not None
                ):
                    warnings.append(
                        f"{where}: sink {spec.call!r}: {key} = {given.name!r} has no position "
                        "and its signature cannot be read, so calls passing it by position "
                        f"are not matched: write {key} = {{ name = {given.name!r}, "
                        "position = N }, or keyword_only = true in place of the position if "
                        "it is keyword-only"
                    )
            sinks.append(spec)
            continue
        sinks.append(replace(
            spec,
            event=_complete(spec.event, signature, "event", spec.call, where),
            properties=_complete(spec.properties, signature, "properties", spec.call, where),
        ))
    return tuple(sinks), signatures


def _signature(
    spec: SinkSpec, facts: ProjectFacts, where: str, sinks: Sequence[SinkSpec] = ()
) -> Signature | None:
    if spec.call.startswith("*.") or "." not in spec.call:
        return None
    module, name = spec.call.rsplit(".", 1)
    summary = facts.summary(module)
    if summary is not None:
        if not facts.in_project(module):
            return None  # defined outside the project: name and position must be given
        if name not in summary.bindings and not summary.stars:
            raise UsageError(
                f"sink {spec.call!r}: module {module!r} of this project defines no {name!r} "
                "(a misspelt name matches no call)",
                where,
            )
    elif "." not in module or not facts.in_project(module.rsplit(".", 1)[0]):
        return None  # not a module of the project (nor a class in one)
    function = facts.function(spec.call) or _constructor(facts, spec.call)
    if function is None:
        _check_member(facts, spec.call, where)
        return None  # a value, an instance's method: no signature to read
    if not facts.in_project(function.module):
        return None
    containment = Containment(facts, frozenset(s.call for s in sinks))
    params = tuple(p[0] for p in function.called_parameters)
    contained = containment.contained(function, params)
    if function.owner is not None and containment.is_stub(function.module, function.summary.line):
        # An abstract method: what runs is an override, which may send any parameter.
        contained = frozenset()
    return _signature_of(function, contained)


def _constructor(facts: ProjectFacts, call: str) -> Function | None:
    """The ``__init__`` a call of the class ``call`` runs (its own or a base's), whose
    parameters past ``self`` are the call's."""
    symbol = facts.symbol(call)
    if symbol is None or symbol.kind != "class":
        return None
    for base in facts.mro(symbol.qualname):
        found = facts.class_summary(base)
        if found is not None and "__init__" in found[0].methods:
            return facts.function(f"{base}.__init__")
    return None


def _environment_signature(spec: SinkSpec, facts: ProjectFacts) -> Signature | None:
    """The signature of a sink function whose source the environment has."""
    if spec.call.startswith("*.") or "." not in spec.call:
        return None
    function = facts.function(spec.call) or _constructor(facts, spec.call)
    if function is None or facts.in_project(function.module):
        return None
    return _signature_of(function, frozenset())


def _signature_of(function: Function, contained: frozenset[str]) -> Signature:
    params = function.called_parameters
    return Signature(
        tuple(p[0] for p in params if p[1] in ("posonly", "positional")),
        frozenset(p[0] for p in params if p[1] in ("positional", "kwonly")),
        any(p[1] == "vararg" for p in params),
        any(p[1] == "kwarg" for p in params),
        contained,
    )


def _check_member(facts: ProjectFacts, call: str, where: str) -> None:
    """``module.Class.method`` where the class and all its bases are known and none has it."""
    owner, name = call.rsplit(".", 1)
    symbol = facts.symbol(owner)
    if symbol is None or symbol.kind != "class":
        return
    found = [facts.class_summary(base) for base in facts.mro(symbol.qualname)]
    if any(f is None for f in found[1:]) or found[0] is None:
        return  # a base the checker cannot read may define it
    for each in found:
        assert each is not None
        summary = each[0].complete()
        if name in summary.methods or name in summary.values or name in summary.annotations:
            return
        if name in summary.instance_values or name in summary.classes:
            return
    raise UsageError(f"sink {call!r}: class {owner!r} has no {name!r} (a misspelt name?)", where)


def _complete(
    given: Parameter | None, signature: Signature, key: str, call: str, where: str
) -> Parameter | None:
    if given is None:
        return None
    name, position = given.name, given.position
    if name is not None and name not in signature.names and not signature.kwargs:
        raise UsageError(
            f"sink {call!r}: {key} = {name!r}, but it has no such parameter "
            f"({', '.join(sorted(signature.names)) or 'none'})",
            where,
        )
    if position is not None and position >= len(signature.positional) and not signature.varargs:
        raise UsageError(
            f"sink {call!r}: {key} at position {position}, but it takes "
            f"{len(signature.positional)} positional argument(s)"
            + (" (positions never count self)" if signature.positional is not None else ""),
            where,
        )
    if name is None and position is not None and position < len(signature.positional):
        name = signature.positional[position]
    if given.keyword_only and name is not None and name in signature.positional:
        raise UsageError(
            f"sink {call!r}: {key} = {name!r} is declared keyword_only, but it takes a "
            f"position ({signature.position_of(name)}): drop keyword_only",
            where,
        )
    if position is None and name is not None:
        position = signature.position_of(name)
    return Parameter(name, position, given.keyword_only)


class Containment:
    """Which parameters of a function never leave it whole: only read from, tested, or
    returned. Calls that pass a parameter on are followed into the function called
    (the project's, or one the environment has the source of), a few calls deep: a
    parameter that function keeps stays kept, one it returns is kept when the result
    is not used.

    What is read from a parameter (``event.name``, ``event.to_dict()``) is checked where
    it goes only when the function hands it to a declared sink of its own (a wrapper:
    the inner sink's arguments are checked with the parameter's values). A function
    that sends by other means keeps only what it tests or calls for its effect on the
    object (``span.set_attribute(...)``): a read that goes anywhere else may leave, so
    the parameter is not kept."""

    def __init__(self, facts: ProjectFacts, sinks: frozenset[str] = frozenset()) -> None:
        self.facts = facts
        self.sinks = sinks
        self.memo: dict[tuple[str, int, bool], tuple[frozenset[str], frozenset[str]]] = {}
        self.envs: dict[str, Mapping[str, Value]] = {}
        self.trees: dict[str, ast.Module | None] = {}

    def contained(self, function: Function, params: Sequence[str]) -> frozenset[str]:
        """The parameters ``function`` keeps (or only returns)."""
        kept, returned = self.uses(function, params)
        return kept | returned

    def uses(
        self, function: Function, params: Sequence[str], depth: int = 0, relayed: bool = False
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The parameters it keeps, and those it lets out by returning them only
        (``relayed``: called by a function that hands what it gets to a declared sink)."""
        module, line = function.module, function.summary.line
        key = (module, line, relayed)
        if key in self.memo:
            return self.memo[key]
        nothing: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        self.memo[key] = nothing  # a recursive call lets everything escape
        node = self._definition(module, line)
        if node is None or depth > 3:
            return nothing
        escaping: set[str] = set()
        returning: set[str] = set()
        objects = self.objects(module, line, params)
        relays = relayed or self._relays(function, node)
        for name, ancestors in _uses(node):
            if name.id not in params:
                continue
            parent = ancestors[0]
            if (
                isinstance(parent, ast.Attribute)
                and parent.value is name
                and parent.attr in _TEXT_ATTRIBUTES
                and name.id not in objects
            ):
                escaping.add(name.id)  # ``key.lower()``: text made from it may leave
                continue
            use = self._use(function, name, ancestors, depth, relays)
            if use == "escapes":
                escaping.add(name.id)
            elif use == "returned":
                returning.add(name.id)
        kept = frozenset(p for p in params if p not in escaping and p not in returning)
        result = (kept, frozenset(p for p in returning if p not in escaping))
        self.memo[key] = result
        return result

    def objects(self, module: str, line: int, params: Sequence[str]) -> frozenset[str]:
        """The parameters whose attributes the function reads that no text has."""
        node = self._definition(module, line)
        if node is None:
            return frozenset()
        return frozenset(
            name.id for name, ancestors in _uses(node)
            if name.id in params
            and isinstance(ancestors[0], ast.Attribute)
            and ancestors[0].value is name
            and ancestors[0].attr not in _TEXT_ATTRIBUTES
        )

    def is_stub(self, module: str, line: int) -> bool:
        """Whether the function at ``module:line`` has no body of its own (a docstring,
        ``pass``, ``...`` or a ``raise``): an abstract method."""
        node = self._definition(module, line)
        return node is not None and all(
            isinstance(statement, (ast.Pass, ast.Raise))
            or (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
            for statement in node.body
        )

    def _relays(self, function: Function, node: ast.FunctionDef | ast.AsyncFunctionDef
                ) -> bool:
        """Whether the function calls a declared sink itself (by name, or a method of
        one on the object it calls it on): then what it reads from a parameter is
        checked at that call."""
        methods = {call.rsplit(".", 1)[-1] for call in self.sinks}
        bare = {call.rsplit(".", 1)[-1] for call in self.sinks
                if "." not in call or call.startswith("*.")}
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            last = func.attr if isinstance(func, ast.Attribute) else (
                func.id if isinstance(func, ast.Name) else None
            )
            if last is None or last not in methods:
                continue
            if last in bare or self._callee(function.module, func) in self.sinks:
                return True
            if isinstance(func, ast.Attribute) and any(
                f"{base}.{last}" in self.sinks
                for owner in self._value(function, func.value).classes
                for base in self.facts.mro(owner)
            ):
                return True
        return False

    def _definition(
        self, module: str, line: int
    ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        if module not in self.trees:
            location = self.facts.location(module)
            tree = None
            if location is not None:
                try:
                    tree = ast.parse(decode(read_source(location[0])))
                except (OSError, SyntaxError, ValueError, UnicodeDecodeError, LookupError,
                        RecursionError, MemoryError):
                    tree = None
            self.trees[module] = tree
        tree = self.trees[module]
        if tree is None:
            return None
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno == line:
                return node
        return None

    def _use(
        self,
        function: Function,
        name: ast.expr,
        ancestors: Sequence[ast.AST],
        depth: int,
        relays: bool,
    ) -> str:
        """``kept`` (only read from or tested), ``returned`` or ``escapes``."""
        parent = ancestors[0]
        grandparent = ancestors[1] if len(ancestors) > 1 else None
        if isinstance(parent, (ast.Attribute, ast.Subscript)) and parent.value is name:
            if relays:
                return "kept"  # something read from it: checked at the sink it calls
            return self._read(function, parent, ancestors[1:], depth)
        if isinstance(parent, ast.Return):
            return "returned"
        if isinstance(parent, ast.BoolOp):  # ``a and b`` gives a: unless only tested
            tested = (
                isinstance(grandparent, (ast.If, ast.While, ast.Assert))
                or (isinstance(grandparent, ast.UnaryOp) and isinstance(grandparent.op, ast.Not))
                or (isinstance(grandparent, ast.IfExp) and grandparent.test is parent)
            )
            return "kept" if tested else "escapes"
        if isinstance(parent, (ast.Compare, ast.UnaryOp, ast.If, ast.While, ast.Assert)):
            return "kept"
        if isinstance(parent, ast.IfExp):
            if parent.test is name:
                return "kept"
            return "returned" if isinstance(grandparent, ast.Return) else "escapes"
        if isinstance(parent, ast.Call) and any(name is a for a in parent.args):
            return self._passed(function, name, parent, grandparent, depth, relays)
        return "escapes"

    def _read(
        self, function: Function, read: ast.expr, ancestors: Sequence[ast.AST], depth: int
    ) -> str:
        """What becomes of ``read``, something read from a parameter, in a function that
        sends by other means than a declared sink: kept when it cannot be text (a
        number, a flag, a class's name), is tested, looked at, or a method called for
        its effect on the object; else it may leave."""
        if not ancestors:
            return "escapes"
        if self._harmless(function, read):
            # ``event.count``, ``instance.telemetry_enabled``, ``cls.NAME``,
            # ``args.func.__name__``
            return "kept"
        parent = ancestors[0]
        if isinstance(parent, (ast.Attribute, ast.Subscript)) and parent.value is read:
            return self._read(function, parent, ancestors[1:], depth)  # ``event.a.b``
        if isinstance(parent, ast.Call) and parent.func is read:
            if len(ancestors) > 1 and isinstance(ancestors[1], ast.Expr):
                return "kept"  # ``span.set_attribute(key, value)``: told, not asked
            return self._read(function, parent, ancestors[1:], depth)  # ``event.to_dict()``
        return self._use(function, read, ancestors, depth, relays=False)

    def _harmless(self, function: Function, read: ast.expr) -> bool:
        """Whether what ``read`` gives is known to hold no text (numbers, bools, None,
        dates) or only safe text (a class constant), the parameters as declared."""
        value = self._value(function, read)
        return value.safety <= Safety.SAFE or (value.kinds != 0 and not value.kinds & ~SCALAR)

    def _value(self, function: Function, expr: ast.expr) -> Value:
        """What ``expr`` in ``function`` holds, its parameters as declared."""
        if function.qualname not in self.envs:
            self.envs[function.qualname] = self.facts.function_env(function, call_sites=False)
        return self.facts.evaluate(function.module, ast.unparse(expr), self.envs[function.qualname])

    def _callee(self, module: str, func: ast.expr) -> str | None:
        """The qualified name a call in ``module`` calls, by its imports, or a function
        the module itself defines."""
        evaluator = self.facts.evaluator(module)
        if evaluator is None:
            return None
        scopes = evaluator.scopes
        qualname = scopes.resolve(func, scopes.module)
        if qualname is None and isinstance(func, ast.Name) and func.id in scopes.module.bindings:
            qualname = f"{module}.{func.id}"
        return qualname

    def _passed(
        self,
        caller: Function,
        name: ast.expr,
        call: ast.Call,
        around: ast.AST | None,
        depth: int,
        relays: bool,
    ) -> str:
        """A parameter passed by position to a call: what the function called does."""
        if isinstance(call.func, ast.Name) and call.func.id in _LOOKING:
            return "kept"
        qualname = self._callee(caller.module, call.func)
        function = self.facts.function(qualname) if qualname else None
        if function is None or any(isinstance(a, ast.Starred) for a in call.args):
            return "escapes"
        params = function.positional_names
        position = next(i for i, a in enumerate(call.args) if a is name)
        if position >= len(params):
            return "escapes"
        kept, returned = self.uses(
            function, tuple(p[0] for p in function.summary.params), depth + 1, relays
        )
        if params[position] in kept:
            return "kept"
        if params[position] in returned and (
            isinstance(around, (ast.Expr, ast.If, ast.While, ast.Assert))
            or (isinstance(around, ast.UnaryOp) and isinstance(around.op, ast.Not))
        ):
            return "kept"  # returned, and the result thrown away or only tested
        return "escapes"


def _uses(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
) -> Iterator[tuple[ast.Name, tuple[ast.AST, ...]]]:
    """Every name loaded in the body, with its ancestors (nearest first, up to the
    function); a ``raise`` statement's are left out: what goes into an exception does
    not go into the event."""
    stack: list[tuple[ast.AST, tuple[ast.AST, ...]]] = [(c, (node,)) for c in node.body]
    while stack:
        current, ancestors = stack.pop()
        if isinstance(current, ast.Raise):
            continue
        if isinstance(current, ast.Name) and isinstance(current.ctx, ast.Load):
            yield current, ancestors
        inner = (current, *ancestors)
        for child in ast.iter_child_nodes(current):
            stack.append((child, inner))


__all__ = ["Containment", "Signature", "read_signatures"]
