"""A vendor's event client: it validates each payload before it sends it."""

SENT: list[tuple[str, dict[str, object]]] = []
ACTIONS = {"save", "delete"}


def emit(schema_id, data):
    if data["action"] not in ACTIONS:
        raise ValueError(f"{data['action']!r} is not one of {sorted(ACTIONS)}")
    if not isinstance(data["code"], int):
        raise TypeError(f"{data['code']!r} is not an integer")
    SENT.append((schema_id, dict(data)))
