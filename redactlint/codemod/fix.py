"""``redactlint fix``: apply the marking rules' fixes at the spans the checker found.

For each file with fixable findings: parse with libcst, find the smallest
expression whose range covers each finding's span, rewrite it by the finding's
fix kind, add the runtime import if one is needed, check that the result still
compiles, and write it atomically. Nothing outside those nodes and the import
block changes.
"""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
import libcst.matchers as m
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from ..analysis.engine import Settings, check_source, display_path
from ..analysis.findings import Finding, FixKind
from .files import FileChanged, SourceFile
from .imports import RuntimeNames
from .log_template import rewrite_message
from .templates import MARKER_ESCAPES, CannotRewrite, rewrite, split_literal


@dataclass
class FileFix:
    """What fixing one file did."""

    path: Path
    applied: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)
    original: str = ""
    fixed: str = ""
    error: str | None = None
    # The fixable findings of the file as it was read (``applied`` also holds those of
    # later passes, located in the text an earlier pass wrote).
    found: list[Finding] = field(default_factory=list)

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
    """Fix every file with fixable findings; files without any are not parsed by libcst,
    and those the prefilter skips (they name no sink) are not checked either."""
    from ..analysis.runner import ProjectCheck, worth_checking_in

    worth_checking = worth_checking_in(settings)
    check = ProjectCheck(settings)
    results = []
    for path in files:
        try:
            source = SourceFile.read(path)
        except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
            continue  # the checker reports unreadable files
        if not worth_checking(path, source.data):
            continue
        findings = check(path, source.data)
        result = fix_found(path, source, findings, settings, check)
        if result is None:
            continue
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


def fix_found(
    path: Path,
    source: SourceFile,
    findings: Sequence[Finding],
    settings: Settings,
    check: Callable[[Path, bytes], list[Finding]] | None = None,
) -> FileFix | None:
    """The fixes of ``findings`` (what the checker reported for ``source``), in memory,
    with the passes their own fixes call for (each pass checked by ``check``, one
    module alone when not given); None when none of them is fixable. What ``fix``
    writes, and what an editor offers for an unsaved buffer."""
    fixable = [f for f in findings if f.fix is not None]
    if not fixable:
        return None
    if check is None:
        def check(path: Path, data: bytes) -> list[Finding]:
            return check_source(
                display_path(path), data, settings, module=settings.module_name(str(path))
            )
    result = _fix_again(source, fix_source(path, source.text, fixable, source.encoding),
                        check)
    result.found = fixable
    return result


# Fixes that make part of an expression into values the checker has not seen yet (a
# log message's interpolations become its arguments): the file is checked and fixed
# again, so one run marks those values too.
_SEPARATING = frozenset({FixKind.LOG_TEMPLATE, FixKind.WRAP_REDACTED})
_PASSES = 3


def _fix_again(
    source: SourceFile, result: FileFix, check: Callable[[Path, bytes], list[Finding]]
) -> FileFix:
    """``result`` with the fixes of the findings its own fixes brought to light."""
    last = result.applied
    for _ in range(_PASSES - 1):
        if not result.changed or not any(finding.fix in _SEPARATING for finding in last):
            break
        findings = check(source.path, source.encode(result.fixed))
        fixable = [f for f in findings if f.fix is not None]
        again = fix_source(source.path, result.fixed, fixable, source.encoding)
        if not again.changed:
            break
        result.applied.extend(again.applied)
        result.skipped = again.skipped
        result.fixed = again.fixed
        last = again.applied
    return result


def fix_source(
    path: Path, text: str, findings: Sequence[Finding], encoding: str = "utf-8"
) -> FileFix:
    """Apply ``findings``' fixes to ``text``; the result is checked to compile.

    When the fixed file would not compile, each fix is tried on its own and only
    those that keep the file compiling are applied (the others are reported).
    """
    result = FileFix(path, original=text, fixed=text)
    try:
        return _fix_parsed(path, text, findings, encoding, result)
    except cst.ParserSyntaxError as error:
        result.error = f"libcst cannot parse the file: {error}"
    except RecursionError:
        # libcst recurses over the tree (parsing, positions, transforms): nesting
        # that compile() accepts can exceed the interpreter's limit. Refuse the file.
        result.error = "too deeply nested for libcst to rewrite safely; left unchanged"
    result.fixed = text
    result.applied = []
    return result


