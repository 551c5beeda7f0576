"""What a run's results depend on besides the files: the settings key.

A file's findings depend on its bytes, its path and module name, the module files it
consulted (see ``index``), and the run's settings: configuration, schemas, allowlist,
redactlint's own code and the Python version. ``settings_key`` hashes the latter once
per run; the index of each key lives in a directory of its own under
``.redactlint_cache``, and those of other keys are stale and pruned.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__

CACHE_DIRECTORY = ".redactlint_cache"
_FORMAT = "v1"


def code_fingerprint() -> str:
    """A hash of redactlint's analysis code, so a changed checker never reads old results."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.glob("analysis/**/*.py"), *package.glob("schema/*.py")]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_key(parts: Sequence[object]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, sys.version, code_fingerprint(), *parts):
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()
