"""Seed-and-extend alignment of two normalised views: exact passage spans in both.

Seeds are the n-grams the two views share (joined with one sort, vectorised). Seeds on
the same diagonal at consecutive positions form exact runs; runs that follow each other
within a small gap, on nearly the same diagonal, are chained into one passage, so a
changed name, figure or word does not split a copied paragraph. The passage ends are then
extended over short exact matches shorter than ``n`` that sit beyond a small gap. Each
passage gets a similarity: the normalised Levenshtein similarity of its two view strings.

Example::

    >>> from giptext.reuse.view import build_view
    >>> a = build_view("今年我局认真贯彻落实条例，强化组织领导，完善工作机制。")
    >>> b = build_view("另外，今年我镇认真贯彻落实条例，强化组织领导，健全工作机制。")
    >>> [(p.start_a, p.end_a, p.start_b, p.end_b) for p in align(a, b, min_match=8)]
    [(0, 24, 2, 26)]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein

from giptext.reuse.shingles import ngram_hashes
from giptext.reuse.view import View


@dataclass(frozen=True)
class Alignment:
    """One aligned passage in view coordinates (``end`` exclusive)."""

    start_a: int
    end_a: int
    start_b: int
    end_b: int
    matched: int
    similarity: float


def sorted_hashes(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(order, h[order])``: the sort of an n-gram hash array that :func:`seed_runs` joins on."""
    # The order among equal hashes does not matter (seeds are re-sorted by position), so
    # the fast unstable sort, about 4x quicker than the stable one on uint64.
    order = np.argsort(h)
    return order, h[order]


def _in_ranges(x: np.ndarray, ranges: np.ndarray) -> np.ndarray:
    """Whether each ``x`` lies in one of the half-open ``ranges`` (rows ``lo, hi``): the
    ranges are merged into disjoint ones, then one binary search per value."""
    o = np.argsort(ranges[:, 0], kind="stable")
    lo, hi = ranges[o, 0], np.maximum.accumulate(ranges[o, 1])
    new = np.ones(lo.shape[0], dtype=bool)
    new[1:] = lo[1:] > hi[:-1]
    st = np.flatnonzero(new)
    en = np.r_[st[1:], lo.shape[0]] - 1
    mlo, mhi = lo[st], hi[en]
    if mlo.shape[0] <= 4:  # the usual case: a few comparisons beat a search per value
        keep = (x >= mlo[0]) & (x < mhi[0])
        for a, b in zip(mlo[1:].tolist(), mhi[1:].tolist()):
            keep |= (x >= a) & (x < b)
        return keep
    bounds = np.stack([mlo, mhi], axis=1).ravel()
    return (np.searchsorted(bounds, x, "right") & 1).astype(bool)


