"""The legacy analytics client the project is migrating away from."""

SENT: list[tuple[str, dict[str, object]]] = []


def track(event: str, properties: dict[str, object] | None = None) -> bool:
    SENT.append((event, dict(properties or {})))
    return True
