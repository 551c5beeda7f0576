"""Expression safety where the walker stands: not-a-string, safe, redactable or unknown.

A probe rule records how the walker classifies the argument of each ``probe(...)``
call, so the table sees the lattice value itself, not only whether a rule fired.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from redactlint.analysis.config import Config, SinkSpec
from redactlint.analysis.context import Context
from redactlint.analysis.directives import Directives
from redactlint.analysis.facts import ProjectFacts
from redactlint.analysis.kinds import Safety
from redactlint.analysis.registry import Registry
from redactlint.analysis.rules.base import Rule
from redactlint.analysis.safety import Evaluator
from redactlint.analysis.scopes import Scopes
from redactlint.analysis.sink_sites import SinkMatcher
from redactlint.analysis.walker import Walker

N, S, R, U = Safety.NOT_STRING, Safety.SAFE, Safety.REDACTABLE, Safety.UNKNOWN

PRELUDE = """\
import enum
import time
from typing import Literal, Optional, Union
from redactlint import redact
from redactlint.redact import RedactableStr, SafeStr, hashed, safe, unsafe

LABEL = "label"
TWICE = "a"
TWICE = "b"
ITEMS = ["a"]
PAIR = ("a", "b")
MARKED = unsafe("x")
PROMISED: SafeStr = make()


class Kind(enum.Enum):
    A = "a"


