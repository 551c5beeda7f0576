"""Expression safety: not-a-string, safe, redactable or unknown.

The lattice is a chain, so joining two facts (a name assigned on two branches)
is taking the larger: ``NOT_STRING < SAFE < REDACTABLE < UNKNOWN``. A value that
is safe on one path and redactable on another is redactable (so it cannot go
into a field declared safe); anything unknown on any path is unknown.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from .scopes import Scope, Scopes


class Safety(enum.IntEnum):
    NOT_STRING = 0
    SAFE = 1
    REDACTABLE = 2
    UNKNOWN = 3


def join(a: Safety, b: Safety) -> Safety:
    return a if a >= b else b


REDACT = "redactlint.redact"
# Public and internal spellings of the runtime's names, to their public name.
RUNTIME_NAMES: dict[str, str] = {}
for _name, _modules in {
    "safe": ("marking",),
    "unsafe": ("marking",),
    "hashed": ("marking",),
    "join": ("marking",),
    "format": ("formatting",),
    "sprintf": ("printf",),
    "SafeStr": ("strings",),
    "RedactableStr": ("strings",),
    "register_safe_type": ("safetypes",),
    "safe_type": ("safetypes",),
    "Builder": ("builder",),
}.items():
    RUNTIME_NAMES[f"{REDACT}.{_name}"] = _name
    for _module in _modules:
        RUNTIME_NAMES[f"{REDACT}.{_module}.{_name}"] = _name

MARKING_CALLS = {
    "safe": Safety.SAFE,
    "unsafe": Safety.REDACTABLE,
    "hashed": Safety.REDACTABLE,
    "format": Safety.REDACTABLE,
    "sprintf": Safety.REDACTABLE,
    "join": Safety.REDACTABLE,
}
NOT_STRING_CALLS = {
    "len",
    "int",
    "float",
    "bool",
    "round",
    "abs",
    "ord",
    "hash",
    "id",
    "sum",
    "complex",
    "isinstance",
    "issubclass",
    "callable",
    "math.floor",
    "math.ceil",
    "time.time",
    "time.monotonic",
    "time.perf_counter",
}
# str methods whose result is safe when the text and the arguments are: they only
# rearrange what they are given. (On a RedactableStr they return a plain str.)
SAFE_TEXT_METHODS = frozenset({
    "upper", "lower", "title", "capitalize", "casefold", "swapcase", "strip", "lstrip",
    "rstrip", "replace", "removeprefix", "removesuffix", "zfill", "center", "ljust", "rjust",
    "join", "expandtabs",
})
# Operators str does not support: their results are numbers (or arrays), never text.
_NUMERIC_OPERATORS = (ast.Div, ast.FloorDiv, ast.Pow, ast.LShift, ast.RShift, ast.MatMult)
ENUM_BASES = {"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"}


@dataclass
class ModuleFacts:
    """What the whole module tells about names: constants, enums, annotated returns."""

    constants: dict[str, Safety] = field(default_factory=dict)  # bound once at module level
    literal_constants: dict[str, str] = field(default_factory=dict)  # bound once to a str literal
    enums: set[str] = field(default_factory=set)  # enum classes defined at module level
    returns: dict[str, Safety] = field(default_factory=dict)  # annotated module functions
    # Type aliases bound once at module level (``PatternType = Literal[...]``).
    aliases: dict[str, ast.expr] = field(default_factory=dict)


Env = dict[str, Safety]


class Evaluator:
    """Classifies expressions in one module, given the local facts at a point."""

    def __init__(self, scopes: Scopes, facts: ModuleFacts) -> None:
        self.scopes = scopes
        self.facts = facts

    def runtime_name(self, func: ast.expr, scope: Scope) -> str | None:
        """``safe``, ``format``... when ``func`` resolves to the redact runtime."""
        qualname = self.scopes.resolve(func, scope)
        return None if qualname is None else RUNTIME_NAMES.get(qualname)

    def annotation(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Safety:
        """The safety an annotation promises (``SafeStr``, ``int``, ``Literal[...]``...)."""
        if node is None or depth > 10:
            return Safety.UNKNOWN
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                node = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return Safety.UNKNOWN
        if (
            isinstance(node, ast.Name)
            and node.id in self.facts.aliases
            and self.scopes.binding_scope(node.id, scope) is self.scopes.module
        ):
            return self.annotation(self.facts.aliases[node.id], self.scopes.module, depth + 1)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return join(self.annotation(node.left, scope), self.annotation(node.right, scope))
        if isinstance(node, ast.Constant) and node.value is None:
            return Safety.NOT_STRING
        if isinstance(node, ast.Subscript):
            outer = self.scopes.resolve(node.value, scope) or ""
            if outer in ("typing.Literal", "typing_extensions.Literal"):
                return Safety.SAFE
            if outer in ("typing.Optional", "typing_extensions.Optional"):
                return join(Safety.NOT_STRING, self.annotation(node.slice, scope))
            if outer in ("typing.Union", "typing_extensions.Union"):
                members = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                result = Safety.NOT_STRING
                for member in members:
                    result = join(result, self.annotation(member, scope))
                return result
            return Safety.UNKNOWN
        name = self.runtime_name(node, scope)
        if name == "SafeStr":
            return Safety.SAFE
        if name == "RedactableStr":
            return Safety.REDACTABLE
        if (
            isinstance(node, ast.Name)
            and node.id in ("int", "float", "bool", "complex")
            and self.scopes.binding_scope(node.id, scope) is None
        ):
            return Safety.NOT_STRING
        return Safety.UNKNOWN

    def bound(self, value: ast.expr, env: Mapping[str, Safety], scope: Scope) -> Safety:
        """What a name bound to ``value`` holds from then on.

        A list, dict or set can change after it is bound (``items.append(text)``,
        ``props[key] = text``, or in a function it is passed to), so a name bound to
        one is not followed; the literal itself, written at a sink, is checked
        element by element.
        """
        if isinstance(value, (ast.List, ast.Dict, ast.Set)):
            return Safety.UNKNOWN
        return self.classify(value, env, scope)

    def classify(self, expr: ast.expr, env: Mapping[str, Safety], scope: Scope) -> Safety:
        """The safety of ``expr`` where ``env`` holds the local names' facts."""
        method = getattr(self, "_" + type(expr).__name__, None)
        if method is None:
            return Safety.UNKNOWN
        result: Safety = method(expr, env, scope)
        return result

    # -- node kinds --------------------------------------------------------------

    def _Constant(self, node: ast.Constant, env: Mapping[str, Safety], scope: Scope) -> Safety:
        return Safety.SAFE if isinstance(node.value, (str, bytes)) else Safety.NOT_STRING

    def _JoinedStr(self, node: ast.JoinedStr, env: Mapping[str, Safety], scope: Scope) -> Safety:
        result = Safety.SAFE
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                part_safety = self.classify(part.value, env, scope)
                if part_safety > Safety.SAFE:
                    # An f-string makes a plain str: marked parts lose their markers.
                    return Safety.UNKNOWN
                if part.format_spec is not None:
                    result = join(result, self.classify(part.format_spec, env, scope))
        return result

    def _BinOp(self, node: ast.BinOp, env: Mapping[str, Safety], scope: Scope) -> Safety:
        if isinstance(node.op, _NUMERIC_OPERATORS):
            return Safety.NOT_STRING
        left = self.classify(node.left, env, scope)
        if isinstance(node.op, ast.Mod) and left == Safety.SAFE:
            right = self._items(node.right, env, scope)
            return Safety.SAFE if right <= Safety.SAFE else Safety.UNKNOWN
        right = self.classify(node.right, env, scope)
        if left == Safety.NOT_STRING and right == Safety.NOT_STRING:
            return Safety.NOT_STRING
        if left <= Safety.SAFE and right <= Safety.SAFE:
            return Safety.SAFE
        return Safety.UNKNOWN

    def _items(self, node: ast.expr, env: Mapping[str, Safety], scope: Scope) -> Safety:
        if isinstance(node, (ast.Tuple, ast.List)):
            result = Safety.NOT_STRING
            for element in node.elts:
                result = join(result, self.classify(element, env, scope))
            return result
        if isinstance(node, ast.Dict):
            return self._Dict(node, env, scope)
        return self.classify(node, env, scope)

    def _UnaryOp(self, node: ast.UnaryOp, env: Mapping[str, Safety], scope: Scope) -> Safety:
        # not, -, + and ~ never give text: str supports none of them.
        return Safety.NOT_STRING

    def _Compare(self, node: ast.Compare, env: Mapping[str, Safety], scope: Scope) -> Safety:
        return Safety.NOT_STRING

    def _BoolOp(self, node: ast.BoolOp, env: Mapping[str, Safety], scope: Scope) -> Safety:
        result = Safety.NOT_STRING
        for value in node.values:
            result = join(result, self.classify(value, env, scope))
        return result

    def _IfExp(self, node: ast.IfExp, env: Mapping[str, Safety], scope: Scope) -> Safety:
        return join(self.classify(node.body, env, scope), self.classify(node.orelse, env, scope))

    def _Await(self, node: ast.Await, env: Mapping[str, Safety], scope: Scope) -> Safety:
        # ``await f()`` is what ``f``'s return annotation promises, for async functions too.
        return self.classify(node.value, env, scope)

    def _NamedExpr(self, node: ast.NamedExpr, env: Mapping[str, Safety], scope: Scope) -> Safety:
        return self.classify(node.value, env, scope)

    def _List(
        self, node: ast.List | ast.Tuple | ast.Set, env: Mapping[str, Safety], scope: Scope
    ) -> Safety:
        return self._items(ast.List(elts=list(node.elts)), env, scope)

    _Tuple = _List
    _Set = _List

    def _Dict(self, node: ast.Dict, env: Mapping[str, Safety], scope: Scope) -> Safety:
        result = Safety.NOT_STRING
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                return Safety.UNKNOWN
            result = join(result, self.classify(key, env, scope))
            result = join(result, self.classify(value, env, scope))
        return result

    def _Name(self, node: ast.Name, env: Mapping[str, Safety], scope: Scope) -> Safety:
        if node.id in env:
            return env[node.id]
        owner = self.scopes.binding_scope(node.id, scope)
        if owner is self.scopes.module:
            if node.id in self.facts.enums:
                return Safety.SAFE
            return self.facts.constants.get(node.id, Safety.UNKNOWN)
        if owner is None and node.id in ("True", "False", "None"):
            return Safety.NOT_STRING
        return Safety.UNKNOWN

    def _Attribute(self, node: ast.Attribute, env: Mapping[str, Safety], scope: Scope) -> Safety:
        if self.is_enum_member(node.value, scope) and not node.attr.startswith("_"):
            return Safety.SAFE
        if (
            node.attr in ("value", "name")
            and isinstance(node.value, ast.Attribute)
            and self.is_enum_member(node.value.value, scope)
        ):
            return Safety.SAFE
        return Safety.UNKNOWN

    def is_enum_member(self, base: ast.expr, scope: Scope) -> bool:
        """True when ``base`` names an enum class defined in this module."""
        return (
            isinstance(base, ast.Name)
            and base.id in self.facts.enums
            and self.scopes.binding_scope(base.id, scope) is self.scopes.module
        )

    def _Call(self, node: ast.Call, env: Mapping[str, Safety], scope: Scope) -> Safety:
        runtime = self.runtime_name(node.func, scope)
        if runtime in MARKING_CALLS:
            return MARKING_CALLS[runtime]
        if runtime in ("SafeStr",):
            return Safety.SAFE
        if runtime in ("RedactableStr",):
            return Safety.REDACTABLE
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            template = self.classify(func.value, env, scope)
            if template == Safety.SAFE:
                arguments = Safety.NOT_STRING
                for argument in node.args:
                    arguments = join(arguments, self.classify(argument, env, scope))
                for keyword in node.keywords:
                    arguments = join(arguments, self.classify(keyword.value, env, scope))
                return Safety.SAFE if arguments <= Safety.SAFE else Safety.UNKNOWN
            return Safety.UNKNOWN
        if isinstance(func, ast.Attribute) and func.attr in SAFE_TEXT_METHODS:
            result = self.classify(func.value, env, scope)
            if result == Safety.SAFE:
                for argument in [*node.args, *(k.value for k in node.keywords)]:
                    value = argument.value if isinstance(argument, ast.Starred) else argument
                    result = join(result, self.classify(value, env, scope))
                return Safety.SAFE if result <= Safety.SAFE else Safety.UNKNOWN
        if isinstance(func, ast.Name):
            if self.scopes.binding_scope(func.id, scope) is None:
                if func.id in NOT_STRING_CALLS:
                    return Safety.NOT_STRING
                if func.id in ("str", "repr") and len(node.args) == 1:
                    inner = self.classify(node.args[0], env, scope)
                    return Safety.SAFE if inner <= Safety.SAFE else Safety.UNKNOWN
            elif (
                self.scopes.binding_scope(func.id, scope) is self.scopes.module
                and func.id in self.facts.returns
            ):
                return self.facts.returns[func.id]
        qualname = self.scopes.resolve(func, scope)
        if qualname in NOT_STRING_CALLS:
            return Safety.NOT_STRING
        return Safety.UNKNOWN

    def is_literal(self, node: ast.expr, scope: Scope) -> bool:
        """A string literal, or a module constant bound once to one."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            owner = self.scopes.binding_scope(node.id, scope)
            return owner is self.scopes.module and node.id in self.facts.literal_constants
        if isinstance(node, ast.Attribute):
            return self._Attribute(node, {}, scope) == Safety.SAFE
        return False
