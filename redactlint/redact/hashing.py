"""Digests for hash spans: correlate equal values without revealing them.

The digest is 8 hex characters of HMAC-SHA256 over the span's escaped text
(UTF-8). Eight hex characters of an *unkeyed* hash hide nothing from whoever can
list the candidates (a repository name, an e-mail, a 4-digit id): hash each
candidate and compare. So the key is never left out by omission:

- ``salt=None`` (the default everywhere) means the **installation key**, a
  secret made on first use and kept where the product says (see
  :func:`installation_key`);
- a non-empty ``bytes`` or UTF-8 ``str`` salt is used as the key;
- an empty salt is an error, not a quiet way to switch the key off;
- plain SHA-256 only for ``salt=UNKEYED``, named so that every unkeyed digest
  shows at its call site and in review.

Where the installation key comes from, first match wins:

1. ``REDACTLINT_HASH_KEY``: the key itself (its text, UTF-8; shared by every
   process of a fleet that must produce the same digests);
2. ``REDACTLINT_HASH_KEY_FILE``: the file that holds it;
3. ``$XDG_STATE_HOME/redactlint/hash.key``, else ``~/.local/state/redactlint/hash.key``
   (per user: state, not configuration or cache; losing it only breaks
   correlation with digests made before).

A missing key file is created with 32 random bytes (64 hex characters), mode
0600, written to a temporary file and linked into place, so a reader never sees
a partial key and two processes racing to create it agree on one.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import hmac
import os
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Final, Literal

DIGEST_LENGTH = 8
KEY_ENV: Final = "REDACTLINT_HASH_KEY"
KEY_FILE_ENV: Final = "REDACTLINT_HASH_KEY_FILE"
KEY_BYTES: Final = 32


class Unkeyed(enum.Enum):
    """The type of :data:`UNKEYED`: one member, so nothing else can pass for it."""

    UNKEYED = "UNKEYED"

    def __repr__(self) -> str:
        return "redact.UNKEYED"


UNKEYED: Final = Unkeyed.UNKEYED
"""Pass as ``salt`` to ask for plain SHA-256 digests (reversible by brute force).

A sentinel rather than an ``unkeyed=True`` flag: every API that hashes already
takes ``salt``, one parameter cannot contradict itself (a salt *and* a flag),
and no ``str`` or ``bytes`` value can mean it by accident.
"""

Salt = bytes | str | Literal[Unkeyed.UNKEYED] | None

_lock = threading.Lock()
_keys: dict[Path, bytes] = {}


def check_salt(salt: Salt) -> Salt:
    """``salt`` unchanged if it is a valid one; a wrong type or an empty salt raises."""
    if salt is None or salt is UNKEYED:
        return salt
    _salt_bytes(salt)
    return salt


def hash_key(salt: Salt = None) -> bytes | None:
    """The HMAC key that ``salt`` stands for; None only for ``UNKEYED`` (plain SHA-256).

    ``None`` is the installation key, made on first use.
    """
    if salt is UNKEYED:
        return None
    if salt is None:
        return installation_key()
    return _salt_bytes(salt)


def resolve_salt(salt: Salt) -> bytes | Literal[Unkeyed.UNKEYED]:
    """``salt`` made concrete once (the installation key read now, for ``None``).

    For objects that hash for a long time: a key that cannot be read or made is
    reported when they are configured, not at each value they hash.
    """
    key = hash_key(salt)
    return UNKEYED if key is None else key


def _salt_bytes(salt: bytes | str) -> bytes:
    if isinstance(salt, str):
        key = salt.encode("utf-8")
    elif isinstance(salt, (bytes, bytearray, memoryview)):
        key = bytes(salt)
    else:
        raise TypeError(f"salt must be bytes or str, not {type(salt).__name__}")
    if not key:
        raise ValueError(
            "empty salt: digests would be unkeyed and reversible by brute force; "
            "pass salt=None for the installation key, or redact.UNKEYED to ask for "
            "plain SHA-256 by name"
        )
    return key


def default_key_file() -> Path:
    """Where the installation key is kept when no environment variable says otherwise."""
    state = os.environ.get("XDG_STATE_HOME", "")
    if state and os.path.isabs(state):  # the XDG spec ignores a relative path
        return Path(state) / "redactlint" / "hash.key"
    try:
        home = Path.home()
    except RuntimeError:
        raise ValueError(
            f"cannot find the home directory for the hash key; set {KEY_FILE_ENV} "
            f"or {KEY_ENV}"
        ) from None
    return home / ".local" / "state" / "redactlint" / "hash.key"


def key_file() -> Path | None:
    """The installation key's file, or None when ``REDACTLINT_HASH_KEY`` holds the key."""
    if os.environ.get(KEY_ENV) is not None:
        return None
    configured = os.environ.get(KEY_FILE_ENV, "")
    return Path(configured).expanduser() if configured else default_key_file()


def installation_key(path: str | os.PathLike[str] | None = None) -> bytes:
    """The per-installation hash key: read from ``path`` (made there if missing).

    Without ``path``, the key comes from ``REDACTLINT_HASH_KEY``, the file named
    by ``REDACTLINT_HASH_KEY_FILE`` or the per-user default file, in that order.
    Surrounding whitespace in the key is ignored, so the file's text and the
    variable's value give the same digests. Read once per file and process.
    """
    if path is None:
        value = os.environ.get(KEY_ENV)
        if value is not None:
            key = value.strip().encode("utf-8")
            if not key:
                raise ValueError(f"{KEY_ENV} is set but empty; unset it or give the key")
            return key
        location = key_file()
        assert location is not None
    else:
        location = Path(path)
    location = Path(os.path.abspath(location))
    with _lock:
        cached = _keys.get(location)
        if cached is None:
            cached = _keys[location] = _load_or_create(location)
    return cached


def _load_or_create(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = _create(path)
    key = data.strip()
    if not key:
        raise ValueError(f"hash key file {path} is empty; delete it to make a new key")
    return key


def _create(path: Path) -> bytes:
    """Write a new random key to ``path`` atomically; the key already there wins a race."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = (secrets.token_hex(KEY_BYTES) + "\n").encode("ascii")
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".hash.key.")
    try:
        os.chmod(temporary, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)  # fails if another process made the key first
        except FileExistsError:
            return path.read_bytes()
        except OSError:  # a file system without hard links
            if path.exists():
                return path.read_bytes()
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return data


def digest(text: str, key: bytes | None) -> str:
    """The short digest of ``text`` (escaped span content); ``key=None`` is plain SHA-256."""
    data = text.encode("utf-8", "surrogatepass")
    if key is not None:
        full = hmac.new(key, data, hashlib.sha256).hexdigest()
    else:
        full = hashlib.sha256(data).hexdigest()
    return full[:DIGEST_LENGTH]
