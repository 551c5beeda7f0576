"""A pydantic model built at the sink call holds what the call gives its fields, the
defaults of the others, and nothing else; one that keeps extra input, validates, or is
built from a mapping unpacked into it may hold anything."""

import os
import uuid

import thirdparty
from pydantic import BaseModel, ConfigDict, Field, field_validator


def send_model(model: object) -> None:
    thirdparty.post(vars(model))


class UsageEvent(BaseModel):
    event_type: str
    run_id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    count: int = 0


class PathEvent(BaseModel):
    event_type: str
    cwd: str = Field(default_factory=os.getcwd)


class OpenEvent(BaseModel):
    model_config = ConfigDict(extra="allow")
    event_type: str


class CheckedEvent(BaseModel):
    event_type: str

    @field_validator("event_type")
    @classmethod
    def named(cls, value: str) -> str:
        return value + os.environ.get("SUFFIX", "")


def usage(kind: str, fields: dict[str, str]) -> None:
    send_model(UsageEvent(event_type="measured", count=3))
    send_model(UsageEvent(event_type=kind))  # expect: RL001, RL004
    send_model(PathEvent(event_type="opened"))  # expect: RL001
    send_model(OpenEvent(event_type="opened"))  # expect: RL001
    send_model(CheckedEvent(event_type="opened"))  # expect: RL001
    send_model(UsageEvent(**fields))  # expect: RL001, RL004
