"""One walk per module: follow local facts statement by statement, fire rule hooks.

The walker is a small abstract interpreter over the safety lattice. It visits a
function's statements in order, keeping what each local name holds; branches are
walked separately and joined, loops are walked to a fixed point (quietly) and
then once more reporting, so a name is safe at a use only if every assignment
that can reach it is. Function bodies are walked after the module body, each
from its parameters' annotations. Every call, constant and class meets every
rule's hooks exactly once.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence

from . import queries, stdlib
from .config import Parameter
from .context import Context
from .facts import Function, boundary_keeps
from .kinds import (
    ANY,
    BOOL,
    FUNCTION,
    NONE,
    NOTHING,
    NUMBER,
    UNKNOWN,
    Kind,
    Safety,
    Value,
    class_object,
    declared,
    join,
    join_all,
    marked,
    text,
    with_safety,
)
from .logging_calls import LEVELS, LoggingCalls
from .narrowing import narrowed
from .parents import parents
from .rules.base import Visitor
from .safety import RUNTIME_NAMES, Env, bind_target, chain_base, contents, is_chain, reference
from .scopes import Alias, Import, Instance, Scope
from .sink_sites import SinkMatcher, SinkSite, open_boundaries, record_arguments
from .validation import schema_fields

_LOOP_PASSES = 3
_CONTAINERS = Kind.MAPPING | Kind.SEQUENCE
# Methods that add to a container (their arguments become its contents), and those
# that only read or remove: using a container any other way lets it escape.
_ADDING_METHODS = frozenset({
    "append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft",
    "__setitem__",
})
_READING_METHODS = frozenset({
    "get", "items", "keys", "values", "copy", "index", "count", "pop", "popitem", "remove",
    "discard", "clear", "sort", "reverse", "popleft", "issubset", "issuperset", "union",
    "intersection", "difference",
})
_READING_BUILTINS = frozenset({
    "len", "str", "repr", "bool", "list", "tuple", "dict", "set", "frozenset", "sorted",
    "isinstance", "print", "any", "all", "sum", "min", "max", "enumerate", "iter", "reversed",
})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# ``with sink(...) as name``: the sink's callee, the attribute of ``name`` it sends, and
# the parameter of the sink that attribute fills.
Collected = tuple[ast.expr, str, Parameter | None]


def _overridden(visitors: Sequence[Visitor], hook: str) -> bool:
    """Whether any of ``visitors`` implements ``hook`` (the walk skips what none does)."""
    return any(getattr(type(v), hook) is not getattr(Visitor, hook) for v in visitors)


def join_envs(a: Env, b: Env) -> Env:
    merged = dict(a)
    for name, value in b.items():
        merged[name] = join(merged[name], value) if name in merged else value
    for key in [k for k in merged if is_chain(k) and (k not in a or k not in b)]:
        del merged[key]  # a chain narrowed on one side only is what the facts say
    return merged


def _always_leaves(statements: Sequence[ast.stmt]) -> bool:
    """A block whose own statements include a ``return``, ``raise``, ``continue`` or
    ``break``: nothing after it in the block runs, and neither does what follows it."""
    return any(isinstance(s, (ast.Return, ast.Raise, ast.Continue, ast.Break)) for s in statements)


class Walker:
    """Walks one module for all rules."""

    def __init__(self, ctx: Context, rules: Sequence[Visitor], matcher: SinkMatcher) -> None:
        self.ctx = ctx
        self.rules = rules
        self.matcher = matcher
        # Functions to walk after the module: the scope they are defined in, the facts
        # they capture from it, and the qualified name of the class they are a method of.
        self.pending: list[tuple[FunctionNode, Scope, Env, str | None]] = []
        self.classes: list[str] = []  # the class bodies being walked, outermost first
        self.tracking = False  # some name holds a container whose contents are known
        self.relevant: set[str] | None = None  # the names worth following in this scope
        # The last names of sinks and event classes: calls named so may be sinks.
        self.sink_words = {
            *(call.rsplit(".", 1)[-1] for call in matcher.specs),
            *matcher.bare,
            *matcher.methods,
            *(qualname.rsplit(".", 1)[-1] for qualname in matcher.registry.classes),
            "record",
            *self._aliases(),
        }
        # The standard library's logging calls, when the product's handlers redact.
        self.logging = LoggingCalls(ctx) if ctx.config.logging else None
        if self.logging is not None:
            self.sink_words |= self.logging.words()
        self.relevant_words = self.sink_words | RUNTIME_WORDS
        self.wants_sinks = _overridden(rules, "visit_sink")
        self.wants_calls = _overridden(rules, "visit_call")
        self.wants_constants = _overridden(rules, "visit_constant")
        self.wants_classes = _overridden(rules, "visit_class")
        self.has_named_expressions = ctx.scopes.has_named_expressions
        # One entry per enclosing ``try``: the join of every state its body passed
        # through, which is what an exception can leave behind for the handlers.
        self.raising_states: list[Env] = []
        self.tree: ast.Module | None = None
        self.decorated: dict[str, frozenset[str]] | None = None
        # Some test narrowed an attribute chain: statements may have to forget it.
        self.chains = False
        # The decorator of the function being walked that sends what it returns.
        self.returns_into: ast.expr | None = None
        # ``with sink(...) as name``: the names whose collected attribute is sent, with
        # the sink's callee and the attribute.
        self.collecting: dict[str, Collected] = {}
        self.collecting_words = frozenset(
            call.rsplit(".", 1)[-1] for call in matcher.collecting
        )
        # Each function's ``relevance``, by node.
        self.relevances: dict[int, tuple[set[str], set[str]]] = {}
        self.discarded: ast.expr | None = None  # the value of the expression statement walked

    def run(self, tree: ast.Module) -> None:
        ctx = self.ctx
        self.tree = tree
        self.relevant = self.relevance([tree])[0]
        if self.collecting_words and _collects(tree.body, self.collecting_words):
            self.relevant = None
        ctx.scope = ctx.scopes.module
        ctx.env = {}
        ctx.env = self.block(tree.body, ctx.env)
        while self.pending:
            function, outer, captured, owner = self.pending.pop()
            self.function(function, outer, captured, owner)

    # -- statements ----------------------------------------------------------------

    def block(self, statements: Sequence[ast.stmt], env: Env) -> Env:
        """The state after ``statements``; empty (joining as nothing) when none falls through."""
        exits = False
        for statement in statements:
            env = self.statement(statement, env)
            # After return or raise nothing follows; what is left is still walked.
            exits = exits or isinstance(statement, (ast.Return, ast.Raise))
        return {} if exits else env

    def statement(self, node: ast.stmt, env: Env) -> Env:
        after = self._statement(node, env)
        if self.collecting:
            self.collected(node)
        if self.chains and any(is_chain(key) for key in after):
            after = _forget_rebound(node, after)
        loading = _schema_load(node)
        if loading is not None:
            after = self.validated(node, loading, env, after)
        if self.tracking and any(_is_tracked(value) for value in after.values()):
            after = self.container_effects(node, after)
        for index, seen in enumerate(self.raising_states):
            self.raising_states[index] = join_envs(seen, after)
        return after

    def validated(self, node: ast.stmt, load: ast.Call, before: Env, after: Env) -> Env:
        """After ``[item =] schema.load(data)``, which raises unless ``data`` matches a
        marshmallow schema: the items of ``data`` and ``item`` the schema's fields tell."""
        assert isinstance(load.func, ast.Attribute)
        receiver = self._classify(load.func.value, before)
        fields = schema_fields(self.ctx.evaluator.facts, receiver.classes)
        if fields is None:
            return after
        after = dict(after)
        data = load.args[0] if load.args else next(
            (k.value for k in load.keywords if k.arg == "data"), None
        )
        source = reference(data) if data is not None else None
        if source is not None and "(" not in source:
            after.update((f"{source}[{key!r}]", value) for key, value in fields.raw.items())
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            name = targets[0].id
            after.update((f"{name}[{key!r}]", value) for key, value in fields.loaded.items())
        self.chains = True
        return after

    def _statement(self, node: ast.stmt, env: Env) -> Env:
        ctx = self.ctx
        ctx.statement = _statement_lines(node)
        if self.has_named_expressions:
            env = self.bind_named_expressions(node, env)
        ctx.env = env
        if self.matcher.fields and self.wants_sinks and ctx.reporting:
            self.stored_fields(node, env)
        handler: Callable[[ast.stmt, Env], Env] | None = getattr(
            self, "_" + type(node).__name__, None
        )
        if handler is not None:
            return handler(node, env)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return env  # a docstring or a bare literal: it goes nowhere
        self.discarded = node.value if isinstance(node, ast.Expr) else None
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expression(child)
        return env

    def _Return(self, node: ast.Return, env: Env) -> Env:
        if node.value is None:
            return env
        self.expression(node.value)
        if self.returns_into is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None
        ):
            self.returned_event(self.returns_into, node.value)
        return env

    def _Assign(self, node: ast.Assign, env: Env) -> Env:
        self.expression(node.value)
        env = dict(env)
        if self.irrelevant(node.targets):
            for target in node.targets:
                self.expression_targets(target)
                self.bind_target(target, UNKNOWN, env)
            return env
        for target in node.targets:
            self.expression_targets(target)
            self.assign(target, node.value, env)
        return env

    def irrelevant(self, targets: Sequence[ast.expr]) -> bool:
        """Names no sink or runtime call of this scope can see: not worth evaluating
        what they are bound to (they are unknown, which is never wrong)."""
        relevant = self.relevant
        if relevant is None:
            return False
        for target in targets:
            if not isinstance(target, (ast.Name, ast.Tuple, ast.List)):
                return False
            for found in ast.walk(target):
                if isinstance(found, ast.Name) and found.id in relevant:
                    return False
        return True

    def _AnnAssign(self, node: ast.AnnAssign, env: Env) -> Env:
        self.expression(node.annotation)
        env = dict(env)
        if node.value is not None and self.irrelevant([node.target]):
            self.expression(node.value)
            self.bind_target(node.target, UNKNOWN, env)
        elif node.value is not None:
            self.expression(node.value)
            promised = self.ctx.evaluator.annotation(node.annotation, self.ctx.scope)
            if isinstance(node.target, ast.Name):
                bound = self._bound(node.value, env)
                stronger = promised.safety < bound.safety
                value = promised if stronger else declared(bound, promised)
                env[node.target.id] = self.followed(value, False)
        return env

    def followed(self, bound: Value, immutable: bool) -> Value:
        """A container bound to a name: in a function, what later statements add to it is
        followed; a module's or a class's name can be changed by any function, so what it
        holds is not (a tuple display is never changed)."""
        if not _is_tracked(bound):
            return bound
        if not self.ctx.scope.is_function and not immutable:
            return with_safety(bound, Safety.UNKNOWN)
        self.tracking = True
        return bound

    def _AugAssign(self, node: ast.AugAssign, env: Env) -> Env:
        self.expression(node.value)
        env = dict(env)
        if isinstance(node.target, ast.Name):
            combined = ast.BinOp(left=ast.Name(id=node.target.id), op=node.op, right=node.value)
            env[node.target.id] = self._classify(combined, env)
        else:
            self.expression_targets(node.target)
        return env

    def _Delete(self, node: ast.Delete, env: Env) -> Env:
        env = dict(env)
        for target in node.targets:
            if isinstance(target, ast.Name):
                env.pop(target.id, None)
            else:
                self.expression(target)
        return env

    def _If(self, node: ast.If, env: Env) -> Env:
        self.expression(node.test)
        body = self.block(node.body, self.narrowed(node.test, env, holds=True))
        # Where the test fails: the ``else``, and what follows when the body never does
        # (``if kind not in KNOWN: return``).
        orelse = self.block(node.orelse, self.narrowed(node.test, env, holds=False))
        joined = join_envs(body, orelse)
        # A narrowed attribute chain holds after the ``if`` when it holds at the end of
        # every branch that goes on (join_envs keeps only those both narrowed).
        for ended, other in ((node.body, orelse), (node.orelse, body)):
            if ended and _always_leaves(ended):
                joined.update((key, value) for key, value in other.items() if is_chain(key))
        return joined

    def narrowed(self, test: ast.expr, env: Env, holds: bool) -> Env:
        """``env`` where ``test`` holds (or fails), as ``narrowing`` reads it."""
        told = narrowed(self.ctx.evaluator, self.ctx.scope, test, env, holds)
        if not told:
            return env
        self.chains = self.chains or any(is_chain(key) for key in told)
        return {**env, **told}

    def _While(self, node: ast.While, env: Env) -> Env:
        self.expression(node.test)
        return self.loop(node, env, lambda e: None)

    def _For(self, node: ast.For | ast.AsyncFor, env: Env) -> Env:
        self.expression(node.iter)
        self.expression_targets(node.target)
        element = self.element_value(node.iter, env)

        def bind(loop_env: Env) -> None:
            self.bind_target(node.target, element, loop_env)

        return self.loop(node, env, bind)

    _AsyncFor = _For

    def loop(
        self, node: ast.For | ast.AsyncFor | ast.While, env: Env, bind: Callable[[Env], None]
    ) -> Env:
        ctx = self.ctx
        reporting = ctx.reporting
        ctx.reporting = False
        entry = env
        for _ in range(_LOOP_PASSES):
            inner = dict(entry)
            bind(inner)
            after = self.block(node.body, inner)
            widened = join_envs(env, after)
            if widened == entry:
                break
            entry = widened
        ctx.reporting = reporting
        inner = dict(entry)
        bind(inner)
        after = self.block(node.body, inner)
        exit_env = join_envs(entry, after)
        return self.block(node.orelse, exit_env) if node.orelse else exit_env

    def _With(self, node: ast.With | ast.AsyncWith, env: Env) -> Env:
        env = dict(env)
        outer = self.collecting
        for item in node.items:
            self.expression(item.context_expr)
            if item.optional_vars is not None:
                self.expression_targets(item.optional_vars)
                self.bind_target(item.optional_vars, self.entered(item, env), env)
                held = self.collector(item)
                if held is not None:
                    assert isinstance(item.optional_vars, ast.Name)
                    self.collecting = {**self.collecting, item.optional_vars.id: held}
        try:
            return self.block(node.body, env)
        finally:
            self.collecting = outer

    def entered(self, item: ast.withitem, env: Env) -> Value:
        """What ``with manager as name`` binds: what the manager's ``__enter__`` returns
        (``with PerfTimer() as timer``: the timer), when its class is known."""
        target = item.optional_vars
        if target is None or not isinstance(target, ast.Name) or self.irrelevant([target]):
            return UNKNOWN
        manager = self._classify(item.context_expr, env)
        if not manager.classes or manager.kinds != Kind.OBJECT:
            return UNKNOWN
        return self.ctx.evaluator.facts.method(manager.classes, "__enter__", manager)

    def collector(self, item: ast.withitem) -> Collected | None:
        """``with sink(...) as name`` for a sink declared ``collects``: its callee, the
        attribute of ``name`` it sends and the parameter that attribute fills."""
        call, name = item.context_expr, item.optional_vars
        if not (
            self.collecting_words
            and self.wants_sinks
            and isinstance(call, ast.Call)
            and isinstance(name, ast.Name)
        ):
            return None
        site = self.sink_site(call)
        if site is None or site.sink not in self.matcher.collecting:
            return None
        spec = self.matcher.spec(site.sink)
        return call.func, self.matcher.collecting[site.sink], (
            spec.properties if spec is not None else None
        )

    def collected(self, node: ast.stmt) -> None:
        """What a statement stores in a collected attribute (``h.metadata = {...}``,
        ``h.metadata["key"] = value``, ``h.metadata.update(...)``), checked as passed to
        the sink as its properties."""
        stored: list[tuple[Collected, ast.expr]] = []
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                held = self._collected_attribute(target)
                if held is not None:
                    stored.append((held, value))
                    continue
                if not isinstance(target, ast.Subscript):
                    continue
                held = self._collected_attribute(target.value)
                if held is not None:  # ``h.metadata["key"] = value``: one property
                    item = ast.copy_location(ast.Dict(keys=[target.slice], values=[value]), value)
                    item.end_lineno, item.end_col_offset = value.end_lineno, value.end_col_offset
                    stored.append((held, item))
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "update"
        ):
            update = node.value
            held = self._collected_attribute(node.value.func.value)
            if held is not None:
                stored.extend((held, argument) for argument in update.args)
                if update.keywords:
                    keys: list[ast.expr | None] = [
                        None if k.arg is None else ast.copy_location(ast.Constant(k.arg), k)
                        for k in update.keywords
                    ]
                    values = [k.value for k in update.keywords]
                    stored.append((held, ast.copy_location(ast.Dict(keys=keys, values=values),
                                                           update)))
        for held, value in stored:
            self.collected_event(held, value)

    def stored_fields(self, node: ast.stmt, env: Env) -> None:
        """``message.cmd = value`` (or ``message.config[key] = value``) where ``message``
        is an object of a class declared ``fields = true``: the object is sent with its
        attributes, so what is stored there is checked as a sink's argument, where it is
        stored. A name starting with ``_`` is the object's own bookkeeping, not sent."""
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            return
        ctx = self.ctx
        if ctx.sink_call is not None and {
            n.id for n in ast.walk(value) if isinstance(n, ast.Name)
        } & (ctx.sink_parameters - {ctx.sink_receiver}):
            return  # made of a declared sink's parameters: checked where it is called
        for target in targets:
            attribute = target.value if isinstance(target, ast.Subscript) else target
            if not isinstance(attribute, ast.Attribute) or attribute.attr.startswith("_"):
                continue
            sink = self.fields_class(attribute.value, env)
            if sink is None:
                continue
            call = ast.copy_location(ast.Call(func=attribute, args=[value], keywords=[]), value)
            call.end_lineno, call.end_col_offset = value.end_lineno, value.end_col_offset
            site = SinkSite(
                call=call,
                label=f"{sink} as its attribute {attribute.attr!r}",
                is_event_class=False,
                others=[value],
                sink=sink,
            )
            self.visit_made_up(site, env, counted=True)

    def fields_class(self, node: ast.expr, env: Env) -> str | None:
        """The declared ``fields`` class (its declared name) ``node`` is an object of."""
        found = self._classify(node, env)
        if not found.kinds & Kind.OBJECT:
            return None
        facts = self.ctx.evaluator.facts
        for cls in sorted(found.classes):
            for base in facts.mro(cls):
                if base in self.matcher.fields:
                    return self.matcher.fields[base]
        return None

    def _collected_attribute(self, node: ast.expr) -> Collected | None:
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in self.collecting
            and node.attr == self.collecting[node.value.id][1]
        ):
            return self.collecting[node.value.id]
        return None

    def collected_event(self, held: Collected, value: ast.expr) -> None:
        """What a block stores in a collected attribute, as the properties of a call."""
        func, _attribute, properties = held
        call = ast.Call(func=func, args=[value], keywords=[])
        if properties is not None and properties.name is not None:
            call.args, call.keywords = [], [ast.keyword(arg=properties.name, value=value)]
        elif properties is not None and properties.position is not None:
            call.args = [ast.Constant(None)] * properties.position + [value]
        self.sent_without_a_call(call, value)

    def sent_without_a_call(self, call: ast.Call, value: ast.expr) -> None:
        """Check ``call``, made up for what a sink sends that no call in the code passes
        (a decorated function's return, a collected attribute), at ``value``'s place; it is
        not counted as a matched call (its decorator or ``with`` was)."""
        ast.copy_location(call, value)
        call.end_lineno, call.end_col_offset = value.end_lineno, value.end_col_offset
        site = self.sink_site(call)
        if site is not None and self.ctx.reporting:
            self.visit_sink(site, counted=False)

    _AsyncWith = _With

    def _Try(self, node: ast.Try, env: Env) -> Env:
        # A handler can start from any state the body passed through, not only its end.
        self.raising_states.append(dict(env))
        body = self.block(node.body, dict(env))
        handler_start = self.raising_states.pop()
        self.raising_states.append(handler_start)
        outcomes = [self.block(node.orelse, body) if node.orelse else body]
        for handler in node.handlers:
            self.ctx.statement = _statement_lines(handler)
            if handler.type is not None:
                self.expression(handler.type)
            start = dict(handler_start)
            if handler.name:
                start[handler.name] = self.exception_value(handler.type)
            outcomes.append(self.block(handler.body, start))
        raised = self.raising_states.pop()
        result = outcomes[0]
        for outcome in outcomes[1:]:
            result = join_envs(result, outcome)
        if not node.finalbody:
            return result
        # finally also runs on the way out of an exception: report from every state,
        # then go on from the states that fall through.
        self.block(node.finalbody, join_envs(result, raised))
        reporting, self.ctx.reporting = self.ctx.reporting, False
        after = self.block(node.finalbody, result)
        self.ctx.reporting = reporting
        return after

    _TryStar = _Try

    def _Match(self, node: ast.Match, env: Env) -> Env:
        self.expression(node.subject)
        result = env
        for case in node.cases:
            start = dict(env)
            for child in ast.walk(case.pattern):
                name = getattr(child, "name", None) or getattr(child, "rest", None)
                if isinstance(name, str):
                    start[name] = UNKNOWN
                if isinstance(child, ast.expr):
                    self.expression(child)
            if case.guard is not None:
                self.expression(case.guard)
            result = join_envs(result, self.block(case.body, start))
        return result

    def _FunctionDef(self, node: FunctionNode, env: Env) -> Env:
        for decorator in node.decorator_list:
            self.expression(decorator)
            self.bare_decorator(decorator)
            if isinstance(decorator, ast.Call) and self.matcher.decorators:
                owner = self.classes[-1] if self.ctx.scope.is_class and self.classes else None
                if owner is None and self.ctx.scope is self.ctx.scopes.module:
                    owner = self.ctx.module_name
                if owner is not None and not owner.startswith("<local>"):
                    self.named_parameters(decorator, f"{owner}.{node.name}")
        self._arguments(node.args)
        if node.returns is not None:
            self.expression(node.returns)
        if self.ctx.reporting and self.ctx.scopes.is_built(node):
            inner = self.ctx.scopes.scope_of(node)
            owner = self.classes[-1] if self.ctx.scope.is_class and self.classes else None
            self.pending.append((node, self.ctx.scope, self.captured(env, inner), owner))
        env = dict(env)
        env[node.name] = FUNCTION
        return env

    _AsyncFunctionDef = _FunctionDef

    def _ClassDef(self, node: ast.ClassDef, env: Env) -> Env:
        ctx = self.ctx
        for child in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.expression(child)
        for decorator in node.decorator_list:
            self.bare_decorator(decorator)
        if ctx.reporting and self.wants_classes:
            for rule in self.rules:
                rule.visit_class(ctx, node)
        outer_scope, outer_env = ctx.scope, ctx.env
        enclosing = self.classes[-1] if ctx.scope.is_class and self.classes else None
        nested = ctx.scope is ctx.scopes.module or (
            enclosing is not None and not enclosing.startswith("<local>")
        )
        qualname = f"{enclosing or ctx.module_name}.{node.name}"
        ctx.scope = ctx.scopes.scope_of(node)
        raising, self.raising_states = self.raising_states, []  # the class's own names
        self.classes.append(qualname if nested else f"<local>.{node.name}")
        self.block(node.body, {})
        self.classes.pop()
        self.raising_states = raising
        ctx.scope, ctx.env = outer_scope, outer_env
        env = dict(env)
        env[node.name] = class_object(frozenset({qualname}) if nested else frozenset())
        return env

    def _Import(self, node: ast.Import | ast.ImportFrom, env: Env) -> Env:
        env = dict(env)
        for alias in node.names:
            env.pop((alias.asname or alias.name).split(".")[0], None)
        return env

    _ImportFrom = _Import

    def function(
        self, node: FunctionNode, outer: Scope, captured: Env, owner: str | None
    ) -> None:
        ctx = self.ctx
        ctx.scope = ctx.scopes.scope_of(node)
        env: Env = dict(captured)
        args = node.args
        self.tracking = False
        self.relevant, reaching = self.function_relevance(node)
        self.returns_into = self.sending_decorator(node)
        self.collecting = {}
        if self.collecting_words and _collects(node.body, self.collecting_words):
            self.relevant = None  # what the body stores in the collected attribute is sent
        if self.returns_into is not None:
            # What it returns is sent: every name may reach the sink.
            self.relevant = None
            reaching = {a.arg for a in [*node.args.posonlyargs, *node.args.args,
                                        *node.args.kwonlyargs]}
        qualname = None
        if owner is not None and not owner.startswith("<local>"):
            qualname = f"{owner}.{node.name}"
        elif outer is ctx.scopes.module:
            qualname = f"{ctx.module_name}.{node.name}"
        positional = [*args.posonlyargs, *args.args]
        spec = self.matcher.specs.get(qualname) if qualname is not None else None
        ctx.sink_parameters = (
            frozenset(a.arg for a in [*positional, *args.kwonlyargs, args.vararg, args.kwarg]
                      if a is not None)
            if spec is not None
            else frozenset()
        )
        ctx.sink_event = _event_parameter(spec.event, positional, owner is not None) if (
            spec is not None and spec.event is not None
        ) else None
        ctx.sink_call = spec.call if spec is not None else None
        if spec is not None:
            self.relevant = None  # what it passes on with its arguments is what it adds
        decorators = {_decorator_name(d) for d in node.decorator_list}
        ctx.sink_receiver = (
            positional[0].arg
            if spec is not None and owner is not None and positional
            and "staticmethod" not in decorators
            else None
        )
        defaults = {
            a.arg: d
            for a, d in [
                *zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True),
                *zip(args.kwonlyargs, args.kw_defaults, strict=True),
            ]
            if d is not None
        }
        for index, argument in enumerate([*positional, *args.kwonlyargs]):
            if argument.annotation is not None:
                env[argument.arg] = ctx.evaluator.annotation(argument.annotation, outer)
                if qualname is not None and argument.arg in reaching:
                    env[argument.arg] = ctx.evaluator.facts.declared(
                        qualname, argument.arg, env[argument.arg]
                    )
            elif index == 0 and owner is not None and "staticmethod" not in decorators and (
                argument in positional
            ):
                classes = frozenset({owner})
                if "classmethod" in decorators or node.name in ("__new__", "__init_subclass__"):
                    env[argument.arg] = class_object(classes)
                else:
                    env[argument.arg] = (
                        ctx.evaluator.facts.instance(owner)
                        if not owner.startswith("<local>")
                        else Value(Kind.OBJECT, Safety.UNKNOWN)
                    )
            elif index == 0 and owner is None and argument.arg == "self" and (
                decorated := self.decorated_classes(outer)
            ):
                env[argument.arg] = join_all(
                    [ctx.evaluator.facts.instance(c) for c in sorted(decorated)]
                )
            elif qualname is not None and argument.arg in reaching:
                found = ctx.evaluator.facts.parameter(qualname, argument.arg)
                env[argument.arg] = (
                    flag_default(defaults.get(argument.arg)) if found is UNKNOWN else found
                )
            else:
                env[argument.arg] = UNKNOWN
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                env[extra.arg] = (
                    Value(Kind.SEQUENCE if extra is args.vararg else Kind.MAPPING, Safety.UNKNOWN)
                    if extra.annotation is None
                    else Value(Kind.SEQUENCE if extra is args.vararg else Kind.MAPPING,
                               ctx.evaluator.annotation(extra.annotation, outer).safety)
                )
        for name, chosen in self.click_choices(node, outer).items():
            if name in env:
                env[name] = chosen
        kept = self.boundary_kept(node, outer)
        if kept is not None:
            # A redacting boundary: what its parameters hold was redacted on the way in
            # (what it passes unchanged, objects, is checked where the sink is called).
            receiver = positional[0].arg if owner is not None and positional else None
            for name in [a.arg for a in [*positional, *args.kwonlyargs, args.vararg, args.kwarg]
                         if a is not None]:
                if name not in kept and name != receiver:
                    env[name] = marked(with_safety(env[name], min(env[name].safety, Safety.SAFE)))
        self.block(node.body, env)

    def click_choices(self, node: FunctionNode, outer: Scope) -> dict[str, Value]:
        """The parameters of a click command restricted to a set of safe choices
        (``@click.option("--provider", type=click.Choice(Provider.values()))``): click
        refuses any other value, so the parameter is one of them (or None when it may be
        left out)."""
        ctx = self.ctx
        found: dict[str, Value] = {}
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call):
                continue
            kind = ctx.scopes.resolve(decorator.func, outer) or ""
            if kind not in _CLICK_PARAMETERS:
                continue
            keywords = {k.arg: k.value for k in decorator.keywords if k.arg}
            choice = keywords.get("type")
            if not (
                isinstance(choice, ast.Call)
                and choice.args
                and (ctx.scopes.resolve(choice.func, outer) or "") in _CLICK_CHOICES
            ):
                continue
            name = _click_name(decorator)
            if name is None or not ctx.evaluator.safe_choices(choice.args[0], outer):
                continue
            value = text(Safety.SAFE)
            if _flag(keywords.get("multiple")):
                value = Value(Kind.SEQUENCE, Safety.SAFE, items=value)
            optional = kind.endswith("option") and not _flag(keywords.get("required"))
            found[name] = join(value, NONE) if optional else value
        return found

    def decorated_classes(self, scope: Scope) -> frozenset[str]:
        """The classes whose methods this module decorates with the module-level function
        ``scope`` is nested in: what ``self`` is in a decorator's wrapper
        (``def wrapped(self, *args)`` inside ``def emit_event(...)``)."""
        factory: Scope | None = scope
        while factory is not None and factory.parent is not None and factory.parent.parent:
            factory = factory.parent
        if factory is None or not isinstance(factory.node, (ast.FunctionDef,
                                                             ast.AsyncFunctionDef)):
            return frozenset()
        found = self.decorators_of_methods().get(factory.node.name, frozenset())
        return frozenset(f"{self.ctx.module_name}.{name}" for name in found)

    def decorators_of_methods(self) -> dict[str, frozenset[str]]:
        """Module-level classes by the names of the decorators of their methods."""
        if self.decorated is None:
            found: dict[str, set[str]] = {}
            for statement in self.tree.body if self.tree is not None else ():
                if not isinstance(statement, ast.ClassDef):
                    continue
                for member in statement.body:
                    if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        for decorator in member.decorator_list:
                            name = _decorator_name(decorator)
                            found.setdefault(name, set()).add(statement.name)
            self.decorated = {name: frozenset(names) for name, names in found.items()}
        return self.decorated

    def boundary_kept(self, node: FunctionNode, outer: Scope) -> frozenset[str] | None:
        """The parameters a ``@boundary`` function keeps unredacted; None for another."""
        runtime = self.ctx.evaluator.runtime_name
        return boundary_keeps(node.decorator_list, lambda f: runtime(f, outer) == "boundary")

    def _aliases(self) -> set[str]:
        """Module names bound to a sink, an event class or the runtime under another name
        (``from app.tracking import note as send``)."""
        scopes = self.ctx.scopes
        module = scopes.module
        wanted = set(self.matcher.specs) | set(self.matcher.registry.classes)
        found = set()
        for name, bindings in module.bindings.items():
            if not any(isinstance(b, (Import, Alias)) for b in bindings):
                continue
            qualname = scopes.resolve(ast.Name(id=name), module)
            if qualname is not None and (
                qualname in wanted or qualname in RUNTIME_NAMES
                or any(w.startswith(qualname + ".") for w in wanted)
            ):
                found.add(name)
        return found

    def function_relevance(self, node: FunctionNode) -> tuple[set[str], set[str]]:
        """``relevance`` of one function, found once (an enclosing function asks what
        its nested ones send before they are walked)."""
        found = self.relevances.get(id(node))
        if found is None:
            found = self.relevances[id(node)] = self.relevance([node])
        return found

    def relevance(self, statements: Sequence[ast.AST]) -> tuple[set[str], set[str]]:
        """The names whose values may reach a sink's or the runtime's arguments (only these
        are worth evaluating), and those that may reach a sink's (only these parameters
        are worth asking their call sites about): the names written in the arguments of a
        call named like one, and those they are bound from. One walk finds both."""
        to_sinks: set[str] = set()
        to_runtime: set[str] = set()
        assignments: list[tuple[set[str], set[str]]] = []
        top = {id(statement) for statement in statements}
        in_function = all(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                          for s in statements)
        for current in _nodes(statements):
            if in_function and isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                id(current) not in top
            ):
                # A function defined here that sends what it closes over (a callback
                # registered to record a span later).
                inner, inner_reaching = self.function_relevance(current)
                to_sinks |= inner_reaching
                to_runtime |= inner - inner_reaching
            elif isinstance(current, ast.Call):
                func = current.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in self.relevant_words:
                    # The receiver too: ``tracker.add_contexts(...)`` is a sink by its class.
                    seeds = to_sinks if name in self.sink_words else to_runtime
                    for part in [func, *current.args, *(k.value for k in current.keywords)]:
                        seeds |= {n.id for n in ast.walk(part) if isinstance(n, ast.Name)}
                elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    # ``props.update(key=value)``: what is added to a name flows with it.
                    used = {
                        n.id
                        for part in [*current.args, *(k.value for k in current.keywords)]
                        for n in ast.walk(part)
                        if isinstance(n, ast.Name)
                    }
                    if used:
                        assignments.append(({func.value.id}, used))
            elif isinstance(current, ast.Compare):
                # ``if key in allowed:`` narrows ``key`` by what ``allowed`` holds.
                sides = [
                    {n.id for n in ast.walk(side) if isinstance(n, ast.Name)}
                    for side in (current.left, *current.comparators)
                ]
                everything = set().union(*sides)
                assignments.extend((side, everything - side) for side in sides)
            elif isinstance(current, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = current.targets if isinstance(current, ast.Assign) else [current.target]
                bound = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
                if current.value is not None:
                    used = {n.id for n in ast.walk(current.value) if isinstance(n, ast.Name)}
                    assignments.append((bound, used))
                    if self.matcher.fields and any(
                        isinstance(t, (ast.Attribute, ast.Subscript)) for t in targets
                    ):
                        # Stored in an attribute of an object that may be sent whole.
                        to_sinks |= used | bound
        reaching = _bound_from(to_sinks, assignments)
        return reaching | _bound_from(to_runtime, assignments), reaching

    def captured(self, env: Env, inner: Scope, defining: Scope | None = None) -> Env:
        """The facts a function or lambda defined here sees when it runs, later.

        By then a name may have been rebound, so only names bound once in their
        scope keep their facts; a class body's names are not visible from inside.
        """
        defining = defining or self.ctx.scope
        if defining.is_class:
            return {}
        scopes = self.ctx.scopes
        kept: Env = {}
        for name, value in env.items():
            owner = scopes.binding_scope(name, inner)
            # A list or dict may be changed before the function runs: the module's facts
            # tell what it holds then; so they do of a name this scope did not follow.
            if (
                owner is not None
                and owner is not inner
                and len(owner.bindings[name]) == 1
                and (not _is_tracked(value) or self._frozen(owner.bindings[name][0], owner))
                and value is not UNKNOWN
            ):
                kept[name] = value
        return kept

    def _frozen(self, binding: object, owner: Scope) -> bool:
        """A name bound once to ``frozenset(...)`` or ``tuple(...)`` (the builtins): a
        container nothing can change before a function defined here runs."""
        constructor = binding.constructor if isinstance(binding, Instance) else None
        return (
            isinstance(constructor, ast.Name)
            and constructor.id in ("frozenset", "tuple")
            and self.ctx.scopes.resolve(constructor, owner) is None
        )

    def _arguments(self, args: ast.arguments) -> None:
        for default in [*args.defaults, *args.kw_defaults]:
            if default is not None:
                self.expression(default)
        for argument in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if argument is not None and argument.annotation is not None:
                self.expression(argument.annotation)

    # -- bindings ----------------------------------------------------------------

    def _classify(self, expr: ast.expr, env: Env) -> Value:
        return self.ctx.evaluator.value(expr, env, self.ctx.scope)

    def _bound(self, value: ast.expr, env: Env) -> Value:
        return self.ctx.evaluator.bound(value, env, self.ctx.scope)

    def exception_value(self, kind: ast.expr | None) -> Value:
        """What ``except kind as name`` binds: an instance of the exception class."""
        types = kind.elts if isinstance(kind, ast.Tuple) else [kind] if kind else []
        classes: set[str] = set()
        for each in types:
            found = self._classify(each, {})
            if found.kinds != Kind.CLASS or not found.classes:
                return Value(Kind.OBJECT, Safety.UNKNOWN)
            classes |= found.classes
        if not classes:
            return Value(Kind.OBJECT, Safety.UNKNOWN)
        return join_all([self.ctx.evaluator.facts.instance(c) for c in sorted(classes)])

    def bind_named_expressions(self, node: ast.stmt, env: Env) -> Env:
        """Names a statement binds with ``:=`` hold from there on, in its body and after."""
        named = [found for part in _own_expressions(node) for found in _named_expressions(part)]
        if not named:
            return env
        env = dict(env)
        for found in named:
            env[found.target.id] = self._bound(found.value, env)
        return env

    def assign(self, target: ast.expr, value: ast.expr, env: Env) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = self.followed(self._bound(value, env), isinstance(value, ast.Tuple))
        elif (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, (ast.Tuple, ast.List))
            and len(target.elts) == len(value.elts)
            and not any(isinstance(e, ast.Starred) for e in target.elts)
        ):
            for element, element_value in zip(target.elts, value.elts, strict=True):
                self.assign(element, element_value, env)
        else:
            bound = self._bound(value, env)
            if (
                isinstance(target, (ast.Tuple, ast.List))
                and bound.elements is not None
                and len(bound.elements) == len(target.elts)
                and not any(isinstance(e, ast.Starred) for e in target.elts)
            ):
                for element, known in zip(target.elts, bound.elements, strict=True):
                    self.bind_target(element, known, env)
                return
            self.bind_target(target, bound, env)

    def bind_target(self, target: ast.expr, value: Value, env: Env) -> None:
        bind_target(target, value, env)

    def element_value(self, iterable: ast.expr, env: Env) -> Value:
        """What iterating ``iterable`` yields."""
        if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)):
            if any(isinstance(element, ast.Starred) for element in iterable.elts):
                return UNKNOWN
            return join_all([self._classify(e, env) for e in iterable.elts], UNKNOWN)
        if (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Name)
            and iterable.func.id == "range"
            and self.ctx.scopes.binding_scope("range", self.ctx.scope) is None
        ):
            return NUMBER
        found = self._classify(iterable, env)
        if found.kinds == Kind.TEXT:
            return text(found.safety)
        if found.kinds & _CONTAINERS and not found.kinds & ~(_CONTAINERS | Kind.NONE):
            return contents(found)
        if found.kinds == Kind.CLASS or (
            found.kinds == Kind.OBJECT and found.classes and found.classes <= queries.STAGES
        ):
            return self.ctx.evaluator.iterated(found)
        return UNKNOWN

    def container_effects(self, node: ast.stmt, env: Env) -> Env:
        """Follow containers whose contents are known: what a statement adds to them, and
        whether it lets them escape (then their contents are unknown from here on)."""
        env = dict(env)
        targets = getattr(node, "targets", None) or (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        )
        value = getattr(node, "value", None)
        for target in targets:
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and _is_tracked(env.get(target.value.id))
                and isinstance(value, ast.expr)
            ):
                added = join(self._classify(value, env), self._classify(target.slice, env))
                _add(env, target.value.id, added)
        for expression in _own_expressions(node):
            for name, parent, grandparent in _name_uses(expression):
                if not _is_tracked(env.get(name.id)):
                    continue
                if isinstance(parent, ast.Subscript) and parent.value is name:
                    if not isinstance(parent.ctx, ast.Load):
                        continue  # stored into or deleted by key (the targets above)
                    element = self.element_use(parent, node, expression, env)
                    if element is not None:
                        _add(env, name.id, element)
                        continue
                if isinstance(parent, ast.Compare) or (
                    isinstance(node, (ast.For, ast.AsyncFor)) and expression is node.iter
                    and parent is None
                ):
                    continue
                if isinstance(node, (ast.If, ast.While)) and expression is node.test and (
                    parent is None  # ``if names:``: its truth is read, nothing leaves
                    or (isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not))
                    or (isinstance(parent, ast.BoolOp) and grandparent is None)
                ):
                    continue
                if isinstance(parent, ast.Attribute) and isinstance(grandparent, ast.Call) and (
                    grandparent.func is parent
                ):
                    if parent.attr in _READING_METHODS:
                        continue
                    if parent.attr in _ADDING_METHODS:
                        arguments = [*grandparent.args, *(k.value for k in grandparent.keywords)]
                        parts = [self._classify(a, env) for a in arguments]
                        _add(env, name.id, join_all(parts, NOTHING))
                        continue
                if (
                    isinstance(parent, ast.Call)
                    and isinstance(parent.func, ast.Name)
                    and parent.func.id in _READING_BUILTINS
                    and self.ctx.scopes.binding_scope(parent.func.id, self.ctx.scope) is None
                ):
                    continue
                if (
                    isinstance(parent, ast.Call)
                    and name is not parent.func
                    and self.is_sink(parent)
                ):
                    continue  # an event-logging call records what it is given
                if isinstance(parent, ast.Call) and name is not parent.func:
                    stored = self.filled_by(parent, name, env)
                    if stored is not None:
                        _add(env, name.id, stored)
                        continue
                env[name.id] = with_safety(env[name.id], Safety.UNKNOWN)
        return env

    def element_use(
        self, read: ast.Subscript, statement: ast.stmt, expression: ast.expr, env: Env
    ) -> Value | None:
        """What a use of a container's element (``read``: ``name[key]``) adds to the
        container: what is stored into it (``name["a"]["b"] = v``,
        ``name["tags"].append(v)``), nothing for a read, or None when the element (which
        may itself be a container) goes where it may be changed (bound to a name, passed
        on): then the container's contents are unknown from here on."""
        around = parents(expression)
        current: ast.expr = read
        while True:
            up = around.get(id(current))
            if isinstance(up, ast.Subscript) and up.value is current:
                if not isinstance(up.ctx, ast.Load):
                    return self._stored_by(statement, env)  # name[k][j] = v
                current = up
                continue
            if isinstance(up, ast.Attribute) and up.value is current:
                call = around.get(id(up))
                if isinstance(call, ast.Call) and call.func is up:
                    if up.attr in _ADDING_METHODS:
                        parts = [*call.args, *(k.value for k in call.keywords)]
                        return join_all([self._classify(a, env) for a in parts], NOTHING)
                    return NOTHING if up.attr in _READING_METHODS else None
                if not isinstance(up.ctx, ast.Load):
                    return self._stored_by(statement, env)  # name[k].attr = v
                current = up
                continue
            break
        up = around.get(id(current))
        if up is None:
            # The statement's whole expression: tested, or evaluated for nothing.
            tested = isinstance(statement, (ast.If, ast.While, ast.Assert, ast.Expr))
            return NOTHING if tested else None
        if isinstance(up, (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.IfExp,
                           ast.FormattedValue)):
            return NOTHING  # read for a test or for text made of it
        if (
            isinstance(up, ast.Call)
            and isinstance(up.func, ast.Name)
            and up.func.id in _READING_BUILTINS
            and self.ctx.scopes.binding_scope(up.func.id, self.ctx.scope) is None
        ):
            return NOTHING
        if isinstance(up, ast.Call) and current is not up.func and self.is_sink(up):
            return NOTHING  # an event-logging call records what it is given
        return None

    def _stored_by(self, statement: ast.stmt, env: Env) -> Value | None:
        """What an assignment statement stores (None for another statement)."""
        value = getattr(statement, "value", None)
        if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and isinstance(
            value, ast.expr
        ):
            return self._classify(value, env)
        return None

    def filled_by(self, call: ast.Call, name: ast.Name, env: Env) -> Value | None:
        """What a function of the project stores into the container ``name`` holds when
        ``call`` hands it over, if that is all it does with it (``fills``)."""
        ctx = self.ctx
        facts = ctx.evaluator.facts
        qualname = ctx.qualname(call.func)
        function = facts.function(qualname) if qualname is not None else None
        if function is None or function.owner is not None or not facts.in_project(
            function.module
        ):
            return None
        parameter = next((k.arg for k in call.keywords if k.value is name), None)
        positional: list[Value] = []
        for index, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                return None
            if argument is name:
                names = function.positional_names
                parameter = names[index] if index < len(names) else None
            positional.append(self._classify(argument, env))
        if parameter is None:
            return None
        stored = function.summary.stores(parameter)
        if stored is None:
            return None
        keywords = {k.arg: self._classify(k.value, env) for k in call.keywords if k.arg}
        inside = facts.function_env(
            function, call_sites=False,
            arguments=facts.bind(function.qualname, positional, keywords),
        )
        return join_all([facts.evaluate(function.module, text, inside) for text in stored],
                        NOTHING)

    # -- expressions ----------------------------------------------------------------

    def expression_targets(self, target: ast.expr) -> None:
        """Visit what an assignment target evaluates (subscripts, attributes' bases)."""
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.expression_targets(element)
        elif isinstance(target, ast.Starred):
            self.expression_targets(target.value)
        elif not isinstance(target, ast.Name):
            self.expression(target)

    def expression(self, node: ast.expr) -> None:
        """Fire the hooks of every call and constant within ``node``."""
        ctx = self.ctx
        if not ctx.reporting:
            return
        stack: list[ast.AST] = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, ast.Call):
                self.call(current)
            elif isinstance(current, ast.Constant):
                if self.wants_constants:
                    for rule in self.rules:
                        rule.visit_constant(ctx, current)
                continue
            elif isinstance(current, ast.NamedExpr):
                ctx.env = dict(ctx.env)
                ctx.env[current.target.id] = ctx.evaluator.bound(current.value, ctx.env, ctx.scope)
            elif isinstance(current, ast.Lambda):
                self.lambda_(current)
                continue
            elif isinstance(current, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                self.comprehension(current)
                continue
            stack.extend(reversed(list(ast.iter_child_nodes(current))))

    def call(self, node: ast.Call) -> None:
        ctx = self.ctx
        runtime = ctx.evaluator.runtime_name(node.func, ctx.scope) if self.wants_calls else None
        if self.wants_calls:
            for rule in self.rules:
                rule.visit_call(ctx, node, runtime)
        if self.wants_sinks and runtime is None:
            site = self.sink_site(node)
            if site is not None:
                self.visit_sink(site)
            elif ctx.sink_call is not None:
                self.onward(node)
            if (
                isinstance(node.func, ast.Call)
                and len(node.args) == 1
                and not node.keywords
                and self.matcher.decorators
            ):
                applied = ctx.qualname(node.args[0])  # ``sink(...)(function)``
                if applied is not None:
                    self.named_parameters(node.func, applied)

    def named_parameters(self, decorator: ast.Call, function: str) -> None:
        """``@with_telemetry("helper", "create_runner", False, "profile_name")``: a literal
        argument of a decorator sink that names a parameter of the function it decorates
        sends that parameter's value with every call (dlt's telemetry decorators). What
        the parameter may hold, by its annotation or what its callers pass, is checked
        where the decorator names it."""
        ctx = self.ctx
        site = self.sink_site(decorator)
        spec = self.matcher.spec(site.sink) if site is not None and site.sink else None
        if site is None or spec is None or not spec.decorator or spec.redacts:
            return  # a redacting sink redacts the value whole: nothing to mark where named
        found = ctx.evaluator.facts.function(function)
        if found is None:
            return
        names = {name for name, kind, _, _ in found.summary.params
                 if kind not in ("vararg", "kwarg")}
        named = [  # positional: a keyword's value is a value (``operation="info"``)
            argument for argument in decorator.args
            if argument is not site.event_node
            and isinstance(argument, ast.Constant)
            and isinstance(argument.value, str)
            and argument.value in names
        ]
        if not named:
            return
        values = ctx.evaluator.facts.parameters(found)
        short = function.rsplit(".", 1)[-1]
        for literal in named:
            assert isinstance(literal.value, str)
            parameter = ast.copy_location(ast.Name(id=literal.value, ctx=ast.Load()), literal)
            call = ast.copy_location(
                ast.Call(func=decorator.func, args=[], keywords=[]), literal
            )
            checked = SinkSite(
                call=call,
                label=f"{site.label} as the value of {short}'s parameter {literal.value!r}",
                is_event_class=False,
                others=[parameter],
            )
            self.visit_made_up(checked, {literal.value: values.get(literal.value, UNKNOWN)})

    def onward(self, node: ast.Call) -> None:
        """Inside a declared sink, a call that it hands one of its parameters to as it is
        sends that on (to a vendor, a queue, a helper that posts it): what else the call is
        given, the sink adds to every event it sends. That is checked as the sink's own
        arguments are, its parameters in it being checked where it is called."""
        ctx = self.ctx
        parameters = ctx.sink_parameters - {ctx.sink_receiver}
        func = node.func
        builtin = isinstance(func, ast.Name) and (
            ctx.scopes.binding_scope(func.id, ctx.scope) is None
            and (func.id in stdlib.BUILTIN_FUNCTIONS or func.id in stdlib.TYPES)
        )
        if builtin:
            return  # ``isinstance(properties, dict)``, ``dict(properties)``
        if isinstance(func, ast.Attribute) and (
            func.attr in LEVELS
            or (isinstance(func.value, ast.Name) and func.value.id in parameters)
        ):
            return  # a log line, or a method of what the sink was given
        arguments = [*node.args, *(k.value for k in node.keywords)]

        def carried(argument: ast.expr) -> bool:
            """Made of the sink's parameters alone (``properties``, ``event.name``,
            ``dict(properties)``, ``f"{category}_{name}"``): checked where it is called."""
            names = {n.id for n in ast.walk(argument) if isinstance(n, ast.Name)} - {
                # what a comprehension binds is read from what it runs over
                n.id for c in ast.walk(argument) if isinstance(c, ast.comprehension)
                for n in ast.walk(c.target) if isinstance(n, ast.Name)
            }
            return bool(names & parameters) and all(
                name in parameters or (
                    ctx.scopes.binding_scope(name, ctx.scope) is None
                    and (name in stdlib.BUILTIN_FUNCTIONS or name in stdlib.TYPES)
                ) or _encoder(ctx.scopes.resolve(ast.Name(id=name, ctx=ast.Load()), ctx.scope))
                for name in names
            )

        if not any(carried(a) for a in arguments):
            return
        others = [a for a in arguments if not carried(a) and not isinstance(a, ast.Starred)]
        callee = ctx.qualname(func)
        facts = ctx.evaluator.facts
        function = facts.function(callee) if callee is not None else None
        if (
            node is not self.discarded
            and function is not None
            and facts.in_project(function.module)  # not a library read from the environment
            and _adds(function)
        ):
            # A function of the project making what is sent of the sink's parameters
            # (``payload = get_payload(properties)``): what it adds to them comes back.
            others.append(node)
        if not others or ctx.sink_call is None:
            return
        # Only what the sink adds is taken apart: a call of those alone, where they are.
        added = ast.copy_location(ast.Call(func=func, args=others, keywords=[]), node)
        added.end_lineno, added.end_col_offset = node.end_lineno, node.end_col_offset
        spec = self.matcher.spec(ctx.sink_call)
        site = SinkSite(
            call=added,
            label=f"{ast.unparse(func)} with every event of {ctx.sink_call}",
            is_event_class=False,
            others=others,
            redacts=spec is not None and spec.redacts,  # its own code redacts what it sends
        )
        env = ctx.env
        self.visit_made_up(site, {
            **env,
            **{name: with_safety(env[name], min(env[name].safety, Safety.SAFE))
               for name in parameters if name in env},
        })

    def visit_made_up(self, site: SinkSite, env: Env, *, counted: bool = False) -> None:
        """Every rule's look at a site no call in the code is (what a sink adds, a
        parameter a decorator names, what is stored in a sent object), with ``env``
        holding what its values are there (``counted``: a match of its sink)."""
        ctx = self.ctx
        kept, ctx.env = ctx.env, env
        try:
            self.visit_sink(site, counted=counted)
        finally:
            ctx.env = kept

    def visit_sink(self, site: SinkSite, *, counted: bool = True) -> None:
        """Every rule's look at a sink call (``counted``: a call written in the code, as
        opposed to what a decorator's function returns or a block stores for the sink,
        which its decorator or ``with`` already counted)."""
        if site.sink is not None and counted:
            self.ctx.matched.append((site.sink, site.call.lineno))
        self.boundaries(site)
        for rule in self.rules:
            rule.visit_sink(self.ctx, site)

    def boundaries(self, site: SinkSite) -> None:
        """What ``site`` redacts before it leaves: everything (an event class, a logging
        call, a sink that says it redacts), the arguments of a ``@boundary`` sink but the
        ones it keeps, and whatever is passed in ``redacted(...)``."""
        ctx = self.ctx
        spec = self.matcher.spec(site.sink) if site.sink is not None else None
        site.redacts = site.redacts or site.is_event_class or site.logging or (
            spec is not None and spec.redacts
        )
        kept = None
        if site.sink is not None and not site.redacts:
            facts = ctx.evaluator.facts
            defined = self.matcher.canonical.get(site.sink, site.sink)
            names = facts.boundary(defined)
            function = facts.function(defined)
            if names is not None and function is not None:
                positional = function.positional_names
                call = site.call
                kept = [a for a, n in zip(call.args, positional, strict=False) if n in names]
                kept += [k.value for k in call.keywords if k.arg in names]

        def is_redacted(node: ast.expr) -> bool:
            return (
                isinstance(node, ast.Call)
                and len(node.args) == 1
                and ctx.evaluator.runtime_name(node.func, ctx.scope) == "redacted"
            )

        def is_record(call: ast.Call) -> bool:
            return (
                ctx.value(call.func).kinds == Kind.CLASS
                and ctx.value(call).kinds == Kind.OBJECT
                and not is_redacted(call)
            )

        call = site.call
        for argument in [*call.args, *(k.value for k in call.keywords)]:
            found = record_arguments(argument, ctx.scope.node, is_record)
            if found:
                site.carried[id(argument)] = [
                    (record, value) for record, value in found
                    if not ctx.checked_at_callers(value)
                ]
        open_boundaries(site, is_redacted, ctx.event_name, kept, ctx.scope.node)

    def sending_decorator(self, node: FunctionNode) -> ast.expr | None:
        """The decorator of ``node`` declared ``returns = true``: it sends what the
        function returns."""
        if not self.matcher.returning or not self.wants_sinks:
            return None
        for decorator in node.decorator_list:
            callee = decorator.func if isinstance(decorator, ast.Call) else decorator
            probe = ast.copy_location(ast.Call(func=callee, args=[], keywords=[]), decorator)
            site = self.sink_site(probe)
            if site is not None and site.sink in self.matcher.returning:
                return callee
        return None

    def returned_event(self, decorator: ast.expr, value: ast.expr) -> None:
        """``return "event", {...}`` under a decorator that sends what it returns: checked
        as the decorator's sink called with the returned tuple's items."""
        items = value.elts if isinstance(value, ast.Tuple) else [value]
        self.sent_without_a_call(ast.Call(func=decorator, args=list(items), keywords=[]), value)

    def bare_decorator(self, decorator: ast.expr) -> None:
        """``@event_logger.log_this``: a use of a sink declared with ``decorator = true``
        that passes no arguments (``@sink(...)`` is a call, matched as one)."""
        if isinstance(decorator, ast.Call) or not self.matcher.decorators or not (
            self.wants_sinks and self.ctx.reporting
        ):
            return
        call = ast.copy_location(ast.Call(func=decorator, args=[], keywords=[]), decorator)
        call.end_lineno, call.end_col_offset = decorator.end_lineno, decorator.end_col_offset
        site = self.sink_site(call)
        if site is not None and site.sink in self.matcher.decorators:
            self.visit_sink(site)

    def sink_site(self, node: ast.Call) -> SinkSite | None:
        """The sink ``node`` calls, taken apart; None when it calls none. The callee is
        matched by qualified name, then by each name a conditional binding may give it,
        then as a method of its receiver's class, then by a declared bare name, then as
        a standard library logging call when ``logging = true``."""
        ctx = self.ctx
        func = node.func
        if isinstance(func, ast.Call):
            return None  # ``sink(event)(function)`` calls what the sink returned
        qualname = ctx.qualname(func)
        if qualname == "functools.partial" and node.args and not isinstance(
            node.args[0], ast.Starred
        ):
            # ``partial(sink, service_name)``: what it binds goes with every later call.
            bound = ast.Call(func=node.args[0], args=node.args[1:], keywords=node.keywords)
            return self.sink_site(ast.copy_location(bound, node))
        site = self.matcher.match(node, qualname, ctx.event_name)
        if site is None and qualname is not None and qualname.rsplit(".", 1)[-1] in (
            self.matcher.last_names
        ):
            defined = ctx.evaluator.facts.canonical_call(qualname)
            if defined != qualname:
                site = self.matcher.match(node, defined, ctx.event_name)
        if site is None and isinstance(func, ast.Attribute) and func.attr in (
            self.matcher.last_names
        ):
            spelled = self._module_path(func)
            if spelled is not None:
                site = self.matcher.match(node, spelled, ctx.event_name)
        if site is None and qualname is None:
            for candidate in sorted(ctx.scopes.candidates(func, ctx.scope)):
                site = self.matcher.match(node, candidate, ctx.event_name)
                if site is not None:
                    return site
        if site is None:
            if isinstance(func, ast.Attribute):
                site = self.method_sink(node, func)
            elif (
                qualname is None
                and isinstance(func, ast.Name)
                and ctx.scopes.binding_scope(func.id, ctx.scope) is not None
            ):
                # A callable handed in as a parameter or bound locally.
                site = self.matcher.match_bare(node, func.id, ctx.event_name)
        if site is None and self.logging is not None:
            site = self.logging.site(node, qualname)
        if site is None and isinstance(func, (ast.Attribute, ast.Name)):
            site = self.held_sink(node, func)
        if site is None and "__call__" in self.matcher.last_names:
            site = self.called_object(node)
        if site is not None and site.unchecked:
            self.plain_values(site)
        return site

    def plain_values(self, site: SinkSite) -> None:
        """A properties argument that is no container at all (``platform.system()``
        where a sink's ``properties`` go) is a value like any other: checked as one,
        not reported as properties that cannot be checked."""
        call = site.call
        passed = {id(a) for a in call.args} | {id(k.value) for k in call.keywords if k.arg}
        for node in list(site.unchecked):
            if id(node) not in passed or isinstance(node, ast.Starred):
                continue  # a computed key, ``**kwargs``: properties indeed unchecked
            assert isinstance(node, ast.expr)
            kinds = self.ctx.value(node).kinds
            if kinds != ANY and not kinds & (Kind.MAPPING | Kind.SEQUENCE):
                site.unchecked.remove(node)
                site.others.append(node)

    def _module_path(self, func: ast.Attribute) -> str | None:
        """``module.event_logger.log`` for ``event_logger.log`` where ``event_logger`` is
        the module's own global: a sink declared by the object's name, called where the
        object is made (elsewhere its import gives that name)."""
        parts = [func.attr]
        current: ast.expr = func.value
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            return None
        scopes = self.ctx.scopes
        if scopes.binding_scope(current.id, self.ctx.scope) is not scopes.module:
            return None
        return ".".join([scopes.module_name, current.id, *reversed(parts)])

    def is_sink(self, node: ast.Call) -> bool:
        """Whether ``node`` calls a declared sink or an event class."""
        return self.sink_site(node) is not None

    def held_sink(self, node: ast.Call, func: ast.Attribute | ast.Name) -> SinkSite | None:
        """A call of a name or attribute that holds a sink (``self.event =
        self.analytics.event`` then ``self.event("exit")``): a bound method or function
        kept as a value is called as the sink it is."""
        ctx = self.ctx
        callee = ctx.value(func)
        if not callee.classes and isinstance(func, ast.Name):
            # A local bound once to it (``send = coder.analytics.event``), which the walk
            # does not follow for a name no sink argument reads.
            owner = ctx.scopes.binding_scope(func.id, ctx.scope)
            bindings = owner.bindings.get(func.id, []) if owner is ctx.scope else []
            if len(bindings) == 1 and isinstance(bindings[0], Alias):
                callee = ctx.value(bindings[0].target)
        if not callee.kinds & Kind.CLASS or not callee.classes:
            return None
        for candidate in sorted(callee.classes):
            site = self.matcher.match(node, candidate, ctx.event_name)
            if site is not None:
                return site
        return None

    def called_object(self, node: ast.Call) -> SinkSite | None:
        """``events(cfg)`` where ``events`` is an object whose class (or a base) has a
        declared ``__call__`` sink: calling the object calls that method."""
        callee = self.ctx.value(node.func)
        if not callee.kinds & Kind.OBJECT:
            return None
        return self._declared_method(node, callee, "__call__")

    def method_sink(self, node: ast.Call, func: ast.Attribute) -> SinkSite | None:
        """``receiver.method(...)`` where the receiver's class (or a base of it) has a
        declared sink method: ``self.log_with_context(...)`` in a subclass, say."""
        if func.attr not in self.matcher.last_names:
            return None
        receiver = self.ctx.value(func.value)
        if not receiver.kinds & (Kind.OBJECT | Kind.CLASS):
            return None
        return self._declared_method(node, receiver, func.attr)

    def _declared_method(self, node: ast.Call, receiver: Value, method: str) -> SinkSite | None:
        """The sink ``node`` calls as ``method`` of one of ``receiver``'s classes or
        their bases."""
        ctx = self.ctx
        facts = ctx.evaluator.facts
        for owner in sorted(receiver.classes):
            for base in facts.mro(owner):
                site = self.matcher.match(node, f"{base}.{method}", ctx.event_name)
                if site is not None:
                    return site
        return None

    def lambda_(self, node: ast.Lambda) -> None:
        ctx = self.ctx
        outer_scope, outer_env = ctx.scope, ctx.env
        ctx.scope = ctx.scopes.scope_of(node)
        env = self.captured(outer_env, ctx.scope, outer_scope)
        args = node.args
        for argument in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if argument is not None:
                env[argument.arg] = UNKNOWN
        for default in [*args.defaults, *args.kw_defaults]:
            if default is not None:
                ctx.scope, ctx.env = outer_scope, outer_env
                self.expression(default)
                ctx.scope = ctx.scopes.scope_of(node)
        ctx.env = env
        self.expression(node.body)
        ctx.scope, ctx.env = outer_scope, outer_env

    def comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        ctx = self.ctx
        outer_scope, outer_env = ctx.scope, ctx.env
        self.expression(node.generators[0].iter)
        ctx.scope = ctx.scopes.scope_of(node)
        env = dict(outer_env)
        for index, generator in enumerate(node.generators):
            ctx.env = env
            if index:
                self.expression(generator.iter)
            self.bind_target(generator.target, self.element_value(generator.iter, env), env)
            ctx.env = env
            for condition in generator.ifs:
                self.expression(condition)
        ctx.env = env
        elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        for element in elements:
            self.expression(element)
        ctx.scope, ctx.env = outer_scope, outer_env


def _own_expressions(node: ast.stmt) -> Iterator[ast.expr]:
    """The expressions a statement evaluates itself (its header), not its body's."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            yield child
        elif isinstance(child, ast.withitem):
            yield child.context_expr


def _named_expressions(node: ast.expr) -> Iterator[ast.NamedExpr]:
    """``:=`` within ``node`` in source order, but not a lambda's (they bind in the lambda)."""
    stack: list[ast.AST] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Lambda):
            continue
        if isinstance(current, ast.NamedExpr):
            yield current
        stack.extend(reversed(list(ast.iter_child_nodes(current))))


