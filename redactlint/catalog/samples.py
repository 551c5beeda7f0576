"""Sample payloads: each event built from canary values and exported by the real runtime.

The event class is made from the schema's metadata (the same ``EventMeta`` the
generator writes into the registry), so the product's registry module need not
be importable. Each text field gets a canary from ``redactlint verify``, passed
the way correct code passes it for the field's sensitivity (``unsafe(...)``,
``hashed(...)``, ``safe(...)``, an enum constant); numbers and booleans get a
plain value. The event is then exported in every mode, and with the allowlist,
by :func:`redactlint.events.export.export_event`: what the pages show is what
would leave.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any, cast

from .. import redact
from ..events import Allowlist, Event
from ..events.metadata import EventMeta, FieldInfo
from ..events.verify import CANARIES
from ..schema.generate import event_meta
from ..schema.model import EventSchema
from .model import VIEWS, FieldOutcome, Outcome, Sample, SampleValue, View

# A fixed salt, so the digests in the catalog do not change between runs. A real
# install salts with its own secret: the digests it exports differ from these.
SAMPLE_SALT = b"redactlint-catalog"
CANARY = CANARIES[0]  # an e-mail address, tagged with the field name
_NUMBERS: dict[str, object] = {"integer": 7, "number": 2.5, "boolean": True}


def canary_text(field: str) -> str:
    """The canary put in text field ``field``."""
    return CANARY.template.format(tag=field)


def sample_event(schema: EventSchema, allowlist: Allowlist | None = None) -> Sample:
    """``schema``'s event built from canaries and exported in every view."""
    meta = event_meta(schema)
    cls = event_class(meta)
    values: dict[str, object] = {}
    inputs: list[SampleValue] = []
    raw: dict[str, str] = {}  # field -> the text that must not leave, if it is text
    for info in meta.fields:
        value, given, secret = _value(info)
        values[info.attribute] = value
        inputs.append(SampleValue(info.name, given))
        if secret is not None:
            raw[info.name] = secret
    event = cls(**values)
    payloads: list[tuple[View, dict[str, Any]]] = []
    outcomes: list[FieldOutcome] = []
    for view in VIEWS:
        if view == "allowlisted":
            payload = event.to_payload("redact", allowlist, salt=SAMPLE_SALT)
        else:
            payload = event.to_payload(view, salt=SAMPLE_SALT)
        payload = json.loads(json.dumps(payload, ensure_ascii=False))  # plain JSON values
        payloads.append((view, payload))
        properties = payload["properties"]
        for info in meta.fields:
            exported = properties.get(info.name)
            outcome = classify(exported, info.name in properties, raw.get(info.name))
            canary = info.name in raw
            outcomes.append(FieldOutcome(info.name, view, outcome, exported, canary))
    return Sample(schema.name, tuple(inputs), tuple(payloads), tuple(outcomes))


def event_class(meta: EventMeta) -> Callable[..., Event]:
    """An event class for ``meta``: a frozen dataclass like the generated one."""
    fields = [(info.attribute, object, dataclasses.field(default=None)) for info in meta.fields]
    cls = dataclasses.make_dataclass(
        "CatalogSample",
        fields,
        bases=(Event,),
        namespace={"META": meta},
        frozen=True,
    )
    return cast("Callable[..., Event]", cls)


def classify(exported: object, present: bool, secret: str | None) -> Outcome:
    """How a value left: in clear, as a digest, as a redaction marker, or not at all."""
    if not present:
        return "dropped"
    text = json.dumps(exported, ensure_ascii=False)
    if secret is None:  # a number, a boolean or an enum constant: what was given leaves
        return "redacted" if redact.REDACTED in text else "clear"
    if secret in text:
        return "clear"
    if redact.REDACTED in text:
        return "redacted"
    return "hashed"


def _value(info: FieldInfo) -> tuple[object, str, str | None]:
    """The value for one field, how code writes it, and the canary text if any."""
    kind = info.item_kind if info.kind == "array" else info.kind
    if kind != "string":
        number = _NUMBERS.get(kind or "", 0)
        given = repr(number)
        if info.kind == "array":
            return (number,), f"({given},)", None
        return number, given, None
    if info.is_literal_enum:
        assert info.enum is not None
        constant = info.enum[0]
        if info.kind == "array":
            return (constant,), f"({constant!r},)", None
        return constant, repr(constant), None
    text = canary_text(info.name)
    if info.sensitivity == "safe":
        value: object = redact.safe(text)  # redactlint: safe -- a made-up sample value
        given = f"safe({text!r})"
    elif info.sensitivity == "hashed":
        value = redact.hashed(text)
        given = f"hashed({text!r})"
    else:
        value = redact.unsafe(text)
        given = f"unsafe({text!r})"
    if info.kind == "array":
        return (value,), f"({given},)", text
    return value, given, text
