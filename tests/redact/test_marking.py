"""Table-driven tests of the marker algebra (CockroachDB redact compatible)."""

from __future__ import annotations

import pytest

from redactlint import redact
from redactlint.redact import RedactableStr, SafeStr

CASES = [
    # (description, produce, expected redactable text)
    ("sprintf marks its argument", lambda: redact.sprintf("hello %s", "world"), "hello ‹world›"),
    ("markers in data are escaped", lambda: redact.sprintf("x=%s", "‹secret›"), "x=‹?secret?›"),
    ("hash character in data is escaped", lambda: redact.unsafe("a†b"), "‹a?b›"),
    (
        "markers in the template are escaped",
        lambda: redact.sprintf("‹› %s ›››", "abc"),
        "?? ‹abc› ???",
    ),
    (
        "markers in safe values are escaped",
        lambda: redact.format("{}", redact.safe("d ‹ e › f")),
        "d ? e ? f",
    ),
    ("spans break around newline runs", lambda: redact.unsafe("abc\n "), "‹abc›\n‹ ›"),
    ("several newlines stay one run", lambda: redact.unsafe("a\n\n\nb"), "‹a›\n\n\n‹b›"),
    ("a leading newline opens no empty span", lambda: redact.unsafe("\nabc"), "\n‹abc›"),
    ("a trailing newline leaves no empty span", lambda: redact.unsafe("abc\n"), "‹abc›\n"),
    ("spans break around \\r and \\r\\n", lambda: redact.unsafe("a\r\nb\rc"), "‹a›\r\n‹b›\r‹c›"),
    ("nothing is trimmed", lambda: redact.unsafe("  abc  "), "‹  abc  ›"),
    ("empty unsafe writes nothing", lambda: redact.unsafe(""), ""),
    ("only newlines", lambda: redact.unsafe("\n\n"), "\n\n"),
    (
        "no double marking",
        lambda: redact.sprintf("outer %s", redact.sprintf("inner %s", "x")),
        "outer inner ‹x›",
    ),
    ("outermost wrapper wins: safe", lambda: redact.safe(redact.unsafe("x")), "x"),
    ("outermost wrapper wins: unsafe", lambda: redact.unsafe(redact.safe("x")), "‹x›"),
    ("unsafe re-escapes redactable text", lambda: redact.unsafe(RedactableStr("ab‹c›")), "‹ab?c?›"),
    ("width lands inside the span", lambda: redact.sprintf(":%10s:", "abc"), ":‹       abc›:"),
    ("width on a safe value", lambda: redact.sprintf(":%10s:", redact.safe("abc")), ":       abc:"),
    (
        "numbers are safe",
        lambda: redact.sprintf("%d items, %.2f s, %05d", 3, 1.5, 42),
        "3 items, 1.50 s, 00042",
    ),
    ("bools and None are safe", lambda: redact.format("{} {}", True, None), "True None"),
    ("unsafe number is marked", lambda: redact.unsafe(-123), "‹-123›"),
    ("%r quotes like Python, inside the span", lambda: redact.sprintf("%r", "q"), "‹'q'›"),
    ("{!r} quotes like Python", lambda: redact.format("{!r}", "q"), "‹'q'›"),
    (
        "redactable ignores spec",
        lambda: redact.sprintf("ab %r", redact.sprintf("%d %s", 12, "x")),
        "ab 12 ‹x›",
    ),
    ("redactable ignores format spec", lambda: redact.format("{:>20}", redact.unsafe("x")), "‹x›"),
    ("adjacent unsafe arguments merge", lambda: redact.format("{}{}", "a", "b"), "‹ab›"),
    (
        "an empty unsafe argument between merges",
        lambda: redact.sprintf("%s%s%s", "a", "", "b"),
        "‹ab›",
    ),
    (
        "separated unsafe arguments do not merge",
        lambda: redact.format("{} {}", "a", "b"),
        "‹a› ‹b›",
    ),
    (
        "unsafe after spliced span merges",
        lambda: redact.format("{}{}", redact.unsafe("a"), "b"),
        "‹ab›",
    ),
    (
        "spliced span after unsafe stays apart",
        lambda: redact.format("{}{}", "a", redact.unsafe("b")),
        "‹a›‹b›",
    ),
    (
        "stray end marker is never reopened",
        lambda: redact.format("{}{}", RedactableStr("a›"), "x"),
        "a›‹x›",
    ),
    (
        "hash span never merges after",
        lambda: redact.format("{}{}", redact.hashed("h"), "b"),
        "‹†h›‹b›",
    ),
    (
        "hash span never merges before",
        lambda: redact.format("{}{}", "a", redact.hashed("h")),
        "‹a›‹†h›",
    ),
    ("hashed value", lambda: redact.hashed("alice"), "‹†alice›"),
    ("hashed value escapes markers", lambda: redact.hashed("a‹†›"), "‹†a???›"),
    ("hashed value breaks at newlines", lambda: redact.hashed("a\nb"), "‹†a›\n‹†b›"),
    ("hashed empty value writes nothing", lambda: redact.hashed(""), ""),
    ("newline inside sprintf argument", lambda: redact.sprintf("x %s y", "a\nb"), "x ‹a›\n‹b› y"),
    ("mapping sprintf", lambda: redact.sprintf("%(a)s=%(b)d", {"a": "k", "b": 2}), "‹k›=2"),
    ("star width", lambda: redact.sprintf("[%*s]", 4, "ab"), "[‹  ab›]"),
    ("percent literal", lambda: redact.sprintf("100%% %s", "x"), "100% ‹x›"),
    (
        "format keywords and indexes",
        lambda: redact.format("{0}-{name}-{0}", "a", name=redact.safe("n")),
        "‹a›-n-‹a›",
    ),
    (
        "format attribute and item access",
        lambda: redact.format("{0.real} {1[k]}", 3, {"k": "v"}),
        "3 ‹v›",
    ),
    ("format nested spec with safe width", lambda: redact.format("[{:>{}}]", "ab", 4), "[‹  ab›]"),
    (
        "format nested spec with unsafe fill marks the field",
        lambda: redact.format("[{:{}>4}]", redact.safe("ab"), "*"),
        "[‹**ab›]",
    ),
    ("format braces", lambda: redact.format("{{}} {}", "x"), "{} ‹x›"),
    (
        "join",
        lambda: redact.join(", ", ["a", 1, redact.safe("b"), redact.unsafe("c")]),
        "‹a›, 1, b, ‹c›",
    ),
    ("join separator is escaped", lambda: redact.join("›", ["a", "b"]), "‹a›?‹b›"),
    ("join with empty separator merges", lambda: redact.join("", ["a", "b"]), "‹ab›"),
    (
        "exceptions render unsafe line by line",
        lambda: redact.format("error: {}", ValueError("bad\nthing")),
        "error: ‹bad›\n‹thing›",
    ),
    ("enum members are safe", lambda: redact.format("{}", _Color.RED), "_Color.RED"),
]


