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

_BMP = 0x10000
ZERO = ord("0")

# A pinyin gloss inside a word, as left by some Traditional mirror sites: 進(jìn)一步.
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[\(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[\)）]",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fold, keep, digit) lookup tables over the Basic Multilingual Plane.

    ``fold`` maps a code point to its view form (t2s, half-width, lower case, Kangxi
    radical → ideograph); ``keep`` says whether it belongs in the view (letters, digits,
    ideographs); ``digit`` marks digits (after folding).
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
    digit = np.zeros(_BMP, dtype=bool)
    digit[ord("0") : ord("9") + 1] = True
    return fold, keep, digit


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
    fold, keep_t, digit_t = _tables()
    cp = code_points(text)
    n = cp.shape[0]
    bmp = cp < _BMP
    idx = np.where(bmp, cp, 0)
    codes = np.where(bmp, fold[idx], cp)
    # Outside the BMP only CJK extension ideographs are text worth matching.
    keep = np.where(bmp, keep_t[idx], (cp >= 0x20000) & (cp < 0x40000))
    if "(" in text or "（" in text:
        for m in _PINYIN_GLOSS.finditer(text):
            keep[m.start() : m.end()] = False
    if spans is not None:
        sel = np.zeros(n, dtype=bool)
        for s, e in spans:
            sel[max(0, s) : max(0, min(n, e))] = True
        keep &= sel
    if mask_digits:
        isdig = np.where(bmp, digit_t[np.where(bmp, codes, 0)], False) & keep
        codes = np.where(isdig, ZERO, codes)
        # Collapse a run of digits to its first one, so numbers of any length align.
        prev = np.zeros(n, dtype=bool)
        if n > 1:
            # "previous kept character is a digit" along kept characters only
            kept_pos = np.flatnonzero(keep)
            d = isdig[kept_pos]
            follow = np.zeros(kept_pos.shape[0], dtype=bool)
            follow[1:] = d[1:] & d[:-1]
            prev[kept_pos[follow]] = True
        keep &= ~prev
    pos = np.flatnonzero(keep).astype(np.int32)
    return View(codes=codes[pos].astype(np.uint32), offsets=pos)


@lru_cache(maxsize=1)
def _translate_table() -> list[str | None]:
    """:func:`_tables` as a ``str.translate`` table: one entry per BMP code point (a list,
    not a dict: a missing key costs ``translate`` a raised-and-caught exception)."""
    fold, keep, _digit = _tables()
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
    if "(" in text or "（" in text:
        text = _PINYIN_GLOSS.sub("", text)
    out = text.translate(_translate_table())
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
            return cls(np.zeros(0, np.int32), np.zeros(0, np.int64), 0)
        starts = np.r_[0, np.flatnonzero(np.diff(off) != 1) + 1]
        return cls(starts.astype(np.int32), off[starts], int(off.shape[0]))

    def at(self, i: int) -> int:
        """Source offset of view character ``i``."""
        r = int(np.searchsorted(self.view, i, "right")) - 1
        return int(self.src[r]) + i - int(self.view[r])

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


__all__ = ["View", "OffsetRuns", "build_view", "view_text", "code_points", "merge_spans"]
