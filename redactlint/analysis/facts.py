"""Whole-project facts: what a qualified name holds, read across modules.

A checked file's values often come from elsewhere: a constant or an enum of another
module, a parameter annotated with a class, an attribute annotated in a base class,
a dataclass field, a function's return. ``ProjectFacts`` finds the module a name
lives in (the project's own files first, then the installed environment, found
without importing anything; the standard library is known from ``stdlib``), reads
its summary (cached by content hash) and evaluates the expressions the summary kept,
lazily, only for what a checked file asks. Every module file consulted while checking
one file is recorded in ``used``, so that file's cached result is reused only while
they are unchanged.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.machinery import PathFinder
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .descriptors import instance_value
from .generics import solve_return
from .kinds import (
    ANY,
    NOTHING,
    SAFE_TEXT,
    UNKNOWN,
    Kind,
    Safety,
    Value,
    class_object,
    declared,
    enum_member,
    instance_of,
    join_all,
    unsure_text,
)
from .scopes import Scopes
from .sources import decode, read_source
from .stdlib import ENUM_BASES, NUMBER_ENUM_BASES, TEXT_ENUM_BASES, TYPES
from .summary import (
    GROWN,
    OF,
    PARAMETER,
    SUPER_INIT,
    ClassSummary,
    FunctionSummary,
    ModuleSummary,
    frozen_literal,
    parse_expression,
    summarise,
)

if TYPE_CHECKING:
    from .safety import Evaluator

T = TypeVar("T")
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"typing_extensions"}
_MAX_DEPTH = 12
_MAPPING_BASES = frozenset({"dict", "typing.TypedDict", "typing_extensions.TypedDict"})
# Methods that make an object's attributes up or render its text.
_OPAQUE = frozenset({
    "__getattr__", "__getattribute__", "__setattr__", "__str__", "__repr__", "__format__",
})
# What declares a record's field with its default.
_FIELD_CALLS = frozenset({
    "dataclasses.field", "attr.ib", "attr.attrib", "attr.field", "attrs.field",
    "pydantic.Field", "pydantic.fields.Field", "pydantic.PrivateAttr",
    "pydantic.fields.PrivateAttr",
})
# A model's hooks that may make anything of its input.
_MODEL_HOOKS = frozenset({"__init__", "model_post_init", "__post_init__", "__get_validators__"})
_SEQUENCE_BASES = frozenset({"list", "tuple", "typing.NamedTuple", "set", "frozenset"})

# What ``_find_member`` returns when every class of the MRO is visible and none has the
# member: unknown on its own, left out of a union's members (see ``member``).
_MISSING = Value(ANY, Safety.UNKNOWN)
# The question of a class's subclasses is asked under this prefix; its answer holds
# ``SEARCHED`` when the search of the project accounted for every one (``subclasses``).
SUBCLASSES = "subclasses:"
SEARCHED = ":searched"


@dataclass(frozen=True)
class Symbol:
    """What a qualified name names: a module, a class, a function, a module value or a
    class member (``path`` inside ``module``)."""

    kind: str  # "module", "class", "function", "value", "member"
    module: str
    path: tuple[str, ...] = ()

    @property
    def qualname(self) -> str:
        return ".".join((self.module, *self.path))


@dataclass(frozen=True)
class Function:
    """A function of the project (or the environment) with where it is defined."""

    qualname: str
    summary: FunctionSummary
    module: str
    owner: str | None  # the qualified name of its class, for a method

    @property
    def called_parameters(self) -> list[tuple[str, str, str | None, str | None]]:
        """The parameters a call fills: a method's ``self`` (or ``cls``) left out."""
        params = self.summary.params
        if self.owner is not None and not self.summary.is_static:
            return params[1:]
        return params

    @property
    def positional_names(self) -> list[str]:
        return [p[0] for p in self.called_parameters if p[1] in ("posonly", "positional")]


class SummaryCache:
    """Module summaries on disk, one JSON file per (module, content) hash."""

    def __init__(self, directory: Path) -> None:
        from .cache import code_fingerprint

        self.root = directory
        self.directory = directory / code_fingerprint()

    def get(self, key: str) -> ModuleSummary | None:
        """The summary stored under ``key``; a damaged entry (its checksum is wrong) or one
        that cannot be read is a miss."""
        try:
            data = (self.directory / key[:2] / key).read_bytes()
            digest, _, body = data.partition(b"\n")
            if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != digest:
                return None
            return ModuleSummary.from_json(json.loads(body))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def prune(self) -> None:
        """Remove the summaries another version of the checker made."""
        import shutil

        try:
            stale = [p for p in self.root.iterdir() if p.is_dir() and p != self.directory]
        except OSError:
            return
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)

    def put(self, key: str, summary: ModuleSummary) -> None:
        from ..atomic import atomic_write

        target = self.directory / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            body = json.dumps(summary.to_json()).encode("utf-8")
            digest = hashlib.blake2b(body, digest_size=16).hexdigest().encode()
            atomic_write(target, digest + b"\n" + body)
        except OSError:
            pass  # a cache that cannot be written is only slower


