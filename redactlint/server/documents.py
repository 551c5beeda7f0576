"""Checking and fixing an editor's buffer: the text as it is now, not the file on disk.

The buffer is encoded as the file would be saved (its coding comment, else UTF-8) and
checked by the engine ``check`` uses: after an edit inside one function, that function
only (``check_again``, which gives what a whole check gives), else the whole module. Its
fixes are those ``redactlint fix`` would make
to that text (the same passes, the same runtime import), split into one group of edits
per finding by :func:`redactlint.codemod.edits.attribute`.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis import (
    Finding,
    Settings,
    Snapshot,
    check_again,
    check_module,
    display_path,
)
from ..analysis.findings import TextEdit
from ..codemod.files import SourceFile

if TYPE_CHECKING:
    from ..analysis.runner import ProjectCheck


@dataclass(frozen=True)
class DocumentFixes:
    """What ``redactlint fix`` would make of a buffer: the whole fixed text, and the
    edits of each finding (applying all of them to the buffer gives ``fixed``)."""

    original: str
    fixed: str
    edits: dict[Finding, tuple[TextEdit, ...]] = field(default_factory=dict)

    @property
    def all_edits(self) -> list[TextEdit]:
        """Every finding's edits, in the order of the text."""
        return sorted((e for each in self.edits.values() for e in each), key=lambda e: e.span)


def buffer_source(path: Path, text: str) -> SourceFile:
    """``text`` as the file it would be saved to: encoded as its coding comment says
    (UTF-8 when it says nothing, names an unknown codec or cannot hold the text)."""
    encoding = "utf-8"
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(text.encode("utf-8")).readline)
        data = text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeEncodeError):
        encoding, data = "utf-8", text.encode("utf-8", "surrogatepass")
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    return SourceFile(path, data, encoding, False, text)


def check_document(
    path: Path,
    text: str,
    settings: Settings,
    previous: Snapshot | None = None,
    answers: ProjectCheck | None = None,
) -> Snapshot:
    """The findings ``redactlint check`` reports for ``path`` if it held ``text``, as a
    snapshot the next check starts from (``previous``: the last one, checked with the
    same ``settings``; ``answers``: the project's call-site answers, found when the
    check asks for one it has not found yet)."""
    data = buffer_source(path, text).data
    shown, module = display_path(path), settings.module_name(str(path))
    if previous is not None and (previous.shown, previous.module) == (shown, module):
        again = check_again(previous, data, settings)
        if again is not None and (answers is None or not answers.answer_asked()):
            return again
    snapshot = check_module(shown, data, settings, module)
    if answers is not None and answers.answer_asked():
        snapshot = check_module(shown, data, settings, module)
    return snapshot


def fix_document(
    path: Path,
    text: str,
    findings: Sequence[Finding],
    settings: Settings,
    answers: ProjectCheck | None = None,
) -> DocumentFixes:
    """The fixes of ``findings`` (those :func:`check_document` reported for ``text``).

    The codemod, and libcst with it, is loaded on the first fix asked for: a server
    that only shows diagnostics starts faster and stays smaller without it.
    """
    from ..codemod.edits import attribute
    from ..codemod.fix import fix_found

    if not any(finding.fix is not None for finding in findings):
        return DocumentFixes(text, text)
    result = fix_found(path, buffer_source(path, text), findings, settings, answers)
    if result is None or not result.changed:
        return DocumentFixes(text, text)
    owners = [finding for finding in result.found if finding in result.applied]
    return DocumentFixes(text, result.fixed, attribute(text, result.fixed, owners))
