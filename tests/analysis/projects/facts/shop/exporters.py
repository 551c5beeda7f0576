"""A base class's method reads what only its subclasses set: ``self.format`` is what
every subclass of the project holds there."""

from shop.telemetry import track


class Exporter:
    def export(self) -> None:
        track("exported", {"format": self.format})


class CsvExporter(Exporter):
    format = "csv"


class JsonExporter(Exporter):
    def __init__(self) -> None:
        self.format = "json"


class Uploader:
    def upload(self) -> None:
        track("uploaded", {"target": self.target})  # expect: RL001


class Orphan:
    def send(self) -> None:
        track("sent", {"target": self.target})  # expect: RL001
