"""The checker's list of telemetry libraries is the one ``init`` knows the calls of."""

from __future__ import annotations

from redactlint.analysis.prefilter import TELEMETRY_LIBRARIES, imports_telemetry_library
from redactlint.init.vendors import VENDORS


def test_every_library_init_knows_is_one_the_checker_watches_imports_of() -> None:
    tops = {vendor.call.split(".")[0] for vendor in VENDORS} | {
        match.split(".")[0] for vendor in VENDORS for match in vendor.matches
    }
    assert tops == set(TELEMETRY_LIBRARIES)


def test_an_import_of_one_is_told_from_a_mention() -> None:
    assert imports_telemetry_library(b"import os\nfrom posthog import Posthog\n")
    assert imports_telemetry_library(b"def f():\n    import analytics\n")
    assert not imports_telemetry_library(b"# posthog is not used here\nimport os\n")
    assert not imports_telemetry_library(b"from app.analytics import track\n")
