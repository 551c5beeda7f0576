"""The adoption tests run on the integration tests' fixture project, as a user adopting
redactlint on a real project would."""

from tests.integrations.conftest import project

__all__ = ["project"]
