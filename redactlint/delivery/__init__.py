"""Delivery: exported events on their way from the product to the vendor's collector.

Standard library only, like the rest of the runtime: the product imports it.
"""

from .envelope import Envelope, make_envelope, pseudonym

__all__ = ["Envelope", "make_envelope", "pseudonym"]
