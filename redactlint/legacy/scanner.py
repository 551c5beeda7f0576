"""Legacy sink calls: declared ``[[tool.redactlint.sinks]]`` calls that name their event.

``redactlint migrate`` rewrites them onto the registry and ``redactlint schema
infer`` writes schema stubs from them. Both find them as the checker does: the
stdlib ``ast``, qualified names through the module's scopes, the same
``SinkMatcher``. Each call is taken apart with exact spans (1-based, in
characters, end exclusive, as findings are): the event-name argument, the
property mapping (a dict display or a ``dict(...)`` call) entry by entry, the
other arguments, and what cannot be seen (``**kwargs``, a non-literal key, a
mapping held in a variable), each as a reason in words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..analysis.config import Config, Parameter, SinkSpec
from ..analysis.context import Context
from ..analysis.directives import read_directives
from ..analysis.engine import display_path
from ..analysis.facts import ProjectFacts, environment_path
from ..analysis.findings import Span
from ..analysis.registry import Registry
from ..analysis.safety import Evaluator
from ..analysis.scopes import Scope, Scopes, module_name_for
from ..analysis.signatures import read_signatures
from ..analysis.sink_sites import SinkMatcher, argument_at, argument_place
from ..analysis.sources import decode, parse_source, physical_lines, read_source
from ..analysis.stack import on_deep_stack
from ..schema.infer import ObservedCall, ObservedValue
from .values import ValueTypes

# Where an argument sits in a call: ("positional", index in call.args) or
# ("keyword", index in call.keywords).
Place = tuple[Literal["positional", "keyword"], int]
PropertiesForm = Literal["dict", "call", "none", "other"]


@dataclass(frozen=True)
class LegacyProperty:
    """One literal key of the call's property mapping and its value."""

    key: str
    index: int  # among the dict display's elements, or the dict(...) call's keywords
    start: Span  # the entry's key (or keyword)
    value: ast.expr
    value_span: Span
    observed: ObservedValue


@dataclass(frozen=True)
class LegacyArgument:
    """An argument that is neither the event name nor the properties."""

    place: Place
    keyword: str | None
    text: str  # as written, for messages


@dataclass
class LegacyCall:
    """A declared sink call, taken apart."""

    path: str
    call: ast.Call
    span: Span
    sink: str  # the declared ``call``
    scope: Scope
    event: str | None = None  # the event name, when it is a literal
    properties: list[LegacyProperty] = field(default_factory=list)
    properties_place: Place | None = None
    properties_form: PropertiesForm = "none"
    extras: list[LegacyArgument] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what the scan cannot see
    awaited: bool = False
    indent: str = ""  # the leading whitespace of the line the call starts on

    @property
    def where(self) -> str:
        return f"{self.path}:{self.span.line}:{self.span.column}"

    def observation(self) -> ObservedCall | None:
        """What ``schema infer`` learns from this call (None without a literal event name)."""
        if self.event is None:
            return None
        complete = not self.problems and self.properties_form != "other"
        properties = tuple((p.key, p.observed) for p in self.properties)
        return ObservedCall(self.event, properties, complete, self.where)


@dataclass
class LegacyModule:
    """The legacy calls of one module, and its scopes (to spell names at a call)."""

    path: str
    source: str
    scopes: Scopes | None = None
    calls: list[LegacyCall] = field(default_factory=list)
    error: str | None = None  # why the module could not be scanned