class _Color(__import__("enum").Enum):
    RED = "red"


@pytest.mark.parametrize(("description", "produce", "expected"), CASES, ids=[c[0] for c in CASES])
def test_marker_algebra(description: str, produce: object, expected: str) -> None:
    result = produce()  # type: ignore[operator]
    assert result == expected
    assert isinstance(result, str)


REDACT_CASES = [
    ("hello ‹world›", "hello ‹×›"),
    ("‹a‹b›c›", "‹×›c›"),
    ("‹a›‹b›", "‹×›‹×›"),
    ("no markers", "no markers"),
    ("", ""),
    # An unclosed ‹ redacts to the end of the text (a truncated text).
    ("hello ‹", "hello ‹×›"),
    ("hello ‹open", "hello ‹×›"),
    ("‹a› ‹open", "‹×› ‹×›"),
    ("‹open ‹a›", "‹×›"),
    ("› trailing", "› trailing"),
    ("›‹v›", "›‹×›"),
    ("‹×›", "‹×›"),
    ("‹›", "‹×›"),
    ("‹†alice›", "‹×›"),
    ("a ‹†x› b ‹y›", "a ‹×› b ‹×›"),
    ("‹a›\n‹b›", "‹×›\n‹×›"),
]


@pytest.mark.parametrize(("text", "expected"), REDACT_CASES)
def test_redact(text: str, expected: str) -> None:
    redacted = RedactableStr(text).redact()
    assert redacted == expected
    assert type(redacted) is RedactableStr


def test_redact_with_hashing_uses_hmac_sha256_prefix() -> None:
    import hashlib
    import hmac

    text = redact.format("user {} did {}", redact.hashed("alice"), "x")
    unkeyed = hashlib.sha256(b"alice").hexdigest()[:8]
    salted = hmac.new(b"pepper", b"alice", hashlib.sha256).hexdigest()[:8]
    installed = hmac.new(redact.installation_key(), b"alice", hashlib.sha256).hexdigest()[:8]
    assert text.redact(hash=True) == f"user ‹{installed}› did ‹×›"
    assert text.redact(hash=True, salt=b"pepper") == f"user ‹{salted}› did ‹×›"
    assert text.redact(hash=True, salt="pepper") == f"user ‹{salted}› did ‹×›"
    assert text.redact(hash=True, salt=redact.UNKEYED) == f"user ‹{unkeyed}› did ‹×›"
    with pytest.raises(ValueError, match="empty salt"):
        text.redact(hash=True, salt=b"")
    # Equal values correlate; different values do not.
    same = redact.join(" ", [redact.hashed("alice"), redact.hashed("alice"), redact.hashed("bob")])
    first, second, third = same.redact(hash=True).split(" ")
    assert first == second != third