def _fix_parsed(
    path: Path, text: str, findings: Sequence[Finding], encoding: str, result: FileFix
) -> FileFix:
    wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    targets: dict[cst.CSTNode, list[Finding]] = {}
    ranges = wrapper.resolve(PositionProvider)
    index = _ExpressionIndex(ranges)
    messages: dict[cst.CSTNode, cst.CSTNode] = {}  # a logging call -> its message
    for finding in findings:
        node = index.smallest_covering(finding)
        if node is not None and finding.fix == FixKind.LOG_TEMPLATE:
            message, node = node, index.call_of(node)  # its arguments change too
            if node is not None:
                messages[node] = message
        if node is None:
            result.skipped.append((finding, "no expression at this span"))
        else:
            targets.setdefault(node, []).append(finding)
    fixing = _Fixing(path, wrapper.module, text, ranges, encoding, messages)
    attempt = fixing.apply(targets)
    if attempt.error is not None and len(targets) > 1:
        kept: dict[cst.CSTNode, list[Finding]] = {}
        for node, group in targets.items():
            alone = fixing.apply({node: group})
            if alone.error is None:
                kept[node] = group
            else:
                result.skipped.extend((finding, alone.error) for finding in group)
        attempt = fixing.apply(kept)
    if attempt.error is not None:
        result.error = attempt.error
        return result
    result.applied = attempt.applied
    result.skipped.extend(attempt.skipped)
    result.fixed = attempt.fixed
    return result