class ProjectFacts:
    """Facts about every module a checked file reaches, computed on demand."""

    def __init__(
        self,
        roots: Sequence[Path] = (),
        *,
        enum_bases: Iterable[str] = (),
        public_api: Iterable[str] = (),
        cache: SummaryCache | None = None,
        environment: bool = True,
        search_path: Sequence[str] | None = None,
    ) -> None:
        self.roots = tuple(dict.fromkeys(root.resolve() for root in roots if root.is_dir()))
        self.enum_bases = frozenset(enum_bases)
        self.public_api = tuple(public_api)
        self.cache = cache
        self.environment = environment
        self.search_path = list(search_path) if search_path is not None else None
        self._summaries: dict[str, ModuleSummary | None] = {}
        self._locations: dict[str, tuple[Path, bool] | None] = {}
        self._digests: dict[str, tuple[str, str]] = {}  # module -> (path, content hash)
        self._registered: set[str] = set()
        self._pending: dict[str, tuple[ast.Module, str, bool, Scopes | None]] = {}
        # Summaries of released modules made from their trees, with bodies still to read.
        self._unsettled: list[ModuleSummary] = []
        self._evaluators: dict[str, Evaluator] = {}
        # Every derived fact, with the module files and the questions it was derived from.
        self._memo: dict[tuple[object, ...], tuple[Any, dict[str, str], frozenset[str]]] = {}
        self._busy: set[object] = set()
        self.used: dict[str, str] = {}  # module file path -> content hash, for the cache
        # Call-site kinds of functions' parameters, and the functions asked about
        # before their call sites were searched (see ``callsites``).
        self.answers: dict[str, dict[str, Value]] = {}
        self.questions: set[str] = set()
        # While call sites are searched, how a class's subclasses are found at once.
        self.searching: Callable[[str], dict[str, Value]] | None = None

    # -- modules -----------------------------------------------------------------

    def register(
        self,
        name: str,
        is_package: bool,
        tree: ast.Module,
        source: str,
        path: str | None = None,
        data: bytes | None = None,
        scopes: Scopes | None = None,
    ) -> None:
        """The checked module's own summary, from the tree already parsed (made when first
        asked for: many checked files never need facts about themselves)."""
        while self._unsettled:
            self._unsettled.pop().settle()
        digest = hashlib.blake2b(
            data if data is not None else source.encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).hexdigest()
        known = self._digests.get(name)
        if (name in self._summaries or name in self._pending) and known is not None and (
            known[1] == digest
        ):
            return  # the same content as read before: every fact still holds
        self._summaries.pop(name, None)
        self._pending[name] = (tree, source, is_package, scopes)
        self._registered.add(name)
        if path is not None:
            self._digests[name] = (os.path.abspath(path), digest)
        self._evaluators.pop(name, None)
        self._memo.clear()

    def release(self, name: str) -> None:
        """The checked module's tree is no longer needed: if nothing asked for its summary,
        do not keep the tree for one (a later question reads the file instead); if its
        summary was made, it reads the bodies it left to read when the next module is
        checked, so that it no longer keeps the tree (every checked module's would add up;
        a run of one file never pays for it)."""
        if self._pending.pop(name, None) is not None:
            self._digests.pop(name, None)
            self._registered.discard(name)
            return
        summary = self._summaries.get(name)
        if summary is not None:
            self._unsettled.append(summary)  # settled when the next module is checked

    def _remember(self, key: tuple[object, ...], compute: Callable[[], T], cyclic: T) -> T:
        """``compute()``, once per key, with the module files it consults noted in ``used``
        on every later use too (a cycle gives ``cyclic``)."""
        found = self._memo.get(key)
        if found is not None:
            self.used.update(found[1])
            self.questions.update(found[2])
            return found[0]  # type: ignore[no-any-return]
        if key in self._busy or len(self._busy) > 4 * _MAX_DEPTH:
            return cyclic
        self._busy.add(key)
        outer, self.used = self.used, {}
        asked, self.questions = self.questions, set()
        try:
            result = compute()
        finally:
            consulted, self.used = self.used, outer
            outer.update(consulted)
            questions, self.questions = self.questions, asked
            asked.update(questions)
            self._busy.discard(key)
        self._memo[key] = (result, consulted, frozenset(questions))
        return result

    def location(self, name: str) -> tuple[Path, bool] | None:
        """The file of module ``name`` and whether it is the project's own."""
        if name in self._locations:
            return self._locations[name]
        found: tuple[Path, bool] | None = None
        top = name.split(".", 1)[0]
        if top not in _STDLIB and top != "redactlint" and all(
            part.isidentifier() for part in name.split(".")
        ):
            parts = name.split(".")
            for root in self.roots:
                candidate = _module_file(root, parts)
                if candidate is not None:
                    found = (candidate, True)
                    break
            if found is None and self.environment:
                installed = _installed(name, self.search_path)
                if installed is not None:
                    found = (installed, False)
        self._locations[name] = found
        return found

    def in_project(self, module: str) -> bool:
        location = self.location(module)
        return module in self._registered or (location is not None and location[1])

    def is_public(self, module: str) -> bool:
        return any(module == m or module.startswith(m + ".") for m in self.public_api)

    def summary(self, name: str) -> ModuleSummary | None:
        """The summary of module ``name``, or None when it cannot be found or read."""
        pending = self._pending.pop(name, None)
        if pending is not None:
            tree, source, is_package, scopes = pending
            self._summaries[name] = summarise(tree, source, name, is_package, scopes, lazy=True)
        if name in self._summaries:
            summary = self._summaries[name]
            if name in self._digests:
                path, digest = self._digests[name]
                self.used[path] = digest
            return summary
        summary = None
        location = self.location(name)
        if location is not None:
            summary = self._read(name, location[0])
        self._summaries[name] = summary
        return summary

    def _read(self, name: str, path: Path) -> ModuleSummary | None:
        try:
            data = read_source(path)
        except OSError:
            return None
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        self._digests[name] = (os.path.abspath(path), digest)
        self.used[os.path.abspath(path)] = digest
        is_package = path.name == "__init__.py"
        key = hashlib.blake2b(
            f"{name}\0{is_package}\0{digest}".encode(), digest_size=20
        ).hexdigest()
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None and cached.name == name:
                return cached
        try:
            source = decode(data)
            tree = ast.parse(source)
            summary = summarise(tree, source, name, is_package)
        except (SyntaxError, ValueError, UnicodeDecodeError, LookupError, RecursionError,
                MemoryError):
            return None
        if self.cache is not None:
            self.cache.put(key, summary)
        return summary

    def evaluator(self, module: str) -> Evaluator | None:
        """An evaluator for expressions kept in ``module``'s summary (module scope)."""
        evaluator = self._evaluators.get(module)
        if evaluator is None:
            summary = self.summary(module)
            if summary is None:
                return None
            from .safety import Evaluator

            evaluator = self._evaluators[module] = Evaluator(summary.scopes(), self)
        return evaluator

    def evaluate(
        self, module: str, text: str | None, env: Mapping[str, Value] | None = None
    ) -> Value:
        """The value of an expression kept in ``module``'s summary."""
        found = self.expression(module, text)
        if found is None:
            return UNKNOWN
        evaluator, node = found
        key = (module, text, id(env) if env else 0)
        if key in self._busy or len(self._busy) > _MAX_DEPTH:
            return UNKNOWN
        self._busy.add(key)
        try:
            return evaluator.value(node, env or {}, evaluator.scopes.module)
        finally:
            self._busy.discard(key)

    def annotation(self, module: str, text: str | None) -> Value:
        """What a value annotated with a type kept in ``module``'s summary is."""
        found = self.expression(module, text)
        if found is None:
            return UNKNOWN
        evaluator, node = found
        return evaluator.annotation(node, evaluator.scopes.module)

    def expression(self, module: str, text: str | None) -> tuple[Evaluator, ast.expr] | None:
        """A kept expression, parsed, with the evaluator of its module."""
        if text is None:
            return None
        evaluator = self.evaluator(module)
        node = parse_expression(text)
        if evaluator is None or node is None:
            return None
        return evaluator, node

    # -- names -------------------------------------------------------------------

    def symbol(self, qualname: str, depth: int = 0) -> Symbol | None:
        """What ``qualname`` names, following re-exports."""
        if depth > _MAX_DEPTH:
            return None
        return self._remember(("symbol", qualname), lambda: self._symbol(qualname, depth), None)

    def _symbol(self, qualname: str, depth: int) -> Symbol | None:
        parts = qualname.split(".")
        found = None
        for index in range(len(parts), 0, -1):
            module = ".".join(parts[:index])
            summary = self.summary(module)
            if summary is not None:
                found = self._in_module(summary, parts[index:], depth)
                break
        return found

    def _in_module(self, summary: ModuleSummary, rest: list[str], depth: int) -> Symbol | None:
        if not rest:
            return Symbol("module", summary.name)
        name = rest[0]
        if name in summary.classes:
            return self._in_class(summary.name, summary.classes[name], (name,), rest[1:], depth)
        if name in summary.functions:
            return Symbol("function", summary.name, (name,)) if len(rest) == 1 else None
        bindings = summary.bindings.get(name, [])
        if bindings and all(b[0] == "i" for b in bindings):
            target = ".".join([bindings[0][1], *rest[1:]])
            return self.symbol(target, depth + 1)
        if len(bindings) == 1 and bindings[0][0] == "a":
            evaluator = self.evaluator(summary.name)
            node = parse_expression(bindings[0][1])
            if evaluator is not None and node is not None:
                aliased = evaluator.scopes.resolve(node, evaluator.scopes.module)
                if aliased is not None:
                    return self.symbol(".".join([aliased, *rest[1:]]), depth + 1)
        if name in summary.values or name in summary.annotations:
            return Symbol("value", summary.name, (name,)) if len(rest) == 1 else None
        if name not in summary.bindings:
            for star in summary.stars:  # ``from other import *``
                source = self.summary(star)
                if source is not None and (source.exports is None or name in source.exports):
                    found = self.symbol(".".join([star, *rest]), depth + 1)
                    if found is not None:
                        return found
        return None

    def _in_class(
        self,
        module: str,
        summary: ClassSummary,
        path: tuple[str, ...],
        rest: list[str],
        depth: int,
    ) -> Symbol | None:
        if not rest:
            return Symbol("class", module, path)
        name = rest[0]
        if name in summary.classes:
            return self._in_class(module, summary.classes[name], (*path, name), rest[1:], depth)
        if len(rest) == 1:
            return Symbol("member", module, (*path, name))
        return None

    def class_summary(self, qualname: str) -> tuple[ClassSummary, str] | None:
        """The summary of class ``qualname`` and the module it is defined in."""
        symbol = self.symbol(qualname)
        if symbol is None or symbol.kind != "class":
            return None
        summary = self.summary(symbol.module)
        if summary is None:
            return None
        found: ClassSummary | None = None
        scope: dict[str, ClassSummary] = summary.classes
        for part in symbol.path:
            found = scope.get(part)
            if found is None:
                return None
            scope = found.classes
        return (found, symbol.module) if found is not None else None

    def canonical(self, qualname: str) -> str:
        """``qualname`` as defined (re-exports followed), or as given when unknown."""
        symbol = self.symbol(qualname)
        return symbol.qualname if symbol is not None else qualname

    def canonical_call(self, qualname: str) -> str:
        """``qualname`` with its longest known prefix as defined: a method of a re-exported
        object (``superset.event_logger.log`` is ``superset.extensions.event_logger.log``)."""
        symbol = self.symbol(qualname)
        if symbol is not None:
            return symbol.qualname
        head = qualname.rpartition(".")[0]
        for _ in range(2):
            if not head:
                break
            symbol = self.symbol(head)
            if symbol is not None:
                return f"{symbol.qualname}.{qualname[len(head) + 1:]}"
            head = head.rpartition(".")[0]
        return qualname

    def function(self, qualname: str) -> Function | None:
        """The function or method ``qualname`` names, with its summary."""
        symbol = self.symbol(qualname)
        if symbol is None:
            return None
        summary = self.summary(symbol.module)
        if summary is None:
            return None
        if symbol.kind == "function":
            return Function(symbol.qualname, summary.functions[symbol.path[0]], symbol.module, None)
        if symbol.kind == "member":
            owner = ".".join((symbol.module, *symbol.path[:-1]))
            for base in self.mro(owner):
                found = self.class_summary(base)
                if found is not None and symbol.path[-1] in found[0].methods:
                    return Function(
                        f"{base}.{symbol.path[-1]}", found[0].methods[symbol.path[-1]],
                        found[1], base,
                    )
        if symbol.kind == "class":
            return None
        return None

    def boundary(self, qualname: str) -> frozenset[str] | None:
        """The parameters a function decorated with the runtime's ``@boundary`` passes
        unredacted (its ``keep=``); None when it is not a redacting boundary."""
        function = self.function(qualname)
        evaluator = self.evaluator(function.module) if function is not None else None
        if function is None or evaluator is None:
            return None
        decorators = [parse_expression(text) for text in function.summary.decorators]
        module = evaluator.scopes.module
        return boundary_keeps(
            [d for d in decorators if d is not None],
            lambda func: evaluator.runtime_name(func, module) == "boundary",
        )

    # -- values ------------------------------------------------------------------

    def value(self, qualname: str) -> Value | None:
        """What the name ``qualname`` holds, or None when it names nothing known."""
        if qualname in TYPES and "." in qualname:
            return None
        symbol = self.symbol(qualname)
        if symbol is None:
            return None
        return self._remember(("value", qualname), lambda: self._value(symbol), UNKNOWN)

    def bound_expression(self, qualname: str) -> tuple[Symbol, ast.expr] | None:
        """The module value ``qualname`` names, with the expression it is bound to (as
        its module's summary keeps it), when there is one."""
        symbol = self.symbol(qualname)
        if symbol is None or symbol.kind != "value" or len(symbol.path) != 1:
            return None
        summary = self.summary(symbol.module)
        if summary is None:
            return None
        node = parse_expression(summary.values.get(symbol.path[0]) or "")
        return None if node is None else (symbol, node)

    def is_container(self, qualname: str) -> bool:
        """A module's list, set or dict bound once to a display of literals: what it holds
        is what the display says while no module changes it (see ``unchanged``)."""
        found = self.bound_expression(qualname)
        if found is None:
            return False
        summary = self.summary(found[0].module)
        bindings = summary.bindings.get(found[0].path[0], []) if summary else []
        return len(bindings) == 1 and _flat_display(found[1])

    def _unchanged(self, qualname: str) -> bool:
        """Whether the project's uses of a module's container leave it as written: asked
        of its every use found by a search of the project (``callsites``), never of a
        library's public module (its users may change it)."""
        module = qualname.rsplit(".", 1)[0]
        if self.is_public(module):
            return False
        self.questions.add(qualname)  # asked, answered or not: the result depends on it
        return bool(self.answers.get(qualname))

    def subclasses(self, qualname: str) -> frozenset[str] | None:
        """The project's subclasses of its class ``qualname``, when a search of the project
        accounted for every one (asked of the project's call-site pass, never of a
        library's public class: its users subclass it)."""
        module = qualname.rsplit(".", 1)[0]
        if not self.in_project(module) or self.is_public(module):
            return None
        key = SUBCLASSES + qualname
        self.questions.add(key)  # asked, answered or not: the result depends on it
        if key not in self.answers and self.searching is not None:
            self.answers[key] = self.searching(qualname)  # asked while answering others
        found = self.answers.get(key)
        if not found or SEARCHED not in found:
            return None
        return frozenset(name for name in found if name != SEARCHED)

    def own_name(self, classes: frozenset[str], name: str) -> Value:
        """``x.__name__`` of an object whose class defines its own (a property naming
        what a user made, or the product's fixed label): safe text when that class and
        every subclass of it in the project make it safe text, else text of unknown
        safety."""
        unknown = Value(Kind.TEXT, Safety.UNKNOWN)
        for owner in sorted(classes):
            found = self.subclasses(owner)
            if found is None:
                return unknown
            for each in sorted({owner, *found}):
                if not self.defines(frozenset({each}), name):
                    continue
                value = self._member(each, name, True)
                if value is _MISSING or value.kinds != Kind.TEXT or value.safety != Safety.SAFE:
                    return unknown
        return SAFE_TEXT

    def learned(self) -> None:
        """Answers about call sites and containers arrived: facts derived before them
        are derived again."""
        self._memo.clear()

    def _value(self, symbol: Symbol) -> Value:
        if symbol.kind == "module":
            return UNKNOWN
        if symbol.kind == "class":
            return class_object(frozenset({symbol.qualname}))
        if symbol.kind == "function":
            return Value(Kind.CLASS, Safety.SAFE, frozenset({symbol.qualname}))
        if symbol.kind == "member":
            owner = ".".join((symbol.module, *symbol.path[:-1]))
            return self.member(frozenset({owner}), symbol.path[-1], instance=False)
        summary = self.summary(symbol.module)
        if summary is None:
            return UNKNOWN
        name = symbol.path[0]
        if len(summary.bindings.get(name, [])) != 1 and summary.values.get(name) is None:
            # Bound more than once (to different values): a module-level annotation still
            # says what it holds.
            if name in summary.annotations:
                return self.annotation(symbol.module, summary.annotations[name])
            return UNKNOWN
        text = summary.values.get(name)
        bound = self.evaluate(symbol.module, text) if name in summary.values else UNKNOWN
        # A module's list or dict may be changed by any module; a tuple or a frozenset
        # may not, nor a display of literals no use in the project changes.
        if (
            bound.kinds & (Kind.MAPPING | Kind.SEQUENCE)
            and text is not None
            and not _immutable(parse_expression(text))
            and not (self.is_container(symbol.qualname) and self._unchanged(symbol.qualname))
        ):
            bound = Value(bound.kinds, Safety.UNKNOWN)
        if name not in summary.annotations:
            return bound
        return declared(bound, self.annotation(symbol.module, summary.annotations[name]))

    # -- classes -----------------------------------------------------------------

    def bases(self, qualname: str) -> tuple[str, ...]:
        """The qualified names of a class's bases (as written when they cannot be found)."""
        return self._remember(("bases", qualname), lambda: self._bases_of(qualname), ())

    def _bases_of(self, qualname: str) -> tuple[str, ...]:
        found = self.class_summary(qualname)
        result: list[str] = []
        if found is not None:
            summary, module = found
            evaluator = self.evaluator(module)
            for text in summary.bases:
                node = parse_expression(text)
                if isinstance(node, ast.Subscript):
                    node = node.value
                if evaluator is None or node is None:
                    continue
                scopes = evaluator.scopes
                target = scopes.resolve(node, scopes.module)
                if target is None and isinstance(node, ast.Name):
                    if scopes.binding_scope(node.id, scopes.module) is None:
                        target = node.id  # a builtin: str, int, dict...
                    elif node.id in self._module_classes(module):
                        target = f"{module}.{node.id}"
                if target is not None:
                    result.append(self.canonical(target))
        return tuple(result)

    def _module_classes(self, module: str) -> set[str]:
        summary = self.summary(module)
        return set(summary.classes) if summary is not None else set()

    def mro(self, qualname: str) -> list[str]:
        """The class and its bases, depth first, each once."""
        order: list[str] = []
        stack = [qualname]
        while stack and len(order) < 64:
            current = stack.pop(0)
            if current in order:
                continue
            order.append(current)
            stack = [*self.bases(current), *stack]
        return order

    def is_enum(self, qualname: str) -> bool:
        """An enum class: from ``enum``'s bases, a configured base, an enum class of the
        project or the environment, or an unresolvable base named ``...Enum`` under a
        body that assigns only literals."""
        return self._remember(("enum", qualname), lambda: self._is_enum(qualname), False)

    def _is_enum(self, qualname: str) -> bool:
        result = False
        found = self.class_summary(qualname)
        if found is not None:
            for base in self.bases(qualname):
                if base in ENUM_BASES or base in self.enum_bases or self.is_enum(base):
                    result = True
                    break
                if (
                    self.class_summary(base) is None
                    and base.rsplit(".", 1)[-1].endswith("Enum")
                    and base not in TYPES
                    and found[0].literal_body
                ):
                    result = True
                    break
        return result

    def is_record(self, qualname: str) -> bool:
        """A class whose instances hold only what the constructor was given, none of
        its bases rendering text of its own (see ``ClassSummary.record``)."""
        return self._remember(("record", qualname), lambda: self._is_record(qualname), False)

    def _is_record(self, qualname: str) -> bool:
        found = self.class_summary(qualname)
        if found is None or not found[0].record:
            return False
        for base in self.mro(qualname)[1:]:
            if base == "object":
                continue
            summary = self.class_summary(base)
            if summary is None or summary[0].methods.keys() & {"__str__", "__repr__", "__format__"}:
                return False
        return True

    def defines(self, classes: frozenset[str], name: str) -> bool:
        """Whether a class of ``classes`` (or a base of one the checker reads) defines
        ``name`` itself: a method, property, class or instance attribute."""
        for owner in classes:
            for base in self.mro(owner):
                found = self.class_summary(base)
                if found is None:
                    continue
                summary = found[0].complete()
                if (
                    name in summary.methods
                    or name in summary.values
                    or name in summary.annotations
                    or name in summary.instance_values
                ):
                    return True
        return False

    def object_text(
        self, qualname: str, arguments: tuple[tuple[str, Value], ...] = ()
    ) -> Safety:
        """How safe the text is that an object of exactly class ``qualname`` holds, made
        by a call passing ``arguments`` to its ``__init__``: what every method assigns to
        ``self.x`` (the constructor's parameters as the call binds them), its class
        attributes, and its declared-only attributes as declared. Unknown for a class
        with a base the checker cannot read, a decorator or class keywords, attributes
        set by name (``setattr``), or methods that make attributes up or render text."""
        return self._remember(
            ("object-text", qualname, arguments),
            lambda: self._object_text(qualname, dict(arguments)),
            Safety.UNKNOWN,
        )

    def _object_text(self, qualname: str, bound: Mapping[str, Value]) -> Safety:
        from .mappings import MODEL_BASES, allows_extra

        order = self.mro(qualname)
        # A pydantic model takes its fields by keyword (``bound``), the others holding
        # their defaults; a validator or hook may make anything of its input.
        model = any(base in MODEL_BASES for base in order)
        found_summaries: list[tuple[str, ClassSummary, str]] = []
        for base in order:
            if base == "object" or (model and base in MODEL_BASES):
                continue
            found = self.class_summary(base)
            if found is None and model and base.startswith(("pydantic.", "sqlmodel.",
                                                            "typing.", "abc.")):
                continue
            if found is None or base in TYPES:
                return Safety.UNKNOWN  # a base without source (a C extension, builtins)
            summary = found[0].complete()
            if (
                summary.decorators
                or summary.dynamic
                or summary.methods.keys() & _OPAQUE
                or (not model and summary.keywords)
                or (model and (
                    allows_extra(summary)
                    or summary.methods.keys() & _MODEL_HOOKS
                    or any(decorator not in ("property", "staticmethod", "classmethod")
                           for method in summary.methods.values()
                           for decorator in method.decorators)
                ))
            ):
                return Safety.UNKNOWN
            found_summaries.append((base, summary, found[1]))
        receiver = self.instance(qualname)
        bounds = self._handed_on(found_summaries, bound, receiver)
        assigned = {name for _, summary, _ in found_summaries for name in summary.instance_values}
        values: list[Value] = []
        if model:
            values += [bound[name] for _, summary, _ in found_summaries
                       for name in summary.annotations if name in bound]
            values.append(Value(0, self.record_defaults(qualname, 0, frozenset(bound))))
        for base, summary, module in found_summaries:
            names = _MethodNames(self, base, receiver, bounds.get(base, {}))
            for kept in summary.instance_values.values():
                if kept is None:
                    return Safety.UNKNOWN
                values += [
                    self.evaluate(module, text.removeprefix(GROWN), names) for text in kept
                ]
            if model:
                continue  # its class body declares fields, read above
            for name, text in summary.values.items():
                if name not in summary.methods and name not in summary.classes:
                    values.append(self.evaluate(module, text))
            for name, annotation in summary.annotations.items():
                if name not in assigned and name not in summary.values:
                    values.append(self.annotation(module, annotation))
            if any(value.safety == Safety.UNKNOWN for value in values):
                return Safety.UNKNOWN
        return max((value.safety for value in values), default=Safety.NOT_STRING)

    def _handed_on(
        self,
        found_summaries: list[tuple[str, ClassSummary, str]],
        bound: Mapping[str, Value],
        receiver: Value,
    ) -> dict[str, Mapping[str, Value]]:
        """Each constructor's parameters, by class: the one called as a call binds them,
        and each base's as ``super().__init__(...)`` in the one before hands them on
        (``super().__init__(schema.url, {"plugins": ...})`` to Snowplow's
        ``SelfDescribingJson``)."""
        constructors = [base for base, summary, _ in found_summaries
                        if "__init__" in summary.methods]
        if not constructors:
            return {}
        bounds: dict[str, Mapping[str, Value]] = {constructors[0]: bound}
        for current, following in itertools.pairwise(constructors):
            function = self.function(f"{current}.__init__")
            texts = function.summary.body()[1].get(SUPER_INIT) if function else None
            if function is None or not texts or len(texts) != 1 or texts[0] is None:
                break
            try:
                call = ast.parse(texts[0], mode="eval").body
            except SyntaxError:
                break
            if not isinstance(call, ast.Call) or any(
                isinstance(a, ast.Starred) for a in call.args
            ) or any(k.arg is None for k in call.keywords):
                break
            env = self.function_env(function, receiver, call_sites=False,
                                    arguments=tuple(sorted(bounds[current].items())))
            positional = [self.evaluate(function.module, ast.unparse(a), env) for a in call.args]
            keywords = {k.arg: self.evaluate(function.module, ast.unparse(k.value), env)
                        for k in call.keywords if k.arg is not None}
            bounds[following] = dict(self.bind(f"{following}.__init__", positional, keywords))
        return bounds

    def record_defaults(self, qualname: str, positional: int, keywords: frozenset[str]
                        ) -> Safety:
        """How safe the text is that a record holds without being given it: the
        defaults of the fields a call (``positional`` arguments, ``keywords``) leaves
        out (``user: str = field(default_factory=getpass.getuser)``)."""
        return self._remember(
            ("defaults", qualname, positional, keywords),
            lambda: self._record_defaults(qualname, positional, keywords),
            Safety.UNKNOWN,
        )

    def _record_defaults(self, qualname: str, positional: int, keywords: frozenset[str]
                         ) -> Safety:
        defaults: dict[str, tuple[str, str | None]] = {}  # field -> (module, default)
        order: list[str] = []
        for base in reversed(self.mro(qualname)):
            found = self.class_summary(base)
            if found is None:
                continue
            summary, module = found
            for name, annotation in summary.annotations.items():
                if annotation.replace("typing.", "").startswith("ClassVar"):
                    continue
                if name not in order:
                    order.append(name)
                if name in summary.values:
                    defaults[name] = (module, summary.values[name])
        given = set(order[:positional]) | keywords
        safety = Safety.NOT_STRING
        for name, (module, text) in defaults.items():
            if name in given:
                continue
            if text is None:
                return Safety.UNKNOWN
            safety = max(safety, self._default(module, text).safety)
        return safety

    def _default(self, module: str, text: str) -> Value:
        """What a field holds when not given: its default, or what ``field(...)``'s
        ``default=`` or ``default_factory=`` makes."""
        found = self.expression(module, text)
        if found is None:
            return UNKNOWN
        evaluator, node = found
        if isinstance(node, ast.Call):
            called = evaluator.scopes.resolve(node.func, evaluator.scopes.module) or ""
            if called in _FIELD_CALLS:
                for keyword in node.keywords:
                    if keyword.arg == "default":
                        return self.evaluate(module, ast.unparse(keyword.value))
                    if keyword.arg in ("default_factory", "factory"):
                        made = keyword.value
                        if isinstance(made, ast.Lambda):
                            return self.evaluate(module, ast.unparse(made.body))
                        return self.evaluate(module, f"({ast.unparse(made)})()")
                return NOTHING  # no default: always given
        return self.evaluate(module, text)

    def enum_kind(self, qualname: str) -> int:
        for base in self.mro(qualname):
            if base in TEXT_ENUM_BASES or base.rsplit(".", 1)[-1] == "StrEnum":
                return Kind.TEXT
            if base in NUMBER_ENUM_BASES:
                return Kind.NUMBER
        return Kind.OBJECT

    def instance(self, qualname: str) -> Value:
        """What an instance of class ``qualname`` is."""
        if qualname in TYPES:
            return TYPES[qualname]
        classes = frozenset({qualname})
        if self.is_enum(qualname):
            return enum_member(classes, self.enum_kind(qualname))
        order = self.mro(qualname)
        if any(base == "str" for base in order):
            return Value(Kind.TEXT, Safety.UNKNOWN, classes)
        if any(base in _MAPPING_BASES for base in order):
            return Value(Kind.MAPPING, Safety.UNKNOWN, classes)
        if any(base in _SEQUENCE_BASES for base in order):
            return Value(Kind.SEQUENCE, Safety.UNKNOWN, classes)
        if any(base in ("int", "float") for base in order) and not self._renders_text(order):
            return Value(Kind.NUMBER, Safety.NOT_STRING, classes)
        return instance_of(classes)

    def _renders_text(self, order: list[str]) -> bool:
        """Whether a class of the project (or environment) in ``order`` renders its own
        text: a number subclass with its own ``__str__`` can print anything, and the
        runtime marks every number that is not exactly a builtin one."""
        for base in order:
            found = self.class_summary(base)
            if found is not None and found[0].methods.keys() & {"__str__", "__repr__",
                                                                  "__format__"}:
                return True
        return False

    def member(self, classes: frozenset[str], name: str, *, instance: bool) -> Value:
        """``x.name`` where ``x`` is one of ``classes`` (an instance, or the class)."""
        values = [self._member(owner, name, instance) for owner in sorted(classes)]
        # ``x.name`` has a value only when ``x`` is one of the classes that has ``name``
        # (on the others it raises), as a type checker reads a union.
        present = [value for value in values if value is not _MISSING]
        if not present and instance:
            present = self._in_subclasses(classes, name)
        return join_all(present)

    def _in_subclasses(self, classes: frozenset[str], name: str) -> list[Value]:
        """``self.name`` in a class that leaves ``name`` to its subclasses (a base's
        method reading what each subclass's constructor sets): what those subclasses in
        the project hold, when every subclass of each class is known."""
        found: list[Value] = []
        for owner in sorted(classes):
            subclasses = self.subclasses(owner)
            if subclasses is None:
                return []
            for subclass in sorted(subclasses):
                value = self._member(subclass, name, True)
                if value is not _MISSING:
                    found.append(value)
        return found

    def _member(self, owner: str, name: str, instance: bool) -> Value:
        return self._remember(
            ("member", owner, name, instance),
            lambda: self._find_member(owner, name, instance),
            UNKNOWN,
        )

    def _find_member(self, owner: str, name: str, instance: bool) -> Value:
        enum = self.is_enum(owner)
        for base in self.mro(owner):
            found = self.class_summary(base)
            if found is None:
                if base in TYPES or base in ENUM_BASES or base == "object":
                    continue
                return UNKNOWN  # a base the checker cannot see may define it
            summary, module = found
            summary.complete()
            if name in summary.classes:
                return class_object(frozenset({f"{base}.{name}"}))
            if name in summary.methods:
                method = summary.methods[name]
                if method.is_property and instance:
                    return self.call(f"{base}.{name}", receiver=self.instance(owner))
                return Value(Kind.CLASS, Safety.SAFE, frozenset({f"{base}.{name}"}))
            if (
                enum
                and name in summary.values
                and not name.startswith("_")
                and name not in summary.annotations
            ):
                return enum_member(frozenset({owner}), self.enum_kind(owner))
            if name in summary.annotations and not _bare_qualifier(summary.annotations[name]):
                if not instance and name in summary.values and _dataclass_default(
                    summary, summary.values[name]
                ):
                    # ``ApiRoutes.RUN_CREATE`` of a dataclass: on the class, a field's
                    # literal default is the class attribute.
                    return self.evaluate(module, summary.values[name])
                if name in summary.values and self._plain_class(owner, name):
                    # ``thumbnail_type: str = "chart"`` in a plain class: a class constant,
                    # what its value says, as it would without the annotation.
                    bound = self.evaluate(module, summary.values[name])
                    return declared(bound, self.annotation(module, summary.annotations[name]))
                annotated = self.annotation(module, summary.annotations[name])
                kept = summary.instance_values.get(name)
                if instance and kept and unsure_text(annotated) and self._plain_mro(owner):
                    # ``self.event: AnalyticsEvent | str = event``: text, as safe as what
                    # its methods set (the parameter's callers, an enum's members).
                    setting = self._held(base, module, owner, kept)
                    if not setting.kinds & ~annotated.kinds and (
                        setting.safety < annotated.safety
                    ):
                        return setting
                return annotated
            if name in summary.values:
                if instance and name in summary.instance_values and (
                    summary.instance_values[name] is None
                ):
                    return UNKNOWN  # a class's container its methods change in place
                if instance:
                    held = instance_value(self, module, summary.values[name])
                    if held is not None:
                        return held
                return self.evaluate(module, summary.values[name])
            if instance and name in summary.instance_values:
                kept = summary.instance_values[name]
                if kept is None:
                    return UNKNOWN
                return self._held(base, module, owner, kept)
            if summary.methods.keys() & {"__getattr__", "__getattribute__"}:
                return UNKNOWN  # it makes attributes up
        return _MISSING

    def _held(self, base: str, module: str, owner: str, kept: list[str]) -> Value:
        """What an instance attribute holds: the join of what ``base``'s methods set it
        to (``kept``), evaluated as those methods see their names."""
        this = _MethodNames(self, base, self.instance(owner))
        held = join_all([
            self.evaluate(module, text, this) for text in kept if not text.startswith(GROWN)
        ])
        if held.kinds == Kind.NUMBER:
            return held  # a number grown by ``+=`` stays one
        grown = [
            self.evaluate(module, text[len(GROWN):], this)
            for text in kept if text.startswith(GROWN)
        ]
        return join_all([held, *grown]) if grown else held

    def _plain_class(self, owner: str, name: str) -> bool:
        """Whether an annotated class attribute ``name`` of ``owner`` is a class constant:
        its class is plain (``_plain_mro``), no record, and no method sets
        ``self.name``."""
        if not self._plain_mro(owner):
            return False
        for base in self.mro(owner):
            found = self.class_summary(base) if base != "object" else None
            if found is not None:
                summary = found[0].complete()
                if summary.record or name in summary.instance_values:
                    return False
        return True

    def _plain_mro(self, owner: str) -> bool:
        """Whether ``owner``'s annotations are only annotations: every class of its MRO
        is the project's own (a base from a library may make annotations fields:
        pydantic's models, SQLModel, msgspec), and none is decorated (a dataclass,
        attrs) or given a metaclass or other class keywords."""
        for base in self.mro(owner):
            if base == "object":
                continue
            found = self.class_summary(base)
            if found is None or base in TYPES or not self.in_project(found[1]):
                return False
            summary = found[0].complete()
            if summary.decorators or summary.keywords:
                return False
        return True

    # -- calls -------------------------------------------------------------------

    def call(
        self,
        qualname: str,
        receiver: Value | None = None,
        arguments: tuple[tuple[str, Value], ...] = (),
    ) -> Value:
        """What calling ``qualname`` gives: an instance for a class, the return of a
        function (its returned expressions when they tell, else its annotation), with
        ``arguments`` (parameter name, value) as the call passes them."""
        symbol = self.symbol(qualname)
        if symbol is not None and symbol.kind == "class":
            return self.instance(symbol.qualname)
        function = self.function(qualname)
        if function is None:
            return UNKNOWN
        return self._remember(
            ("call", function.qualname, receiver, arguments),
            lambda: self._call(function, receiver, arguments),
            UNKNOWN,
        )

    def bind(self, qualname: str, positional: list[Value], keywords: dict[str, Value]
             ) -> tuple[tuple[str, Value], ...]:
        """The parameters of function ``qualname`` a call's arguments go to."""
        function = self.function(qualname)
        if function is None:
            return ()
        return tuple(sorted(bind_arguments(function, positional, keywords).items()))

    def _call(
        self,
        function: Function,
        receiver: Value | None,
        arguments: tuple[tuple[str, Value], ...] = (),
    ) -> Value:
        summary = function.summary
        if receiver is not None and receiver.classes and self._is_self(
            function.module, summary.returns
        ):
            # ``-> Self``: the receiver's own class, as a subclass calls it
            # (``GatewayClient.instance()`` is a ``GatewayClient``).
            if receiver.kinds == Kind.CLASS:
                return join_all([self.instance(c) for c in sorted(receiver.classes)])
            return receiver
        promised = self.annotation(function.module, summary.returns)
        if promised.kinds == ANY:
            promised = solve_return(self, function, arguments) or promised
        returned_texts, _ = summary.body()
        if returned_texts is None:
            return promised
        env = self.function_env(function, receiver, call_sites=False, arguments=arguments)
        returned = join_all(
            [self.evaluate(function.module, text, env) for text in returned_texts]
        )
        # The body is what runs: it wins wherever it tells something. A body that tells
        # nothing (its returns of unknown kind), or only that it makes an object of some
        # other class than the annotation's (a generic helper's ``BaseModel``), leaves the
        # word to the annotation; an object of a subclass of it says more.
        if returned.kinds == UNKNOWN.kinds:
            return promised
        if (
            returned.kinds == Kind.OBJECT
            and promised.kinds != UNKNOWN.kinds
            and not self._subclasses(returned.classes, promised.classes)
        ):
            return promised
        return returned

    def _subclasses(self, classes: frozenset[str], of: frozenset[str]) -> bool:
        """Whether every class of ``classes`` is one of ``of`` or derives from one."""
        return bool(classes) and all(
            any(base in of for base in self.mro(name)) for name in classes
        )

    def _is_self(self, module: str, text: str | None) -> bool:
        """An annotation naming ``typing.Self`` (however it was imported)."""
        found = self.expression(module, text)
        if found is None:
            return False
        evaluator, node = found
        name = evaluator.scopes.resolve(node, evaluator.scopes.module)
        return name in ("typing.Self", "typing_extensions.Self")

    def parameters(
        self, function: Function, receiver: Value | None = None, *, call_sites: bool = True
    ) -> dict[str, Value]:
        """What each parameter of ``function`` holds when it runs."""
        summary = function.summary
        env: dict[str, Value] = {}
        for index, (name, kind, annotation, _default) in enumerate(summary.params):
            if index == 0 and function.owner is not None and not summary.is_static:
                if summary.is_classmethod:
                    env[name] = class_object(frozenset({function.owner}))
                else:
                    env[name] = receiver or self.instance(function.owner)
                continue
            if kind in ("vararg", "kwarg"):
                env[name] = UNKNOWN
            elif annotation is not None:
                env[name] = self.annotation(function.module, annotation)
                if call_sites:
                    env[name] = self.declared(function.qualname, name, env[name])
            elif call_sites:
                env[name] = self.parameter(function.qualname, name)
            else:
                env[name] = UNKNOWN
        return env

    def declared(self, function: str, name: str, declared: Value) -> Value:
        """An annotated parameter: what its annotation says or, for text of unknown
        safety, the safer text every call passes it when its callers are all in view
        (``callsites``)."""
        if not unsure_text(declared):
            return declared
        passed = self.parameter(function, name)
        return declared if passed.kinds == ANY else passed

    def function_env(
        self,
        function: Function,
        receiver: Value | None = None,
        *,
        call_sites: bool = True,
        arguments: tuple[tuple[str, Value], ...] = (),
    ) -> Mapping[str, Value]:
        """The names inside ``function``: its parameters (what a call passes them, else
        what they are declared), and its locals evaluated (when asked) from every
        expression bound to them."""
        parameters = self.parameters(function, receiver, call_sites=call_sites)
        for name, value in arguments:
            declared = parameters.get(name)
            # A value of the declared kind only: an annotated int stays a number.
            if (
                declared is None
                or declared.kinds == UNKNOWN.kinds
                or (value.kinds & ~declared.kinds) == 0
            ):
                parameters[name] = value
        return LocalEnv(self, function, parameters)

    def literal_at_calls(self, function: str, name: str) -> bool:
        """Whether every call of project function ``function`` passes parameter ``name``
        a literal (``callsites``): said in a finding's message, never taken as safety."""
        module = function.rsplit(".", 1)[0]
        if self.is_public(module) or self.function(function) is None:
            return False
        self.questions.add(function)
        return bool(self.answers.get(function, {}).get(name + ":literal"))

    def parameter(self, function: str, name: str) -> Value:
        """An unannotated parameter's kinds from the function's call sites in the project
        (``callsites``), or unknown."""
        module = function.rsplit(".", 1)[0]
        if self.is_public(module):
            return UNKNOWN  # a library's public function: callers outside can pass anything
        self.questions.add(function)  # asked, answered or not: the result depends on it
        answers = self.answers.get(function)
        return UNKNOWN if answers is None else answers.get(name, UNKNOWN)

    def method(
        self,
        classes: frozenset[str],
        name: str,
        receiver: Value,
        positional: list[Value] | None = None,
        keywords: dict[str, Value] | None = None,
    ) -> Value:
        """What ``x.name(...)`` gives for ``x`` of one of ``classes``."""
        from .stdlib import METHODS

        values: list[Value] = []
        for owner in sorted(classes):
            known = METHODS.get((owner, name))
            if known is not None:
                values.append(known)
                continue
            function = None
            for base in self.mro(owner):
                found = self.class_summary(base)
                if found is None:
                    break
                if name in found[0].methods:
                    function = f"{base}.{name}"
                    break
                if name in found[0].classes:  # a nested class: ``Outer.Config(...)``
                    function = f"{base}.{name}"
                    break
            if function is None:
                # An attribute holding a callable its annotation types (``self._clock:
                # Callable[[], float]``): what calling it returns.
                held = self.member(frozenset({owner}), name, instance=receiver.kinds != Kind.CLASS)
                values.append(held.returns if held.returns is not None else UNKNOWN)
                continue
            arguments = self.bind(function, positional or [], keywords or {})
            values.append(self.call(function, receiver, arguments))
        return join_all(values)


