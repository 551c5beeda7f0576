"""Django model fields: on an instance, the value each field describes."""

import uuid

from django.db import models

from shop.telemetry import track


class Team(models.Model):
    name = models.CharField(max_length=20)


class Account(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    legacy_id = models.UUIDField()
    age = models.PositiveIntegerField(null=True)
    email = models.EmailField()
    active = models.BooleanField(default=True)
    joined = models.DateTimeField(auto_now_add=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE)


def signed_in(account: Account) -> None:
    track("account.signed_in", {
        "server_id": str(account.uuid),  # a random id: uuid4 by default
        "age": account.age,
        "active": account.active,
        "joined": account.joined.isoformat(),
    })


def described(account: Account) -> None:
    track("account.described", {
        "legacy_id": str(account.legacy_id),  # expect: RL001
        "email": account.email,  # expect: RL001
        "team": account.team.name,  # expect: RL001
    })
