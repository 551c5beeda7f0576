"""A vendor's event client: each payload is validated against its JSON Schema."""

import jsonschema

FILES = {
    "type": "object",
    "required": ["action", "path"],
    "properties": {
        "action": {"enum": ["get", "save", "rename"]},
        "path": {"type": "string"},
        "size": {"type": "integer"},
    },
}


class EventLogger:
    def __init__(self):
        self.schemas = {"files/v1": FILES}
        self.sent = []

    def emit(self, *, schema_id, data):
        jsonschema.validate(data, self.schemas[schema_id])
        self.sent.append((schema_id, dict(data)))
