"""redactlint: keep personal and confidential data out of product telemetry.

Strings are unsafe unless marked. The runtime lives in :mod:`redactlint.redact`
(marking) and, with the event registry, :mod:`redactlint.events`; both import the
standard library only, so production code pays for nothing else.
"""

__version__ = "0.1.0"
