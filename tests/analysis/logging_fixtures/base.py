"""Defines a logger attribute that subclasses in other modules use."""

import logging


class Base:
    def __init__(self) -> None:
        self.logger = logging.getLogger(type(self).__name__)
