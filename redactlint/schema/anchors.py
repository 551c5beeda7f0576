"""Whether a regex can only match a whole string: what ``x-safe-if`` and a field's
``pattern`` must be to vouch for a value. Apart from the schema validation so that the
rule registry (and every report that names a rule) does not import jsonschema."""

from __future__ import annotations


def is_anchored(pattern: str) -> bool:
    """True when ``pattern`` can only match a whole string.

    That is: it starts with ``^``, ends with an unescaped ``$`` and has no
    ``|`` outside a group (``^a|b$`` matches any text starting with ``a``).
    """
    if not pattern.startswith("^") or not pattern.endswith("$"):
        return False
    depth = 0
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index == len(pattern) - 2:
                return False  # the final "$" is escaped
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            index = _skip_class_opening(pattern, index + 1)
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
        index += 1
    return depth == 0 and not in_class


def _skip_class_opening(pattern: str, index: int) -> int:
    """Skip ``^`` and a leading ``]``, which are literal right after ``[``."""
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1
    return index