def _statement_lines(node: ast.stmt | ast.excepthandler) -> tuple[int, int]:
    """The lines a suppression comment may sit on: a compound statement's header only."""
    start = node.lineno
    decorators = getattr(node, "decorator_list", None)
    if decorators:
        start = min(start, *(d.lineno for d in decorators))
    body = getattr(node, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        return start, max(node.lineno, body[0].lineno - 1)
    return start, node.end_lineno or node.lineno


# Calls of the runtime (and str methods it shares names with): their arguments matter.
RUNTIME_WORDS = frozenset({
    "safe", "unsafe", "hashed", "format", "sprintf", "join", "SafeStr", "RedactableStr",
    "Builder", "printf", "print", "register_safe_type", "safe_type",
})


def _nodes(roots: Sequence[ast.AST]) -> Iterator[ast.AST]:
    """Every node under ``roots``, function bodies below the first level left out (each
    function is its own scope, with its own names)."""
    stack = list(roots)
    top = {id(root) for root in roots}
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)) and id(current) not in top:
            stack.extend(current.decorator_list)
            stack.extend(current.args.defaults)
            continue
        stack.extend(ast.iter_child_nodes(current))


def _forget_rebound(node: ast.stmt, env: Env) -> Env:
    """``env`` without the narrowed chains a statement may change: those under a name
    or attribute it assigns or deletes, or whose items it assigns, deletes or changes
    with a method of a mapping (any other call that changes an object in place is not
    followed, as type checkers do not follow it)."""
    stored: set[str] = set()
    for target in ast.walk(node):
        if isinstance(target, (ast.Name, ast.Attribute)) and isinstance(
            target.ctx, (ast.Store, ast.Del)
        ):
            key = reference(target)
        elif isinstance(target, ast.Subscript) and isinstance(target.ctx, (ast.Store, ast.Del)):
            key = reference(target.value)
        elif (
            isinstance(target, ast.Call)
            and isinstance(target.func, ast.Attribute)
            and target.func.attr in _MAPPING_CHANGES
        ):
            key = reference(target.func.value)
        else:
            continue
        if key is not None:
            stored.add(key)
    if not stored:
        return env
    return {
        key: value for key, value in env.items()
        if not is_chain(key) or not any(
            chain_base(key) == s or chain_base(key).startswith(s + ".") for s in stored
        )
    }


