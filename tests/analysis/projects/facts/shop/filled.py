"""What a function returns when it fills a local container before returning it: the
items it adds to a list, or a container of unknown contents (a dict whose keys it sets,
a list it extends)."""

from shop.telemetry import track


def collected(names):  # type: ignore[no-untyped-def]
    found = []
    for name in names:
        found.append(name.strip())
    return found


def counted(values):  # type: ignore[no-untyped-def]
    counts = []
    for value in values:
        counts.append(len(value))
    return counts


def keyed(pairs):  # type: ignore[no-untyped-def]
    table = {}
    for key, value in pairs:
        table[key] = value
    return table


def extended(more):  # type: ignore[no-untyped-def]
    items = ["fixed"]
    items.extend(more)
    return items


def report(names, values, pairs, more) -> None:  # type: ignore[no-untyped-def]
    track("filled", {"names": collected(names)})  # expect: RL003
    track("filled", {"counts": counted(values)})
    track("filled", {"table": keyed(pairs)})  # expect: RL001
    track("filled", {"items": extended(more)})  # expect: RL001
