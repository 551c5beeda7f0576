"""What the checker knows of Python's builtins and standard library without reading them.

Types used in annotations, callables whose results have a known kind, and methods of
the builtin kinds. The standard library's sources are never read: these tables are
the whole of what the checker assumes about it.
"""

from __future__ import annotations

import builtins
import types

from .kinds import (
    BOOL,
    DATETIME,
    FUNCTION,
    MAPPING,
    NONE,
    NUMBER,
    SAFE_BYTES,
    SAFE_TEXT,
    SEQUENCE,
    UNKNOWN,
    UNKNOWN_BYTES,
    UNKNOWN_TEXT,
    Kind,
    Safety,
    Value,
    instance_of,
)

_TYPING = ("typing", "typing_extensions", "collections.abc", "collections")


def _typing(names: str, value: Value) -> dict[str, Value]:
    return {f"{module}.{name}": value for module in _TYPING for name in names.split()}


_SAFE_UUID = Value(Kind.OBJECT, Safety.SAFE, frozenset({"uuid.UUID"}))

# ``os.path.splitext(path)``: two parts of a path, each text of unknown safety.
_TEXT_PAIR = Value(
    Kind.SEQUENCE, Safety.UNKNOWN, items=UNKNOWN_TEXT, elements=(UNKNOWN_TEXT, UNKNOWN_TEXT)
)

_TEXT_LIST = Value(Kind.SEQUENCE, Safety.UNKNOWN, items=UNKNOWN_TEXT)

# The builtin functions (``id``, ``len``): as values, functions, whose text is Python's.
BUILTIN_FUNCTIONS = frozenset(
    name for name, value in vars(builtins).items()
    if isinstance(value, types.BuiltinFunctionType) and not name.startswith("_")
)

# Annotations: a qualified name (builtins unqualified) to what a value of it is.
TYPES: dict[str, Value] = {
    "int": NUMBER,
    "float": NUMBER,
    "complex": NUMBER,
    "bool": BOOL,
    "str": UNKNOWN_TEXT,
    "bytes": UNKNOWN_BYTES,
    "bytearray": UNKNOWN_BYTES,
    "memoryview": UNKNOWN_BYTES,
    "dict": MAPPING,
    "list": SEQUENCE,
    "tuple": SEQUENCE,
    "set": SEQUENCE,
    "frozenset": SEQUENCE,
    "object": UNKNOWN,
    "type": Value(Kind.CLASS, Safety.SAFE),
    "decimal.Decimal": NUMBER,
    "fractions.Fraction": NUMBER,
    "numbers.Number": NUMBER,
    "numbers.Real": NUMBER,
    "numbers.Integral": NUMBER,
    "datetime.datetime": DATETIME,
    "datetime.date": DATETIME,
    "datetime.time": DATETIME,
    "datetime.timedelta": DATETIME,
    "datetime.timezone": DATETIME,
    # A UUID is a 128-bit number written in hex: no one's text, as numbers are safe by
    # policy. One made here from a name (uuid3/uuid5, an unkeyed hash) or from the host's
    # address (uuid1) stays unknown (see CALLS).
    "uuid.UUID": _SAFE_UUID,
    "pathlib.Path": instance_of(frozenset({"pathlib.Path"})),
    "pathlib.PurePath": instance_of(frozenset({"pathlib.PurePath"})),
    "os.PathLike": instance_of(frozenset({"os.PathLike"})),
    **{f"logging.{name}": instance_of(frozenset({f"logging.{name}"}))
       for name in ("Logger", "LoggerAdapter", "RootLogger")},
    **_typing("Any", UNKNOWN),
    **_typing("LiteralString", SAFE_TEXT),
    **_typing("Text AnyStr", UNKNOWN_TEXT),
    **_typing(
        "Dict Mapping MutableMapping DefaultDict OrderedDict Counter ChainMap TypedDict "
        "defaultdict",
        MAPPING,
    ),
    **_typing(
        "List Sequence MutableSequence Tuple Set FrozenSet AbstractSet MutableSet Iterable "
        "Iterator Collection Generator AsyncIterator AsyncIterable Deque deque KeysView "
        "ValuesView ItemsView",
        SEQUENCE,
    ),
    **_typing("Callable Coroutine Awaitable", FUNCTION),
    **_typing("Type", Value(Kind.CLASS, Safety.SAFE)),
    **_typing("NoReturn Never", NONE),
}
# Subscripted forms whose first argument is what the value is.
PASS_THROUGH = frozenset(
    f"{module}.{name}"
    for module in ("typing", "typing_extensions")
    for name in ("Annotated", "ClassVar", "Final", "Required", "NotRequired", "ReadOnly")
)
OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
UNION = frozenset({"typing.Union", "typing_extensions.Union"})
LITERAL = frozenset({"typing.Literal", "typing_extensions.Literal"})
TYPE_OF = frozenset({"type", "typing.Type", "typing_extensions.Type"})
CALLABLE = frozenset(f"{module}.Callable" for module in _TYPING)
CASTS = frozenset({"typing.cast", "typing_extensions.cast"})

