"""Regression tests for issue 15: every route a log record can carry data through is redacted.

Each test puts canaries in through one route and reads them back through real
``logging`` handlers with three formatter kinds: a ``%``-style format naming
every standard attribute, a ``{``-style one, and a JSON formatter dumping the
record's ``__dict__``. A canary must never come out, in clear or between markers.
"""

from __future__ import annotations

import io
import json
import linecache
import logging
import logging.handlers
import multiprocessing
import pickle
import sys
import threading
from collections.abc import Callable, Iterator

import pytest

from redactlint import redact
from redactlint.redact.logging import RedactingFilter

EMAIL = "alice@example.com"
TOKEN = "SECRET-TOKEN-123"
PATH = "/home/alice/private.py"
# Parts of the canaries, so a partly shown value (a file name, a module) fails too.
FORBIDDEN = (EMAIL, TOKEN, PATH, "alice", "SECRET", "TOKEN-123", "private")

STANDARD = (
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module",
    "exc_info", "exc_text", "stack_info", "lineno", "funcName", "created", "msecs",
    "relativeCreated", "thread", "threadName", "processName", "process", "taskName",
    "message", "asctime",
)  # fmt: skip
EXTRAS = ("user", "token", "ctx")
DEFAULTS: dict[str, object] = {key: None for key in ("taskName", *EXTRAS)}
PERCENT = " ".join(f"{key}=%({key})s" for key in STANDARD + EXTRAS)
BRACE = " ".join(f"{key}={{{key}}}" for key in STANDARD + EXTRAS)


class JsonFormatter(logging.Formatter):
    """Dumps every attribute of the record, as structured-logging formatters do."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        return json.dumps(dict(vars(record)), default=repr)


def make_formatter(kind: str) -> logging.Formatter:
    if kind == "percent":
        return logging.Formatter(PERCENT, defaults=DEFAULTS)
    if kind == "brace":
        return logging.Formatter(BRACE, style="{", defaults=DEFAULTS)
    return JsonFormatter()


class Capture:
    """One handler with a ``RedactingFilter`` and one formatter kind, writing to a string."""

    def __init__(self, kind: str, redacting: logging.Filter | None = None) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.addFilter(redacting or RedactingFilter())
        self.handler.setFormatter(make_formatter(kind))

    def logger(self, name: str) -> logging.Logger:
        logger = logging.getLogger(name)
        logger.handlers = [self.handler]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        return logger

    def output(self) -> str:
        return self.stream.getvalue()


@pytest.fixture(params=["percent", "brace", "json"])
def capture(request: pytest.FixtureRequest) -> Iterator[Capture]:
    captured = Capture(request.param)
    yield captured
    captured.handler.close()


def assert_clean(text: str) -> None:
    for canary in FORBIDDEN:
        assert canary not in text


def assert_nothing_escaped(capture: Capture, capsys: pytest.CaptureFixture[str]) -> str:
    """The handler's output and stderr (where logging reports its errors) hold no canary."""
    output = capture.output()
    assert output
    assert_clean(output)
    err = capsys.readouterr().err
    assert_clean(err)
    assert "--- Logging error ---" not in err
    return output


PRIVATE_SOURCE = (
    "def alice_login(log):\n"
    '    log.info("working", stack_info=True)\n'
    "def alice_fail():\n"
    f'    raise ValueError("{TOKEN} for {EMAIL}")\n'
)


@pytest.fixture
def private_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the user's file readable by linecache, so tracebacks print its lines."""
    lines = PRIVATE_SOURCE.splitlines(True)
    monkeypatch.setitem(linecache.cache, PATH, (len(PRIVATE_SOURCE), None, lines, PATH))


def private_function(name: str) -> Callable[..., object]:
    """A function defined in the user's file ``/home/alice/private.py``."""
    namespace: dict[str, object] = {}
    exec(compile(PRIVATE_SOURCE, PATH, "exec"), namespace)
    function = namespace[name]
    assert callable(function)
    return function


def test_extra_attributes_are_redacted(
    capture: Capture, capsys: pytest.CaptureFixture[str]
) -> None:
    log = capture.logger("redactlint.leaks")
    log.info("login", extra={"user": EMAIL, "token": TOKEN, "ctx": {"path": PATH}})
    log.info("login", extra={"user": redact.unsafe(EMAIL), "token": [TOKEN], "ctx": b"alice"})
    assert_nothing_escaped(capture, capsys)


def test_logger_name_is_data(capture: Capture, capsys: pytest.CaptureFixture[str]) -> None:
    log = capture.logger(f"user.{EMAIL}")
    log.info("signed in")
    assert_nothing_escaped(capture, capsys)


def test_source_location_and_stack_are_data(
    capture: Capture, capsys: pytest.CaptureFixture[str], private_source: None
) -> None:
    login = private_function("alice_login")
    login(capture.logger("redactlint.leaks"))
    output = assert_nothing_escaped(capture, capsys)
    assert "Stack (most recent call last):" in output


