"""A parameter of a function whose callers are all in view holds what every call passes
it: safe text when each passes a literal, a constant or a safe f-string; text of unknown
safety as soon as one passes anything else. A function other code may call (a decorator
other than a context manager's takes it, a class from outside the project may call its
methods) keeps the kinds only, and its finding says what the calls pass; so does one
whose name a string holds (code that looks it up by name may pass anything). Calls in
test files are not read. A call made in a function nested in a method sees the method's
``self``, and a nested function's returns tell what calling it gives."""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps
from typing import Any

from shop.telemetry import track

SOURCE = "nightly"


def log_stats(source: str, count: int) -> None:
    track("stats", {"source": source, "count": count})


def log_origin(origin):
    track("origin", {"origin": origin})


def log_name(name: str) -> None:
    track("stats", {"name": name})  # expect: RL001


REGISTERED = []


def registered(function):
    REGISTERED.append(function)
    return function


@registered
def on_command(command: str) -> None:
    track("command", {"command": command})  # expect: RL001


@contextmanager
def tracked_step(step: str):
    track("step", {"step": step})
    yield


@contextlib.asynccontextmanager
async def tracked_task(task: str):
    track("task", {"task": task})
    yield


def when_enabled(f: Callable[..., Any]) -> Callable[..., Any]:
    """Only wraps: what it decorates is called with what its callers pass."""
    if asyncio.iscoroutinefunction(f):

        @wraps(f)
        async def decorated_coroutine(*args: Any, **kwargs: Any) -> Any:
            return await f(*args, **kwargs)

        return decorated_coroutine

    @wraps(f)
    def decorated(*args: Any, **kwargs: Any) -> Any:
        return f(*args, **kwargs) if HANDLERS else None

    return decorated


WRAPPED: list[Callable[..., Any]] = []


def kept_wrapped(f: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps, but keeps the wrapper where other code may call it with anything."""

    def decorated(*args: Any, **kwargs: Any) -> Any:
        return f(*args, **kwargs)

    WRAPPED.append(decorated)
    return decorated


@when_enabled
def shell_started(model_type: str) -> None:
    track("shell", {"type": model_type})


@kept_wrapped
def shell_stopped(model_type: str) -> None:
    track("shell", {"type": model_type})  # expect: RL001


def shells() -> None:
    shell_started("nlu")
    shell_stopped("nlu")


def noticed(kind: str, source: str, options: str = "none") -> None:
    track("noticed", {"kind": kind})
    track("noticed", {"source": source})  # expect: RL001
    track("noticed", {"options": options})  # expect: RL001


def notices(found: tuple[str, ...], extra: dict[str, str]) -> None:
    """Unpacked arguments of unknown items fill what they may reach, not the rest."""
    noticed("search", *found)
    noticed("query", "fixed", **extra)


def only_tested(kind: str) -> None:
    track("tested", {"kind": kind})  # expect: RL001


class Handler(logging.Handler):
    def send_kind(self, kind: str) -> None:
        track("handler", {"kind": kind})  # expect: RL001


class Local:
    def send_local(self, kind: str) -> None:
        track("local", {"kind": kind})


def looked_up(kind: str) -> None:
    track("looked", {"kind": kind})  # expect: RL001


HANDLERS = {"looked_up": "called by name, with whatever the caller has"}


class Spans:
    def flow_span(self, origin: str) -> None:
        def record() -> None:
            track("flow", {"origin": origin})

        record()

    def done_span(self, outcome: str) -> None:
        track("done", {"outcome": outcome})

    def handed_span(self, outcome: str) -> None:
        track("handed", {"outcome": outcome})  # expect: RL001


class Listener:
    def __init__(self) -> None:
        self.spans = Spans()

    def listen(self) -> None:
        def origin_of(source) -> str:
            return "internal" if source else "user"

        def on_flow(source) -> None:
            self.spans.flow_span(origin_of(source))

        def report(source, outcome: str) -> None:
            self.spans.done_span(outcome)

        def handed(source, outcome: str) -> None:
            self.spans.handed_span(outcome)

        on_flow(None)
        report(None, "completed")
        report(None, outcome="failed")
        handed(None, "completed")
        registered(handed)


def in_thread(kind: str) -> None:
    track("thread", {"kind": kind})


async def in_thread_async(kind: str) -> None:
    await asyncio.to_thread(in_thread, kind)


def handed_to_thread(kind: str) -> None:
    track("handed_thread", {"kind": kind})  # expect: RL001


async def hands_to_thread(loop, pool, user_name: str) -> None:
    await loop.run_in_executor(pool, handed_to_thread, user_name)


def callers(user_name: str, flag: bool) -> None:
    log_stats("execute_pipeline", 1)
    log_stats(source=SOURCE, count=2)
    log_origin("internal" if flag else "user")
    log_name("fixed")
    log_name(user_name)
    on_command("run")
    with tracked_step("load"):
        pass
    Handler().send_kind("fixed")
    Local().send_local(f"kind-{SOURCE}")
    looked_up("fixed")
    asyncio.run(in_thread_async("fixed"))
    asyncio.run(run_task())
    handed_to_thread("fixed")


async def run_task() -> None:
    async with tracked_task("index"):
        pass


class Dispatcher:
    """Calls its handlers by a name it computes: its own calls are not all the calls."""

    def handle(self, kind: str, text: str) -> None:
        getattr(self, f"on_{kind}")(text)

    def on_search(self, text: str) -> None:
        track("search", {"text": text})  # expect: RL001

    def start(self) -> None:
        self.on_search("fixed")