class _MethodNames(Mapping[str, Value]):
    """The names an instance value kept in ``owner``'s summary is evaluated with: ``self``,
    and each method parameter it names (``self.total = total`` in ``__init__``), what
    that parameter is declared, or what every call passes it."""

    def __init__(
        self,
        facts: ProjectFacts,
        owner: str,
        receiver: Value,
        bound: Mapping[str, Value] | None = None,
    ) -> None:
        self.facts, self.owner, self.receiver = facts, owner, receiver
        self.bound = bound or {}  # ``__init__``'s parameters as one call binds them
        self.setting: set[str] = set()  # properties whose setter is being followed

    def __getitem__(self, name: str) -> Value:
        if name == "self":
            return self.receiver
        if not name.startswith(PARAMETER):
            raise KeyError(name)
        method, _, parameter = name[len(PARAMETER):].rpartition(OF)
        if method == "__init__" and parameter in self.bound:
            return self.bound[parameter]
        function = self.facts.function(f"{self.owner}.{method}")
        if function is None:
            return UNKNOWN
        setter = f"{method}.setter" in function.summary.decorators or (
            # The summary may keep the getter of a property whose setter has the parameter.
            function.summary.is_property
            and all(known != parameter for known, _, _, _ in function.summary.params)
        )
        if setter and method not in self.setting:
            # A property's setter is given what the class's methods assign to the property
            # (``self.schema = schema`` in ``__init__`` runs ``schema.setter(value)``).
            found = self.facts.class_summary(self.owner)
            assigned = found[0].complete().instance_values.get(method) if found else None
            if found and assigned:
                self.setting.add(method)
                try:
                    return join_all([self.facts.evaluate(found[1], text.removeprefix(GROWN), self)
                                     for text in assigned])
                finally:
                    self.setting.discard(method)
        for known, kind, annotation, _ in function.summary.params:
            if known != parameter or kind in ("vararg", "kwarg"):
                continue
            if annotation is None:
                return self.facts.parameter(function.qualname, known)
            declared = self.facts.annotation(function.module, annotation)
            return self.facts.declared(function.qualname, known, declared)
        return UNKNOWN

    def __contains__(self, name: object) -> bool:
        return name == "self" or (isinstance(name, str) and name.startswith(PARAMETER))

    def __iter__(self) -> Iterator[str]:
        return iter(("self",))

    def __len__(self) -> int:
        return 1