def test_thread_process_and_task_names_are_data(
    capture: Capture, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = capture.logger("redactlint.leaks")
    monkeypatch.setattr(multiprocessing.current_process(), "name", f"proc-{TOKEN}")
    worker = threading.Thread(target=log.info, args=("from worker",), name=f"worker-{EMAIL}")
    worker.start()
    worker.join()
    record = logging.makeLogRecord({"msg": "task", "taskName": f"task-{EMAIL}"})
    capture.handler.handle(record)
    assert_nothing_escaped(capture, capsys)


def sent_over_socket(record: logging.LogRecord) -> logging.LogRecord:
    """The record as the logging cookbook's socket receiver rebuilds it."""
    data = logging.handlers.SocketHandler("localhost", 0).makePickle(record)
    return logging.makeLogRecord(pickle.loads(data[4:]))


def test_socket_received_traceback_is_data(
    capture: Capture, capsys: pytest.CaptureFixture[str], private_source: None
) -> None:
    try:
        private_function("alice_fail")()
    except ValueError:
        sender = logging.getLogger("redactlint.sender")
        record = sender.makeRecord(
            sender.name, logging.ERROR, PATH, 4, "failed %s", (EMAIL,), sys.exc_info()
        )
    received = sent_over_socket(record)
    assert received.exc_info is None and received.exc_text and PATH in received.exc_text
    capture.handler.handle(received)
    output = assert_nothing_escaped(capture, capsys)
    assert "Traceback (most recent call last):" in output


def test_prerendered_text_fields_are_data(
    capture: Capture, capsys: pytest.CaptureFixture[str]
) -> None:
    record = logging.makeLogRecord(
        {
            "name": f"user.{EMAIL}",
            "msg": "failed",
            "levelname": f"INFO {EMAIL}",
            "levelno": logging.INFO,
            "pathname": PATH,
            "filename": "private.py",
            "module": "private",
            "funcName": "alice_login",
            "exc_text": f'Traceback (most recent call last):\n  File "{PATH}", line 3, in '
            f'alice_login\n    login("{EMAIL}")\nValueError: {TOKEN}\r\nsecond {TOKEN}',
            "stack_info": f'Stack (most recent call last):\n  File "{PATH}", line 9\n',
            "lineno": f"line {TOKEN}",
            "asctime": f"at {EMAIL}",
        }
    )
    capture.handler.handle(record)
    assert_nothing_escaped(capture, capsys)
    assert record.levelno == logging.INFO and record.exc_text and record.stack_info
    assert record.exc_text.startswith("Traceback (most recent call last):\n‹×›")
    assert record.stack_info.startswith("Stack (most recent call last):\n‹×›")


class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError(TOKEN)


def test_bad_logging_calls_do_not_raise_and_are_redacted_whole(
    capture: Capture, capsys: pytest.CaptureFixture[str]
) -> None:
    log = capture.logger("redactlint.leaks")
    # Runs after the redacting handler, so it sees the records as redacted.
    seen = logging.handlers.BufferingHandler(100)
    log.addHandler(seen)
    log.info("100% done for %s", EMAIL)
    log.info("%(user)s signed in", {"name": EMAIL})
    log.info("%s and %s", EMAIL)
    log.info("%d items for %s", TOKEN, EMAIL)
    log.info("argument %s", Unprintable())
    log.info(Unprintable())
    log.info(redact.safe("extra"), extra={"user": Unprintable()})
    assert_nothing_escaped(capture, capsys)
    assert [record.getMessage() for record in seen.buffer] == [redact.REDACTED] * 6 + ["extra"]
    assert seen.buffer[-1].user == redact.REDACTED


def test_safe_values_stay_usable() -> None:
    capture = Capture("percent", RedactingFilter(hash=True, salt="s"))
    capture.handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s %(lineno)d %(message)s %(n)d %(state)s %(who)s")
    )
    log = capture.logger(redact.safe("redactlint.safe-name"))
    extra = {"n": 3, "state": redact.safe("open"), "who": redact.hashed("a")}
    log.warning("done %s", redact.safe("upload"), extra=extra)
    digest = redact.hashed("a").redact(hash=True, salt="s")
    line = capture.output().rstrip("\n")
    assert line.startswith("WARNING redactlint.safe-name ")
    assert line.endswith(f" done upload 3 open {digest}")


def test_json_formatter_keeps_numbers() -> None:
    capture = Capture("json")
    log = capture.logger("redactlint.leaks")
    log.info("count", extra={"n": 3, "ok": True, "none": None, "user": EMAIL})
    dumped = json.loads(capture.output())
    assert (dumped["n"], dumped["ok"], dumped["none"]) == (3, True, None)
    assert dumped["user"] == redact.REDACTED and dumped["name"] == redact.REDACTED
    assert isinstance(dumped["lineno"], int) and dumped["levelname"] == "INFO"
