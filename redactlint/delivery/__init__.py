"""Delivery: exported events on their way from the product to the vendor's collector.

Standard library only, like the rest of the runtime: the product imports it.
``DeliverySink`` is what a product uses; the queue, sender and transport are its parts.
"""

from .envelope import Envelope, make_envelope, pseudonym
from .queue import DeliveryQueue
from .sender import Encoder, Sender, json_batch
from .sink import DeliverySink, acting_user, current_user
from .transport import DeliveryConfigError, Outcome, Transport, parse_retry_after

__all__ = [
    "DeliveryConfigError",
    "DeliveryQueue",
    "DeliverySink",
    "Encoder",
    "Envelope",
    "Outcome",
    "Sender",
    "Transport",
    "acting_user",
    "current_user",
    "json_batch",
    "make_envelope",
    "parse_retry_after",
    "pseudonym",
]
