"""Gradual adoption: accept today's findings, check only what changed, fail only on new ones.

The baseline file and the fingerprints that match its entries across edits, the git
changes a ``--changed-since`` run is limited to, and the check run that puts them
together for CI. Everything here sits on top of the checker (:mod:`redactlint.analysis`)
and never inside it.
"""
