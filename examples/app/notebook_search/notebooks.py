"""Notebooks, and the notebook page view.

A notebook's id names a customer's document, so it reaches the event only
hashed: views of one notebook can be counted without anyone learning which
notebook it was. The page kind goes in as ``unsafe(page)``; the schema's
``x-safe-if`` lets the known kinds (list, view, edit, embed) through at export
and redacts any other value, such as a custom route.
"""

from __future__ import annotations

from dataclasses import dataclass

from redactlint.redact import hashed, unsafe

from .telemetry.events import NotebookPageViewed


@dataclass(frozen=True)
class Notebook:
    """A notebook: an id, a title, the repository it documents and its cells."""

    id: str
    title: str
    repo: str
    cells: tuple[str, ...]


NOTEBOOKS = (
    Notebook(
        id="nb-4f1c",
        title="Payroll service runbook",
        repo="acme/payroll",
        cells=(
            "Rotate the token with rotate_payroll_token() before each release.",
            "def rotate_payroll_token(): ...",
            "Escalate to alice@example.com when the salary export fails.",
        ),
    ),
    Notebook(
        id="nb-9a27",
        title="Search ranking notes",
        repo="acme/search",
        cells=(
            "Structural search matches code shape: if (...) { ... }",
            "def rank(results): ...",
        ),
    ),
)


def find_notebook(notebook_id: str) -> Notebook | None:
    """The notebook with ``notebook_id``, if there is one."""
    for notebook in NOTEBOOKS:
        if notebook.id == notebook_id:
            return notebook
    return None


def view_page(notebook_id: str, page: str) -> Notebook | None:
    """Open ``page`` (a page kind or a custom route) of a notebook; record the view."""
    notebook = find_notebook(notebook_id)
    if notebook is None:
        return None
    NotebookPageViewed(
        page=unsafe(page),
        notebook_id=hashed(notebook.id),
        cell_count=len(notebook.cells),
    ).record()
    return notebook
