"""Run work that recursion may take deeper than Python's default limit allows.

``compile()`` accepts expressions nested about 3,000 levels deep, more than a
recursive walk of the tree can follow within the default recursion limit of
1,000 frames (and the parser itself gets less room the deeper its caller is).
Such files are rare, so they are retried here rather than walked differently.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

# Enough for any nesting ``compile()`` accepts (about 3,000 levels) at a few frames a level.
_DEEP_RECURSION_LIMIT = 60_000
_DEEP_STACK_BYTES = 512 * 1024 * 1024
_deep_lock = threading.Lock()


_T = TypeVar("_T")


def on_deep_stack(work: Callable[[], _T]) -> _T:
    """``work()`` in a thread with a large stack and a high recursion limit.

    Only files too deep for the default limit come here; the stack is reserved,
    not resident, so it costs memory only as deep as the work goes.
    """
    outcome: list[_T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the calling thread
            failure.append(error)

    with _deep_lock:  # the recursion limit and stack size are process-wide
        limit, size = sys.getrecursionlimit(), threading.stack_size()
        try:
            threading.stack_size(_DEEP_STACK_BYTES)
        except (ValueError, RuntimeError):  # no large stacks here: stay within the limit
            raise RecursionError("too deeply nested") from None
        try:
            sys.setrecursionlimit(max(limit, _DEEP_RECURSION_LIMIT))
            thread = threading.Thread(target=target, name="redactlint-deep-stack")
            thread.start()
            threading.stack_size(size)
            thread.join()
        finally:
            threading.stack_size(size)
            sys.setrecursionlimit(limit)
    if failure:
        raise failure[0]
    return outcome[0]
