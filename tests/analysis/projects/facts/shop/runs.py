import datetime
from typing import LiteralString

import thirdparty

from shop.api import public_report
from shop.constants import (
    FLAVOR,
    FROM_ENVIRONMENT,
    RETRIES,
    TIMEOUT,
    NodeStatus,
    NotAnEnum,
    Phase,
    Size,
    Status,
)
from shop.models import Runner, RunResult
from shop.reexport import KIND
from shop.reexport import Status as ReexportedStatus
from shop.report import report_run
from shop.telemetry import track


def constants_and_enums(kind: Status, phase: Phase, node: NodeStatus, size: Size) -> None:
    track("e", {"flavor": FLAVOR, "status": Status.OK, "value": Status.OK.value})
    track("e", {"retries": RETRIES, "timeout": TIMEOUT, "kind": kind, "phase": phase})
    track("e", {"node": node, "size": size, "again": ReexportedStatus.OK})
    track("e", {"kind": KIND, "version": thirdparty.version()})
    track("e", {"leak": FROM_ENVIRONMENT})  # expect: RL001
    track("e", {"computed": NotAnEnum.computed})  # expect: RL001


def names_and_locals(template: LiteralString) -> None:
    name = "literal"
    track(name, {"module": __name__, "template": template})
    track("e", {"now": datetime.datetime.now(), "when": datetime.datetime.now().isoformat()})


class Handler:
    def handle(self, result: RunResult, runner: Runner) -> None:
        track("h", {"class": self.__class__.__name__, "time": result.execution_time})
        track("h", {"status": result.status, "index": runner.node_index})
        track("h", {"count": runner.count, "self": self})  # expect: RL001
        track("h", {"node": result.node_name, "label": runner.label})  # expect: RL001, RL001


def callers(runner: Runner, label: str) -> None:
    report_run(runner.node_index, 10, label)
    report_run(1, len(label), label)
    public_report(3)
