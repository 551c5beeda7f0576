"""Run a short session of notebook_search and print the telemetry it exports.

Run from ``examples/app``::

    python -m notebook_search

Each JSON line is exactly what would leave the machine: the recorder redacts a
copy of every event at export. Sensitive spans become the redaction marker,
hashed values become 8-hex-digit digests, safe values and numbers stay as they
are. Log lines go through ``RedactingFilter``, which applies the same rules.
The session runs in ``redact`` mode; then one search and one page view show
``drop`` mode, which leaves sensitive and hashed fields out entirely.

This module imports only redactlint's runtime (``redactlint.redact`` and
``redactlint.events``), as production code should.
"""

from __future__ import annotations

import logging
import sys

from redactlint import events, redact
from redactlint.redact.logging import RedactingFilter

from . import codeintel, notebooks, search, telemetry

# A real install generates a random salt once and keeps it; a fixed one keeps
# the tour's digests the same from run to run.
SALT = "tour-install-salt"

# What a user might type: an e-mail address, and a second line.
QUERY = "password reset for alice@example.com\nfrom:bob"


def session() -> None:
    """What one user does: two searches, two page views, two jumps to a definition."""
    search.search(QUERY, "literal")
    search.search(r"def \w+_token", "regexp", repo="acme/payroll")
    notebooks.view_page("nb-4f1c", "view")
    notebooks.view_page("nb-4f1c", "share/alice-salary-review")
    codeintel.go_to_definition("rotate_payroll_token", "payroll/release.py")
    codeintel.go_to_definition("parse_salary", "payroll/report.py")


def log_to_stdout() -> None:
    """Print the product's log records, redacted, among the telemetry lines."""
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("log: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main() -> None:
    log_to_stdout()
    print(
        f'== mode="redact": sensitive values become {redact.REDACTED}, '
        "hashed values become digests =="
    )
    telemetry.setup("redact", salt=SALT)
    session()
    print()
    print('== mode="drop": sensitive and hashed fields are left out ==')
    telemetry.setup("drop", salt=SALT)
    search.search(QUERY, "literal")
    notebooks.view_page("nb-4f1c", "view")
    events.configure(None)


if __name__ == "__main__":
    main()
