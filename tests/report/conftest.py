"""The renderers are tested on the integration tests' fixture project, through the
command line as CI runs them."""

from tests.integrations.conftest import DATA, LEAKY, insert_lines, project, redactlint

__all__ = ["DATA", "LEAKY", "insert_lines", "project", "redactlint"]
