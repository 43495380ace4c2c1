"""One rule for names that are not valid UTF-8: the bytes are shown as ``\\xNN``.

On Linux a file name is bytes. Python carries bytes that are not UTF-8 as lone surrogates
(``b"\\xff"`` becomes ``"\\udcff"``, PEP 383), and such a string cannot be written as UTF-8:
JSON, CSV, Parquet (pyarrow) and HTML writers fail on it. giptext therefore turns every path
and id it keeps (``Report.path``, ``Report.id``, meta strings, skipped-file lists, error
messages) into text with :func:`escape_name` as soon as it has it, so everything downstream
holds ordinary text.

The escape is visible and documented, not reversible: byte ``0xFF`` shows as the four
characters ``\\xff``; any other lone surrogate shows as ``\\udXXX``. A name that is valid
UTF-8 is returned unchanged (so a file literally named ``\\xff.txt`` and one whose name is
the byte ``0xFF`` display alike; giptext's ids stay unique anyway, see ``Corpus``).

Example::

    >>> escape_name("报告\\udcff\\udcfe.txt")
    '报告\\\\xff\\\\xfe.txt'
    >>> escape_name(b"a\\xff.txt")
    'a\\\\xff.txt'
    >>> escape_name("年度报告.docx")
    '年度报告.docx'
"""
from __future__ import annotations

import os
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def _one(m: re.Match) -> str:
    cp = ord(m.group())
    # U+DC80..U+DCFF are the bytes 0x80..0xFF that were not UTF-8 (surrogateescape)
    return f"\\x{cp - 0xDC00:02x}" if 0xDC80 <= cp <= 0xDCFF else f"\\u{cp:04x}"


def escape_name(name: Any) -> Any:
    """A path or id as text that always encodes as UTF-8 (undecodable bytes → ``\\xNN``).

    ``name`` may be ``str``, ``bytes`` or a path object; ``None`` is returned as is, and
    other values unchanged.
    """
    if name is None:
        return None
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    elif isinstance(name, os.PathLike):
        name = os.fspath(name)
        if isinstance(name, bytes):
            name = os.fsdecode(name)
    if not isinstance(name, str):
        return name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return _SURROGATE.sub(_one, name)


__all__ = ["escape_name"]
