"""Event schemas: load, validate, lint, diff and infer them; generate the registry."""
