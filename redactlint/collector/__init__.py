"""The OpenTelemetry Collector's redaction processor, configured from the event schemas.

``collector_config`` builds the processor's configuration (the attribute keys the
events may send, and the values that show a marker span escaped redaction);
``check_collector_config`` reports where an existing collector configuration lets
through more than the schemas do. The collector then enforces the schemas' contract
a second time, after the product's own redaction.
"""

from __future__ import annotations

from .check import CollectorProblem, check_collector_config
from .config import (
    DOCUMENTED_KEYS,
    ENVELOPE_KEYS,
    LEAKED_SPAN_PATTERNS,
    PROCESSOR_NAME,
    PROPERTY_PREFIX,
    attribute_keys,
    collector_config,
    processor_config,
    render_yaml,
)

__all__ = [
    "DOCUMENTED_KEYS",
    "ENVELOPE_KEYS",
    "LEAKED_SPAN_PATTERNS",
    "PROCESSOR_NAME",
    "PROPERTY_PREFIX",
    "CollectorProblem",
    "attribute_keys",
    "check_collector_config",
    "collector_config",
    "processor_config",
    "render_yaml",
]