class LegacyScanner:
    """Finds the calls of the declared sinks that take an event-name argument."""

    def __init__(self, config: Config, registry: Registry | None = None) -> None:
        self.config = config
        self.registry = registry if registry is not None else Registry()
        self.facts = ProjectFacts(
            (config.root, config.root / "src"),
            search_path=environment_path(config.environment, config.root),
        )
        # By name and position, whichever the configuration gave, where the signature tells.
        completed, _ = read_signatures(config, self.facts)
        self.sinks = [spec for spec in completed if spec.event is not None]
        self.matcher = SinkMatcher(self.sinks, self.registry)
        words = sorted({spec.call.rsplit(".", 1)[-1] for spec in self.sinks})
        self._prefilter = re.compile("|".join(re.escape(word) for word in words)) if words else None

    def might_call(self, source: str) -> bool:
        """False when ``source`` cannot call a legacy sink (it never names one)."""
        return self._prefilter is not None and self._prefilter.search(source) is not None

    def scan_file(self, path: Path) -> LegacyModule:
        """Read, decode and scan one file; a file that cannot be read is an error, not a crash."""
        shown = display_path(path)
        try:
            source = decode(read_source(path))
        except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as error:
            return LegacyModule(shown, "", error=f"cannot read the file: {error}")
        module = module_name_for(str(path), self.facts.roots)
        return self.scan_source(shown, source, module, path.stem == "__init__")

    def scan_source(
        self, path: str, source: str, module_name: str, is_package: bool = False
    ) -> LegacyModule:
        """The legacy calls in ``source``, in source order.

        Parsed and walked as ``check`` does (on a deep stack when the default one is
        too shallow), so the two tools see the same files the checker sees.
        """
        module = LegacyModule(path, source)
        if not self.might_call(source):
            return module
        try:
            tree = parse_source(source, path)
        except (SyntaxError, ValueError) as error:
            module.error = f"cannot parse the file: {error}"
            return module
        except (RecursionError, MemoryError):
            module.error = "too deeply nested to scan"
            return module
        try:
            try:
                scopes, calls = self._scan(path, source, tree, module_name, is_package)
            except RecursionError:
                scopes, calls = on_deep_stack(
                    lambda: self._scan(path, source, tree, module_name, is_package)
                )
        except (RecursionError, MemoryError):
            module.error = "too deeply nested to scan"
            return module
        module.scopes = scopes
        module.calls = sorted(calls, key=lambda call: call.span)
        return module

    def _scan(
        self, path: str, source: str, tree: ast.Module, module_name: str, is_package: bool
    ) -> tuple[Scopes, list[LegacyCall]]:
        """The module's scopes and its legacy calls, in walk order."""
        scopes = Scopes(tree, module_name, is_package)
        ctx = Context(
            path=path,
            lines=physical_lines(source),
            config=self.config,
            registry=self.registry,
            scopes=scopes,
            evaluator=Evaluator(scopes, self.facts),
            directives=read_directives(""),
            scope=scopes.module,
        )
        self.facts.register(module_name, is_package, tree, source)
        finder = _Finder(self, ctx)
        finder.walk(tree)
        return scopes, finder.calls