_CLICK_PARAMETERS = frozenset({
    "click.option", "click.argument", "click.decorators.option", "click.decorators.argument",
})
_CLICK_CHOICES = frozenset({"click.Choice", "click.types.Choice"})


def _flag(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _click_name(decorator: ast.Call) -> str | None:
    """The parameter a click option or argument fills: its name given without dashes,
    else its longest option name with the dashes dropped (``--dry-run``: ``dry_run``)."""
    names = [
        a.value for a in decorator.args
        if isinstance(a, ast.Constant) and isinstance(a.value, str)
    ]
    plain = [n for n in names if not n.startswith("-")]
    if plain:
        return plain[0] if plain[0].isidentifier() else None
    if not names:
        return None
    longest = max(names, key=len).lstrip("-").replace("-", "_").lower()
    return longest if longest.isidentifier() else None


def _collects(statements: Sequence[ast.stmt], words: frozenset[str]) -> bool:
    """Whether ``statements`` hold a ``with`` of a call named like a collecting sink."""
    for node in _nodes(statements):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                call = item.context_expr
                if isinstance(call, ast.Call):
                    func = call.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in words:
                        return True
    return False


_MAPPING_CHANGES = frozenset({"update", "pop", "popitem", "setdefault", "clear", "__setitem__",
                              "__delitem__"})


def _schema_load(node: ast.stmt) -> ast.Call | None:
    """The ``x.load(data)`` call a statement is (or assigns), which may validate."""
    value = node.value if isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "load"
        and (value.args or value.keywords)
    ):
        return value
    return None


