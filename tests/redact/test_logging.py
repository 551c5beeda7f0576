"""The logging filter renders records with the same rules as events."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from redactlint import redact
from redactlint.redact.logging import RedactingFilter


@pytest.fixture
def log() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("redactlint.test")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_arguments_are_redacted_and_template_kept(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    logger.info("search for %s returned %d results", "alice@example.com", 12)
    logger.info("repo %(repo)s", {"repo": redact.safe("public")})
    logger.info("marked %s", redact.unsafe("secret"))
    assert stream.getvalue().splitlines() == [
        "INFO search for ‹×› returned 12 results",
        "INFO repo public",
        "INFO marked ‹×›",
    ]


def test_message_without_arguments_is_data_unless_marked(
    log: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = log
    email = "alice@example.com"
    logger.info(f"user {email}")
    logger.info(redact.safe("server started"))
    logger.info(redact.sprintf("user %s", email))
    logger.info(ValueError("boom"))
    assert "alice" not in stream.getvalue()
    assert stream.getvalue().splitlines() == [
        "INFO ‹×›",
        "INFO server started",
        "INFO user ‹×›",
        "INFO ‹×›",
    ]


def test_tracebacks_keep_shape_but_not_data(log: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = log
    try:
        raise ValueError("token=abc123\nsecond line")
    except ValueError:
        logger.exception("failed %s", redact.safe("upload"))
    output = stream.getvalue()
    assert "abc123" not in output and "second line" not in output
    assert __file__ not in output
    assert output.startswith("ERROR failed upload\nTraceback (most recent call last):\n")
    assert "line " in output and "in test_tracebacks_keep_shape_but_not_data" in output
    assert "builtins.ValueError: ‹×›" in output


def test_hash_option_correlates_values() -> None:
    record = logging.LogRecord(
        "n", logging.INFO, __file__, 1, "user %s", (redact.hashed("a"),), None
    )
    RedactingFilter(hash=True, salt="s").filter(record)
    digest = redact.hashed("a").redact(hash=True, salt="s")
    assert digest != redact.REDACTED
    assert record.getMessage() == f"user {digest}"