def reviewed() -> SafeStr: ...
def redactable() -> RedactableStr: ...
def plain() -> str: ...
"""


class Probe(Rule):
    code = "RL999"
    name = "probe"

    def __init__(self) -> None:
        self.seen: list[Safety] = []

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        if isinstance(call.func, ast.Name) and call.func.id == "probe":
            self.seen.append(ctx.classify(call.args[0]))


def classify(body: str, expression: str) -> list[Safety]:
    """The safety of ``expression`` after ``body``, in a function with typed parameters."""
    function = (
        "def function(text, flag, count: int, q: SafeStr, r: RedactableStr, "
        'o: Optional[SafeStr], lit: Literal["a"], u: SafeStr | None, '
        "un: Union[SafeStr, None], *args, **kwargs):\n"
        + textwrap.indent(textwrap.dedent(body) + f"\nprobe({expression})\n", "    ")
    )
    source = PRELUDE + function
    tree = ast.parse(source)
    scopes = Scopes(tree, "app.probe")
    facts = ProjectFacts()
    facts.register("app.probe", False, tree, source)
    probe = Probe()
    ctx = Context(
        path="probe.py",
        lines=source.split("\n"),
        config=Config(root=Path(".")),
        registry=Registry(),
        scopes=scopes,
        evaluator=Evaluator(scopes, facts),
        directives=Directives([], {}, []),
        scope=scopes.module,
    )
    # The probe is named like a sink, so what reaches it is followed.
    Walker(ctx, [probe], SinkMatcher([SinkSpec("app.probe.probe")], Registry())).run(tree)
    return probe.seen


CASES = [
    # literals, numbers and names of the builtins
    ("", '"x"', S),
    ("", '"a" "b"', S),
    ("", 'b"x"', S),
    ("", "1", N),
    ("", "None", N),
    ("", "True", N),
    ("", "text", U),
    # module facts
    ("", "LABEL", S),
    ("", "TWICE", U),
    ("", "ITEMS", U),
    ("", "PAIR", S),
    ("", "MARKED", R),
    ("", "PROMISED", S),
    ("", "Kind.A", S),
    ("", "Kind.A.value", S),
    ("", "Kind.A.name", S),
    ("", "Kind.A.value.upper()", S),
    ("", "LABEL.replace(\"a\", TWICE)", U),
    ("", "MARKED.upper()", U),
    # parameters
    ("", "count", N),
    ("", "q", S),
    ("", "r", R),
    ("", "o", S),
    ("", "u", S),
    ("", "lit", S),
    ("", "un", S),
    ("", "args", U),
    ("", "kwargs", U),
    # runtime calls
    ("", "safe(text)", S),
    ("", "unsafe(text)", R),
    ("", "hashed(text)", R),
    ("", "redact.format('{}', text)", R),
    ("", "redact.sprintf('%s', text)", R),
    ("", "redact.join(', ', [text])", R),
    ("", "SafeStr(text)", S),
    ("", "RedactableStr(text)", R),
    # functions of this module
    ("", "reviewed()", S),
    ("", "redactable()", R),
    ("", "plain()", U),
    # not strings
    ("", "len(text)", N),
    ("", "int(text)", N),
    ("", "count * 2 + 1", N),
    ("", "-count", N),
    ("", "not text", N),
    ("", "text == 'x'", N),
    ("", "time.time() - time.monotonic()", N),
    ("", "str(count)", S),
    ("", "str(text)", U),
    # composites
    ("", "f'{LABEL}-{count}'", S),
    ("", "f'{text}'", U),
    ("", "f'{r}'", U),
    ("", "LABEL + 'x'", S),
    ("", "r + 'x'", U),
    ("", "'%s-%d' % (LABEL, count)", S),
    ("", "'%s' % text", U),
    ("", "'{}'.format(LABEL)", S),
    ("", "'{}'.format(text)", U),
    ("", "'x' if flag else 'y'", S),
    ("", "'x' if flag else r", R),
    ("", "'x' if flag else text", U),
    ("", "['x', r]", R),
    ("", "{'k': q}", S),
    ("", "{**kwargs}", U),
    # local facts
    ("v = 'x'", "v", S),
    ("v = r", "v", R),
    ("v = text\nv = unsafe(v)", "v", R),
    ("v: SafeStr = make()", "v", S),
    # containers: what is added to them counts, and one that escapes is unknown
    ("v = ['x']", "v", S),
    ("v = ['x']\nv.append(text)", "v", U),
    ("v = ['x']\nv.append(q)", "v", S),
    ("v = {}\nv['k'] = text", "v", U),
    ("v = {}\nv['k'] = 1", "v", S),
    ("v = []\nv.append(1)", "v", N),
    ("v = {'a': 1}\nv.update(extra)", "v", U),
    ("v = ['x']\nhelper(v)", "v", U),
    ("v = ['x']\nw = v\nw.append(text)", "v", U),
    ("v = ['x']\nw = v\nw.append(text)", "w", U),
    ("v = ['x']\nn = len(v)\nv.sort()", "v", S),
    ("v = []\nfor item in text:\n    v.append(item)", "v", U),
    ("v = []\nfor item in range(3):\n    v.append(item)", "v", N),
    ("v = ('x', q)", "v", S),
    ("if flag:\n    v = 'x'\nelse:\n    v = r", "v", R),
    ("if flag:\n    v = 'x'\nelse:\n    v = text", "v", U),
    ("v = 'x'\nfor item in text:\n    v = item", "v", U),
    ("v = 'x'\nv += 'y'", "v", S),
    ("v = 'x'\nv += text", "v", U),
    ("a, b = 'x', r", "b", R),
    ("a, b = text", "a", U),
    ("if (w := unsafe(text)):\n    pass", "w", R),
    ("probe((w := 'x'))", "w", S),
    ("try:\n    v = 'x'\nexcept E:\n    v = r", "v", R),
    ("v = 'x'\ntry:\n    v = text\n    v = 'y'\nexcept E:\n    w = v\nelse:\n    w = v", "w", U),
    ("if flag:\n    v = text\n    return\nelse:\n    v = 'x'", "v", S),
    ("if flag:\n    v = text\n    raise E\nv = 'x' if flag else v", "v", U),
    ("with ctx() as v:\n    pass", "v", U),
    ("match text:\n    case [v]:\n        pass", "v", U),
    ("for v in ('a', 'b'):\n    pass", "v", S),
]


@pytest.mark.parametrize(("body", "expression", "expected"), CASES)
def test_classify(body: str, expression: str, expected: Safety) -> None:
    assert classify(body, expression)[-1] == expected