def _event_parameter(
    event: Parameter, positional: list[ast.arg], method: bool
) -> str | None:
    """The name of a declared sink's event parameter in its own definition (a position
    counts the arguments its callers pass, so a method's receiver is skipped)."""
    if event.name is not None:
        return event.name
    index = (event.position or 0) + (1 if method else 0)
    return positional[index].arg if event.position is not None and index < len(
        positional
    ) else None


def flag_default(default: ast.expr | None) -> Value:
    """An unannotated parameter whose default is ``True``, ``False`` or a number is taken
    to be of that kind, as type checkers infer it (``log_traces=True``); any other is
    unknown."""
    if isinstance(default, ast.UnaryOp) and isinstance(default.op, ast.USub):
        default = default.operand
    if isinstance(default, ast.Constant) and isinstance(default.value, (bool, int, float)):
        return BOOL if isinstance(default.value, bool) else NUMBER
    return UNKNOWN


def _bound_from(names: set[str], assignments: list[tuple[set[str], set[str]]]) -> set[str]:
    """``names`` and every name they are bound from, a few steps back."""
    found = set(names)
    for _ in range(5):
        grown = set(found)
        for bound, used in assignments:
            if bound & grown:
                grown |= used
        if grown == found:
            break
        found = grown
    return found


def _is_tracked(value: Value | None) -> bool:
    """A container whose contents are known (so what is added to it matters)."""
    return (
        value is not None
        and bool(value.kinds & _CONTAINERS)
        and not value.kinds & ~(_CONTAINERS | Kind.NONE)
        and value.safety < Safety.UNKNOWN
        and not value.classes
    )


