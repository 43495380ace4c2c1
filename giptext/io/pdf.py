"""PDF reports: the text layer, page by page (pypdf).

A PDF whose pages carry no text (a scan) raises :class:`~giptext.errors.NeedsOCRError`:
giptext does not run OCR, and an empty report would silently vanish from every table.

Example::

    >>> text = read_pdf_file("report.pdf")        # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

from giptext.errors import NeedsOCRError, ReadError


def read_pdf_file(path: str | Path) -> str:
    """Read the text layer of a PDF (pages joined by a newline)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            # many government PDFs are "encrypted" with an empty user password (owner-only locks)
            if not reader.decrypt(""):
                raise ReadError(path, "PDF is password-protected; giptext cannot open it")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReadError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    except DependencyError:  # AES encryption without the cryptography package
        raise ReadError(path, "PDF is AES-encrypted; install the 'cryptography' package to read it") from None
    except NotImplementedError as exc:  # an encryption scheme pypdf cannot open
        raise ReadError(path, f"cannot decrypt this PDF ({exc})") from None
    # Some CID-font encodings come out of pypdf with a NUL before every character;
    # NUL is never report text.
    text = "\n".join(p.strip("\n") for p in pages).replace("\x00", "")
    if not text.strip():
        raise NeedsOCRError(path, f"PDF has no text layer ({len(pages)} page(s), scanned images?); it needs OCR first")
    return text


__all__ = ["read_pdf_file"]
