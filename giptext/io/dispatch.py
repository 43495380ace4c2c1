"""Pick the reader for a file by its extension and build the :class:`Report`.

Example::

    >>> r = read_path("corpora/samples/004_962847e4ed31934a.txt")   # doctest: +SKIP
    >>> r.format, r.encoding, r.meta.year                             # doctest: +SKIP
    ('txt', 'utf-8', 2022)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from giptext.errors import ReadError, UnsupportedFormatError
from giptext.report import Meta, Report, normalize_newlines

#: Extensions giptext reads, mapped to the ``Report.format`` they produce.
SUPPORTED = {".txt": "txt", ".text": "txt", ".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf"}
SUPPORTED_LIST = ".txt, .docx, .html/.htm, .pdf"

# Formats people will try, with the reason they are refused and what to do instead.
_KNOWN_UNSUPPORTED = {
    ".doc": "legacy Word binary (.doc) is not supported; save it as .docx or .pdf",
    ".wps": "WPS Office documents (.wps) are not supported; save it as .docx or .pdf",
    ".rtf": "RTF is not supported; save it as .docx or .txt",
    ".odt": "OpenDocument text is not supported; save it as .docx",
    ".xls": "spreadsheets are not supported",
    ".xlsx": "spreadsheets are not supported",
    ".ofd": "OFD documents are not supported; export as .pdf",
    ".caj": "CAJ documents are not supported; export as .pdf",
}


def is_supported(path: str | Path) -> bool:
    """True when giptext has a reader for this file's extension."""
    return Path(path).suffix.lower() in SUPPORTED


def _unsupported(path: Path) -> UnsupportedFormatError:
    ext = path.suffix.lower()
    why = _KNOWN_UNSUPPORTED.get(ext) or (f"'{ext}' files are not supported" if ext else "no file extension, format unknown")
    return UnsupportedFormatError(path, f"{why} (supported formats: {SUPPORTED_LIST})")


def read_path(path: str | Path, id: str | None = None, meta: dict[str, Any] | Meta | None = None) -> Report:
    """Read one report file into a :class:`Report` (``id`` defaults to the file stem).

    ``meta`` values (e.g. from a manifest) override what is read from the text, ``None``
    included: an annotator's "unknown" beats a reading of the text.
    Raises a :class:`~giptext.errors.ReadError` subclass with a one-line message.
    """
    from giptext.meta import extract_meta

    p = Path(path)
    if not p.exists():
        raise ReadError(p, "no such file")
    if p.is_dir():
        raise ReadError(p, "is a folder, not a report file (use Corpus.from_dir for folders)")
    fmt = SUPPORTED.get(p.suffix.lower())
    if fmt is None:
        raise _unsupported(p)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(p, f"cannot read file ({exc.strerror})") from None
    if size == 0:
        raise ReadError(p, "empty file (0 bytes)")

    encoding: str | None = None
    hints: list[str] = []
    try:
        if fmt == "txt":
            from giptext.io.text import read_text_file

            text, encoding = read_text_file(p)
        elif fmt == "docx":
            from giptext.io.docx import read_docx_file

            text = read_docx_file(p)
        elif fmt == "html":
            from giptext.io.html import read_html_file

            text, encoding, title = read_html_file(p)
            if title:
                hints.append(title)
        else:
            from giptext.io.pdf import read_pdf_file

            text = read_pdf_file(p)
    except PermissionError:
        raise ReadError(p, "permission denied") from None
    except OSError as exc:
        raise ReadError(p, f"cannot read file ({exc.strerror or exc})") from None

    text = normalize_newlines(text)
    if not text.strip():
        raise ReadError(p, "no text in file (only white space)")
    found = extract_meta(text, filename=p.name, hints=hints)
    _apply_meta(found, meta)
    return Report(id=id or p.stem, text=text, meta=found, path=str(p), encoding=encoding, format=fmt)


def _apply_meta(found: Meta, meta: dict[str, Any] | Meta | None) -> None:
    """Overlay given metadata on what was read (given values win)."""
    if meta is None:
        return
    if isinstance(meta, Meta):
        items = {**meta.to_dict(), **meta.extra}.items()
    else:
        items = meta.items()
    for k, v in items:
        if k == "extra":
            continue
        if hasattr(found, k):
            setattr(found, k, v)
        else:
            found.extra[k] = v


__all__ = ["SUPPORTED", "SUPPORTED_LIST", "is_supported", "read_path"]
