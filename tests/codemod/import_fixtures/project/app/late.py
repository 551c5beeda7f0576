"""No import at the top: the client is imported where it is used."""


def submitted(text: str) -> None:
    from analytics import track

    track("search.submitted", {"query": text, "resultCount": 1})
