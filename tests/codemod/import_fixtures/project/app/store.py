"""Where searches look."""


def load(query: str) -> list[str]:
    return [query]
