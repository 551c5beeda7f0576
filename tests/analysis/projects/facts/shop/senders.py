"""Sinks the project defines that read from the objects they are given. What a sink
reads from an object is checked where it goes only when the sink hands it to a
declared sink of its own; a sink that sends by other means lets out whatever it reads
that may be text, so the object it is given is checked whole at the call."""

from abc import ABC, abstractmethod
from dataclasses import dataclass

import thirdparty


@dataclass
class Job:
    name: str
    retries: int
    enabled: bool


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
