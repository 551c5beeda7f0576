"""``redactlint init``: find a project's event-logging calls and write its first
configuration (``[tool.redactlint]``, a ``schemas/`` folder, the pre-commit hooks)."""
