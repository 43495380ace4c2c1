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
from functools import lru_cache

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


def seed_runs(ha: np.ndarray, hb: np.ndarray, n: int, max_repeat: int = 24) -> np.ndarray:
    """Exact runs shared by two n-gram hash arrays: rows ``(i, j, chars)`` sorted by ``i``.

    An n-gram that occurs more than ``max_repeat`` times in ``b`` seeds nothing (very
    frequent phrases would otherwise multiply seeds; chaining bridges the hole).
    """
    if ha.shape[0] == 0 or hb.shape[0] == 0:
        return np.zeros((0, 3), dtype=np.int64)
    order = np.argsort(hb, kind="stable")
    hbs = hb[order]
    left = np.searchsorted(hbs, ha, "left")
    right = np.searchsorted(hbs, ha, "right")
    cnt = right - left
    cnt[cnt > max_repeat] = 0
    total = int(cnt.sum())
    if total == 0:
        return np.zeros((0, 3), dtype=np.int64)
    i = np.repeat(np.arange(ha.shape[0], dtype=np.int64), cnt)
    base = np.repeat(np.cumsum(cnt) - cnt, cnt)
    j = order[np.repeat(left, cnt) + (np.arange(total) - base)].astype(np.int64)
    diag = j - i
    o = np.lexsort((i, diag))
    i, diag = i[o], diag[o]
    brk = np.ones(total, dtype=bool)
    brk[1:] = (diag[1:] != diag[:-1]) | (i[1:] != i[:-1] + 1)
    st = np.flatnonzero(brk)
    length = np.diff(np.append(st, total))
    ri = i[st]
    runs = np.stack([ri, ri + diag[st], length + n - 1], axis=1)
    return runs[np.argsort(runs[:, 0], kind="stable")]


def _chain(runs: np.ndarray, gap: int, drift: int) -> list[list[int]]:
    """Greedy chaining of runs (sorted by ``i``) into ``[sa, ea, sb, eb, matched]``."""
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
        else:
            chains.append([i0, i1, j0, j1, ln])
            active.append(len(chains) - 1)
    return chains


@lru_cache(maxsize=8)
def _gap_steps(gap: int) -> tuple[tuple[int, int], ...]:
    """Holes ``(ga, gb)`` to try at a passage end, smallest first (substitutions before indels)."""
    steps = [(ga, gb) for ga in range(gap + 1) for gb in range(gap + 1) if ga + gb > 0]
    return tuple(sorted(steps, key=lambda t: (max(t), abs(t[0] - t[1]), t)))


def _extend_right(a: str, b: str, ea: int, eb: int, gap: int, tail: int) -> tuple[int, int, int]:
    added = 0
    la, lb = len(a), len(b)
    while True:
        while ea < la and eb < lb and a[ea] == b[eb]:
            ea, eb, added = ea + 1, eb + 1, added + 1
        found = None
        for ga, gb in _gap_steps(gap):
            pa, pb = ea + ga, eb + gb
            if pa + tail <= la and pb + tail <= lb and a[pa : pa + tail] == b[pb : pb + tail]:
                found = (pa, pb)
                break
        if not found:
            return ea, eb, added
        ea, eb = found


def _extend_left(a: str, b: str, sa: int, sb: int, gap: int, tail: int) -> tuple[int, int, int]:
    ra, rb = a[:sa][::-1], b[:sb][::-1]
    ea, eb, added = _extend_right(ra, rb, 0, 0, gap, tail)
    return sa - ea, sb - eb, added


def align(
    va: View,
    vb: View,
    n: int = 5,
    min_match: int = 10,
    gap: int = 12,
    drift: int = 6,
    edge_gap: int = 3,
    edge_tail: int = 3,
    min_similarity: float = 0.5,
    ha: np.ndarray | None = None,
    hb: np.ndarray | None = None,
    ta: str | None = None,
    tb: str | None = None,
) -> list[Alignment]:
    """Aligned passages shared by views ``va`` and ``vb`` (view coordinates, sorted by ``start_a``).

    ``n``: seed length; ``min_match``: fewest identical characters a passage needs;
    ``gap``/``drift``: largest hole between chained runs and largest shift between their
    diagonals (edits tolerated); ``edge_gap``/``edge_tail``: edge extension over a hole of
    at most ``edge_gap`` followed by ``edge_tail`` identical characters. Precomputed n-gram
    hashes (``ha``/``hb``) and view strings (``ta``/``tb``) may be passed to save work.
    """
    ha = ngram_hashes(va.codes, n) if ha is None else ha
    hb = ngram_hashes(vb.codes, n) if hb is None else hb
    runs = seed_runs(ha, hb, n)
    if runs.shape[0] == 0:
        return []
    chains = [c for c in _chain(runs, gap, drift) if c[4] + edge_tail + 1 >= min_match]
    if not chains:
        return []
    ta = va.text if ta is None else ta
    tb = vb.text if tb is None else tb
    out: list[Alignment] = []
    for sa, ea, sb, eb, m in chains:
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


__all__ = ["Alignment", "align", "seed_runs"]
