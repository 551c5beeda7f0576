"""A vendor's event class (Snowplow's SelfDescribingJson): it keeps what it is given,
its schema through a property setter."""


class SelfDescribing:
    def __init__(self, schema: str, data: dict) -> None:
        self.schema = schema
        self.data = data

    @property
    def schema(self) -> str:
        return self._schema

    @schema.setter
    def schema(self, value: str) -> None:
        self._schema = value

    def to_json(self) -> dict:
        return {"schema": self.schema, "data": self.data}
