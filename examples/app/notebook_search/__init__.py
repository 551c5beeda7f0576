"""notebook_search: a small notebook product, instrumented with redactlint.

The product lets a user search notebooks, open notebook pages and jump to a
symbol's definition. Each of these records a telemetry event. The events are
declared as JSON Schemas in ``schemas/`` and generated into
``notebook_search.telemetry.events``. Every string that reaches an event is
marked: ``unsafe(...)`` for what the user typed, ``hashed(...)`` for
identifiers that may be counted but not read. A plain string literal in the
source, a number or a bool is safe.

Modules, in the order the tour reads them:

- ``search``: the search command (a typed event whose query is sensitive);
- ``notebooks``: notebook page views (a hashed id, a page kind checked by the
  schema's ``x-safe-if``);
- ``codeintel``: go-to-definition (a safe-formatting class, ``redact.format``
  and a call to the legacy analytics function);
- ``legacy_analytics``: the untyped ``track(event, properties)`` function,
  declared as a sink in ``pyproject.toml``;
- ``mistakes``: two deliberate mistakes that ``redactlint check`` finds;
- ``__main__``: ``python -m notebook_search`` runs a short session and prints
  what would leave the machine.
"""
