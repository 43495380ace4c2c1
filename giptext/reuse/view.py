"""The normalised matching view of a report, with an offset map back to ``Report.text``.

Reuse is found on a folded copy of the text: Simplified script, half-width forms, lower
case, white space and punctuation dropped, pinyin glosses (``進(jìn)``) dropped and, when
``mask_digits`` is on, every run of digits collapsed to one ``0`` so ``2021年``/``2022年``
and ``48条``/``7976条`` align. Dropping characters changes offsets, so the view carries
``offsets``: ``offsets[i]`` is the position in the original text of view character ``i``.
The whole fold is a table lookup over a numpy code-point array (no per-character Python).

Example::

    >>> v = build_view("政府資訊，公開　2021年")
    >>> v.text
    '政府资讯公开0年'
    >>> int(v.offsets[6])          # the '0' stands for '2021' starting at 8
    8
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
from numba import njit

from giptext.textnorm import PINYIN_GLOSS, drop_pinyin_glosses

_BMP = 0x10000


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(fold, keep) lookup tables over the Basic Multilingual Plane.

    ``fold`` maps a code point to its view form (t2s, half-width, lower case, Kangxi
    radical → ideograph); ``keep`` says whether it belongs in the view (letters, digits,
    ideographs).
    """
    from giptext.textnorm import t2s_chars

    t2s = t2s_chars()

    fold = np.arange(_BMP, dtype=np.uint32)
    keep = np.zeros(_BMP, dtype=bool)
    for cp in range(_BMP):
        ch = chr(cp)
        if 0x2E80 <= cp <= 0x2FDF:  # CJK/Kangxi radicals from bad PDF extraction
            n = unicodedata.normalize("NFKC", ch)
            ch = n if len(n) == 1 else ch
        cat = unicodedata.category(ch)
        if cat[0] not in "LN":
            continue
        if 0xFF01 <= cp <= 0xFF5E:  # full-width ASCII
            ch = chr(cp - 0xFEE0)
        elif cat == "No":  # ① ⑴ ² …: fold to the digit where NFKC gives a single one
            n = unicodedata.normalize("NFKC", ch)
            if len(n) == 1:
                ch = n
            elif n.strip("()（）.").isdigit():
                ch = n.strip("()（）.")[-1]
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            ch = t2s.get(ord(ch), ch)
        ch = ch.lower() if len(ch.lower()) == 1 else ch
        fold[cp] = ord(ch)
        keep[cp] = True
    return fold, keep