@dataclass
class _Fixing:
    """One file being fixed: its tree, positions and encoding."""

    path: Path
    module: cst.Module
    text: str
    ranges: Mapping[cst.CSTNode, CodeRange]
    encoding: str
    messages: Mapping[cst.CSTNode, cst.CSTNode] = field(default_factory=dict)

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @functools.cached_property
    def unpacked(self) -> set[cst.CSTNode]:
        """Values unpacked with ``*`` or ``**``: iterables and mappings, never text."""
        found: set[cst.CSTNode] = set()
        for node in self.ranges:
            if isinstance(node, (cst.StarredElement, cst.StarredDictElement)) or (
                isinstance(node, cst.Arg) and node.star
            ):
                found.add(node.value)
        return found

    @functools.cached_property
    def compiles(self) -> bool:
        try:
            compile(self.text, str(self.path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return False
        return True

    def apply(self, targets: dict[cst.CSTNode, list[Finding]]) -> FileFix:
        """The file with the fixes for ``targets``, or why it cannot be written."""
        attempt = FileFix(self.path)
        names = RuntimeNames.scan(self.module, self.text)
        spans = [self.ranges[node] for node in targets]
        transformer = _Fixer(targets, names, attempt, self.ranges, spans)
        transformer.lines = self.lines
        transformer.unpacked = self.unpacked
        transformer.indent = self.module.default_indent
        transformer.messages = self.messages
        try:
            fixed = names.add_import(self.module.visit(transformer)).code
        except cst.CSTValidationError as error:  # a rewrite libcst cannot print
            attempt.error = f"cannot rewrite ({error}); left unchanged"
            return attempt
        try:
            compile(fixed, str(self.path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as error:
            if not self.compiles:
                attempt.error = "the file does not compile as it is; left unchanged"
            else:
                attempt.error = f"the fixed file would not compile ({error}); left unchanged"
            return attempt
        try:
            fixed.encode(self.encoding)
        except UnicodeEncodeError:
            attempt.error = f"the fixed file cannot be written in {self.encoding}; left unchanged"
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

    def call_of(self, node: cst.CSTNode) -> cst.Call | None:
        """The call ``node`` is an argument of."""
        for _, _, call in self.expressions:
            if isinstance(call, cst.Call) and any(arg.value is node for arg in call.args):
                return call
        return None


# Local rewrites first, then the ones that wrap the (already fixed) expression.
_ORDER = {
    FixKind.ESCAPE_MARKERS: 0,
    FixKind.SAFE_CALL: 1,
    FixKind.REDACT_FORMAT: 2,
    FixKind.LOG_TEMPLATE: 2,
    FixKind.WRAP_HASHED: 3,
    FixKind.WRAP_UNSAFE: 3,
    FixKind.MARK: 3,
    FixKind.WRAP_SAFE: 3,
    FixKind.WRAP_REDACTED: 4,
}


class _Fixer(cst.CSTTransformer):
    def __init__(
        self,
        targets: dict[cst.CSTNode, list[Finding]],
        names: RuntimeNames,
        result: FileFix,
        ranges: Mapping[cst.CSTNode, CodeRange],
        spans: Sequence[CodeRange],
    ) -> None:
        super().__init__()
        self.targets = targets
        self.names = names
        self.result = result
        self.ranges = ranges
        self.spans = [((r.start.line, r.start.column), (r.end.line, r.end.column)) for r in spans]
        self.in_fstring_expression = 0
        self.lines: list[str] = []
        self.unpacked: set[cst.CSTNode] = set()
        self.indent = "    "  # the file's indentation step
        self.unpacking = False  # the expression being fixed is unpacked with * or **
        self.starts_line = False  # the expression being fixed begins its line
        self.messages: Mapping[cst.CSTNode, cst.CSTNode] = {}  # logging call -> message
        self.message_index: int | None = None  # of the call being fixed, when it logs

    def on_visit(self, node: cst.CSTNode) -> bool:
        where = self.ranges.get(node)
        if where is not None and not any(
            (where.start.line, where.start.column) <= end
            and start <= (where.end.line, where.end.column)
            for start, end in self.spans
        ):
            return False  # nothing to fix in there: its children are not walked
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
        where = self.ranges.get(original_node)
        self.starts_line = (
            where is not None
            and not node.lpar
            and 0 < where.start.line <= len(self.lines)
            and not self.lines[where.start.line - 1][: where.start.column].strip()
        )
        self.unpacking = original_node in self.unpacked
        message = self.messages.get(original_node)
        self.message_index = next(
            (i for i, arg in enumerate(getattr(original_node, "args", ())) if arg.value is message),
            None,
        )
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
            before = self.names.snapshot()
            try:
                replacement = self._fix(kind, node, finding.fix_with)
                _keep_comments(node, replacement)
            except CannotRewrite as reason:
                self.names.restore(before)  # no import for a fix not made
                self.result.skipped.append((finding, f"cannot rewrite: {reason}"))
                continue
            done.add(kind)
            node = replacement
            self.result.applied.append(finding)
        return node

    def _fix(
        self,
        kind: FixKind,
        node: cst.BaseExpression,
        keywords: tuple[tuple[str, str], ...] = (),
    ) -> cst.BaseExpression:
        if kind in _WRAPS:
            if self.unpacking:
                raise CannotRewrite("an unpacked iterable, not text")
            if kind != FixKind.WRAP_REDACTED and _never_text(node):
                # unsafe(...) would turn it into text: the finding is the checker's mistake.
                raise CannotRewrite(f"not text: {type(node).__name__}")
            function = _WRAPS[kind]
            value, whitespace, closing = _unparenthesized(node)
            args = [cst.Arg(value=value), *_keyword_arguments(keywords)]
            if closing is not None:
                args[-1] = args[-1].with_changes(whitespace_after_arg=closing)
            return cst.Call(
                func=self.names.spell(function),
                args=args,
                whitespace_before_args=whitespace or cst.SimpleWhitespace(""),
            )
        if kind == FixKind.REDACT_FORMAT:
            value, whitespace, closing = _unparenthesized(node)
            call = rewrite(value, self.names.spell)
            if whitespace is None and not self.starts_line:
                call = _keep_aligned(call, node)
            return _lay_out(call, whitespace, closing, self.starts_line, self.indent)
        if kind == FixKind.SAFE_CALL:  # SafeStr(x) -> safe(x)
            if (
                not isinstance(node, cst.Call)
                or len(node.args) != 1
                or node.args[0].keyword is not None
                or node.args[0].star
            ):
                raise CannotRewrite("not a call with one positional argument")
            return node.with_changes(func=self.names.spell("safe"))
        if kind == FixKind.LOG_TEMPLATE:
            if not isinstance(node, cst.Call) or self.message_index is None:
                raise CannotRewrite("not the message of a logging call")
            return rewrite_message(node, self.message_index)
        if kind == FixKind.ESCAPE_MARKERS:
            if self.in_fstring_expression:
                raise CannotRewrite("an f-string expression cannot hold escapes")
            return _escape_markers(node)
        raise CannotRewrite(f"no rewrite for {kind.value}")


def _keyword_arguments(keywords: tuple[tuple[str, str], ...]) -> list[cst.Arg]:
    """``name=<expression>`` for each (name, source text) a finding's fix passes."""
    found = []
    for name, text in keywords:
        try:
            value = cst.parse_expression(text)
        except cst.ParserSyntaxError:
            raise CannotRewrite(f"{name}= is not an expression: {text!r}") from None
        found.append(cst.Arg(
            value=value, keyword=cst.Name(name),
            equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
        ))
    return found


# The fixes that wrap an expression in a call of the runtime, and the function each calls.
_WRAPS = {
    FixKind.WRAP_UNSAFE: "unsafe",
    FixKind.WRAP_HASHED: "hashed",
    FixKind.MARK: "mark",
    FixKind.WRAP_SAFE: "safe",
    FixKind.WRAP_REDACTED: "redacted",
}
_OUTER = {*_WRAPS, FixKind.REDACT_FORMAT} - {FixKind.WRAP_REDACTED}


_NEVER_TEXT = (
    cst.List,
    cst.Tuple,
    cst.Set,
    cst.Dict,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
    cst.Lambda,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.Comparison,
    cst.Ellipsis,
)


def _never_text(node: cst.BaseExpression) -> bool:
    """Expressions whose value cannot be a ``str``, whatever the names in them hold."""
    if isinstance(node, cst.UnaryOperation):
        return True  # not, -, +, ~: str has none of them
    if isinstance(node, cst.SimpleString):
        return "b" in split_literal(node.value)[0].lower()
    return isinstance(node, _NEVER_TEXT)


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
    starts_line: bool = False,
    indent: str = "    ",
) -> cst.Call:
    """``call`` in place of an expression, keeping its layout.

    In place of a parenthesized expression the call keeps the parentheses'
    whitespace; over several lines it takes one argument per line, the template
    first. So does a template of literals on several lines that began its line.
    """
    if isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        return call  # laid out already, as the .format() or %-tuple it was
    args = list(call.args)
    if whitespace is None or closing is None:
        template = args[0].value
        continued = _continuation(template) if len(args) > 1 and starts_line else None
        if continued is None:
            return call
        # "a {} "\n"b {}", x, y  ->  (\n    "a {} "\n    "b {}",\n    x,\n    y,\n)
        inner = cst.SimpleWhitespace(continued.last_line.value + indent)
        opening = cst.ParenthesizedWhitespace(indent=continued.indent, last_line=inner)
        args[0] = args[0].with_changes(value=_reindent(template, lambda _: inner))
        return _one_per_line(call.with_changes(args=args), opening, continued.last_line)
    if not isinstance(whitespace, cst.ParenthesizedWhitespace) or len(args) < 2:
        args[-1] = args[-1].with_changes(whitespace_after_arg=closing)
        return call.with_changes(args=args, whitespace_before_args=whitespace)
    last_line = (
        closing.last_line
        if isinstance(closing, cst.ParenthesizedWhitespace)
        else cst.SimpleWhitespace("")
    )
    return _one_per_line(call, whitespace, last_line, closing)


def _one_per_line(
    call: cst.Call,
    opening: cst.ParenthesizedWhitespace,
    closing_line: cst.SimpleWhitespace,
    after_template: cst.BaseParenthesizableWhitespace | None = None,
) -> cst.Call:
    """``call`` with each argument on its own line, indented as after ``opening``;
    ``after_template`` (with a comment that was there) follows the template."""
    indent = opening.last_line

    def line(after: cst.BaseParenthesizableWhitespace | None = None) -> cst.Comma:
        if isinstance(after, cst.ParenthesizedWhitespace):  # keeps its comment
            return cst.Comma(whitespace_after=after.with_changes(last_line=indent))
        return cst.Comma(
            whitespace_after=cst.ParenthesizedWhitespace(indent=opening.indent, last_line=indent)
        )

    args = list(call.args)
    laid = [args[0].with_changes(comma=line(after_template))]
    laid += [arg.with_changes(comma=line()) for arg in args[1:-1]]
    closing = cst.ParenthesizedWhitespace(indent=opening.indent, last_line=closing_line)
    laid.append(args[-1].with_changes(comma=cst.Comma(whitespace_after=closing)))
    return call.with_changes(args=laid, whitespace_before_args=opening)


def _keep_aligned(call: cst.Call, original: cst.BaseExpression) -> cst.Call:
    """``call`` with its template's continuation lines shifted by as much as the
    template's first line moved, so literals aligned one under the other stay so."""
    template = call.args[0].value
    if _continuation(template) is None or not isinstance(template, cst.ConcatenatedString):
        return call
    source = original
    if isinstance(original, cst.BinaryOperation):
        source = original.left
        while isinstance(source, cst.BinaryOperation) and isinstance(source.operator, cst.Add):
            source = source.left
        if isinstance(original.operator, cst.Add) and not isinstance(
            source, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)
        ):
            return call  # the template does not start where the expression does
    elif isinstance(original, cst.Call) and isinstance(original.func, cst.Attribute):
        source = original.func.value
    code = cst.Module(body=[]).code_for_node
    before = sum(len(code(paren)) for paren in original.lpar)
    if source is not original:
        before += sum(len(code(paren)) for paren in source.lpar)
    after = len(code(call.func)) + 1 + len(code(call.whitespace_before_args))
    shift = after - before
    if shift == 0:
        return call

    def shifted(whitespace: cst.SimpleWhitespace) -> cst.SimpleWhitespace:
        value = whitespace.value
        if shift > 0:
            return cst.SimpleWhitespace(value + " " * shift)
        trim = min(-shift, len(value) - len(value.rstrip(" ")))
        return cst.SimpleWhitespace(value[: len(value) - trim])

    args = list(call.args)
    args[0] = args[0].with_changes(value=_reindent(template, shifted))
    return call.with_changes(args=args)


def _continuation(node: cst.BaseExpression) -> cst.ParenthesizedWhitespace | None:
    """The line break inside a literal continued over lines, if it is one."""
    if isinstance(node, cst.ConcatenatedString) and not node.lpar:
        if isinstance(node.whitespace_between, cst.ParenthesizedWhitespace):
            return node.whitespace_between
        return _continuation(node.right)
    return None


def _reindent(
    node: cst.BaseExpression, indent: Callable[[cst.SimpleWhitespace], cst.SimpleWhitespace]
) -> cst.BaseExpression:
    """A concatenated literal with each continuation line's indentation changed."""
    if not isinstance(node, cst.ConcatenatedString):
        return node
    between = node.whitespace_between
    if isinstance(between, cst.ParenthesizedWhitespace):
        between = between.with_changes(last_line=indent(between.last_line))
    right = _reindent(node.right, indent)
    assert isinstance(right, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString))
    return node.with_changes(whitespace_between=between, right=right)


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
    if not any(marker in body for marker in MARKER_ESCAPES):
        return body
    if "r" in prefix.lower():
        raise CannotRewrite("a raw string cannot hold escapes")
    out: list[str] = []
    backslashes = 0
    for char in body:
        if char in MARKER_ESCAPES:
            # After an odd run of backslashes the last one was kept as a backslash
            # (an unknown escape); it now needs escaping itself.
            out.append(("\\" if backslashes % 2 else "") + MARKER_ESCAPES[char])
        else:
            out.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)
