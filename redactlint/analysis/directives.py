"""``# redactlint: ...`` comments: suppressions and justifications.

- ``# redactlint: ignore[RL001] reason`` on any line of a statement suppresses
  that statement's RL001 findings; the reason is required.
- ``# redactlint: safe -- reason`` justifies a ``safe(...)`` of a non-constant
  on the same statement (RL202), and is what ``redactlint audit`` shows.

Comments are read with ``tokenize`` (``ast`` drops them), only in files that
contain the ``redactlint:`` marker at all.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

_DIRECTIVE = re.compile(r"#\s*redactlint:\s*(?P<body>.*)$")
_IGNORE = re.compile(r"ignore(?:\[(?P<codes>[^\]]*)\])?\s*(?P<reason>.*)$")
_SAFE = re.compile(r"safe\s*(?:--|—|:)?\s*(?P<reason>.*)$")
_CODE = re.compile(r"RL[0-9]{3}")


@dataclass(frozen=True)
class Suppression:
    line: int
    column: int  # 1-based, in characters
    end_column: int
    codes: tuple[str, ...]
    reason: str
    problem: str | None = None  # why the comment is malformed, if it is


@dataclass(frozen=True)
class Justification:
    line: int
    reason: str


@dataclass
class Directives:
    suppressions: list[Suppression]
    justifications: dict[int, Justification]
    malformed: list[tuple[int, int, int, str]]  # line, column, end column, problem


def read_directives(source: str) -> Directives:
    """Every redactlint comment of a module (empty when it has none)."""
    directives = Directives([], {}, [])
    if "redactlint:" not in source:
        return directives
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return directives
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        match = _DIRECTIVE.search(token.string)
        if match is None:
            continue
        line = token.start[0]
        column = token.start[1] + match.start() + 1
        end = token.start[1] + len(token.string) + 1
        body = match["body"].strip()
        ignore = _IGNORE.fullmatch(body)
        if ignore is not None:
            codes_text = ignore["codes"]
            reason = ignore["reason"].strip()
            codes = tuple(c.strip() for c in codes_text.split(",")) if codes_text else ()
            problem = None
            if not codes:
                problem = "name the codes it suppresses: # redactlint: ignore[RL001] reason"
            elif not all(_CODE.fullmatch(code) for code in codes):
                problem = f"not a rule code in ignore[{codes_text}]"
            elif not reason:
                problem = "give the reason after the codes: # redactlint: ignore[RL001] reason"
            if problem is not None:
                directives.malformed.append((line, column, end, problem))
            directives.suppressions.append(Suppression(line, column, end, codes, reason, problem))
            continue
        safe = _SAFE.fullmatch(body)
        if safe is not None and safe["reason"].strip():
            directives.justifications[line] = Justification(line, safe["reason"].strip())
            continue
        if safe is not None:
            directives.malformed.append(
                (line, column, end, "give the reason: # redactlint: safe -- reason")
            )
            continue
        directives.malformed.append(
            (line, column, end, "unknown directive; use ignore[CODE] reason or safe -- reason")
        )
    return directives
