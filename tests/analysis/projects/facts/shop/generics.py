"""Generic helpers: what they return is solved from the call's arguments."""

from collections.abc import Callable, Iterable
from typing import Optional, TypeVar, cast
from uuid import UUID

import thirdparty

from shop.models import Runner
from shop.telemetry import track


class Record:
    id: UUID
    name: str


class Order(Record):
    total: int


R = TypeVar("R", bound=Record)
T = TypeVar("T")


def fetch(get: Callable[[UUID], R], key: UUID) -> R:
    return get(key)


def load(model: type[R], key: UUID) -> R:
    return model()


def first(items: Iterable[T]) -> Optional[T]:  # noqa: UP045 (the form under test)
    for item in items:
        return item
    return None


def last(items: list[T]) -> T | None:
    return items[-1] if items else None


def same(value: T) -> T:
    return value


def bounded() -> R:  # type: ignore[type-var]
    """Nothing tells what ``R`` is here: its bound does."""
    return thirdparty.record()  # type: ignore[no-any-return]


class Store:
    def get_order(self, key: UUID) -> Order:
        return Order()


def report(store: Store, key: UUID, runners: list[Runner]) -> None:
    order = fetch(store.get_order, key)
    track("order", {"id": order.id, "total": order.total})
    track("order", {"name": order.name})  # expect: RL001
    loaded = load(Order, key)
    track("order", {"id": loaded.id, "total": loaded.total})
    runner = first(runners)
    track("run", {"index": runner.node_index if runner else 0})
    track("run", {"label": runner.label if runner else ""})  # expect: RL001
    track("run", {"index": last(runners).node_index})  # type: ignore[union-attr]
    track("same", {"count": same(3), "text": same(order.name)})  # expect: RL001
    track("bound", {"id": bounded().id, "name": bounded().name})  # expect: RL001


def casts(store: object, raw: object) -> None:
    order = cast(Order, store)
    track("cast", {"id": order.id, "total": order.total})
    track("cast", {"name": order.name})  # expect: RL001
    track("cast", {"text": cast("str", raw), "literal": cast(str, "kept")})  # expect: RL001


class Model:
    pass


def rebuild(model: R) -> R:
    fresh: Model = Model()
    return fresh  # type: ignore[return-value]


def child(key: UUID) -> Record:
    return Order()


def bodies(store: Store, key: UUID) -> None:
    order = rebuild(store.get_order(key))
    track("body", {"id": order.id, "total": order.total})
    made = child(key)
    track("body", {"id": made.id, "total": made.total})
