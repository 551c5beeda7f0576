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


# Called as a framework calls its handlers, by name: no call site in view tells the
# checker what the parameters hold.
calls = [
    ("on_search", ("alice@example.com", 7, 0.5, True, {"k": 1}, User(),
                   datetime.date(2026, 12, 7))),
    ("on_save", ("/home/alice/private.py", 404)),
    ("on_failure", ("SECRET-TOKEN-123",)),
    ("on_delete", ("/home/alice/private.py", 500)),
    ("track_warning", (app.Message(404, "SECRET-TOKEN-123 was not found"),)),
    ("on_run", ("/home/alice/private.py", 1.5)),
    ("on_invocation", ("build",)),
]
raised = []
for name, arguments in calls:
    try:
        getattr(app, name)(*arguments)
        raised.append(None)
    except Exception as error:  # what the product would see
        raised.append(repr(error))
sent = [(event, {k: describe(v) for k, v in props.items()})
        for event, props in telemetry.SENT + vendor.SENT + snowplow.SENT]
print(json.dumps({"sent": sent, "raised": raised}))