ENUM_BASES = frozenset(
    f"enum.{name}" for name in ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum")
)
TEXT_ENUM_BASES = frozenset({"enum.StrEnum", "str"})
NUMBER_ENUM_BASES = frozenset({"enum.IntEnum", "enum.IntFlag", "int"})

_HASH = instance_of(frozenset({"hashlib._Hash"}))
# Callables (qualified names) whose result's kind is known.
CALLS: dict[str, Value] = {
    **{f"datetime.datetime.{m}": DATETIME for m in (
        "now", "utcnow", "today", "fromtimestamp", "utcfromtimestamp", "fromisoformat",
        "strptime", "combine", "fromordinal")},
    **{f"datetime.date.{m}": DATETIME for m in ("today", "fromtimestamp", "fromisoformat")},
    "datetime.datetime": DATETIME,
    "datetime.date": DATETIME,
    "datetime.time": DATETIME,
    "datetime.timedelta": DATETIME,
    **{f"time.{f}": NUMBER for f in (
        "time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns",
        "process_time", "process_time_ns", "thread_time")},
    **{f"math.{f}": NUMBER for f in (
        "floor", "ceil", "trunc", "sqrt", "log", "log2", "log10", "exp", "fabs", "pow",
        "fsum", "prod")},
    **{f"os.{f}": NUMBER for f in ("getpid", "getppid", "cpu_count", "getuid")},
    **{f"uuid.uuid{n}": instance_of(frozenset({"uuid.UUID"})) for n in (1, 3, 5)},
    # A fresh random id carries nobody's data (uuid1 holds the host's address, and
    # uuid3/uuid5 are unkeyed hashes of a name, which a dictionary reverses).
    "uuid.uuid4": _SAFE_UUID,
    **{f"hashlib.{f}": _HASH for f in (
        "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512",
        "blake2b", "blake2s", "new")},
    "hmac.new": instance_of(frozenset({"hashlib._Hash"})),
    "logging.getLogger": instance_of(frozenset({"logging.Logger"})),
    "random.random": NUMBER,
    "random.randint": NUMBER,
    "random.uniform": NUMBER,
    "os.getcwd": UNKNOWN_TEXT,
    # Text of unknown safety, never of unknown kind: the host's and the user's names, the
    # kernel's build strings, and tracebacks (exception messages, paths, source lines).
    **{f: UNKNOWN_TEXT for f in (
        "socket.gethostname", "socket.getfqdn", "getpass.getuser", "platform.node",
        "platform.platform", "platform.version", "platform.release", "traceback.format_exc")},
    **{f"traceback.{f}": _TEXT_LIST for f in (
        "format_exception", "format_exception_only", "format_tb", "format_stack",
        "format_list")},
    "sys.getsizeof": NUMBER,
    # What software runs: an installed distribution's version (its authors wrote it),
    # the interpreter's, the operating system's family and the processor's. The host's
    # name (platform.node), its kernel build and release strings are not in this list.
    **{f"importlib.metadata.{f}": SAFE_TEXT for f in ("version",)},
    **{f"importlib_metadata.{f}": SAFE_TEXT for f in ("version",)},
    **{f"platform.{f}": SAFE_TEXT for f in (
        "python_version", "python_implementation", "python_compiler", "system", "machine")},
    # Paths are text of unknown safety (a user's file names), never of unknown kind.
    **{f"os.path.{f}": UNKNOWN_TEXT for f in (
        "basename", "dirname", "join", "abspath", "realpath", "normpath", "normcase",
        "relpath", "expanduser", "expandvars", "commonpath")},
    **{f"os.path.{f}": _TEXT_PAIR for f in ("split", "splitext", "splitdrive")},
    **{f"os.path.{f}": NUMBER for f in ("getsize", "getmtime", "getatime", "getctime")},
    **{f"os.path.{f}": BOOL for f in (
        "exists", "isfile", "isdir", "isabs", "islink", "ismount", "lexists", "samefile")},
}
# Methods of classes the tables name (class qualified name, method) to their result.
METHODS: dict[tuple[str, str], Value] = {
    ("hashlib._Hash", "hexdigest"): SAFE_TEXT,  # a digest: no readable text of its input
    ("hashlib._Hash", "digest"): SAFE_BYTES,
    ("logging.Logger", "getChild"): instance_of(frozenset({"logging.Logger"})),
}
# Attributes of classes the tables name (class qualified name, attribute) to their kind;
# their text is as safe as the object they are read from.
ATTRIBUTES: dict[tuple[str, str], Value] = {
    **{("uuid.UUID", a): UNKNOWN_TEXT for a in ("hex", "urn")},
    **{("uuid.UUID", a): NUMBER for a in ("int", "version", "time", "node", "clock_seq")},
    ("uuid.UUID", "bytes"): UNKNOWN_BYTES,
}
# The builtin exception classes, by name (as builtins are named unqualified).
BUILTIN_EXCEPTIONS = frozenset(
    name for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)
