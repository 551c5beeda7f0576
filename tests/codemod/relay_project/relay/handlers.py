"""The endpoint the front end posts its events to."""

from relay.vendor import EventLogger

event_logger = EventLogger()


def post(payload):
    event_logger.emit(schema_id=payload["schema_id"], data=payload["data"])
