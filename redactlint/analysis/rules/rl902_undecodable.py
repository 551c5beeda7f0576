from __future__ import annotations

from .base import Rule


class UndecodableFile(Rule):
    """The file cannot be read as text in its declared encoding.

    ## What it does
    Reports a file whose bytes are not valid in its encoding (UTF-8 unless a
    PEP 263 coding comment says otherwise), or that cannot be read at all.

    ## Why is this bad?
    A file that cannot be decoded cannot be checked. The run goes on with the
    other files.

    ## Example
    A Latin-1 file without a coding comment: ``b"name = '\\xe9'"``.

    ## Use instead
    Save the file as UTF-8, or declare its encoding: ``# -*- coding: latin-1 -*-``.
    """

    code = "RL902"
    name = "undecodable-file"
    severity = "warning"  # the file could not be checked at all
