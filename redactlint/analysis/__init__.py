"""The checker: configuration, sinks, expression safety, rules, suppressions, engine.

It analyses the standard library ``ast`` (fast, and what flake8 hands its
plugins); every finding carries its exact span and fix kind so the codemod can
rewrite with libcst without deciding anything again.

The names below are the checker's face: what a front end (the command line, the
flake8 plugin, an editor) needs to load a configuration (``load_config``,
``resolve_config``, ``Overrides``), run the checker (``check_paths`` over a project,
``prepare`` and ``check_source`` for one module; ``check_module`` and, after an edit,
``check_again`` for an editor's buffer), read what it found (``Finding``,
``Span``, ``FixKind``), list and explain its rules (``CHECKER_RULES``,
``render_rule_doc``) and report what went wrong (``UsageError``, ``InternalError``).
Everything else in the package is how it is done, and may change. The one registry
of every rule, RL and RS (``RULES``, ``find_rule``), stays in
:mod:`.rules.registry`: it loads the schema lint, which a checker run does not need.
"""

from __future__ import annotations

from ..errors import UsageError
from .audit import AuditEntry
from .check import (
    Overrides,
    Progress,
    SinkCalls,
    audit_paths,
    check_paths,
    resolve_config,
    sink_calls,
)
from .config import Config, Parameter, SinkSpec, find_pyproject, load_config
from .engine import (
    InternalError,
    Settings,
    check_source,
    display_path,
    is_excluded,
    iter_python_files,
    prepare,
)
from .findings import Finding, FixKind, Span
from .incremental import Snapshot, check_again, check_module, reparse
from .rule_doc import render_rule_doc
from .rules import CHECKER_RULES, Rule
from .runner import RunStats

__all__ = [
    "CHECKER_RULES",
    "AuditEntry",
    "Config",
    "Finding",
    "FixKind",
    "InternalError",
    "Overrides",
    "Parameter",
    "Progress",
    "Rule",
    "RunStats",
    "Settings",
    "SinkCalls",
    "SinkSpec",
    "Snapshot",
    "Span",
    "UsageError",
    "audit_paths",
    "check_again",
    "check_module",
    "check_paths",
    "check_source",
    "display_path",
    "find_pyproject",
    "is_excluded",
    "iter_python_files",
    "load_config",
    "prepare",
    "render_rule_doc",
    "reparse",
    "resolve_config",
    "sink_calls",
]