def test_hash_of_escaped_text_and_empty_hash_span() -> None:
    import hashlib

    empty_span = RedactableStr("‹†›").redact(hash=True, salt=redact.UNKEYED)
    assert empty_span == "‹" + hashlib.sha256(b"").hexdigest()[:8] + "›"
    escaped = redact.hashed("a‹b").redact(hash=True, salt=redact.UNKEYED)
    assert escaped == "‹" + hashlib.sha256(b"a?b").hexdigest()[:8] + "›"


def test_salt_must_be_bytes_or_str() -> None:
    with pytest.raises(TypeError, match="salt"):
        redact.hashed("x").redact(hash=True, salt=123)  # type: ignore[arg-type]


def test_strip_markers_and_escape_markers() -> None:
    text = redact.sprintf("hello %s and %s", "world", redact.hashed("h"))
    assert text.strip_markers() == "hello world and h"
    assert type(text.strip_markers()) is str
    assert redact.escape_markers("a ‹ b › c † d") == "a ? b ? c ? d"


def test_constants_match_cockroachdb() -> None:
    assert (redact.START, redact.END, redact.HASH) == ("\u2039", "\u203a", "\u2020")
    assert redact.REDACTED == "‹×›"
    assert redact.ESCAPE == "?"


def test_safe_returns_safe_str_with_markers_escaped() -> None:
    value = redact.safe("c‹d›e")
    assert type(value) is SafeStr and value == "c?d?e"
    assert redact.safe(value) is value
    assert redact.safe(12) == 12 and type(redact.safe(12)) is int
    assert redact.safe(None) is None and redact.safe(True) is True
    assert redact.safe(_Color.RED) == "_Color.RED"
    assert SafeStr("‹x›") == "?x?"


def test_ordinary_str_operations_fail_closed() -> None:
    safe = redact.safe("abc")
    marked = redact.unsafe("abc")
    for result in (
        safe + "x",
        safe.upper(),
        safe[1:],
        f"{safe}",
        str(safe),
        "%s" % safe,
        marked + "x",
        marked.replace("a", "b"),
        marked[0],
        str(marked),
    ):
        assert type(result) is str


def test_format_errors_match_builtin() -> None:
    for template, args in [("%s %s", ("a",)), ("%s", ("a", "b")), ("%d", ("a",)), ("%y", (1,))]:
        with pytest.raises((TypeError, ValueError)) as builtin:
            template % args
        with pytest.raises(type(builtin.value)):
            redact.sprintf(template, *args)
    with pytest.raises(IndexError):
        redact.format("{} {}", "a")
    with pytest.raises(KeyError):
        redact.format("{missing}")
    with pytest.raises(ValueError):
        redact.format("{0} {}", "a", "b")
    with pytest.raises(ValueError):
        redact.format("single } brace")


class _RepoRef:
    def __init__(self, host: str, name: str) -> None:
        self.host, self.name = host, name

    def __safe_format__(self, printer: redact.Builder) -> None:
        printer.printf("%s/", redact.safe(self.host))
        printer.unsafe(self.name)


def test_safe_format_protocol() -> None:
    text = redact.format("repo {} ok", _RepoRef("github.com", "acme/x"))
    assert text == "repo github.com/‹acme/x› ok"
    assert redact.join("", [_RepoRef("h", "a"), "b"]) == "h/‹ab›"


def test_registered_safe_type() -> None:
    class Version:
        def __init__(self, text: str) -> None:
            self.text = text

        def __str__(self) -> str:
            return self.text

        def __format__(self, spec: str) -> str:
            return format(self.text, spec)

    assert redact.format("v{}", Version("1.2")) == "v‹1.2›"
    redact.register_safe_type(Version)
    try:
        assert redact.format("v{}", Version("1.‹2")) == "v1.?2"
        assert redact.format("v{}", redact.unsafe(Version("1.2"))) == "v‹1.2›"

        class Sub(Version):
            pass

        assert redact.format("v{}", Sub("3")) == "v‹3›"  # subclasses are not covered
    finally:
        redact.unregister_safe_type(Version)
    assert redact.format("v{}", Version("1.2")) == "v‹1.2›"


def test_safe_type_decorator_and_refusing_text() -> None:
    @redact.safe_type
    class Code:
        def __str__(self) -> str:
            return "E42"

    try:
        assert redact.format("{}", Code()) == "E42"
    finally:
        redact.unregister_safe_type(Code)
    with pytest.raises(TypeError):
        redact.register_safe_type(str)
    with pytest.raises(TypeError):
        redact.register_safe_type("str")  # type: ignore[type-var]


def test_builder_assembles_pieces() -> None:
    builder = redact.Builder()
    builder.safe("query ")
    builder.unsafe("q")
    builder.unsafe("r")
    builder.safe(" by ")
    builder.hashed("alice")
    builder.print(3)
    builder.printf(" %s", "x")
    builder.format(" {}", redact.safe("y"))
    assert builder.build() == "query ‹qr› by ‹†alice›3 ‹x› y"
    assert str(builder) == builder.build()
