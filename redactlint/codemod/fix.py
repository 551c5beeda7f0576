"""``redactlint fix``: apply the marking rules' fixes at the spans the checker found.

For each file with fixable findings: parse with libcst, find the smallest
expression whose range covers each finding's span, rewrite it by the finding's
fix kind, add the runtime import if one is needed, check that the result still
compiles, and write it atomically. Nothing outside those nodes and the import
block changes.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
import libcst.matchers as m
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from ..analysis.engine import Settings, check_source, display_path
from ..analysis.findings import Finding, FixKind
from .files import FileChanged, SourceFile
from .imports import RuntimeNames
from .templates import CannotRewrite, rewrite, split_literal

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
        result = fix_source(path, source.text, fixable, source.encoding)
        if write and result.changed:
            try:
                source.write(result.fixed)
            except FileChanged:
                result.error = "the file changed on disk while it was being fixed; skipped"
            except (OSError, UnicodeEncodeError) as error:
                reason = getattr(error, "strerror", None) or error
                result.error = f"cannot write the file: {reason}"
        results.append(result)
    return results


def fix_source(
    path: Path, text: str, findings: Sequence[Finding], encoding: str = "utf-8"
) -> FileFix:
    """Apply ``findings``' fixes to ``text``; the result is checked to compile.

    When the fixed file would not compile, each fix is tried on its own and only
    those that keep the file compiling are applied (the others are reported).
    """
    result = FileFix(path, original=text, fixed=text)
    try:
        wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    except (cst.ParserSyntaxError, RecursionError) as error:
        result.error = f"libcst cannot parse the file: {error}"
        return result
    targets: dict[cst.CSTNode, list[Finding]] = {}
    index = _ExpressionIndex(wrapper.resolve(PositionProvider))
    for finding in findings:
        node = index.smallest_covering(finding)
        if node is None:
            result.skipped.append((finding, "no expression at this span"))
        else:
            targets.setdefault(node, []).append(finding)
    attempt = _apply(path, wrapper.module, targets, encoding)
    if attempt.error is not None and len(targets) > 1:
        kept: dict[cst.CSTNode, list[Finding]] = {}
        for node, group in targets.items():
            alone = _apply(path, wrapper.module, {node: group}, encoding)
            if alone.error is None:
                kept[node] = group
            else:
                result.skipped.extend((finding, alone.error) for finding in group)
        attempt = _apply(path, wrapper.module, kept, encoding)
    if attempt.error is not None:
        result.error = attempt.error
        return result
    result.applied = attempt.applied
    result.skipped.extend(attempt.skipped)
    result.fixed = attempt.fixed
    return result


def _apply(
    path: Path,
    module: cst.Module,
    targets: dict[cst.CSTNode, list[Finding]],
    encoding: str,
) -> FileFix:
    attempt = FileFix(path)
    names = RuntimeNames.scan(module)
    transformer = _Fixer(targets, names, attempt)
    fixed_module = names.add_import(module.visit(transformer))
    fixed = fixed_module.code
    try:
        compile(fixed, str(path), "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        attempt.error = f"the fixed file would not compile ({error}); left unchanged"
        return attempt
    try:
        fixed.encode(encoding)
    except UnicodeEncodeError:
        attempt.error = f"the fixed file cannot be written in {encoding}; left unchanged"
        return attempt
    attempt.fixed = fixed
    return attempt


class _ExpressionIndex:
    """The file's expressions by position, to find the one a finding's span names."""

    def __init__(self, ranges: Mapping[cst.CSTNode, CodeRange]) -> None:
        self.expressions = [
            ((r.start.line, r.start.column), (r.end.line, r.end.column), node)
            for node, r in ranges.items()
            if isinstance(node, cst.BaseExpression)
        ]

    def smallest_covering(self, finding: Finding) -> cst.CSTNode | None:
        """The smallest expression whose range covers the finding's span (on a tie,
        the outermost, as the checker's ``ast`` node spans its whole expression)."""
        span = finding.span
        start = (span.line, span.column - 1)
        end = (span.end_line, span.end_column - 1)
        best: tuple[tuple[int, int], tuple[int, int], cst.CSTNode] | None = None
        for node_start, node_end, node in self.expressions:  # children come first
            if (
                node_start <= start
                and node_end >= end
                and (best is None or (node_start >= best[0] and node_end <= best[1]))
            ):
                best = (node_start, node_end, node)
        return None if best is None else best[2]


