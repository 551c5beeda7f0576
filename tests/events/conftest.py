"""The capture fixture, imported the way a product's conftest.py would."""

from redactlint.testing import recorded_events

__all__ = ["recorded_events"]
