"""Each node of a tree with the node it sits in: the syntax around a use tells what the
use does (a key stored into, a method called, a value passed on)."""

from __future__ import annotations

import ast


def parents(root: ast.AST) -> dict[int, ast.AST]:
    """The parent of every node under ``root``, by the node's ``id``."""
    return {
        id(child): parent for parent in ast.walk(root) for child in ast.iter_child_nodes(parent)
    }
