from pydantic import BaseModel

from shop import flags
from shop.flags import GROWN, PASSED, PROFILING, REPORTED
from shop.flags import RENAMED as OTHER
from shop.telemetry import track


class Config(BaseModel):
    platform: bool = True
    use_relative_path: bool = False
    profile_table_level_only: bool = False
    include_field_min: bool = True
    include_field_sample: list[str] = []
    path: str = ""

    def for_telemetry(self) -> dict[str, object]:
        dumped = self.model_dump()
        return {
            flag: dumped[flag]
            for flag in dumped
            if flag in PROFILING or flag.startswith("use_")
        }


def change(name: str) -> None:
    GROWN.append(name)
    keep(PASSED)
    OTHER.sort()


def keep(names: list[str]) -> None:
    names.clear()


def report(config: Config) -> None:
    track("config", {o: config.model_dump().get(o) for o in REPORTED})
    track("config", {o: config.model_dump().get(o) for o in flags.REPORTED})
    track("config", config.for_telemetry())
    track("config", {"first": REPORTED[0], "names": sorted(PROFILING)})
    track("config", {o: config.model_dump().get(o) for o in GROWN})  # expect: RL003
    track("config", {o: config.model_dump().get(o) for o in PASSED})  # expect: RL003
    track("config", {"names": flags.RENAMED})  # expect: RL003