_NUMBER_OR_NONE = Value(Kind.NUMBER | Kind.NONE, Safety.NOT_STRING)
_TEXT_OR_NONE = Value(Kind.TEXT | Kind.NONE, Safety.UNKNOWN)
# What the attributes of an exception the standard library raises hold: its numbers are
# numbers, and its text (a file name, the message an exit carries) is the user's.
EXCEPTION_ATTRIBUTES: dict[tuple[str, str], Value] = {
    ("SystemExit", "code"): Value(Kind.NUMBER | Kind.TEXT | Kind.NONE, Safety.UNKNOWN),
    ("OSError", "errno"): _NUMBER_OR_NONE,
    ("OSError", "winerror"): _NUMBER_OR_NONE,
    ("OSError", "characters_written"): NUMBER,
    ("OSError", "strerror"): _TEXT_OR_NONE,
    **{("SyntaxError", a): _NUMBER_OR_NONE
       for a in ("lineno", "offset", "end_lineno", "end_offset")},
    **{("SyntaxError", a): _TEXT_OR_NONE for a in ("msg", "text")},
    **{("UnicodeError", a): NUMBER for a in ("start", "end")},
    **{("UnicodeError", a): UNKNOWN_TEXT for a in ("encoding", "reason")},
    ("subprocess.CalledProcessError", "returncode"): NUMBER,
    ("subprocess.TimeoutExpired", "timeout"): NUMBER,
    ("urllib.error.HTTPError", "code"): NUMBER,
    ("urllib.error.HTTPError", "status"): NUMBER,
}
EXCEPTION_CLASSES = BUILTIN_EXCEPTIONS | {
    "subprocess.CalledProcessError", "subprocess.TimeoutExpired", "urllib.error.URLError",
    "urllib.error.HTTPError",
}


