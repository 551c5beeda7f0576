"""Rewrite legacy calls into ``Event(...).record()`` with libcst, keeping comments.

Given the plans ``migrate`` made from the analysis (which call, which class,
which property value becomes which keyword), this parses the file once, finds
each call at its exact span, and builds the registry call around the original
value nodes, so values keep their source text and the comments inside them.
Other comments in the call move with the argument they were written beside: a
comment on its own line goes before the next argument (or before the closing
parenthesis), a comment that ends a line stays after the argument on that line.
A call written on one line without comments stays on one line; otherwise each
argument gets its own line, indented four spaces (a tab, in tab-indented code)
past the line the call starts on, with a trailing comma.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from ..analysis.findings import Span
from ..legacy.scanner import LegacyCall
from .import_order import ImportOrder, add_from_import
from .unused_imports import remove_unused_imports

_STEP = "    "


@dataclass(frozen=True)
class Argument:
    """One keyword of the registry call: its attribute and where its value is."""

    attribute: str
    index: int  # the value's position in the legacy mapping (see LegacyProperty.index)
    start: Span  # where the legacy entry starts, to place comments


@dataclass(frozen=True)
class CallPlan:
    """How one legacy call is rewritten."""

    call: LegacyCall
    class_name: str
    func: tuple[str, ...]  # ("SearchSubmitted",) or ("events", "SearchSubmitted")
    needs_import: bool
    arguments: tuple[Argument, ...]


@dataclass
class _Comments:
    header: list[str] = field(default_factory=list)  # before the first argument
    leading: list[list[str]] = field(default_factory=list)  # own lines before argument i
    trailing: list[list[str]] = field(default_factory=list)  # ending argument i's line
    footer: list[str] = field(default_factory=list)  # own lines before the ")"

    def __bool__(self) -> bool:
        return bool(self.header or self.footer or any(self.leading) or any(self.trailing))


def rewrite_calls(
    text: str,
    plans: Sequence[CallPlan],
    registry_module: str,
    import_line: int | None,
    *,
    order: ImportOrder | None = None,
) -> tuple[str, list[str], list[CallPlan]]:
    """``text`` with the planned calls rewritten and their event classes imported.

    ``import_line`` is the line of an existing ``from <registry module> import``
    statement, if any; ``order`` places a new import (by default, as in the project
    around the working directory). The imports the rewritten calls no longer use
    (the legacy client's) are removed. Returns the new text, the class names whose
    import was added, and the plans whose call libcst does not see at the analysis'
    span (left as they are).
    """
    wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    calls: dict[tuple[int, int, int, int], cst.Call] = {}
    for node, code_range in positions.items():
        if isinstance(node, cst.Call):
            calls[_key(code_range)] = node
    targets: dict[cst.Call, tuple[CallPlan, _Comments]] = {}
    missing: list[CallPlan] = []
    for plan in plans:
        span = plan.call.span
        call = calls.get((span.line, span.column - 1, span.end_line, span.end_column - 1))
        if call is None:
            missing.append(plan)
        else:
            targets[call] = (plan, _comments(plan, call, positions))
    import_index = None
    for index, statement in enumerate(wrapper.module.body):
        if import_line is not None and positions[statement].start.line == import_line:
            import_index = index
    module = wrapper.module.visit(_Replacer(targets))
    needed = sorted({plan.class_name for plan, _ in targets.values() if plan.needs_import})
    order = order or ImportOrder.around(Path.cwd())
    module = _add_imports(module, needed, registry_module, import_index, order)
    module = remove_unused_imports(wrapper.module, module, order)
    return module.code, needed, missing


def _key(code_range: CodeRange) -> tuple[int, int, int, int]:
    start, end = code_range.start, code_range.end
    return (start.line, start.column, end.line, end.column)


class _Replacer(cst.CSTTransformer):
    def __init__(self, targets: dict[cst.Call, tuple[CallPlan, _Comments]]) -> None:
        super().__init__()
        self.targets = targets

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        found = self.targets.get(original_node)
        if found is None:
            return updated_node
        plan, comments = found
        event = _event_call(plan, _values(plan, updated_node), comments)
        return cst.Call(
            func=cst.Attribute(value=event, attr=cst.Name("record")),
            lpar=updated_node.lpar,
            rpar=updated_node.rpar,
        )


def _values(plan: CallPlan, call: cst.Call) -> list[cst.BaseExpression]:
    """The value nodes of the planned arguments, found in ``call`` by structure."""
    legacy = plan.call
    if legacy.properties_place is None:
        return []
    kind, index = legacy.properties_place
    if kind == "positional":
        candidates = [a for a in call.args if a.keyword is None and a.star != "**"]
    else:
        candidates = [a for a in call.args if a.keyword is not None or a.star == "**"]
    container = candidates[index].value
    if legacy.properties_form == "dict" and isinstance(container, cst.Dict):
        values = [element.value for element in container.elements]
    elif legacy.properties_form == "call" and isinstance(container, cst.Call):
        values = [a.value for a in container.args if a.keyword is not None or a.star == "**"]
    else:
        values = []
    return [values[argument.index] for argument in plan.arguments]


class _CommentCollector(cst.CSTVisitor):
    """Every comment in a subtree, outside the nodes in ``skip``, and whether it has its line."""

    def __init__(self, skip: set[int]) -> None:
        super().__init__()
        self.skip = skip
        self.found: list[tuple[cst.Comment, bool]] = []
        self._own_line: set[int] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        if id(node) in self.skip:
            return False
        if isinstance(node, cst.EmptyLine) and node.comment is not None:
            self._own_line.add(id(node.comment))
        if isinstance(node, cst.Comment):
            self.found.append((node, id(node) in self._own_line))
        return True


def _comments(plan: CallPlan, node: cst.Call, positions: object) -> _Comments:
    """The call's comments outside the kept values, attached to the new arguments."""
    kept = {id(value) for value in _values(plan, node)}
    collector = _CommentCollector(kept)
    node.with_changes(lpar=(), rpar=()).visit(collector)  # the call's own parentheses stay
    starts = [(a.start.line, a.start.column - 1) for a in plan.arguments]
    result = _Comments(leading=[[] for _ in starts], trailing=[[] for _ in starts])
    located = []
    for comment, own_line in collector.found:
        start = positions[comment].start  # type: ignore[index]
        located.append(((start.line, start.column), comment.value, own_line))
    for where, text, own_line in sorted(located):
        if own_line:
            after = [i for i, start in enumerate(starts) if start > where]
            (result.leading[after[0]] if after else result.footer).append(text)
        else:
            before = [i for i, start in enumerate(starts) if start < where]
            (result.trailing[before[-1]] if before else result.header).append(text)
    return result


def _event_call(
    plan: CallPlan, values: Sequence[cst.BaseExpression], comments: _Comments
) -> cst.Call:
    func: cst.BaseExpression = cst.Name(plan.func[0])
    for part in plan.func[1:]:
        func = cst.Attribute(value=func, attr=cst.Name(part))
    no_space = cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
    )
    span = plan.call.span
    if not comments and (span.line == span.end_line or not values):
        args = [
            cst.Arg(value=value, keyword=cst.Name(argument.attribute), equal=no_space)
            for argument, value in zip(plan.arguments, values, strict=True)
        ]
        spaced = [
            arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for arg in args[:-1]
        ]
        return cst.Call(func=func, args=[*spaced, *args[-1:]])
    outer = plan.call.indent
    inner = outer + ("\t" if "\t" in outer else _STEP)
    # Each value's own continuation lines move with it, as far as its entry moves.
    args = [
        cst.Arg(
            value=_shifted(value, len(inner) - (argument.start.column - 1)),
            keyword=cst.Name(argument.attribute),
            equal=no_space,
        )
        for argument, value in zip(plan.arguments, values, strict=True)
    ]
    following = [*comments.leading[1:], comments.footer]
    multi_line = [
        arg.with_changes(
            comma=cst.Comma(
                whitespace_after=_line_break(
                    comments.trailing[i], following[i], inner, inner if i + 1 < len(args) else outer
                )
            )
        )
        for i, arg in enumerate(args)
    ]
    first = comments.leading[0] if args else comments.footer
    return cst.Call(
        func=func,
        args=multi_line,
        whitespace_before_args=_line_break(comments.header, first, inner, inner if args else outer),
    )


