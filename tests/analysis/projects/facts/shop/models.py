from dataclasses import dataclass

from shop.constants import Status


@dataclass
class RunResult:
    execution_time: float
    status: Status
    node_name: str


class Runner:
    def __init__(self, node_index: int, label: str) -> None:
        self.node_index = node_index
        self.label = label
        self.count = 0
