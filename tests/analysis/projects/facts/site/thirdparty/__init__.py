"""A third-party package the project's environment has: read, never imported."""

import enum


class StrEnum(str, enum.Enum):
    pass


def version() -> str:
    return "1.0"


class LocalProxy:
    """Stands in for another object: every attribute is looked up on it."""

    def __init__(self, get: object) -> None:
        self._get = get

    def __getattr__(self, name: str) -> object:
        return getattr(self._get, name)
