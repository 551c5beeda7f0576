"""A logger attribute set in a base class of another module: found from the facts."""

from .base import Base


class Worker(Base):
    def work(self, email: str) -> None:
        self.logger.info("user %s", email)  # expect: RL001
        self.logger.info(email)  # expect: RL201
