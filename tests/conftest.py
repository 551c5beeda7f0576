"""Suite-wide setup: hash keys live in a temporary directory, never the real home.

``redact.hashed`` digests are keyed by default with a per-installation key made on
first use; every test (and every subprocess it starts, which inherits the
environment) keeps that key under the session's temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

KEY_ENV = "REDACTLINT_HASH_KEY"
KEY_FILE_ENV = "REDACTLINT_HASH_KEY_FILE"


@pytest.fixture(autouse=True, scope="session")
def _isolated_hash_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in (KEY_ENV, KEY_FILE_ENV)}
    os.environ.pop(KEY_ENV, None)
    os.environ[KEY_FILE_ENV] = str(tmp_path_factory.mktemp("hash-key") / "hash.key")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
