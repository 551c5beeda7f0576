"""Relay a front end's event with canary values and print what left, as JSON."""

import json

from relay import handlers

handlers.post({
    "schema_id": "files/v1",
    "data": {"action": "rename", "path": "/home/alice/private.py", "size": 12},
})
print(json.dumps(handlers.event_logger.sent))
