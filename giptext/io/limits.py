"""Reading limits: how big a file may be before giptext refuses it.

Files are untrusted. A 3 MB ``.docx`` can hold a ``word/document.xml`` that expands to
gigabytes, a web page can nest elements thousands deep, a PDF can claim a million pages.
Every reader checks the :class:`Limits` it is given and raises a one-line
:class:`~giptext.errors.LimitExceededError` naming the file, the limit and its setting,
before the memory is spent. The defaults are far above any real annual report (the
longest are a few hundred thousand characters); a user with a genuine bigger file raises
the one setting named in the message::

    >>> from giptext.io.limits import Limits
    >>> big = Limits(max_chars=50_000_000)
    >>> big.max_chars, big.max_html_depth
    (50000000, 2000)
    >>> # read_report("huge.docx", limits=big)

``DEFAULT_LIMITS`` is used when no ``limits=`` is passed.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from giptext.errors import ConfigError, LimitExceededError

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds a reader enforces (all positive integers; see the module docstring).

    - ``max_file_bytes``: size of the file on disk.
    - ``max_chars``: characters of reading text per report.
    - ``max_docx_part_bytes``: decompressed size of one XML part of a ``.docx``
      (``word/document.xml``, ``numbering.xml``, ``styles.xml``), checked from the zip
      directory and again while decompressing (a directory can lie).
    - ``max_html_depth``: element nesting depth of a web page (the HTML parser itself
      stops at 2,048, so higher values change nothing).
    - ``max_pdf_pages``: pages of a PDF.
    """

    max_file_bytes: int = 512 * _MB
    max_chars: int = 10_000_000
    max_docx_part_bytes: int = 64 * _MB
    max_html_depth: int = 2_000
    max_pdf_pages: int = 5_000

    def __post_init__(self):
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
                raise ConfigError(None, f"Limits.{f.name} must be a positive integer, got {v!r}")

    def replace(self, **changes) -> "Limits":
        """A copy with some limits changed (``DEFAULT_LIMITS.replace(max_chars=...)``)."""
        return replace(self, **changes)

    def check(self, path, name: str, value: int, what: str) -> None:
        """Raise :class:`LimitExceededError` for ``path`` when ``value`` exceeds limit ``name``."""
        limit = getattr(self, name)
        if value > limit:
            raise LimitExceededError(
                path, f"{what} is {value:,}, over the reading limit {name}={limit:,}; "
                      f"if the file is genuine, pass limits=Limits({name}=...) to read it")


#: The limits used when a caller passes none.
DEFAULT_LIMITS = Limits()

__all__ = ["Limits", "DEFAULT_LIMITS"]
