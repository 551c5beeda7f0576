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


def picked():  # type: ignore[no-untyped-def]
    pairs = [("A_KEY", "sonnet"), ("B_KEY", "gpt-4o")]
    for key, model in pairs:
        if key:
            return model
    return None


def picked_key(environ):  # type: ignore[no-untyped-def]
    for key in environ:
        if key.startswith("X"):
            return key
    return None


def numbered():  # type: ignore[no-untyped-def]
    for count in range(3):
        if count:
            return count
    return 0


def report_picked(environ) -> None:  # type: ignore[no-untyped-def]
    track("picked", {"model": picked(), "count": numbered()})
    track("picked", {"key": picked_key(environ)})  # expect: RL001
