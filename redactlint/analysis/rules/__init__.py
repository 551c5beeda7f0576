"""The checker's rules, one module each; ``CHECKER_RULES`` lists them in code order.

The engine runs these classes. Every rule redactlint has, these and the schema
lint's, is declared in one registry, :mod:`.registry`, which is what ``explain``,
the renderers and SARIF read.
"""

from __future__ import annotations

from .base import Rule
from .rl001_unknown_string import UnknownStringInSink
from .rl002_unknown_composite import UnknownPartsInFormattedString
from .rl003_unchecked_properties import UncheckedProperties
from .rl004_unredacted_sink import UnredactedSink
from .rl005_plain_text_at_boundary import PlainTextAtBoundary
from .rl101_unknown_event import UnknownEvent
from .rl102_non_literal_event import NonLiteralEventName
from .rl103_unknown_field import UnknownField
from .rl104_missing_field import MissingRequiredField
from .rl105_literal_outside_schema import LiteralOutsideSchema
from .rl106_safe_field_marking import SafeFieldMarking
from .rl201_non_literal_template import NonLiteralTemplate
from .rl202_unjustified_safe import UnjustifiedSafe
from .rl203_safe_type_allowlist import SafeTypeNotAllowlisted
from .rl204_direct_construction import DirectConstruction
from .rl205_marker_in_literal import MarkerInLiteral
from .rl900_unused_suppression import UnusedSuppression
from .rl901_syntax_error import SyntaxErrorInFile
from .rl902_undecodable import UndecodableFile
from .rl903_malformed_directive import MalformedDirective

CHECKER_RULES: tuple[type[Rule], ...] = (
    UnknownStringInSink,
    UnknownPartsInFormattedString,
    UncheckedProperties,
    UnredactedSink,
    PlainTextAtBoundary,
    UnknownEvent,
    NonLiteralEventName,
    UnknownField,
    MissingRequiredField,
    LiteralOutsideSchema,
    SafeFieldMarking,
    NonLiteralTemplate,
    UnjustifiedSafe,
    SafeTypeNotAllowlisted,
    DirectConstruction,
    MarkerInLiteral,
    UnusedSuppression,
    SyntaxErrorInFile,
    UndecodableFile,
    MalformedDirective,
)


__all__ = ["CHECKER_RULES", "Rule"]