def exception_attribute(qualname: str, attribute: str) -> Value | None:
    """What ``attribute`` of an exception of class ``qualname`` holds, when known: looked
    up along a builtin exception's bases (``FileNotFoundError`` has ``OSError``'s)."""
    found = EXCEPTION_ATTRIBUTES.get((qualname, attribute))
    if found is not None:
        return found
    exception = getattr(builtins, qualname, None) if qualname in BUILTIN_EXCEPTIONS else None
    if exception is None:
        return None
    for base in exception.__mro__[1:]:
        found = EXCEPTION_ATTRIBUTES.get((base.__name__, attribute))
        if found is not None:
            return found
    return None


# Attributes whose value the library sets from the product's own code, whatever the
# object's: the names a click command and its parameters were declared with (a user's
# text only picks one of them; ``invoked_subcommand`` is what the user typed, left out),
# and the path templates and names of a Starlette or FastAPI app's routes
# (``/api/v1/datasets/{dataset_id}``, never the URL a request asked for).
DECLARED_NAMES: dict[tuple[str, str], Value] = {
    **{(f"click{module}.{cls}", "name"): SAFE_TEXT
       for module in ("", ".core") for cls in ("Command", "Group", "Parameter", "Option",
                                               "Argument")},
    **{(f"click{module}.Context", "params"): Value(Kind.MAPPING, Safety.UNKNOWN, items=SAFE_TEXT)
       for module in ("", ".core")},
    **{(route, attribute): SAFE_TEXT
       for route in ("starlette.routing.Route", "starlette.routing.Mount",
                     "starlette.routing.WebSocketRoute", "fastapi.routing.APIRoute",
                     "fastapi.routing.APIWebSocketRoute")
       for attribute in ("path", "name")},
}
# Their classes: an annotation naming one is an object of it even where the library is
# not installed (its names are then still known).
DECLARING_CLASSES = frozenset(cls for cls, _ in DECLARED_NAMES)
# Builtin functions (unshadowed names) whose result's kind is known.
BUILTIN_CALLS: dict[str, Value] = {
    **{name: NUMBER for name in ("len", "int", "float", "round", "abs", "ord", "hash", "id",
                                 "sum", "complex", "divmod", "pow")},
    **{name: BOOL for name in ("bool", "isinstance", "issubclass", "callable", "hasattr",
                               "all", "any")},
    "range": Value(Kind.SEQUENCE, Safety.NOT_STRING, items=NUMBER),
}
DATETIME_TEXT_METHODS = frozenset({"isoformat", "strftime", "ctime", "isoweekday", "tzname"})
DATETIME_NUMBER_METHODS = frozenset({"timestamp", "total_seconds", "weekday", "toordinal"})
DATETIME_ATTRIBUTES = frozenset({
    "year", "month", "day", "hour", "minute", "second", "microsecond", "days", "seconds",
    "microseconds",
})
# str methods: those giving text as safe as the text and its arguments, and the others.
SAFE_TEXT_METHODS = frozenset({
    "upper", "lower", "title", "capitalize", "casefold", "swapcase", "strip", "lstrip",
    "rstrip", "replace", "removeprefix", "removesuffix", "zfill", "center", "ljust", "rjust",
    "join", "expandtabs", "format_map",
})
TEXT_NUMBER_METHODS = frozenset({"count", "find", "rfind", "index", "rindex"})
TEXT_BOOL_METHODS = frozenset({
    "startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace", "islower",
    "isupper", "istitle", "isidentifier", "isnumeric", "isdecimal", "isascii",
    "isprintable",
})
TEXT_SEQUENCE_METHODS = frozenset({"split", "rsplit", "splitlines", "partition", "rpartition"})