def _immutable(node: ast.expr | None) -> bool:
    """A tuple display, or a ``tuple(...)`` or ``frozenset(...)`` call: a container no
    module can change."""
    return isinstance(node, ast.Tuple) or (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("tuple", "frozenset")
    )


def _flat_display(node: ast.expr | None) -> bool:
    """A list, set or dict display of literals only (or of tuples and frozensets of
    literals: ``{"eval": frozenset({"models"})}``): nothing inside it can change."""
    if isinstance(node, (ast.List, ast.Set)):
        return all(frozen_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(
            isinstance(k, ast.Constant) and frozen_literal(v)
            for k, v in zip(node.keys, node.values, strict=True)
        )
    return False


def _bare_qualifier(annotation: str) -> bool:
    """``x: Final = ...`` or ``ClassVar`` alone: it says what the name may not do, not
    what it holds, which its value tells."""
    return annotation.rsplit(".", 1)[-1] in ("Final", "ClassVar")


def _dataclass_default(summary: ClassSummary, text: str | None) -> bool:
    """Whether ``text``, a field's value in the body of ``summary``'s class, is a literal
    that a ``@dataclass`` keeps as the class attribute (``field(...)`` and other calls
    are not: a factory's field has none)."""
    if text is None or not any(
        decorator.split("(", 1)[0].rsplit(".", 1)[-1] == "dataclass"
        for decorator in summary.decorators
    ):
        return False
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False
    return isinstance(node, ast.Constant)


class LocalEnv(Mapping[str, Value]):
    """A function's names for evaluating its expressions out of flow: a parameter is what
    its annotation (or its call sites) say, a local the join of everything bound to it."""

    def __init__(self, facts: ProjectFacts, function: Function, parameters: dict[str, Value]):
        self.facts = facts
        self.function = function
        self.known = dict(parameters)
        self.assigned = function.summary.body()[1]

    def __getitem__(self, name: str) -> Value:
        if name in self.known:
            return self.known[name]
        if name not in self.assigned:
            raise KeyError(name)
        self.known[name] = UNKNOWN  # while evaluating: a name bound from itself
        texts = self.assigned[name]
        if texts is None:
            return UNKNOWN
        module = self.function.module
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
        plain = [t for t in texts if not pattern.search(t)]
        found = UNKNOWN
        if plain:
            found = join_all([self.facts.evaluate(module, t, self) for t in plain])
        growing = [t for t in texts if t not in plain]  # ``x = x + y`` and ``x += y``
        for _ in range(2 if growing and plain else 0):
            self.known[name] = found
            grown = join_all([found, *(self.facts.evaluate(module, t, self) for t in growing)])
            if grown == found:
                break
            found = grown
        if growing and not plain:
            found = UNKNOWN
        self.known[name] = found
        return found

    def __contains__(self, name: object) -> bool:
        return name in self.known or name in self.assigned

    def __iter__(self) -> Iterator[str]:
        return iter({**self.assigned, **self.known})

    def __len__(self) -> int:
        return len({**self.assigned, **self.known})


def _module_file(root: Path, parts: list[str]) -> Path | None:
    directory = root.joinpath(*parts[:-1])
    for candidate in (directory / f"{parts[-1]}.py", directory / parts[-1] / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def environment_path(environment: Path | None, root: Path) -> list[str]:
    """Where third-party modules are looked for: the configured environment (a virtual
    environment or a site-packages directory), else the project's ``.venv`` or ``venv``,
    else the active ``$VIRTUAL_ENV``; then this interpreter's own path. A hook run from
    an environment of its own (pre-commit) thereby reads the project's packages."""
    candidates: list[Path] = []
    if environment is not None:
        candidates.append(environment)
    else:
        candidates += [root / ".venv", root / "venv"]
        active = os.environ.get("VIRTUAL_ENV")
        if active:
            candidates.append(Path(active))
    found: list[str] = []
    for candidate in candidates:
        if not candidate.is_dir():
            continue
        packages = [
            *candidate.glob("lib/python*/site-packages"),
            *candidate.glob("Lib/site-packages"),
        ]
        found += [str(p) for p in packages] or [str(candidate)]
        if environment is not None or packages:
            break
    return [*found, *(entry or os.getcwd() for entry in sys.path)]


def _installed(name: str, path: Sequence[str] | None = None) -> Path | None:
    """The source file of an installed module, found without importing anything."""
    search: Sequence[str] | None = (
        list(path) if path is not None else [entry or os.getcwd() for entry in sys.path]
    )
    spec = None
    parts = name.split(".")
    for index in range(len(parts)):
        try:
            spec = PathFinder.find_spec(".".join(parts[: index + 1]), search)
        except Exception:  # importlib's finders on odd paths: the module is not found
            return None
        if spec is None:
            return None
        locations = spec.submodule_search_locations
        if locations is None:
            search = None
        else:
            # A namespace package's path looks its parent up in sys.modules when
            # iterated: take the directories it already found instead.
            search = list(getattr(locations, "_path", None) or [])
            if not search:
                try:
                    search = list(locations)
                except Exception:
                    return None
        if index < len(parts) - 1 and search is None:
            return None
    origin = getattr(spec, "origin", None)
    if origin and origin.endswith(".py") and os.path.isfile(origin):
        return Path(origin)
    return None


def bind_arguments(
    function: Function, positional: Sequence[Value], keywords: Mapping[str, Value]
) -> dict[str, Value]:
    """The parameters of ``function`` a call's arguments go to, by position and keyword."""
    bound = dict(zip(function.positional_names, positional, strict=False))
    names = {p[0] for p in function.called_parameters if p[1] != "posonly"}
    for name, value in keywords.items():
        if name in names:
            bound[name] = value
    return bound


def boundary_keeps(
    decorators: Iterable[ast.expr], is_boundary: Callable[[ast.expr], bool]
) -> frozenset[str] | None:
    """The parameter names a ``@boundary`` or ``@boundary(keep=(...))`` among
    ``decorators`` passes unredacted (literal names only); None without one."""
    for decorator in decorators:
        call = decorator if isinstance(decorator, ast.Call) else None
        if not is_boundary(call.func if call is not None else decorator):
            continue
        kept: set[str] = set()
        for keyword in call.keywords if call is not None else ():
            if keyword.arg == "keep" and isinstance(keyword.value, (ast.Tuple, ast.List, ast.Set)):
                kept.update(
                    e.value for e in keyword.value.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                )
        return frozenset(kept)
    return None
