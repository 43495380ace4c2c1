"""Readers: one module per file format, picked by file type.

``read_report(path)`` decodes a file into a :class:`~giptext.report.Report`;
``parse_report(text)`` wraps a string. The readers: :mod:`~giptext.io.text` (encoding
detection), :mod:`~giptext.io.docx`, :mod:`~giptext.io.html`, :mod:`~giptext.io.pdf`;
:mod:`~giptext.io.dispatch` picks one by extension and refuses other formats with a
one-line :class:`~giptext.errors.UnsupportedFormatError`.

``Report.text`` is the reading text (paragraphs in reading order, tables one row per line with
cells joined by :data:`~giptext.report.CELL_SEP`, page furniture dropped) and
``Report.source_of(offset)`` maps any offset back to the file (PDF page and line, DOCX paragraph
or table cell, HTML element, text line). :class:`~giptext.io.limits.Limits` bounds what a hostile
file may cost (``read_report(path, limits=Limits(...))``); third-party warnings raised while a
file is read land in ``Report.warnings``.

Example::

    >>> r = read_report("corpora/samples/004_962847e4ed31934a.txt")   # doctest: +SKIP
    >>> r.id, r.format, r.encoding, r.meta.agency                      # doctest: +SKIP
    ('004_962847e4ed31934a', 'txt', 'utf-8', '漯河市商务局')
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from giptext.report import Meta, Report, normalize_newlines


def parse_report(text: str, id: str | None = None, meta: dict[str, Any] | Meta | None = None) -> Report:
    """Wrap a string as a :class:`Report` (line endings normalised, metadata read from the text)."""
    from giptext.meta import extract_meta

    text = normalize_newlines(text)
    found = extract_meta(text)
    if isinstance(meta, Meta):
        found = meta
    elif meta:
        for k, v in meta.items():
            if hasattr(found, k) and k != "extra":
                setattr(found, k, v)
            else:
                found.extra[k] = v
    return Report(id=id or "report", text=text, meta=found)


def read_report(path: str | Path, *, limits=None) -> Report:
    """Read one report file (.txt, .docx, .html/.htm, .pdf) into a :class:`Report`.

    ``Report.text`` is the reading text (paragraphs, tables as rows, page furniture gone);
    ``Report.source_of(offset)`` says where any character came from. ``limits`` (a
    :class:`giptext.io.limits.Limits`) bounds what a hostile file may cost.
    """
    from giptext.io.dispatch import read_path

    return read_path(path, limits=limits)


from giptext.io.limits import DEFAULT_LIMITS, Limits  # noqa: E402

__all__ = ["DEFAULT_LIMITS", "Limits", "parse_report", "read_report"]
