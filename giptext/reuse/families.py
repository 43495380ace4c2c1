"""Families of reused text: union-find over aligned passages and overlapping occurrences.

Each side of an aligned passage is an *occurrence* (document, span). Two occurrences
joined by a passage belong together, and so do two occurrences of mostly the same span
in one document (the same paragraph aligned against several partners). The connected
components are the families (a compiled union-find over the links, no Python loop over
pairs). Families are numbered by their earliest
occurrence (documents are numbered earliest first), so ids are deterministic.

Example::

    >>> import numpy as np
    >>> fam = group_occurrences(
    ...     doc=np.array([0, 1, 1, 2, 0, 3]), start=np.array([0, 5, 8, 0, 100, 0]),
    ...     end=np.array([20, 25, 30, 20, 130, 30]), pair=np.array([0, 0, 1, 1, 2, 2]))
    >>> fam.occ_family.tolist(), fam.seg_doc.tolist()
    ([0, 0, 0, 0, 1, 1], [0, 1, 2, 0, 3])
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit


@njit(cache=True)
def _components(m, r, c):
    """Connected components of ``m`` nodes linked by ``r[k]``–``c[k]``: (count, label of each
    node). Union by size with path halving; labels number components by their first node."""
    parent = np.arange(m)
    size = np.ones(m, np.int64)
    for k in range(r.shape[0]):
        x, y = r[k], c[k]
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        while parent[y] != y:
            parent[y] = parent[parent[y]]
            y = parent[y]
        if x == y:
            continue
        if size[x] < size[y]:
            x, y = y, x
        parent[y] = x
        size[x] += size[y]
    label = np.full(m, -1, np.int64)
    comp = np.empty(m, np.int64)
    n = 0
    for v in range(m):
        x = v
        while parent[x] != x:
            x = parent[x]
        if label[x] < 0:
            label[x] = n
            n += 1
        comp[v] = label[x]
    return n, comp


@dataclass
class Grouping:
    """Result of :func:`group_occurrences`.

    ``occ_family``: family of each input occurrence. ``seg_doc``/``seg_start``/``seg_end``/
    ``seg_family``: per family and document, the union span of its occurrences there,
    sorted by family, document, start.
    """

    occ_family: np.ndarray
    seg_doc: np.ndarray
    seg_start: np.ndarray
    seg_end: np.ndarray
    seg_family: np.ndarray
    n_families: int


def group_occurrences(
    doc: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    pair: np.ndarray,
    min_iou: float = 0.5,
    lookahead: int = 16,
) -> Grouping:
    """Group occurrences into families.

    ``doc``/``start``/``end``: one row per occurrence (view coordinates); ``pair``: the
    passage each occurrence belongs to (two occurrences per passage are linked). Two
    occurrences in one document are the same text when their spans overlap by at least
    ``min_iou`` of their union; only the ``lookahead`` next occurrences in start order are
    examined, which keeps the work linear. A long paragraph that merely contains a
    common phrase is *not* merged with that phrase's family (no chaining through
    containment).
    """
    m = doc.shape[0]
    if m == 0:
        e = np.zeros(0, dtype=np.int64)
        return Grouping(e, e, e, e, e, 0)
    doc = doc.astype(np.int64)
    start = start.astype(np.int64)
    end = end.astype(np.int64)
    o = np.lexsort((end, start, doc))
    d, s, e = doc[o], start[o], end[o]
    rows = [o[0:0]]
    cols = [o[0:0]]
    for k in range(1, min(lookahead, m - 1) + 1):
        same = d[k:] == d[:-k]
        inter = np.minimum(e[k:], e[:-k]) - np.maximum(s[k:], s[:-k])
        union = np.maximum(e[k:], e[:-k]) - np.minimum(s[k:], s[:-k])
        ok = same & (inter >= min_iou * union)
        idx = np.flatnonzero(ok)
        rows.append(o[idx])
        cols.append(o[idx + k])
    # Link the two occurrences of each passage.
    po = np.argsort(pair, kind="stable")
    same = pair[po][1:] == pair[po][:-1]
    rows.append(po[:-1][same])
    cols.append(po[1:][same])
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    ncomp, comp = _components(m, r.astype(np.int64), c.astype(np.int64))
    # Number families by their earliest occurrence (document number, then position).
    rank_of_occ = np.empty(m, dtype=np.int64)
    rank_of_occ[o] = np.arange(m)
    first = np.full(ncomp, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, comp, rank_of_occ)
    rank = np.empty(ncomp, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(ncomp)
    fam = rank[comp]
    # One segment per (family, document): the union span of the family's occurrences there.
    so = np.lexsort((start, doc, fam))
    f2, d2 = fam[so], doc[so]
    brk = np.ones(m, dtype=bool)
    brk[1:] = (f2[1:] != f2[:-1]) | (d2[1:] != d2[:-1])
    b = np.flatnonzero(brk)
    return Grouping(
        occ_family=fam,
        seg_doc=d2[b],
        seg_start=np.minimum.reduceat(start[so], b),
        seg_end=np.maximum.reduceat(end[so], b),
        seg_family=f2[b],
        n_families=int(ncomp),
    )


__all__ = ["Grouping", "group_occurrences"]
