"""``redactlint fix``: apply the marking rules' fixes at the spans the checker found.

For each file with fixable findings: parse with libcst, find the smallest
expression whose range covers each finding's span, rewrite it by the finding's
fix kind, add the runtime import if one is needed, check that the result still
compiles, and write it atomically. Nothing outside those nodes and the import
block changes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from ..analysis.engine import Settings, check_source, display_path
from ..analysis.findings import Finding, FixKind
from .files import FileChanged, SourceFile
from .imports import RuntimeNames
from .templates import CannotRewrite, rewrite

_MARKER_ESCAPES = {"\u2039": "\\u2039", "\u203a": "\\u203a", "\u2020": "\\u2020"}


@dataclass
class FileFix:
    """What fixing one file did."""

    path: Path
    applied: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)
    original: str = ""
    fixed: str = ""
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original and self.error is None

    def diff(self) -> str:
        shown = display_path(self.path)
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.fixed.splitlines(keepends=True),
                f"a/{shown}",
                f"b/{shown}",
            )
        )


def fix_files(files: Iterable[Path], settings: Settings, *, write: bool = True) -> list[FileFix]:
    """Fix every file with fixable findings; files without any are not parsed by libcst."""
    results = []
    for path in files:
        try:
            source = SourceFile.read(path)
        except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
            continue  # the checker reports unreadable files
        findings = check_source(
            display_path(path), source.data, settings, module=settings.module_name(str(path))
        )
        fixable = [f for f in findings if f.fix is not None]
        if not fixable:
            continue
        result = fix_source(path, source.text, fixable)
        if write and result.changed:
            try:
                source.write(result.fixed)
            except FileChanged:
                result.error = "the file changed on disk while it was being fixed; skipped"
            except OSError as error:
                result.error = f"cannot write the file: {error.strerror or error}"
        results.append(result)
    return results


def fix_source(path: Path, text: str, findings: Sequence[Finding]) -> FileFix:
    """Apply ``findings``' fixes to ``text``; the result is checked to compile."""
    result = FileFix(path, original=text, fixed=text)
    try:
        wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    except (cst.ParserSyntaxError, RecursionError) as error:
        result.error = f"libcst cannot parse the file: {error}"
        return result
    ranges = wrapper.resolve(PositionProvider)
    targets: dict[cst.CSTNode, Finding] = {}
    for finding in findings:
        node = _node_at(ranges, finding)
        if node is None:
            result.skipped.append((finding, "no expression at this span"))
        elif node in targets:
            result.skipped.append((finding, "another fix applies to the same expression"))
        else:
            targets[node] = finding
    names = RuntimeNames.scan(wrapper.module)
    transformer = _Fixer(targets, names, result)
    module = wrapper.module.visit(transformer)
    module = names.add_import(module)
    fixed = module.code
    try:
        compile(fixed, str(path), "exec")
    except (SyntaxError, ValueError) as error:
        result.error = f"the fixed file would not compile ({error}); left unchanged"
        return result
    result.fixed = fixed
    return result


def _node_at(ranges: object, finding: Finding) -> cst.CSTNode | None:
    """The smallest expression whose range covers the finding's span."""
    span = finding.span
    start = (span.line, span.column - 1)
    end = (span.end_line, span.end_column - 1)
    best: tuple[tuple[int, int], tuple[int, int], cst.CSTNode] | None = None
    for node, code_range in ranges.items():  # type: ignore[attr-defined]
        if not isinstance(node, cst.BaseExpression):
            continue
        assert isinstance(code_range, CodeRange)
        node_start = (code_range.start.line, code_range.start.column)
        node_end = (code_range.end.line, code_range.end.column)
        if (
            node_start <= start
            and node_end >= end
            and (best is None or (node_start >= best[0] and node_end <= best[1]))
        ):
            best = (node_start, node_end, node)
    return None if best is None else best[2]


class _Fixer(cst.CSTTransformer):
    def __init__(
        self, targets: dict[cst.CSTNode, Finding], names: RuntimeNames, result: FileFix
    ) -> None:
        super().__init__()
        self.targets = targets
        self.names = names
        self.result = result

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        finding = self.targets.get(original_node)
        if finding is None or not isinstance(updated_node, cst.BaseExpression):
            return updated_node
        try:
            replacement = self._apply(finding, updated_node)
        except CannotRewrite as reason:
            self.result.skipped.append((finding, f"cannot rewrite: {reason}"))
            return updated_node
        self.result.applied.append(finding)
        return replacement

    def _apply(self, finding: Finding, node: cst.BaseExpression) -> cst.BaseExpression:
        kind = finding.fix
        if kind in (FixKind.WRAP_UNSAFE, FixKind.WRAP_HASHED):
            function = "unsafe" if kind == FixKind.WRAP_UNSAFE else "hashed"
            return self._call(function, [cst.Arg(value=_bare(node))])
        if kind == FixKind.REDACT_FORMAT:
            function, args = rewrite(_bare(node))
            return self._call(function, args)
        if kind == FixKind.SAFE_CALL:
            if not isinstance(node, cst.Call):
                raise CannotRewrite("not a call")
            return node.with_changes(func=self.names.spell("safe"))
        if kind == FixKind.ESCAPE_MARKERS:
            return _escape_markers(node)
        raise CannotRewrite(f"no rewrite for {kind}")

    def _call(self, function: str, args: list[cst.Arg]) -> cst.Call:
        return cst.Call(func=self.names.spell(function), args=args)


def _bare(node: cst.BaseExpression) -> cst.BaseExpression:
    """The node without its own parentheses (the call's parentheses replace them)."""
    if node.lpar and not isinstance(node, (cst.Tuple, cst.GeneratorExp, cst.Yield)):
        return node.with_changes(lpar=[], rpar=[])
    return node


def _escape_markers(node: cst.BaseExpression) -> cst.BaseExpression:
    code = cst.Module(body=[]).code_for_node(node)
    if any("r" in part.prefix.lower() for part in _string_parts(node)):
        raise CannotRewrite("a raw string cannot hold escapes")
    for marker, escape in _MARKER_ESCAPES.items():
        code = code.replace(marker, escape)
    return cst.parse_expression(code)


def _string_parts(node: cst.BaseExpression) -> list[cst.SimpleString | cst.FormattedString]:
    if isinstance(node, cst.ConcatenatedString):
        return [*_string_parts(node.left), *_string_parts(node.right)]
    if isinstance(node, (cst.SimpleString, cst.FormattedString)):
        return [node]
    raise CannotRewrite("not a string literal")
