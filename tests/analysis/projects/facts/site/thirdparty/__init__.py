"""A third-party package the project's environment has: read, never imported."""

import enum


class StrEnum(str, enum.Enum):
    pass


def version() -> str:
    return "1.0"