class _Finder:
    """Walks a module, keeping the scope and enclosing function of every call."""

    def __init__(self, scanner: LegacyScanner, ctx: Context) -> None:
        self.scanner = scanner
        self.ctx = ctx
        self.functions: list[ast.FunctionDef | ast.AsyncFunctionDef | None] = []
        self.awaited: set[int] = set()
        self.calls: list[LegacyCall] = []

    def walk(self, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for decorator in getattr(node, "decorator_list", []):
                self.walk(decorator)
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    self.walk(default)
            body = node.body if isinstance(node.body, list) else [node.body]
            function = None if isinstance(node, ast.Lambda) else node
            self._within(node, body, function)
            return
        if isinstance(node, ast.ClassDef):
            for child in [*node.decorator_list, *node.bases, *node.keywords]:
                self.walk(child)
            self._within(node, node.body, None)
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            self.walk(node.generators[0].iter)
            inner: list[ast.AST] = []
            for index, generator in enumerate(node.generators):
                inner.extend([generator.target, *generator.ifs])
                if index:
                    inner.append(generator.iter)
            if isinstance(node, ast.DictComp):
                inner.extend([node.key, node.value])
            else:
                inner.append(node.elt)
            self._within(node, inner, self.functions[-1] if self.functions else None)
            return
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
            self.awaited.add(id(node.value))
        if isinstance(node, ast.Call):
            self._call(node)
        for child in ast.iter_child_nodes(node):
            self.walk(child)

    def _within(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef | ast.expr,
        children: Sequence[ast.AST],
        function: ast.FunctionDef | ast.AsyncFunctionDef | None,
    ) -> None:
        ctx = self.ctx
        outer = ctx.scope
        ctx.scope = ctx.scopes.scope_of(node)  # type: ignore[arg-type]
        self.functions.append(function)
        for child in children:
            self.walk(child)
        self.functions.pop()
        ctx.scope = outer

    def _call(self, node: ast.Call) -> None:
        ctx = self.ctx
        if ctx.evaluator.runtime_name(node.func, ctx.scope) is not None or isinstance(
            node.func, ast.Call
        ):
            return  # the runtime, or a call of what a call returned
        site = self.scanner.matcher.match(node, ctx.qualname(node.func), ctx.event_name)
        if site is None or site.is_event_class:
            return
        spec = _spec_for(self.scanner.sinks, site.label)
        if spec is None or self._forwards(node, spec):
            return
        call = LegacyCall(ctx.path, node, ctx.span(node), spec.call, ctx.scope)
        call.awaited = id(node) in self.awaited
        line = ctx.lines[call.span.line - 1] if call.span.line <= len(ctx.lines) else ""
        call.indent = line[: len(line) - len(line.lstrip(" \t"))]
        _decompose(call, spec, ctx, ValueTypes(ctx, self.functions[-1] if self.functions else None))
        self.calls.append(call)


    def _forwards(self, node: ast.Call, spec: SinkSpec) -> bool:
        """A call in the sink's own module passing on its function's event parameter
        (``def track_user(user, event, props): return track(event, props)``): the client's
        plumbing, whose callers name the event, not a call to migrate."""
        function = self.functions[-1] if self.functions else None
        if function is None or not spec.call.startswith(self.ctx.module_name + "."):
            return False
        event = argument_at(node, argument_place(node, spec.event))
        args = function.args
        names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
        return isinstance(event, ast.Name) and event.id in names


def _spec_for(sinks: Sequence[SinkSpec], label: str) -> SinkSpec | None:
    for spec in sinks:
        if spec.call == label:
            return spec
    return None


def _decompose(call: LegacyCall, spec: SinkSpec, ctx: Context, types: ValueTypes) -> None:
    node = call.call
    event_place = _place(node, spec.event)
    properties_place = _place(node, spec.properties)
    event_node = _at(node, event_place)
    if event_node is None:
        call.problems.append(f"no event name argument ({_parameter(spec.event)})")
    else:
        call.event = ctx.event_name(event_node)
        if call.event is None:
            call.problems.append(f"dynamic event name {_text(ctx, event_node)}")
    for index, argument in enumerate(node.args):
        place: Place = ("positional", index)
        if place in (event_place, properties_place):
            continue
        if isinstance(argument, ast.Starred):
            call.problems.append(f"{_text(ctx, argument)} unpacks positional arguments")
        else:
            call.extras.append(LegacyArgument(place, None, _text(ctx, argument)))
    for index, keyword in enumerate(node.keywords):
        place = ("keyword", index)
        if place in (event_place, properties_place):
            continue
        if keyword.arg is None:
            call.problems.append(
                f"`**{_text(ctx, keyword.value, quote=False)}` unpacks keyword arguments"
            )
        else:
            call.extras.append(LegacyArgument(place, keyword.arg, _text(ctx, keyword)))
    call.properties_place = properties_place
    properties = _at(node, properties_place)
    if properties is None or (isinstance(properties, ast.Constant) and properties.value is None):
        call.properties_form = "none"
        return
    if isinstance(properties, ast.Dict):
        call.properties_form = "dict"
        for index, (key, value) in enumerate(zip(properties.keys, properties.values, strict=True)):
            if key is None:
                call.problems.append(f"`**{_text(ctx, value, quote=False)}` unpacks a mapping")
                continue
            text = ctx.event_name(key)
            if text is None:
                call.problems.append(f"non-literal key {_text(ctx, key)}")
                continue
            call.properties.append(_property(ctx, types, text, index, key, value))
        return
    if (
        isinstance(properties, ast.Call)
        and isinstance(properties.func, ast.Name)
        and properties.func.id == "dict"
        and ctx.scopes.binding_scope("dict", ctx.scope) is None
    ):
        call.properties_form = "call"
        if properties.args:
            call.problems.append("dict(...) with a positional argument")
        for index, keyword in enumerate(properties.keywords):
            if keyword.arg is None:
                call.problems.append(
                    f"`**{_text(ctx, keyword.value, quote=False)}` unpacks a mapping"
                )
                continue
            call.properties.append(
                _property(ctx, types, keyword.arg, index, keyword, keyword.value)
            )
        return
    call.properties_form = "other"
    call.problems.append(f"the properties {_text(ctx, properties)} are not a literal mapping")


def _property(
    ctx: Context, types: ValueTypes, key: str, index: int, start: ast.AST, value: ast.expr
) -> LegacyProperty:
    return LegacyProperty(key, index, ctx.span(start), value, ctx.span(value), types.observe(value))


def _place(call: ast.Call, where: Parameter | None) -> Place | None:
    """Where the parameter ``where`` is passed, as the checker's sink matcher reads it."""
    return argument_place(call, where)


_at = argument_at


def _parameter(where: Parameter | None) -> str:
    return str(where)


def _text(ctx: Context, node: ast.AST, *, quote: bool = True) -> str:
    """The node's source on one line, shortened, in backticks unless told not to."""
    text = " ".join(ctx.source_text(node).split())
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"`{text}`" if quote else text
