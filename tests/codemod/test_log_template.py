"""``redactlint fix`` with ``logging = true``: a logging call's dynamic message becomes
a constant template with its values as arguments, and those values are then marked,
in one run. Comments and layout elsewhere are kept; a second run changes nothing."""

from __future__ import annotations

import pytest

from .conftest import PYPROJECT, Project

RELATIVE = "app/logs.py"

BEFORE = '''\
"""Logging calls to fix."""

import logging

log = logging.getLogger(__name__)


def handler(email: str, count: int, message: str) -> None:
    # the comment above stays
    log.info(f"user {email} did %s", count)  # so does this one
    log.warning(
        f"user {email!r} at 100%",
    )
    log.error(
        "%d of "  # the first line of the message
        f"{email}'s",
        count,
    )
    log.log(logging.INFO, message)
    log.info(f"{email} {count}",
             exc_info=True)
    log.info("user %s", email)
    log.debug(
        f"user {email} "  # the message's only line break
        f"ran {count}"
    )
'''

AFTER = '''\
"""Logging calls to fix."""

import logging

from redactlint import redact

log = logging.getLogger(__name__)


def handler(email: str, count: int, message: str) -> None:
    # the comment above stays
    log.info("user %s did %s", redact.unsafe(email), count)  # so does this one
    log.warning(
        "user %r at 100%%",
        redact.unsafe(email),
    )
    log.error(
        "%d of "  # the first line of the message
        "%s's",
        count,
        redact.unsafe(email),
    )
    log.log(logging.INFO, "%s", redact.unsafe(message))
    log.info("%s %s",
             redact.unsafe(email),
             count,
             exc_info=True)
    log.info("user %s", redact.unsafe(email))
    log.debug(
        "user %s "  # the message's only line break
        "ran %s",
        redact.unsafe(email),
        count
    )
'''


@pytest.fixture
def logging_project(project: Project) -> Project:
    project.write("pyproject.toml", PYPROJECT.replace("[tool.redactlint]\n",
                                                      "[tool.redactlint]\nlogging = true\n", 1))
    return project


def test_messages_become_templates_and_their_values_are_marked(
    logging_project: Project,
) -> None:
    path = logging_project.write(RELATIVE, BEFORE)
    result = logging_project.run("fix", RELATIVE)
    assert result.exit_code == 0, result.output
    fixed = path.read_text()
    assert fixed == AFTER
    compile(fixed, RELATIVE, "exec")
    assert logging_project.run("check", RELATIVE).exit_code == 0


def test_a_second_run_changes_nothing(logging_project: Project) -> None:
    path = logging_project.write(RELATIVE, BEFORE)
    assert logging_project.run("fix", RELATIVE).exit_code == 0
    again = logging_project.run("fix", RELATIVE)
    assert again.exit_code == 0, again.output
    assert path.read_text() == AFTER
    assert "fixed 0 findings in 0 files." in again.stderr


def test_diff_shows_the_whole_change_and_writes_nothing(logging_project: Project) -> None:
    path = logging_project.write(RELATIVE, BEFORE)
    result = logging_project.run("fix", "--diff", RELATIVE)
    assert path.read_text() == BEFORE
    assert '+    log.info("user %s did %s", redact.unsafe(email), count)  # so does this one' in (
        result.stdout
    )


# Messages the rewrite would not keep exactly: reported, left as written.
UNFIXED = [
    'log.info(f"took {count:.2f}s for {email}")',
    'log.info(f"{email=}")',
    'log.info(f"user {email} did %s %s", count)',
    'log.info(f"%(name)s {email}", {"name": count})',
    "log.info(message, count)",
    'log.info("user %s" % email)',
]


@pytest.mark.parametrize("call", UNFIXED)
def test_other_messages_are_reported_not_rewritten(logging_project: Project, call: str) -> None:
    source = (
        "import logging\n\nlog = logging.getLogger(__name__)\n\n\n"
        f"def handler(email: str, count: int, message: str) -> None:\n    {call}\n"
    )
    path = logging_project.write(RELATIVE, source)
    result = logging_project.run("fix", RELATIVE)
    assert result.exit_code == 1
    assert path.read_text() == source
    assert "RL201 the message of log.info is a template trusted as safe" in result.stdout


def test_without_the_key_logging_calls_are_left_alone(project: Project) -> None:
    path = project.write(RELATIVE, BEFORE)
    result = project.run("fix", RELATIVE)
    assert result.exit_code == 0, result.output
    assert path.read_text() == BEFORE


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        ('log.info(f"{(email)=}")', "an interpolation with a format spec or ="),
        ('log.info(f"100\\x25 of {email}")', "a % written as an escape"),
    ],
)
def test_a_rewrite_that_would_change_the_message_is_refused(
    logging_project: Project, call: str, reason: str
) -> None:
    """Shapes the checker cannot tell from the ``ast`` are refused by the rewrite."""
    source = (
        "import logging\n\nlog = logging.getLogger(__name__)\n\n\n"
        f"def handler(email: str) -> None:\n    {call}\n"
    )
    path = logging_project.write(RELATIVE, source)
    result = logging_project.run("fix", RELATIVE)
    assert result.exit_code == 1
    assert path.read_text() == source
    assert f"RL201 not fixed: cannot rewrite: {reason}" in result.stderr