def seed_runs(ha: np.ndarray, hb: np.ndarray, n: int, max_repeat: int = 24,
              diag_ranges: np.ndarray | None = None,
              sa: tuple[np.ndarray, np.ndarray] | None = None,
              sb: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Exact runs shared by two n-gram hash arrays: rows ``(i, j, chars)`` sorted by ``i``.

    An n-gram that occurs more than ``max_repeat`` times in ``b`` seeds nothing (very
    frequent phrases would otherwise multiply seeds; chaining bridges the hole).
    ``diag_ranges`` (rows ``lo, hi``) keeps only seeds whose diagonal ``j - i`` lies in one.
    ``sa``/``sb``: :func:`sorted_hashes` of ``ha``/``hb`` when already known.
    """
    if ha.shape[0] == 0 or hb.shape[0] == 0:
        return np.zeros((0, 3), dtype=np.int64)
    order_a, has = sorted_hashes(ha) if sa is None else sa
    order, hbs = sorted_hashes(hb) if sb is None else sb
    # sorted needles into a sorted haystack: a merge, not random probes
    left = np.searchsorted(hbs, has, "left")
    # most n-grams are not shared: find the right end only for those that are
    hit = np.flatnonzero(hbs[np.minimum(left, hbs.shape[0] - 1)] == has)
    cnt = np.zeros(has.shape[0], dtype=np.int64)
    cnt[hit] = np.searchsorted(hbs, has[hit], "right") - left[hit]
    cnt[cnt > max_repeat] = 0
    total = int(cnt.sum())
    if total == 0:
        return np.zeros((0, 3), dtype=np.int64)
    i = np.repeat(order_a.astype(np.int64), cnt)
    base = np.repeat(np.cumsum(cnt) - cnt, cnt)
    j = order[np.repeat(left, cnt) + (np.arange(total) - base)].astype(np.int64)
    diag = j - i
    if diag_ranges is not None and diag_ranges.shape[0]:
        keep = _in_ranges(diag, diag_ranges)
        i, diag = i[keep], diag[keep]
        total = int(i.shape[0])
        if total == 0:
            return np.zeros((0, 3), dtype=np.int64)
    o = np.lexsort((i, diag))
    i, diag = i[o], diag[o]
    brk = np.ones(total, dtype=bool)
    brk[1:] = (diag[1:] != diag[:-1]) | (i[1:] != i[:-1] + 1)
    st = np.flatnonzero(brk)
    length = np.diff(np.append(st, total))
    ri = i[st]
    runs = np.stack([ri, ri + diag[st], length + n - 1], axis=1)
    return runs[np.argsort(runs[:, 0], kind="stable")]


def _near_anchors(runs: np.ndarray, min_run: int, gap: int, drift: int) -> np.ndarray:
    """Keep anchor runs (≥ ``min_run`` characters) and the short runs close enough to one to
    join its chain; most candidate pairs share only frequent short phrases and stop here."""
    if runs.shape[0] == 0:
        return runs
    anchor = runs[:, 2] >= min_run
    if not anchor.any():
        return runs[:0]
    if anchor.all():
        return runs
    an = runs[anchor]
    short = np.flatnonzero(~anchor)
    keep = anchor.copy()
    a_i0, a_i1 = an[:, 0], an[:, 0] + an[:, 2]
    a_d = an[:, 1] - an[:, 0]
    reach = 4 * gap
    step = max(1, 2_000_000 // an.shape[0])
    for c in range(0, short.shape[0], step):
        r = runs[short[c : c + step]]
        ri0, ri1, rd = r[:, 0:1], r[:, 0:1] + r[:, 2:3], r[:, 1:2] - r[:, 0:1]
        near = (np.abs(rd - a_d[None, :]) <= 2 * drift) & (ri0 <= a_i1[None, :] + reach) & (ri1 >= a_i0[None, :] - reach)
        keep[short[c : c + step]] = near.any(axis=1)
    return runs[keep]


def _chain(runs: np.ndarray, gap: int, drift: int) -> list[list[int]]:
    """Greedy chaining of runs (sorted by ``i``) into ``[sa, ea, sb, eb, matched, longest_run]``."""
    chains: list[list[int]] = []
    active: list[int] = []
    for i0, j0, ln in runs.tolist():
        i1, j1 = i0 + ln, j0 + ln
        best, best_m = -1, -1
        still = []
        for c in active:
            ch = chains[c]
            if ch[1] + gap < i0:
                continue  # too far behind: never extendable again
            still.append(c)
            ga, gb = i0 - ch[1], j0 - ch[3]
            if ga > gap or gb > gap or abs(ga - gb) > drift:
                continue
            if i1 <= ch[1] or j1 <= ch[3] or i0 < ch[0] or j0 < ch[2]:
                continue
            if ch[4] > best_m:
                best, best_m = c, ch[4]
        active = still
        if best >= 0:
            ch = chains[best]
            ch[4] += min(i1 - max(i0, ch[1]), j1 - max(j0, ch[3]))
            ch[1], ch[3] = i1, j1
            ch[5] = max(ch[5], ln)
        else:
            chains.append([i0, i1, j0, j1, ln, ln])
            active.append(len(chains) - 1)
    return chains


def _extend_right(a: str, b: str, ea: int, eb: int, gap: int, tail: int) -> tuple[int, int, int]:
    """Extend a passage end over exact matches, hopping holes of at most ``gap`` characters
    on either side when ``tail`` identical characters follow (smallest hole first)."""
    added = 0
    la, lb = len(a), len(b)
    while True:
        while ea < la and eb < lb and a[ea] == b[eb]:
            ea, eb, added = ea + 1, eb + 1, added + 1
        best = None
        for ga in range(gap + 1):
            pa = ea + ga
            if pa + tail > la:
                break
            j = b.find(a[pa : pa + tail], eb, eb + gap + tail)
            if j < 0:
                continue
            gb = j - eb
            cand = (max(ga, gb), abs(ga - gb), ga, gb)
            if best is None or cand < best:
                best = cand
        if best is None:
            return ea, eb, added
        ea, eb = ea + best[2], eb + best[3]


def _extend_left(a: str, b: str, sa: int, sb: int, gap: int, tail: int,
                 ra: str | None = None, rb: str | None = None) -> tuple[int, int, int]:
    """:func:`_extend_right` on the reversed texts. ``ra``/``rb``: ``a[::-1]``/``b[::-1]``
    when known; ``a[:sa][::-1]`` is their suffix from ``len(a) - sa``, so the walk is the same."""
    if ra is None or rb is None:
        ra, rb = a[:sa][::-1], b[:sb][::-1]
        oa = ob = 0
    else:
        oa, ob = len(a) - sa, len(b) - sb
    ea, eb, added = _extend_right(ra, rb, oa, ob, gap, tail)
    return sa - (ea - oa), sb - (eb - ob), added


def align(
    va: View,
    vb: View,
    *,
    n: int = 5,
    min_match: int = 10,
    min_similarity: float = 0.5,
    min_run: int = 8,
    gap: int = 12,
    drift: int = 6,
    edge_gap: int = 3,
    edge_tail: int = 3,
) -> list[Alignment]:
    """Aligned passages shared by views ``va`` and ``vb`` (view coordinates, sorted by ``start_a``).

    The one-pair reference of the compiled kernel (:func:`giptext.reuse.align_batch.align_pairs`),
    and the aligner of :func:`giptext.reuse.diff.diff_reports`. ``n``: seed length;
    ``min_match``: fewest identical characters a passage needs; ``min_similarity``: least
    normalised Levenshtein similarity of the two view strings; ``min_run``: a passage needs one
    exact run at least this long (two frequent short phrases with unrelated text between them
    are not a copy); ``gap``/``drift``: largest hole between chained runs and largest shift
    between their diagonals (edits tolerated); ``edge_gap``/``edge_tail``: the ends are
    extended over a hole of at most ``edge_gap`` followed by ``edge_tail`` identical characters.
    """
    ha = ngram_hashes(va.codes, n)
    hb = ngram_hashes(vb.codes, n)
    runs = _near_anchors(seed_runs(ha, hb, n), min_run, gap, drift)
    if runs.shape[0] == 0:
        return []
    chains = [c for c in _chain(runs, gap, drift) if c[4] + edge_tail + 1 >= min_match and c[5] >= min_run]
    if not chains:
        return []
    ta, tb = va.text, vb.text
    out: list[Alignment] = []
    for sa, ea, sb, eb, m, _longest in chains:
        ea, eb, add_r = _extend_right(ta, tb, ea, eb, edge_gap, edge_tail)
        sa, sb, add_l = _extend_left(ta, tb, sa, sb, edge_gap, edge_tail)
        m += add_r + add_l
        if m < min_match:
            continue
        sim = Levenshtein.normalized_similarity(ta[sa:ea], tb[sb:eb])
        if sim < min_similarity:
            continue
        out.append(Alignment(sa, ea, sb, eb, int(m), float(sim)))
    return _drop_shadowed(out)


def _drop_shadowed(ps: list[Alignment]) -> list[Alignment]:
    """Drop a passage mostly inside a better one on both sides (repeated text aligns twice)."""
    if len(ps) < 2:
        return sorted(ps, key=lambda p: (p.start_a, p.start_b))
    ps = sorted(ps, key=lambda p: (-p.matched, p.start_a, p.start_b))
    kept: list[Alignment] = []
    for p in ps:
        la, lb = p.end_a - p.start_a, p.end_b - p.start_b
        shadowed = False
        for q in kept:
            oa = min(p.end_a, q.end_a) - max(p.start_a, q.start_a)
            ob = min(p.end_b, q.end_b) - max(p.start_b, q.start_b)
            if oa > 0.5 * la and ob > 0.5 * lb:
                shadowed = True
                break
        if not shadowed:
            kept.append(p)
    return sorted(kept, key=lambda p: (p.start_a, p.start_b))


__all__ = ["Alignment", "align", "seed_runs", "sorted_hashes"]
