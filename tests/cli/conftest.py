"""The command-line tests that need a whole project use the integration tests' fixture
project."""

from tests.integrations.conftest import project

__all__ = ["project"]