class _Shift(cst.CSTTransformer):
    """Move every continuation line inside an expression ``delta`` columns.

    Only whitespace inside brackets changes, where it means nothing to Python;
    string contents are tokens, never touched.
    """

    def __init__(self, delta: int) -> None:
        super().__init__()
        self.delta = delta

    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        return updated_node.with_changes(
            last_line=cst.SimpleWhitespace(self._move(updated_node.last_line.value)),
            empty_lines=[
                line.with_changes(
                    whitespace=cst.SimpleWhitespace(self._move(line.whitespace.value))
                )
                for line in updated_node.empty_lines
            ],
        )

    def _move(self, text: str) -> str:
        if self.delta >= 0:
            return text + " " * self.delta if text.strip(" ") == "" else text
        cut = min(-self.delta, len(text) - len(text.rstrip(" ")))
        return text[: len(text) - cut]


def _shifted(value: cst.BaseExpression, delta: int) -> cst.BaseExpression:
    if delta == 0:
        return value
    shifted = value.visit(_Shift(delta))
    assert isinstance(shifted, cst.BaseExpression)
    return shifted


def _line_break(
    trailing: Sequence[str], own_lines: Sequence[str], inner: str, next_indent: str
) -> cst.ParenthesizedWhitespace:
    """End the line (with its comment), write comment lines, indent what follows."""
    first = trailing[0] if trailing else None
    lines = [*trailing[1:], *own_lines]
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(
            whitespace=cst.SimpleWhitespace("  " if first else ""),
            comment=cst.Comment(first) if first else None,
        ),
        empty_lines=[
            cst.EmptyLine(
                indent=False, whitespace=cst.SimpleWhitespace(inner), comment=cst.Comment(text)
            )
            for text in lines
        ],
        indent=False,
        last_line=cst.SimpleWhitespace(next_indent),
    )


def _add_imports(
    module: cst.Module,
    names: Sequence[str],
    registry_module: str,
    existing: int | None,
    order: ImportOrder,
) -> cst.Module:
    """Import ``names`` from the registry module: join its import, or add one where
    ruff's isort puts it."""
    if not names:
        return module
    imported = [(name, None) for name in names]
    return add_from_import(module, registry_module, imported, order, statement=existing)
