"""``logging = true``: the standard library's logging calls are sinks behind the
product's redacting log handler.

The shared test project does not set the key, so these tests build their own: the
same schemas, sinks and allowlist, with ``logging = true``. Each file of
``logging_fixtures/`` is checked there, every line marked ``# expect: RLxxx`` flagged
and no other; the same files checked without the key give no finding.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import Settings, check_source, prepare
from redactlint.analysis.findings import Finding
from redactlint.analysis.logging_calls import placeholders
from redactlint.analysis.runner import run
from redactlint.errors import UsageError

from .project import build_project, describe_difference, expectations, without_expectations

HEADER = "[tool.redactlint]\n"
FIXTURES = Path(__file__).parent / "logging_fixtures"
NAMES = sorted(path.name for path in FIXTURES.glob("*.py") if path.name != "__init__.py")

SNIPPET = """\
import logging

log = logging.getLogger(__name__)
LEVEL = logging.INFO


def handler(email: str, count: int, message: str, args: list) -> None:
    {call}
"""


@pytest.mark.parametrize("value", ["1", '"true"', "[true]", "{ on = true }"])
def test_logging_must_be_a_bool(tmp_path: Path, value: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"{HEADER}logging = {value}\n")
    with pytest.raises(UsageError) as caught:
        parse_config_file(path)
    assert "'logging' must be true or false" in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [("", False), ("logging = true\n", True),
                                                ("logging = false\n", False)])
def test_logging_is_parsed(tmp_path: Path, text: str, expected: bool) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(HEADER + text)
    assert parse_config_file(path).logging is expected


@pytest.fixture(scope="module")
def logging_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test project with ``logging = true`` and the logging fixtures in
    ``app/logging_fixtures`` (without their expectation comments)."""
    root = tmp_path_factory.mktemp("logging")
    build_project(root, fixtures=False)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(HEADER, HEADER + "logging = true\n", 1))
    for fixture in FIXTURES.glob("*.py"):
        copy = root / "app" / "logging_fixtures" / fixture.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(without_expectations(fixture.read_text(encoding="utf-8")))
    return root


@pytest.fixture(scope="module")
def settings(logging_project: Path) -> Settings:
    return prepare(parse_config_file(logging_project / "pyproject.toml"))


def check_call(settings: Settings, call: str) -> list[Finding]:
    """The findings of ``call`` made in a function of a module that has a logger."""
    source = SNIPPET.format(call=call)
    return check_source("snippet.py", source.encode(), settings, module=("app.snippet", False))


def findings_in(root: Path, name: str, *, logging: bool = True) -> list[Finding]:
    """The findings of one fixture, checked as ``redactlint check`` does (prefilter
    included), with or without ``logging = true``."""
    config = parse_config_file(root / "pyproject.toml")
    config = replace(config, logging=logging)
    findings, _ = run([root / "app" / "logging_fixtures" / name], config, jobs=1)
    return findings


@pytest.mark.parametrize("name", NAMES)
def test_logging_fixture(logging_project: Path, name: str) -> None:
    source = (FIXTURES / name).read_text(encoding="utf-8")
    findings = findings_in(logging_project, name)
    expected = expectations(source)
    found = {(finding.line, finding.code) for finding in findings}
    assert found == expected, f"{name}:\n" + describe_difference(source, expected, found)


@pytest.mark.parametrize("name", NAMES)
def test_without_the_key_logging_calls_are_not_checked(logging_project: Path, name: str) -> None:
    assert findings_in(logging_project, name, logging=False) == []


# A non-constant message, and the fix the checker offers for it.
MESSAGE_FIXES = [
    ('log.info(f"user {email} did %s", count)', "log-template"),
    ('log.info(f"user {email!r} at 100%")', "log-template"),
    ('log.info(f"user {email}, %d of %s", count, email)', "log-template"),
    ('log.log(LEVEL, f"user {email}")', "log-template"),
    ("log.info(message)", "log-template"),
    ('log.info(f"took {count:.2f}s for {email}")', None),
    ('log.info(f"{email=}")', None),
    ('log.info(f"{email = }")', None),
    ('log.info(f"user {email} did %s %s", count)', None),
    ('log.info(f"user {email} at 100%%", count)', None),
    ('log.info(f"%(name)s {email}", count)', None),
    ('log.info(f"user {email}", *args)', None),
    ("log.info(message, count)", None),
    ("log.info(msg=message)", None),
    ('log.info("user %s" % email)', None),
    ("log.info(message.strip())", None),
]


@pytest.mark.parametrize(("call", "fix"), MESSAGE_FIXES)
def test_fix_offered_for_a_dynamic_message(settings: Settings, call: str, fix: str | None) -> None:
    findings = check_call(settings, call)
    found = [(f.code, f.fix.value if f.fix else None) for f in findings if f.code == "RL201"]
    assert found == [("RL201", fix)]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            'log.info("user %s", email)',
            ("RL001", "text of unknown safety passed to log.info: mark it unsafe(...), or "
             "safe(...) after review", "wrap-unsafe"),
        ),
        (
            'log.info("%s", log)',
            ("RL001", "object of class Logger whose text is unknown passed to log.info: pass "
             "what the message needs of it, each marked", None),
        ),
        (
            # The log filter redacts the message and its arguments, not extra attributes.
            'log.info("signed in", extra={"user": email})',
            ("RL001", "text of unknown safety passed to log.info: the log filter does not "
             "redact extra= values: pass it as an argument of the message instead", None),
        ),
        (
            'log.info("signed in", extra={"user": f"<{email}>"})',
            ("RL002", "text built from values of unknown safety passed to log.info: use "
             "redact.format(...) so the template stays and the values are marked", None),
        ),
        (
            'log.info("signed in", extra=args)',
            ("RL003", "the sequence 'args' passed to log.info cannot be checked: write each "
             "value at the call", None),
        ),
    ],
)
def test_messages_and_fixes_of_values(
    settings: Settings, call: str, expected: tuple[str, str, str | None]
) -> None:
    findings = check_call(settings, call)
    assert [(f.code, f.message, f.fix.value if f.fix else None) for f in findings] == [expected]


def test_turning_the_key_on_invalidates_cached_results(
    logging_project: Path, tmp_path: Path
) -> None:
    """A file skipped or found clean without the key is checked again with it."""
    config = parse_config_file(logging_project / "pyproject.toml")
    files = [logging_project / "app" / "logging_fixtures" / "services.py"]
    cache = tmp_path / "cache"
    off, _ = run(files, replace(config, logging=False), jobs=1, cache_directory=cache)
    on, _ = run(files, config, jobs=1, cache_directory=cache)
    assert off == []
    assert {f.code for f in on} == {"RL001", "RL201"}


@pytest.mark.parametrize(
    ("text", "count"),
    [("user %s did %d", 2), ("100%% done", 0), ("%-5.2f%%", 1), ("%r", 1), ("plain", 0),
     ("%(name)s", None), ("%*d", None), ("trailing %", None), ("%y", None)],
)
def test_placeholders(text: str, count: int | None) -> None:
    assert placeholders(text) == count
