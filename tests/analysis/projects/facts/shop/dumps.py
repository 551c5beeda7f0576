"""A pydantic model's model_dump() holds its fields; comprehensions over known names."""

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from shop.telemetry import track

REPORTED = ("platform", "use_relative_path")
FLAGS = frozenset({"profile_table_level_only", "include_field_min"})
CHANGEABLE = ["platform", "use_relative_path"]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str


class SourceConfig(Base):
    platform: Literal["delta-lake", "s3"] = "s3"
    use_relative_path: bool = False
    profile_table_level_only: bool = False
    include_field_min: bool = True
    include_field_sample: list[str] = []
    kind: ClassVar[str] = "source"


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")
    enabled: bool = True


class Settings(BaseModel):
    enable_analytics: bool | None = None
    display_updates: bool | None = None
    server_name: str = ""


def report(config: SourceConfig, loose: Loose, update: Settings) -> None:
    track("config", {o: config.model_dump().get(o) for o in REPORTED})
    track("config", {f: config.model_dump()[f] for f in FLAGS})
    track("config", {f: config.model_dump()[f] for f in ["path"]})  # expect: RL003
    track("config", {o: config.model_dump().get(o) for o in CHANGEABLE})  # expect: RL003
    dumped = config.model_dump()
    track("config", {k: dumped[k] for k in dumped if k in FLAGS or k.startswith("use_")})
    track("config", {k: dumped[k] for k in dumped if k != "path"})  # expect: RL003
    track("config", {k: dumped[k] for k in dumped})  # expect: RL003
    track("config", config.model_dump(include={"platform", "profile_table_level_only"}))
    track("config", config.model_dump(exclude={"path"}))  # expect: RL003
    track("config", config.model_dump(include={"path"}))  # expect: RL003
    track("config", {"enabled": loose.model_dump().get("enabled")})  # expect: RL001
    flags = update.model_dump(
        include={"enable_analytics", "display_updates"}, exclude_none=True
    )
    changed = {key: value for key, value in flags.items() if value is not None}
    track("settings", changed)
    everything = update.model_dump()
    track("settings", {key: value for key, value in everything.items()})  # expect: RL003


def configure(extra: str) -> None:
    CHANGEABLE.append(extra)
