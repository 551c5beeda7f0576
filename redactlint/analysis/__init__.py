"""The checker: configuration, sinks, expression safety, rules, suppressions, engine.

It analyses the standard library ``ast`` (fast, and what flake8 hands its
plugins); every finding carries its exact span and fix kind so the codemod can
rewrite with libcst without deciding anything again.
"""
