"""A tour of the runtime: mark values, then see what would leave the machine.

Run: python examples/marking.py
"""

from __future__ import annotations

from redactlint import redact


class RepoRef:
    """A repository reference whose host is public but whose name is not."""

    def __init__(self, host: str, name: str) -> None:
        self.host = host
        self.name = name

    def __safe_format__(self, printer: redact.Builder) -> None:
        printer.printf("%s/%s", redact.safe(self.host), self.name)


def main() -> None:
    query = "password reset for alice@example.com"
    message = redact.format(
        "search {query} in {repo} returned {count} results (user {user})",
        query=query,
        repo=RepoRef("github.com", "acme/secret-project"),
        count=12,
        user=redact.hashed("alice"),
    )
    print("redactable:", message)
    print("redacted:  ", message.redact())
    print("hashed:    ", message.redact(hash=True, salt="per-install-salt"))
    print("stripped:  ", message.strip_markers())


if __name__ == "__main__":
    main()
