"""Run the product's telemetry with canary values and print what left it, as JSON."""

import datetime
import json

from legacy import app, snowplow, telemetry, vendor


class User:
    def __str__(self) -> str:
        return "User(alice@example.com)"


def describe(value):
    if isinstance(value, dict):
        return {"type": "dict", "value": {k: describe(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"type": type(value).__name__, "value": [describe(v) for v in value]}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return {"type": "str" if isinstance(value, str) else type(value).__name__,
                "value": str(value) if isinstance(value, str) else value}
    return {"type": type(value).__name__, "value": "an object"}


calls = [
    lambda: app.on_search("alice@example.com", 7, 0.5, True, {"k": 1}, User(),
                          datetime.date(2026, 12, 7)),
    lambda: app.on_save("/home/alice/private.py", 404),
    lambda: app.on_failure("SECRET-TOKEN-123"),
    lambda: app.on_delete("/home/alice/private.py", 500),
    lambda: app.track_warning(app.Message(404, "SECRET-TOKEN-123 was not found")),
    lambda: app.on_run("/home/alice/private.py", 1.5),
    lambda: app.on_invocation("build"),
]
raised = []
for call in calls:
    try:
        call()
        raised.append(None)
    except Exception as error:  # what the product would see
        raised.append(repr(error))
sent = [(event, {k: describe(v) for k, v in props.items()})
        for event, props in telemetry.SENT + vendor.SENT + snowplow.SENT]
print(json.dumps({"sent": sent, "raised": raised}))
