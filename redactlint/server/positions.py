"""LSP positions from the checker's spans.

The checker counts 1-based lines and 1-based columns in characters (code points);
LSP counts 0-based lines and columns in UTF-16 code units unless the client agreed
on another encoding. A character outside the Basic Multilingual Plane is one code
point but two UTF-16 units, so every column before it shifts.
"""

from __future__ import annotations

from collections.abc import Sequence

UTF16 = "utf-16"
UTF8 = "utf-8"
UTF32 = "utf-32"


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` the characters of ``text`` take."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def to_lsp(lines: Sequence[str], line: int, column: int, encoding: str) -> tuple[int, int]:
    """The 0-based LSP line and character of a 1-based line and character column."""
    index = min(max(line, 1), max(len(lines), 1)) - 1
    text = lines[index] if lines else ""
    return index, units(text[: max(column, 1) - 1], encoding)


def from_lsp(lines: Sequence[str], line: int, character: int, encoding: str) -> tuple[int, int]:
    """The 1-based line and character column of a 0-based LSP position."""
    text = lines[line] if 0 <= line < len(lines) else ""
    if encoding == UTF32 or text.isascii():
        return line + 1, min(character, len(text)) + 1
    counted = 0
    for index, each in enumerate(text):
        if counted >= character:
            return line + 1, index + 1
        counted += units(each, encoding)
    return line + 1, len(text) + 1
