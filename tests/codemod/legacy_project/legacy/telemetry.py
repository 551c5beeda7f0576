"""The product's analytics function: it sends what it is given."""

SENT: list[tuple[str, dict[str, object]]] = []


def track(event, properties):
    SENT.append((event, dict(properties)))