def _add(env: Env, name: str, added: Value) -> None:
    current = env[name]
    env[name] = Value(current.kinds, max(current.safety, added.safety))


def _name_uses(node: ast.expr) -> Iterator[tuple[ast.Name, ast.AST | None, ast.AST | None]]:
    """Every name loaded in ``node`` with its parent and grandparent (lambdas skipped)."""
    stack: list[tuple[ast.AST, ast.AST | None, ast.AST | None]] = [(node, None, None)]
    while stack:
        current, parent, grandparent = stack.pop()
        if isinstance(current, ast.Name) and isinstance(current.ctx, ast.Load):
            yield current, parent, grandparent
            continue
        if isinstance(current, ast.Lambda):
            continue
        for child in ast.iter_child_nodes(current):
            stack.append((child, current, parent))


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


# Standard library modules that only encode what they are given (``json.dumps(payload)
# .encode()``, ``urllib.parse.urlencode(params)``): nothing of their own is added.
_ENCODERS = ("json", "base64", "gzip", "zlib", "urllib.parse")


def _encoder(qualname: str | None) -> bool:
    return qualname is not None and any(
        qualname == module or qualname.startswith(f"{module}.") for module in _ENCODERS
    )


def _adds(function: Function) -> bool:
    """Whether what ``function`` returns may hold more than its parameters (read, indexed,
    converted by builtins): a name it returns, or a local it returns is bound from, that is
    neither a parameter nor a builtin. Unknown when its body was not kept."""
    returned, assigned = function.summary.body()
    if returned is None:
        return True
    parameters = {name for name, _, _, _ in function.summary.params}
    seen: set[str] = set()
    texts = list(returned)
    while texts:
        try:
            tree = ast.parse(texts.pop(), mode="eval")
        except SyntaxError:
            return True
        bound = {n.id for c in ast.walk(tree) if isinstance(c, ast.comprehension)
                 for n in ast.walk(c.target) if isinstance(n, ast.Name)}
        for name in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - bound:
            if name in parameters or name in seen or (
                name in stdlib.BUILTIN_FUNCTIONS or name in stdlib.TYPES
            ):
                continue
            seen.add(name)
            sources = assigned.get(name)
            if sources is None:
                return True  # a global, another function's result, or bound some other way
            texts.extend(sources)
    return False

