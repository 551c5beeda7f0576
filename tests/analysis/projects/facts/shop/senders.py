"""Sinks the project defines that read from the objects they are given. What a sink
reads from an object is checked where it goes only when the sink hands it to a
declared sink of its own; a sink that sends by other means lets out whatever it reads
that may be text, so the object it is given is checked whole at the call."""

import getpass
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import thirdparty


@dataclass
class Job:
    name: str
    retries: int
    enabled: bool


@dataclass
class Launch:
    """A record holds what it is given and, for each field a call leaves out, the
    field's default: here the name of the user logged in."""

    command: str
    user: str = field(default_factory=getpass.getuser)
    origin: str = "cli"


class Event:
    """Events that are no records: an object made at the call holds what its methods
    assign, the constructor's parameters as that call binds them."""

    def __init__(self, batch_size: int = 1) -> None:
        self.batch_size = batch_size

    @property
    def properties(self) -> dict[str, object]:
        return self.__dict__


class Added(Event):
    kind = "add"

    def __init__(self, collection: str, amount: int) -> None:
        super().__init__()
        self.collection = collection
        self.amount = amount
        self.in_ci = os.environ.get("CI", "") == "true"


class Opened(Event):
    def __init__(self) -> None:
        super().__init__()
        self.where = os.getcwd()


class Tagged(Event):
    def __init__(self, **tags: str) -> None:
        super().__init__()
        for key, value in tags.items():
            setattr(self, key, value)


class Registered(Event):
    def __init__(self) -> None:
        super().__init__()
        thirdparty.register(self)


class Args:
    def func(self) -> None: ...


def send_job(job: Job) -> None:
    """Sends the job's fields through a client nobody declared: its name leaves."""
    thirdparty.post({"job": job.name, "retries": job.retries})


def send_counts(job: Job) -> None:
    """Reads only what holds no text: a count and a flag it tests."""
    if not job.enabled:
        return
    thirdparty.post({"retries": job.retries})


def send_dump(job: Job) -> None:
    """What a method of the object gives leaves whole."""
    payload = job.__dict__.copy()
    thirdparty.post(payload)


def send_command(args: Args) -> None:
    """The name of the function a command runs is the product's."""
    thirdparty.post({"command": args.func.__name__})


def send_record(record: object) -> None:
    thirdparty.post(vars(record))


def relay_job(job: Job) -> None:
    """Hands what it reads to a declared sink, where it is checked."""
    send_job_name(job.name)  # expect: RL001, RL004


def send_job_name(name: str) -> None:
    thirdparty.post({"job": name})


class Sender(ABC):
    @abstractmethod
    def send(self, job: Job) -> None:
        """Implemented elsewhere: which implementation runs is not known here."""


class HttpSender(Sender):
    def send(self, job: Job) -> None:
        thirdparty.post({"job": job.name})


def run(job: Job, args: Args, sender: Sender) -> None:
    send_job(job)  # expect: RL001
    send_job(Job("nightly", 3, True))
    send_counts(job)
    send_dump(job)  # expect: RL001
    send_command(args)
    relay_job(job)
    sender.send(job)  # expect: RL001


def launches() -> None:
    send_record(Launch("run"))  # expect: RL001
    send_record(Launch("run", "ci"))
    send_record(Launch("run", user="ci", origin="cron"))
    send_record(Launch(command="run", origin="cron"))  # expect: RL001


def events(collection: str) -> None:
    send_record(Added("default", 3))
    send_record(Added(collection, 3))  # expect: RL001, RL004
    send_record(Opened())  # expect: RL001
    send_record(Tagged(kind="add"))  # expect: RL001
    send_record(Registered())  # expect: RL001