# Local rewrites first, then the ones that wrap the (already fixed) expression.
_ORDER = {
    FixKind.ESCAPE_MARKERS: 0,
    FixKind.SAFE_CALL: 1,
    FixKind.UNSAFE_CALL: 1,
    FixKind.REDACT_FORMAT: 2,
    FixKind.WRAP_HASHED: 3,
    FixKind.WRAP_UNSAFE: 3,
}


class _Fixer(cst.CSTTransformer):
    def __init__(
        self, targets: dict[cst.CSTNode, list[Finding]], names: RuntimeNames, result: FileFix
    ) -> None:
        super().__init__()
        self.targets = targets
        self.names = names
        self.result = result
        self.in_fstring_expression = 0

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.FormattedStringExpression):
            self.in_fstring_expression += 1
        return True

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        if isinstance(original_node, cst.FormattedStringExpression):
            self.in_fstring_expression -= 1
        findings = self.targets.get(original_node)
        if not findings or not isinstance(updated_node, cst.BaseExpression):
            return updated_node
        node: cst.BaseExpression = updated_node
        done: set[FixKind] = set()
        for finding in sorted(findings, key=lambda f: _ORDER.get(f.fix or FixKind.WRAP_UNSAFE, 9)):
            kind = finding.fix
            assert kind is not None
            if kind in done:  # two findings, one fix (RL205 twice in one f-string)
                self.result.applied.append(finding)
                continue
            if kind in _OUTER and done & _OUTER:
                self.result.skipped.append((finding, "another fix applies to the same expression"))
                continue
            try:
                replacement = self._fix(kind, node)
                _keep_comments(node, replacement)
            except CannotRewrite as reason:
                self.result.skipped.append((finding, f"cannot rewrite: {reason}"))
                continue
            done.add(kind)
            node = replacement
            self.result.applied.append(finding)
        return node

    def _fix(self, kind: FixKind, node: cst.BaseExpression) -> cst.BaseExpression:
        if kind in _WRAPS:
            function = "unsafe" if kind == FixKind.WRAP_UNSAFE else "hashed"
            value, whitespace, closing = _unparenthesized(node)
            arg = cst.Arg(value=value)
            if closing is not None:
                arg = arg.with_changes(whitespace_after_arg=closing)
            return cst.Call(
                func=self.names.spell(function),
                args=[arg],
                whitespace_before_args=whitespace or cst.SimpleWhitespace(""),
            )
        if kind == FixKind.REDACT_FORMAT:
            value, whitespace, closing = _unparenthesized(node)
            return _lay_out(rewrite(value, self.names.spell), whitespace, closing)
        if kind == FixKind.SAFE_CALL:
            if (
                not isinstance(node, cst.Call)
                or len(node.args) != 1
                or node.args[0].keyword is not None
                or node.args[0].star
            ):
                raise CannotRewrite("not a call with one positional argument")
            return node.with_changes(func=self.names.spell("safe"))
        if kind == FixKind.ESCAPE_MARKERS:
            if self.in_fstring_expression:
                raise CannotRewrite("an f-string expression cannot hold escapes")
            return _escape_markers(node)
        raise CannotRewrite(f"no rewrite for {kind.value}")


_WRAPS = {FixKind.WRAP_UNSAFE, FixKind.WRAP_HASHED}
_OUTER = {*_WRAPS, FixKind.REDACT_FORMAT}


def _unparenthesized(
    node: cst.BaseExpression,
) -> tuple[
    cst.BaseExpression,
    cst.BaseParenthesizableWhitespace | None,
    cst.BaseParenthesizableWhitespace | None,
]:
    """The node without its own parentheses (the call's replace them), and the
    whitespace just inside the outer pair, which the call keeps."""
    if not node.lpar or isinstance(node, (cst.Tuple, cst.GeneratorExp, cst.Yield)):
        return node, None, None
    inner_lpar, inner_rpar = node.lpar[1:], node.rpar[:-1]
    keep = any(_has_comment(paren) for paren in (*inner_lpar, *inner_rpar))
    value = node.with_changes(lpar=inner_lpar if keep else [], rpar=inner_rpar if keep else [])
    return value, node.lpar[0].whitespace_after, node.rpar[-1].whitespace_before


