"""Logging calls as sinks: which calls are recognised, what is checked in them."""

import logging
from logging import Logger, LoggerAdapter, getLogger
from logging import info as note

from redactlint import redact
from redactlint.redact import safe, unsafe

log = logging.getLogger(__name__)
audit = getLogger("audit").getChild("logins")
MESSAGE = "user %s signed in"
LEVEL = logging.INFO


def module_functions(email: str, count: int) -> None:
    logging.info("user %s signed in", email)  # expect: RL001
    logging.warning(email)  # expect: RL201
    logging.error(f"user {email} failed")  # expect: RL201
    note("%d users", count)
    note("user %s", email)  # expect: RL001
    logging.log(LEVEL, "user %s", email)  # expect: RL001
    logging.log(LEVEL, email)  # expect: RL201
    logging.exception("cannot sign in %s", count, exc_info=True)


def module_logger(email: str, count: int, ratio: float, flag: bool) -> None:
    log.info("started %s jobs at %.1f (%s)", count, ratio, flag)
    log.info(MESSAGE, unsafe(email))
    log.info(MESSAGE, safe("the admin"))
    log.debug(MESSAGE, email, stack_info=True, stacklevel=2)  # expect: RL001
    log.critical(redact.format("user {} signed in", email))
    log.fatal(unsafe(email))
    log.warn("%s", f"user {email}")  # expect: RL002
    audit.info("%s", email)  # expect: RL001
    logging.getLogger(__name__).info("user %s", email)  # expect: RL001
    log.log(logging.DEBUG, MESSAGE, email)  # expect: RL001


def function_logger(email: str) -> None:
    local = logging.getLogger("local")
    local.error("user %s", email)  # expect: RL001
    adapter = LoggerAdapter(local, {"service": "web"})
    adapter.warning("user %s", email)  # expect: RL001


def annotated(email: str, logger: Logger, adapter: logging.LoggerAdapter) -> None:
    logger.info("user %s", email)  # expect: RL001
    logger.info("%s", email.lower())  # expect: RL001
    adapter.error(email)  # expect: RL201


def extra_values(email: str, count: int, fields: dict, kw: dict) -> None:
    log.info("signed in", extra={"user": email})  # expect: RL001
    log.info("signed in", extra={"count": count, "user": unsafe(email)})
    log.info("signed in", extra=dict(user=email))  # expect: RL001
    log.info("signed in", extra=fields)  # expect: RL003
    log.info("signed in", extra=None)
    log.info("signed in", **kw)  # expect: RL003
    log.info("%s %s", *fields)  # expect: RL003


def messages(email: str, message: str) -> None:
    text = "a constant bound here"
    log.info(text)
    log.info(message)  # expect: RL201
    log.info(message, email)  # expect: RL001, RL201
    log.info(msg=message)  # expect: RL201
    log.info("%s" % email)  # expect: RL201
    log.info("user {}".format(email))  # expect: RL201


class Service:
    def __init__(self) -> None:
        self.log = logging.getLogger(__name__)

    def run(self, email: str, count: int) -> None:
        self.log.info("user %s ran %d jobs", email, count)  # expect: RL001
        self.log.info(f"user {email} ran")  # expect: RL201


class AppLogger(logging.Logger):
    """A project logger class: its instances log like any logger."""


def subclass(email: str, logger: AppLogger) -> None:
    logger.info("user %s", email)  # expect: RL001


def not_loggers(email: str, other) -> None:
    other.info("user %s", email)
    print("user %s", email)
