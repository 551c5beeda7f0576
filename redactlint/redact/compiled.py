"""The fast path shared by ``format`` and ``sprintf``.

A template is compiled once into its escaped literal text and, per field, where
the value comes from and how a plain value renders. Formatting sits on product
code's hot path, so for templates where no two fields touch the compiler also
generates a small Python function that classifies each argument inline and lets
the builtin ``%`` assemble the result in one step: this keeps ``redact.format``
within a few times ``str.format`` (see ``benchmarks/bench_redact.py``). Templates
where fields touch go through the parts loop, so that adjacent spans merge.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .builder import Builder, append_unsafe, mark_lines
from .markers import END, START, TEXT, escape_markers, split_spans
from .strings import RedactableStr, SafeStr

P = TypeVar("P")
Render = Callable[[object], str]
Filler = Callable[[Sequence[object], Mapping[str, object]], RedactableStr]


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """Where one field's value comes from and how it renders."""

    key: int | str  # position in args, or keyword
    render: Render | None  # None: str() (no spec, no conversion)
    number_spec: str | None  # a %-spec that renders a number as ``render`` would


@dataclass(frozen=True, slots=True)
class Compiled:
    """A template ready for the fast path."""

    literals: tuple[str, ...]  # escaped text before each field, then the tail
    fields: tuple[FieldPlan, ...]
    generated: Filler | None  # None when some fields touch: use fill_parts

    @classmethod
    def build(cls, literals: Sequence[str], fields: Sequence[FieldPlan]) -> Compiled:
        literals_, fields_ = tuple(literals), tuple(fields)
        adjacent = any(not literal for literal in literals_[1:-1])
        return cls(literals_, fields_, None if adjacent else _generate(literals_, fields_))


def fill_parts(
    compiled: Compiled, args: Sequence[object], kwargs: Mapping[str, object]
) -> RedactableStr:
    """Render the arguments piece by piece, merging spans where fields touch."""
    parts: list[str] = []
    append = parts.append
    extendable = False
    for literal, plan in zip(compiled.literals, compiled.fields, strict=False):
        if literal:
            append(literal)
            extendable = False
        key, render = plan.key, plan.render
        value = args[key] if isinstance(key, int) else kwargs[key]
        cls = type(value)
        if cls is str:
            text: str = value if render is None else render(value)  # type: ignore[assignment]
            extendable = append_unsafe(parts, extendable, text)
        elif cls is SafeStr or cls is int or cls is float or cls is bool or value is None:
            text = str(value) if render is None else render(value)
            if text:
                append(text)
                extendable = False
        else:
            builder = Builder(parts, extendable)
            builder.embed(value, str if render is None else render)
            extendable = builder._extendable
    tail = compiled.literals[-1]
    if tail:
        append(tail)
    return RedactableStr("".join(parts))


def _embed(value: object, render: Render | None) -> str:
    """Embed an argument of any other type through the Builder."""
    builder = Builder()
    builder.embed(value, str if render is None else render)
    return str(builder)


def _generate(literals: tuple[str, ...], fields: tuple[FieldPlan, ...]) -> Filler:
    """Generate the filler of a template whose fields never touch."""
    namespace: dict[str, object] = {
        "str": str,
        "int": int,
        "float": float,
        "bool": bool,
        "type": type,
        "NoneType": type(None),
        "SafeStr": SafeStr,
        "RedactableStr": RedactableStr,
        "escape_markers": escape_markers,
        "mark_lines": mark_lines,
        "embed": _embed,
    }
    lines = ["def fill(args, kwargs):"]
    names = []
    for index, plan in enumerate(fields):
        value = f"v{index}"
        render = f"render{index}"
        names.append(value)
        namespace[render] = plan.render
        source = f"args[{plan.key}]" if isinstance(plan.key, int) else f"kwargs[{plan.key!r}]"
        rendered = value if plan.render is None else f"{render}({value})"
        number = rendered if plan.number_spec is None else f"{plan.number_spec!r} % ({value},)"
        lines += [
            f"    {value} = {source}",
            f"    cls = type({value})",
            "    if cls is str:",
            f"        {value} = {rendered}",
            f"        if {value}:",
            f"            if not {value}.isascii():",
            f"                {value} = escape_markers({value})",
            f"            if {value}.isprintable():",
            f"                {value} = f'{START}{{{value}}}{END}'",
            "            else:",
            f"                {value} = mark_lines({value})",
            "    elif cls is SafeStr:",
            f"        {value} = {rendered}",
            "    elif cls is int or cls is float or cls is bool or cls is NoneType:",
            f"        {value} = {number}",
            "    elif cls is not RedactableStr:",
            f"        {value} = embed({value}, {render})",
        ]
    if names:
        output = "%s".join(literal.replace("%", "%%") for literal in literals)
        lines.append(f"    return RedactableStr({output!r} % ({', '.join(names)},))")
    else:
        lines.append(f"    return RedactableStr({literals[0]!r})")
    exec(compile("\n".join(lines), "<redactlint.redact template>", "exec"), namespace)
    return namespace["fill"]  # type: ignore[return-value]


def template_pieces(
    template: str,
    parse: Callable[[str], tuple[P, ...]],
    parse_text: Callable[[str], list[P]],
) -> tuple[P | RedactableStr, ...]:
    """The pieces of any template: a ``RedactableStr`` keeps its spans verbatim.

    Each stretch between spans is parsed on its own (``parse_text``), so no field
    can reach into a span. Marked templates carry data and are not cached: the
    cache (``parse``) is keyed by text, and equal plain text must not share their plan.
    """
    if not isinstance(template, RedactableStr):
        return parse(str(template))
    pieces: list[P | RedactableStr] = []
    for kind, piece in split_spans(template):
        if kind == TEXT:
            pieces += parse_text(piece)
        else:
            pieces.append(RedactableStr(piece))
    return tuple(pieces)
