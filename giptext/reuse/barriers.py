"""Section barriers: a passage may not run from one compared section into the next.

The view of a report's narrative sections is the sections' views end to end, so a passage
that ends a section can be extended by the aligner into the first characters of the next
compared section (a masked list number or year matches any other). Its source span then
runs over everything between the two sections — the tables, the other headings — and the
passage is judged on that text. A *barrier* is the view position where a compared section
begins after text the view keeps but does not compare; an aligned passage that crosses one
is cut there and its best-matched piece kept.

Example::

    >>> import numpy as np
    >>> from giptext.reuse.barriers import barriers
    >>> text = "甲乙丙丁。表格内容。戊己庚辛"
    >>> offsets = np.array([0, 1, 2, 3, 10, 11, 12, 13])   # the view of spans (0, 5), (10, 14)
    >>> barriers(text, [(0, 5), (10, 14)], offsets).tolist()
    [4]
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein

from giptext.reuse.view import view_text


def barriers(text: str, spans: Sequence[tuple[int, int]] | None, offsets: np.ndarray) -> np.ndarray:
    """View positions (int32, ascending) where a compared span of ``text`` begins after
    uncompared text that the view would keep. ``offsets``: the view's source offset per
    character; ``spans``: the compared source spans in order (``None``: the whole text)."""
    if not spans or len(spans) < 2:
        return np.zeros(0, dtype=np.int32)
    out = []
    for (_s0, e0), (s1, _e1) in zip(spans[:-1], spans[1:]):
        if s1 > e0 and view_text(text[e0:s1]):
            out.append(int(np.searchsorted(offsets, s1)))
    return np.asarray(sorted(set(out)), dtype=np.int32)


def crossing(found: np.ndarray, pa: np.ndarray, pb: np.ndarray, view_start: np.ndarray,
             flat: np.ndarray) -> np.ndarray:
    """Mask of the rows ``(pair, sa, ea, sb, eb, matched)`` of ``found`` whose ``a`` or ``b``
    span holds a barrier strictly inside it. ``flat``: every document's barriers as global
    view positions (``view_start[doc] + position``), ascending."""
    if found.shape[0] == 0 or flat.shape[0] == 0:
        return np.zeros(found.shape[0], dtype=bool)
    k = found[:, 0]
    out = np.zeros(found.shape[0], dtype=bool)
    for doc, s, e in ((pa[k], found[:, 1], found[:, 2]), (pb[k], found[:, 3], found[:, 4])):
        base = view_start[doc]
        inside = np.searchsorted(flat, base + e, "left") - np.searchsorted(flat, base + s, "right")
        out |= inside > 0
    return out


def cut(ta: str, tb: str, cuts_a: Sequence[int], cuts_b: Sequence[int]) -> tuple[int, int, int, int, int] | None:
    """The best piece of the alignment of ``ta`` with ``tb`` that crosses none of the cut
    positions (relative to each text): ``(sa, ea, sb, eb, matched)`` bounded by identical
    characters, the piece with most of them; ``None`` when no character is identical."""
    pieces: dict[tuple[int, int], list[int]] = {}
    for op in Levenshtein.opcodes(ta, tb):
        if op.tag != "equal":
            continue
        for t in range(op.src_end - op.src_start):
            i, j = op.src_start + t, op.dest_start + t
            key = (bisect_right(cuts_a, i), bisect_right(cuts_b, j))
            p = pieces.get(key)
            if p is None:
                pieces[key] = [i, i + 1, j, j + 1, 1]
            else:
                p[1], p[3], p[4] = i + 1, j + 1, p[4] + 1
    if not pieces:
        return None
    best = max(pieces.values(), key=lambda p: (p[4], -p[0]))
    return best[0], best[1], best[2], best[3], best[4]


__all__ = ["barriers", "crossing", "cut"]
