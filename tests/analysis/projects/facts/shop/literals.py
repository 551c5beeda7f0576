"""A parameter every call in the project passes a literal: still text of unknown safety
(call sites tell kinds, never safety), with a message that says what the calls pass."""

from shop.telemetry import track


def log_stats(source: str, count: int) -> None:
    track("stats", {"source": source, "count": count})  # expect: RL001


def log_name(name: str) -> None:
    track("stats", {"name": name})  # expect: RL001


def callers(user_name: str) -> None:
    log_stats("execute_pipeline", 1)
    log_stats(source="cli", count=2)
    log_name("fixed")
    log_name(user_name)
