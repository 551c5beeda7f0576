"""Renderings of findings: pure functions of findings to text."""
