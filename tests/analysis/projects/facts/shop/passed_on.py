"""An object handed on through parameters: each function's calls tell its kinds."""

from shop.held import Analytics


def main() -> None:
    analytics = Analytics()
    setup(analytics)


def setup(analytics):  # type: ignore[no-untyped-def]
    analytics.event("setup")
    save(analytics)


def save(analytics):  # type: ignore[no-untyped-def]
    try:
        import os
        os.remove("/nonexistent")
    except OSError as error:
        analytics.event("save_failed", reason=str(error))  # expect: RL001, RL004
