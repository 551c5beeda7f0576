"""Write the catalog: ``index.html``, ``catalog.md``, ``catalog.json`` and, for a review,
``changes.md`` (the pull-request comment).

Links to the code are relative to the output directory (so the site works from
a checkout) unless a source URL template such as
``https://example.com/repo/blob/main/{path}#L{line}`` is given.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from .html import Linker, render_html
from .json import render_json
from .markdown import render_changes, render_markdown
from .model import Catalog


def make_linker(out: Path, root: Path, source_url: str | None = None) -> Linker:
    """Link targets for ``(path relative to root, line)``; line 0 means the whole file."""
    if source_url is not None:
        template = source_url

        def by_template(path: str, line: int) -> str:
            return template.format(path=quote(path), line=line or 1)

        return by_template
    base = Path(os.path.relpath(root.resolve(), out.resolve())).as_posix()

    def relative(path: str, line: int) -> str:
        target = path if base == "." else f"{base}/{path}"
        return quote(target) + (f"#L{line}" if line else "")

    return relative


def write_catalog(
    catalog: Catalog, out: Path, root: Path, source_url: str | None = None
) -> list[Path]:
    """Write the catalog's files into ``out`` (created if needed); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    linker = make_linker(out, root, source_url)
    documents = {
        "index.html": render_html(catalog, linker),
        "catalog.md": render_markdown(catalog, linker),
        "catalog.json": render_json(catalog),
    }
    if catalog.changes is not None:
        documents["changes.md"] = render_changes(catalog.changes)
    written = []
    for name, text in documents.items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
