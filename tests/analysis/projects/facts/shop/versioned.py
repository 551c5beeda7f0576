"""``if sys.version_info >= ...`` is decided for the Python the checker runs on: the
branch that runs binds its names (the standard library's enum, not a backport the
environment does not have)."""

import enum
import sys

from shop.telemetry import track

if sys.version_info >= (3, 0):  # noqa: UP036 (a version test the checker decides)
    from enum import Enum as Base
else:
    from backports_not_installed import Base

if sys.version_info < (3,):  # noqa: UP036
    from backports_not_installed import Flag
else:
    Flag = enum.IntFlag


class PluginType(str, Base):
    EXTRACTORS = "extractors"
    LOADERS = "loaders"


class Mode(Flag):
    READ = 1


def added(kind: PluginType, name: str) -> None:
    track("plugin.added", {"type": str(kind.value), "mode": Mode.READ})
    track("plugin.added", {"name": name})  # expect: RL001
