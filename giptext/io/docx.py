"""Word ``.docx`` reports: paragraphs and table cells in body order.

Tables are flattened one cell per line, row by row; a merged cell (python-docx repeats
it once per grid column it spans) is written once. Nested tables are read in place.

Example::

    >>> text = read_docx_file("report.docx")        # doctest: +SKIP
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

from giptext.errors import ReadError


def _table_lines(table) -> Iterator[str]:
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            key = id(cell._tc)
            if key in seen:  # a horizontally merged cell appears once per spanned column
                continue
            seen.add(key)
            yield from _block_lines(cell)


def _block_lines(container) -> Iterator[str]:
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            yield from _table_lines(item)
        else:
            yield item.text


def read_docx_file(path: str | Path) -> str:
    """Read a ``.docx`` report into plain text (one paragraph or table cell per line)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(path, f"not a valid .docx file ({type(exc).__name__}: {exc})") from None
    lines = [line for line in _block_lines(document) if line.strip()]
    return "\n".join(lines)


__all__ = ["read_docx_file"]
