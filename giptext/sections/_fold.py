"""A fast, length-preserving fold for whole section bodies.

:func:`giptext.textnorm.fold` runs OpenCC's converter, which is right for short strings
but costs ~1 ms per report body. Keyword matching only needs the per-character mapping,
so this module builds one ``str.translate`` table (OpenCC's TSCharacters, full-width →
half-width forms, Kangxi radicals → ideographs) once and folds any text in microseconds.
Offsets are preserved: every character maps to exactly one character.

Example::

    >>> fast_fold("存在的主要問題，")
    '存在的主要问题,'
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from giptext.textnorm import fold, t2s_chars


@lru_cache(maxsize=1)
def _table() -> dict[int, str] | None:
    try:
        table = dict(t2s_chars())
    except ImportError:  # pragma: no cover - a dependency
        return None
    for o in range(0xFF01, 0xFF5F):
        table[o] = chr(o - 0xFEE0)
    table[0x3000] = " "
    for o in list(range(0x2F00, 0x2FE0)) + list(range(0x2E80, 0x2F00)):
        n = unicodedata.normalize("NFKC", chr(o))
        if len(n) == 1 and n != chr(o):
            table[o] = table.get(ord(n), n)
    return table


@lru_cache(maxsize=1)
def _script_chars() -> frozenset[str]:
    table = _table() or {}
    return frozenset(chr(o) for o in table if o > 0x2000 and not 0xFF01 <= o <= 0xFF5E and o != 0x3000)


def view(text: str) -> str:
    """``text`` itself when it holds no Traditional character or Kangxi radical, else :func:`fast_fold`.

    Callers' patterns accept full- and half-width punctuation both, so only the script
    needs folding; most reports are Simplified and skip the copy.
    """
    # A set intersection is far cheaper than a regex with a 4,000-character class.
    if _script_chars().isdisjoint(text):
        return text
    return fast_fold(text)


@lru_cache(maxsize=1)
def _bmp_table() -> list[int | str] | None:
    """:func:`_table` as a list indexed by code point, up to its last key below U+10000.

    ``str.translate`` looks a list up about twice as fast as a dict (no hashing); a code
    point past the list's end raises IndexError, which translate reads as "unchanged".
    """
    table = _table()
    if table is None:  # pragma: no cover
        return None
    out: list[int | str] = list(range(max(o for o in table if o < 0x10000) + 1))
    for o, c in table.items():
        if o < 0x10000:
            out[o] = c
    return out


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fast_fold(text: str) -> str:
    """Simplified script + half-width forms, one character for one (same length as ``text``)."""
    table = _table()
    if table is None:  # pragma: no cover
        return fold(text)
    if _ASTRAL.search(text):
        return text.translate(table)  # (the list stops at U+FFFF; the table maps some CJK extension characters)
    return text.translate(_bmp_table())


__all__ = ["fast_fold", "view"]
