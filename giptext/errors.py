"""Error types users can catch.

Every error giptext raises on bad input derives from :class:`GiptextError`, and its
message is one line that names the file (where there is one) and the problem, so a
command-line front end can print ``str(err)`` and exit without a traceback.

Example::

    >>> from giptext.errors import GiptextError, UnsupportedFormatError
    >>> try:
    ...     raise UnsupportedFormatError("a.doc", "'.doc' is not supported")
    ... except GiptextError as err:
    ...     print(err)
    a.doc: '.doc' is not supported
"""
from __future__ import annotations

from pathlib import Path

from giptext._escape import escape_name


class GiptextError(Exception):
    """Base class of every error giptext raises on purpose.

    ``path`` is the offending file (or ``None``); ``reason`` is the one-line problem.
    """

    def __init__(self, path: str | Path | None, reason: str):
        # a file name that is not UTF-8 is shown with \xNN escapes, so the message always prints
        self.path = None if path is None else str(escape_name(path))
        self.reason = " ".join(escape_name(str(reason)).split())  # always one line, always printable
        super().__init__(self.reason if self.path is None else f"{self.path}: {self.reason}")


class ReadError(GiptextError):
    """A report file could not be read (missing, unreadable, empty)."""


class UnsupportedFormatError(ReadError):
    """The file type is not one giptext reads (e.g. ``.doc``, ``.wps``)."""


class DecodeError(ReadError):
    """The bytes of a text file could not be decoded as any supported encoding."""


class NeedsOCRError(ReadError):
    """A PDF has no text layer: it is a scan and needs OCR first."""


class MalformedFileError(ReadError):
    """The file claims a format but its content is broken (bad zip, truncated or unsafe XML, a corrupt PDF)."""


class LimitExceededError(ReadError):
    """The file is bigger than a reading limit allows (a zip bomb, a huge page, a deep HTML tree).

    The message names the limit; raise it with :class:`giptext.io.limits.Limits` when the
    file is genuine.
    """


class CorpusError(GiptextError):
    """A corpus folder or annotated corpus is malformed."""


class ModelNotAvailableError(GiptextError):
    """A model is not available locally (giptext never downloads weights)."""


class ConfigError(GiptextError, ValueError):
    """An argument or setting is invalid."""


__all__ = [
    "GiptextError",
    "ReadError",
    "UnsupportedFormatError",
    "DecodeError",
    "NeedsOCRError",
    "MalformedFileError",
    "LimitExceededError",
    "CorpusError",
    "ModelNotAvailableError",
    "ConfigError",
]
