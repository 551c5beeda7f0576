"""A call that unpacks a tuple into a function's parameters (``notice("sync",
*found)``) passes its items by position: what a helper returns, a literal pair or
None, reaches the parameters it lands in. A value that is a tuple or text is unpacked
as text may be, its characters unknown."""

from shop.telemetry import track


def detect(text: str) -> tuple[str, str] | None:
    if "today" in text:
        return ("query", "relative_phrase")
    if "-" in text:
        return ("query", "date_like")
    return None


def pick(text: str, typed: bool) -> tuple[str, str] | None:
    if typed:
        return (text, "typed")
    return ("query", "default")


def notice(sync_type: str, source: str, reason: str) -> None:
    track("notice", {"sync_type": sync_type, "source": source, "reason": reason})  # expect: RL001


def sent(text: str) -> None:
    found = detect(text)
    if found:
        notice("sync", *found)


def typed(text: str) -> None:
    found = pick(text, len(text) > 3)
    if found:
        notice("async", *found)


def tracked(text: str, flag: bool) -> None:
    notice("sync", *(text, "raw"))


def characters(text: str, flag: bool) -> None:
    pair = ("ab", "cd") if flag else text
    first, _second = pair
    track("first", {"value": first})  # expect: RL001
    for item in (["a"] if flag else text):
        track("item", {"value": item})  # expect: RL001