def _lay_out(
    call: cst.Call,
    whitespace: cst.BaseParenthesizableWhitespace | None,
    closing: cst.BaseParenthesizableWhitespace | None,
) -> cst.Call:
    """``call`` in place of a parenthesized expression, keeping the parentheses'
    whitespace: over several lines, one argument per line, the template first."""
    if whitespace is None or closing is None:
        return call
    if isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        return call  # laid out already, as the .format() or %-tuple it was
    args = list(call.args)
    if not isinstance(whitespace, cst.ParenthesizedWhitespace) or len(args) < 2:
        args[-1] = args[-1].with_changes(whitespace_after_arg=closing)
        return call.with_changes(args=args, whitespace_before_args=whitespace)
    indent = whitespace.last_line

    def line(after: cst.BaseParenthesizableWhitespace | None = None) -> cst.Comma:
        if isinstance(after, cst.ParenthesizedWhitespace):  # keeps its comment
            return cst.Comma(whitespace_after=after.with_changes(last_line=indent))
        return cst.Comma(
            whitespace_after=cst.ParenthesizedWhitespace(indent=whitespace.indent, last_line=indent)
        )

    last_line = (
        closing.last_line
        if isinstance(closing, cst.ParenthesizedWhitespace)
        else cst.SimpleWhitespace("")
    )
    laid = [args[0].with_changes(comma=line(closing))]
    laid += [arg.with_changes(comma=line()) for arg in args[1:-1]]
    laid.append(
        args[-1].with_changes(
            comma=cst.Comma(
                whitespace_after=cst.ParenthesizedWhitespace(
                    indent=whitespace.indent, last_line=last_line
                )
            )
        )
    )
    return call.with_changes(args=laid, whitespace_before_args=whitespace)


def _has_comment(node: cst.CSTNode) -> bool:
    return bool(m.findall(node, m.Comment()))


def _comments(node: cst.CSTNode) -> Counter[str]:
    found = m.findall(node, m.Comment())
    return Counter(comment.value for comment in found if isinstance(comment, cst.Comment))


def _keep_comments(before: cst.CSTNode, after: cst.CSTNode) -> None:
    if _comments(before) - _comments(after):
        raise CannotRewrite("a comment inside the expression would be lost")


def _escape_markers(node: cst.BaseExpression) -> cst.BaseExpression:
    """Marker characters in a literal's text written as ``\\u`` escapes."""
    if isinstance(node, cst.ConcatenatedString):
        left = _escape_markers(node.left)
        right = _escape_markers(node.right)
        assert isinstance(left, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString))
        assert isinstance(right, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString))
        return node.with_changes(left=left, right=right)
    if isinstance(node, cst.SimpleString):
        prefix, quote, body = split_literal(node.value)
        return node.with_changes(value=prefix + quote + _escaped(body, prefix) + quote)
    if isinstance(node, cst.FormattedString):
        return node.with_changes(parts=_escape_parts(node.parts, node.prefix))
    raise CannotRewrite("not a string literal")


def _escape_parts(
    parts: Sequence[cst.BaseFormattedStringContent], prefix: str
) -> list[cst.BaseFormattedStringContent]:
    escaped: list[cst.BaseFormattedStringContent] = []
    for part in parts:
        if isinstance(part, cst.FormattedStringText):
            part = part.with_changes(value=_escaped(part.value, prefix))
        elif isinstance(part, cst.FormattedStringExpression) and part.format_spec:
            part = part.with_changes(format_spec=_escape_parts(part.format_spec, prefix))
        escaped.append(part)
    return escaped


def _escaped(body: str, prefix: str) -> str:
    if not any(marker in body for marker in _MARKER_ESCAPES):
        return body
    if "r" in prefix.lower():
        raise CannotRewrite("a raw string cannot hold escapes")
    out: list[str] = []
    backslashes = 0
    for char in body:
        if char in _MARKER_ESCAPES:
            # After an odd run of backslashes the last one was kept as a backslash
            # (an unknown escape); it now needs escaping itself.
            out.append(("\\" if backslashes % 2 else "") + _MARKER_ESCAPES[char])
        else:
            out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)
