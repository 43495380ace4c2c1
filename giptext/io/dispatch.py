"""Pick the reader for a file by its extension and build the :class:`Report`.

Example::

    >>> r = read_path("corpora/samples/004_962847e4ed31934a.txt")   # doctest: +SKIP
    >>> r.format, r.encoding, r.meta.year                             # doctest: +SKIP
    ('txt', 'utf-8', 2022)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from giptext.errors import (ConfigError, GiptextError, LimitExceededError, MalformedFileError, ReadError,
                            UnsupportedFormatError)
from giptext.io._build import ReadResult
from giptext.io.limits import DEFAULT_LIMITS, Limits
from giptext.report import Meta, Report, SourceMap, normalize_newlines

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


def read_path(path: str | Path, id: str | None = None, meta: dict[str, Any] | Meta | None = None,
              limits: Limits | None = None) -> Report:
    """Read one report file into a :class:`Report` (``id`` defaults to the file stem).

    ``meta`` values (e.g. from a manifest) override what is read from the text, ``None``
    included: an annotator's "unknown" beats a reading of the text. ``limits`` bounds what
    a file may cost (:class:`~giptext.io.limits.Limits`; ``DEFAULT_LIMITS`` when omitted).
    Warnings a third-party parser raises while reading land in ``Report.warnings``, not on
    stderr. Raises a :class:`~giptext.errors.ReadError` subclass with a one-line message.
    """
    from giptext.meta import extract_meta

    limits = DEFAULT_LIMITS if limits is None else limits
    if not isinstance(limits, Limits):
        raise ConfigError(None, f"limits must be a giptext.io.limits.Limits, got {type(limits).__name__}")
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
    limits.check(p, "max_file_bytes", size, "the file size in bytes")

    with _captured_warnings() as caught:
        res = _read(p, fmt, limits)
    text = normalize_newlines(res.text)
    if len(text) != len(res.text) and fmt != "txt":
        res.source_map = None  # readers never emit \r; should one, offsets by line still hold
    if not text.strip():
        raise ReadError(p, "no text in file (only white space)")
    limits.check(p, "max_chars", len(text), "the reading text length in characters")
    hints = [res.title] if res.title else []
    found = extract_meta(text, filename=p.name, hints=hints)
    _apply_meta(found, meta)
    return Report(id=id or p.stem, text=text, meta=found, path=str(p), encoding=res.encoding, format=fmt,
                  source_map=res.source_map, warnings=res.warnings + caught)


def _read(p: Path, fmt: str, limits: Limits) -> ReadResult:
    """Run the reader for ``fmt``; every failure becomes a one-line ReadError naming ``p``."""
    try:
        if fmt == "txt":
            from giptext.io.text import read_text_file

            limits.check(p, "max_chars", p.stat().st_size // 4,
                         "the least number of characters the file holds (4 bytes each)")
            text, encoding = read_text_file(p)
            return ReadResult(text, SourceMap("txt"), encoding=encoding)
        if fmt == "docx":
            from giptext.io.docx import read_docx

            return read_docx(p, limits)
        if fmt == "html":
            from giptext.io.html import read_html

            return read_html(p, limits)
        from giptext.io.pdf import read_pdf

        return read_pdf(p, limits)
    except GiptextError:
        raise
    except PermissionError:
        raise ReadError(p, "permission denied") from None
    except OSError as exc:
        raise ReadError(p, f"cannot read file ({exc.strerror or exc})") from None
    except MemoryError:
        raise LimitExceededError(p, "ran out of memory reading this file; lower the reading limits or "
                                    "free memory") from None
    except RecursionError:
        raise MalformedFileError(p, f"not a readable {fmt} file (structure nested too deeply)") from None
    except Exception as exc:  # a parser's own error on a malformed file: one line, never a traceback
        raise MalformedFileError(p, f"not a readable {fmt} file ({type(exc).__name__}: {exc})") from None


class _captured_warnings:
    """Collect Python warnings and parser log records raised while one file is read."""

    _LOGGERS = ("pypdf", "pypdfium2", "PIL", "bs4", "charset_normalizer")

    def __enter__(self) -> list[str]:
        import logging
        import warnings

        self.caught: list[str] = []
        self._cm = warnings.catch_warnings(record=True)
        self._w = self._cm.__enter__()
        warnings.simplefilter("always")
        caught = self.caught

        class _H(logging.Handler):
            def emit(self, record):
                if record.levelno >= logging.WARNING:
                    caught.append(f"{record.name}: {' '.join(record.getMessage().split())}")

        self._h = _H()
        self._saved = []
        for name in self._LOGGERS:
            lg = logging.getLogger(name)
            self._saved.append((lg, lg.propagate))
            lg.addHandler(self._h)
            lg.propagate = False
        return self.caught

    def __exit__(self, *exc) -> bool:
        for lg, prop in self._saved:
            lg.removeHandler(self._h)
            lg.propagate = prop
        for w in self._w:
            self.caught.append(f"{w.category.__name__}: {' '.join(str(w.message).split())}")
        self._cm.__exit__(*exc)
        return False


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
