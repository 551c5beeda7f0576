"""Calls a test makes: not read for what a parameter holds."""

from shop.literals import log_stats, only_tested


def check_calls(typed: str) -> None:
    only_tested("fixed")
    log_stats(typed, 3)
