"""A vendor's tracker: each event carries self-describing records, sent with the data
each was built from."""

SENT: list[tuple[str, dict[str, object]]] = []


class SelfDescribingJson:
    def __init__(self, schema, data):
        self.schema = schema
        self.data = data


def track_struct(action, context):
    SENT.append((action, {f"{r.schema}.{k}": v for r in context for k, v in r.data.items()}))
