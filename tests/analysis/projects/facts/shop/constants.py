import enum
from datetime import timedelta

from dbt_like.dataclass_schema import StrEnum as MissingStrEnum  # not installed anywhere
from thirdparty import StrEnum
from unknownlib import Choice

FLAVOR = "sklearn"
RETRIES: int = 3
TIMEOUT = timedelta(seconds=5)
FROM_ENVIRONMENT = __import__("os").environ["FLAVOR"]


class Status(enum.Enum):
    OK = "ok"
    FAILED = "failed"


class Phase(StrEnum):  # an enum through the environment's StrEnum
    PARSE = "parse"


class NodeStatus(MissingStrEnum):  # an unresolvable base named ...Enum, literal body
    SUCCESS = "success"
    ERROR = "error"


class Size(Choice):  # an enum base named in enum-bases
    SMALL = "s"


class NotAnEnum(MissingStrEnum):
    computed = FROM_ENVIRONMENT