@dataclass(frozen=True)
class View:
    """A normalised view: ``codes`` (uint32 code points) and ``offsets`` (int32) into the source text."""

    codes: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @property
    def text(self) -> str:
        """The view as a string."""
        return self.codes.astype("<u4").tobytes().decode("utf-32-le")

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source-text span ``(start, end)`` of the view slice ``[start:end]`` (``end`` exclusive)."""
        if end <= start:
            raise ValueError("empty view slice")
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1

    def to_view(self, src_start: int, src_end: int) -> tuple[int, int]:
        """View slice covering the source span ``[src_start:src_end]`` (may be empty)."""
        a = int(np.searchsorted(self.offsets, src_start, "left"))
        b = int(np.searchsorted(self.offsets, src_end, "left"))
        return a, b


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as a uint32 array (one element per Python character)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint32)


# Characters that end a sentence, for the sentence starts of :func:`view_with_sentences`.
SENTENCE_ENDS = "。！？；;!?\n"


@lru_cache(maxsize=1)
def _end_table() -> np.ndarray:
    t = np.zeros(_BMP, dtype=np.bool_)
    t[[ord(c) for c in SENTENCE_ENDS]] = True
    return t


@njit(cache=True, nogil=True)
def _fold_kernel(cp, fold, keep_t, is_end, sel, mask_digits):
    # One pass over the code points: the per-character rules of build_view, so a report's
    # view costs one loop instead of a dozen whole-array numpy passes.
    n = cp.shape[0]
    codes = np.empty(n, np.uint32)
    offs = np.empty(n, np.int32)
    sid = np.empty(n, np.int64)
    use_sel = sel.shape[0] > 0
    ends = 0
    m = 0
    prev_digit = False
    for i in range(n):
        c = cp[i]
        if c < 0x10000 and is_end[c]:
            ends += 1
            continue
        if use_sel and not sel[i]:
            continue
        if c < 0x10000:
            if not keep_t[c]:
                continue
            f = fold[c]
            digit = 48 <= f <= 57
        elif 0x20000 <= c < 0x40000:  # outside the BMP only CJK extension ideographs
            f = c
            digit = False
        else:
            continue
        if mask_digits and digit:
            if prev_digit:  # a run of digits collapses to its first one
                continue
            f = 48
        prev_digit = digit
        codes[m] = f
        offs[m] = i
        sid[m] = ends
        m += 1
    starts = np.empty(max(m, 1), np.int32)
    starts[0] = 0
    k = 1
    for j in range(1, m):
        if sid[j] != sid[j - 1]:
            starts[k] = j
            k += 1
    return codes[:m].copy(), offs[:m].copy(), starts[:k].copy()


def view_with_sentences(
    text: str,
    spans: Iterable[tuple[int, int]] | None = None,
    mask_digits: bool = True,
) -> tuple[View, np.ndarray]:
    """:func:`build_view` and the view positions where sentences begin (int32, from 0).

    A sentence ends at 。！？；;!? or a line end; sentence starts are counted in the whole
    text, so a view of some ``spans`` still knows where each of its sentences begins.

    Example::

        >>> v, starts = view_with_sentences("我局公开信息。加强培训；今年")
        >>> v.text, starts.tolist()
        ('我局公开信息加强培训今年', [0, 6, 10])
    """
    fold, keep_t = _tables()
    cp = code_points(text)
    n = cp.shape[0]
    sel = np.zeros(0, dtype=np.bool_)
    glosses = list(PINYIN_GLOSS.finditer(text)) if "(" in text or "（" in text else []
    if spans is not None or glosses:
        sel = np.zeros(n, dtype=np.bool_) if spans is not None else np.ones(n, dtype=np.bool_)
        for s, e in spans if spans is not None else ():
            sel[max(0, s) : max(0, min(n, e))] = True
        for m in glosses:
            sel[m.start() : m.end()] = False
    codes, offs, starts = _fold_kernel(cp, fold, keep_t, _end_table(), sel, mask_digits)
    return View(codes=codes, offsets=offs), starts


def build_view(
    text: str,
    spans: Iterable[tuple[int, int]] | None = None,
    mask_digits: bool = True,
) -> View:
    """Normalise ``text`` into a :class:`View`, keeping only the source ``spans`` if given.

    Example::

        >>> build_view("一、總體情況\\n今年", spans=[(2, 6)]).text
        '总体情况'
    """
    return view_with_sentences(text, spans, mask_digits)[0]


@lru_cache(maxsize=1)
def _translate_table() -> list[str | None]:
    """:func:`_tables` as a ``str.translate`` table: one entry per BMP code point (a list,
    not a dict: a missing key costs ``translate`` a raised-and-caught exception)."""
    fold, keep = _tables()
    return [chr(c) if k else None for c, k in zip(fold.tolist(), keep.tolist())]


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_DIGIT_RUN = re.compile("[0-9]+")


def view_text(text: str, mask_digits: bool = True) -> str:
    """The normalised string of ``text``: the text of :func:`build_view`.

    Short strings (passages) are folded with ``str.translate``, which is much cheaper than
    the numpy pipeline's fixed cost per call; the result is the same.
    """
    if _ASTRAL.search(text) is not None:  # rare: keep the one exact rule for these
        return build_view(text, mask_digits=mask_digits).text
    out = drop_pinyin_glosses(text).translate(_translate_table())
    return _DIGIT_RUN.sub("0", out) if mask_digits else out


@dataclass(frozen=True)
class OffsetRuns:
    """A view's offsets stored as runs of consecutive source positions.

    A view drops only punctuation, spaces and repeated digits, so its offsets climb by one
    for long stretches: keeping where each stretch starts (``view``) and its source offset
    (``src``) takes about a tenth of the memory of one offset per view character.

    Example::

        >>> v = build_view("一、总体情况。今年")
        >>> r = OffsetRuns.from_offsets(v.offsets)
        >>> [r.at(i) for i in range(len(v))] == v.offsets.tolist()
        True
    """

    view: np.ndarray
    src: np.ndarray
    length: int

    @classmethod
    def from_offsets(cls, offsets: np.ndarray) -> "OffsetRuns":
        """Runs of a full offset array."""
        off = np.asarray(offsets, dtype=np.int64)
        if off.shape[0] == 0:
            return cls(np.zeros(0, np.int32), np.zeros(0, np.int32), 0)
        starts = np.r_[0, np.flatnonzero(np.diff(off) != 1) + 1]
        src = off[starts]
        # four bytes a run, not eight: a corpus holds tens of millions of runs (lookups widen)
        return cls(starts.astype(np.int32), src.astype(np.int32) if int(off[-1]) < 2**31 else src, int(off.shape[0]))

    def at(self, i: int) -> int:
        """Source offset of view character ``i``."""
        r = int(np.searchsorted(self.view, i, "right")) - 1
        return int(self.src[r]) + i - int(self.view[r])

    def at_many(self, i: np.ndarray) -> np.ndarray:
        """:meth:`at` of every view position in ``i`` (int64 array), in one search."""
        i = np.asarray(i, dtype=np.int64)
        r = np.searchsorted(self.view, i, "right") - 1
        return self.src[r] + i - self.view[r]

    def view_index(self, src: Sequence[int] | np.ndarray) -> np.ndarray:
        """For each source offset, the first view character at or after it (``length`` if none):
        ``np.searchsorted(offsets, src)`` without the full offsets."""
        s = np.asarray(src, dtype=np.int64)
        if self.length == 0:
            return np.zeros(s.shape, dtype=np.int64)
        run_len = np.diff(np.r_[self.view, self.length]).astype(np.int64)
        r = np.searchsorted(self.src, s, "right") - 1
        rc = np.clip(r, 0, None)
        inside = (r >= 0) & (s < self.src[rc] + run_len[rc])
        nxt = np.r_[self.view, self.length].astype(np.int64)[r + 1]
        return np.where(inside, self.view[rc] + (s - self.src[rc]), nxt)


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted union of half-open spans."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


__all__ = ["View", "OffsetRuns", "build_view", "view_with_sentences", "view_text", "code_points", "merge_spans",
           "SENTENCE_ENDS"]
