"""Seed-and-extend alignment of many candidate pairs in one compiled pass (numba).

:func:`giptext.reuse.align.align` is the readable reference for one pair; this module runs
the same steps for every candidate pair of a corpus inside one compiled loop, so the cost
per pair is microseconds instead of dozens of numpy calls. One difference, for speed:
seeds are looked for only where the LSH stage saw collisions: in each qualifying diagonal
band (± ``margin`` diagonals) and, when the band's positions in document ``a`` are known,
within ``margin`` characters of them. The edge extension still walks the whole texts, so a
passage is never cut at a region edge. As in the reference, an n-gram seeds nothing when it
occurs more than ``max_repeat`` times in ``b``. Each ``b``'s n-grams are looked up in a
bucketed hash table behind a bitmap (:func:`_hash_tables`): most positions of ``a`` are
not in ``b`` at all, and one bit says so.

What it returns are the chained, extended passages that pass the length and sentence
tests; the caller measures their similarity (rapidfuzz) and drops shadowed ones, as
:func:`~giptext.reuse.align.align` does.

Example::

    >>> import numpy as np
    >>> from giptext.reuse.view import build_view
    >>> a = build_view("今年我局认真贯彻落实条例，强化组织领导，完善工作机制。")
    >>> b = build_view("另外，今年我镇认真贯彻落实条例，强化组织领导，健全工作机制。")
    >>> views = Views.from_codes([a.codes, b.codes])
    >>> out = align_pairs(views, np.array([0]), np.array([1]), min_match=8)
    >>> out[:, 1:5].tolist()
    [[0, 24, 2, 26]]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

_MUL = np.uint64(0x100000001B3)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)


@dataclass(frozen=True)
class Views:
    """Every document's view codes in one array, plus where each sentence starts.

    ``codes[start[k]:start[k+1]]`` are document ``k``'s codes; ``sent[sent_start[k]:sent_start[k+1]]``
    the view positions where its sentences begin (ascending, the first is 0).
    """

    codes: np.ndarray
    start: np.ndarray
    sent: np.ndarray
    sent_start: np.ndarray

    @classmethod
    def from_codes(cls, codes: list[np.ndarray], sentences: list[np.ndarray] | None = None) -> "Views":
        """Pack per-document code arrays (and sentence starts; default: one sentence each)."""
        lens = np.fromiter((c.shape[0] for c in codes), dtype=np.int64, count=len(codes))
        start = np.zeros(len(codes) + 1, dtype=np.int64)
        np.cumsum(lens, out=start[1:])
        top = max((int(c.max()) for c in codes if c.shape[0]), default=0)
        # Two bytes a character when every code fits: most Chinese text does.
        dtype = np.uint16 if top < 0x10000 else np.uint32
        packed = np.concatenate(codes).astype(dtype) if codes else np.zeros(0, dtype=dtype)
        return cls(packed, start, *_pack_sentences(sentences, len(codes)))

    def text(self, k: int, s: int = 0, e: int | None = None) -> str:
        """Document ``k``'s view (or its slice ``[s:e]``) as a string."""
        lo, hi = int(self.start[k]), int(self.start[k + 1])
        seg = self.codes[lo + s : hi if e is None else lo + e]
        return seg.tobytes().decode("utf-16-le" if seg.dtype == np.uint16 else "utf-32-le")

    def release(self) -> None:
        """Let the codes' memory go once no more text is read (``start`` stays: the lengths)."""
        object.__setattr__(self, "codes", self.codes[:0].copy())  # frozen against edits; this is the one


class ViewsBuilder:
    """Collects views one document at a time into one growing buffer (two bytes a character
    until a character beyond the BMP turns up, then four), so a corpus's views are never
    held twice."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._wide = False
        self._lens: list[int] = []
        self._sents: list[np.ndarray] = []

    def add(self, text: str, sentences: np.ndarray | None = None) -> None:
        """Append one document's view string (and its sentence starts; default: one sentence)."""
        if not self._wide:
            b = text.encode("utf-16-le")
            if len(b) == 2 * len(text):
                self._buf += b
            else:
                wide = np.frombuffer(bytes(self._buf), dtype=np.uint16).astype(np.uint32)
                self._buf = bytearray(wide.tobytes())
                self._wide = True
        if self._wide:
            self._buf += text.encode("utf-32-le")
        self._lens.append(len(text))
        self._sents.append(np.zeros(1, dtype=np.int32) if sentences is None else sentences)

    def build(self) -> "Views":
        """The packed :class:`Views` (the builder is emptied)."""
        dtype = np.uint32 if self._wide else np.uint16
        codes = np.frombuffer(self._buf, dtype=dtype) if self._buf else np.zeros(0, dtype=dtype)
        start = np.zeros(len(self._lens) + 1, dtype=np.int64)
        np.cumsum(self._lens, out=start[1:])
        sent, sstart = _pack_sentences(self._sents, len(self._lens))
        self._buf, self._lens, self._sents = bytearray(), [], []
        return Views(codes, start, sent, sstart)


def _pack_sentences(sentences: list[np.ndarray] | None, ndocs: int) -> tuple[np.ndarray, np.ndarray]:
    if sentences is None:  # one sentence a document
        sentences = [np.zeros(1, dtype=np.int32) for _ in range(ndocs)]
    slens = np.fromiter((s.shape[0] for s in sentences), dtype=np.int64, count=len(sentences))
    sstart = np.zeros(len(sentences) + 1, dtype=np.int64)
    np.cumsum(slens, out=sstart[1:])
    sent = np.concatenate(sentences).astype(np.int32) if sentences else np.zeros(0, dtype=np.int32)
    return sent, sstart


# ----------------------------------------------------------------------------------------------
# compiled parts
# ----------------------------------------------------------------------------------------------
@njit(cache=True, inline="always")
def _mix(x):
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


@njit(cache=True, inline="always")
def _hash(codes, p, n):
    # the same value as giptext.reuse.shingles.ngram_hashes at position p
    h = np.uint64(codes[p])
    for k in range(1, n):
        h = h * _MUL + np.uint64(codes[p + k])
    return _mix(h)


@njit(cache=True)
def _merge(lo, hi):
    """Sorted disjoint union of half-open ranges."""
    o = np.argsort(lo, kind="mergesort")
    out_lo = np.empty(lo.shape[0], np.int64)
    out_hi = np.empty(lo.shape[0], np.int64)
    m = 0
    for k in range(o.shape[0]):
        a, b = lo[o[k]], hi[o[k]]
        if m > 0 and a <= out_hi[m - 1]:
            if b > out_hi[m - 1]:
                out_hi[m - 1] = b
        else:
            out_lo[m] = a
            out_hi[m] = b
            m += 1
    return out_lo[:m], out_hi[:m]


@njit(cache=True)
def _in(x, lo, hi):
    for k in range(lo.shape[0]):
        if lo[k] <= x < hi[k]:
            return True
    return False


@njit(cache=True)
def _cover(sent, s0, s1, length, s, e):
    """Share of the sentences touched by view slice ``[s:e]`` that the slice covers."""
    starts = sent[s0:s1]
    k0 = np.searchsorted(starts, s, "right") - 1
    k1 = np.searchsorted(starts, e - 1, "right") - 1
    first = starts[k0]
    last = starts[k1 + 1] if k1 + 1 < starts.shape[0] else length
    total = last - first
    return (e - s) / total if total > 0 else 0.0


@njit(cache=True)
def _short_ok(sent, sa0, sa1, la, sb0, sb1, lb, sa, ea, sb, eb):
    ca = _cover(sent, sa0, sa1, la, sa, ea)
    cb = _cover(sent, sb0, sb1, lb, sb, eb)
    return max(ca, cb) >= 0.6 and min(ca, cb) >= 0.3


@njit(cache=True, inline="always")
def _same(codes, x, y, tail):
    for t in range(tail):
        if codes[x + t] != codes[y + t]:
            return False
    return True


@njit(cache=True)
def _extend(codes, a0, la, b0, lb, ea, eb, gap, tail, fwd):
    """Move a passage edge (``fwd``: the end, else the start) over exact matches, hopping
    holes of at most ``gap`` characters on either side when ``tail`` identical characters
    follow (smallest hole first); returns the new edge and the characters matched on the way."""
    added = 0
    while True:
        if fwd:
            while ea < la and eb < lb and codes[a0 + ea] == codes[b0 + eb]:
                ea += 1
                eb += 1
                added += 1
        else:
            while ea > 0 and eb > 0 and codes[a0 + ea - 1] == codes[b0 + eb - 1]:
                ea -= 1
                eb -= 1
                added += 1
        best0, best1, bga, bgb = -1, -1, 0, 0
        for ga in range(gap + 1):
            wa = ea + ga if fwd else ea - ga - tail  # where the tail would sit in a
            if wa < 0 or wa + tail > la:
                break
            gb = -1
            for g in range(gap + 1):
                wb = eb + g if fwd else eb - g - tail
                if wb < 0 or wb + tail > lb:
                    break
                if _same(codes, a0 + wa, b0 + wb, tail):
                    gb = g
                    break
            if gb < 0:
                continue
            k0, k1 = max(ga, gb), abs(ga - gb)
            if best0 < 0 or (k0, k1, ga, gb) < (best0, best1, bga, bgb):
                best0, best1, bga, bgb = k0, k1, ga, gb
        if best0 < 0:
            return ea, eb, added
        if fwd:
            ea += bga
            eb += bgb
        else:
            ea -= bga
            eb -= bgb


@njit(cache=True, nogil=True)
def _hash_tables(codes, start, docs, n):
    """A lookup table of the n-gram hashes of each listed document: ``(hashes, positions,
    entry_offsets, bucket_starts, bucket_offsets, filter, filter_offsets)``. Document
    ``docs[k]``'s entries are grouped by bucket (the hash's low bits; at least one bucket per
    n-gram), bucket ``u`` at ``bucket_starts[bucket_offsets[k] + u] .. [… + u + 1]`` (relative
    to ``entry_offsets[k]``), positions ascending inside a bucket. ``filter``: one bit set
    per hash in a per-document bitmap of at least sixteen bits per n-gram (64-bit words at
    ``filter_offsets[k]:filter_offsets[k+1]``), which answers most misses."""
    nd = docs.shape[0]
    off = np.zeros(nd + 1, np.int64)
    boff = np.zeros(nd + 1, np.int64)
    foff = np.zeros(nd + 1, np.int64)
    for k in range(nd):
        d = docs[k]
        m = max(0, start[d + 1] - start[d] - n + 1)
        off[k + 1] = off[k] + m
        nb = 1
        while nb < m:
            nb *= 2
        boff[k + 1] = boff[k] + nb + 1
        words = 1
        while words * 64 < 16 * m:
            words *= 2
        foff[k + 1] = foff[k] + words
    hs = np.empty(off[-1], np.uint64)
    ho = np.empty(off[-1], np.int32)
    bstart = np.zeros(boff[-1], np.int32)
    bits = np.zeros(foff[-1], np.uint64)
    for k in range(nd):
        d = docs[k]
        m = off[k + 1] - off[k]
        if m == 0:
            continue
        nb = boff[k + 1] - boff[k] - 1
        bmask = np.uint64(nb - 1)
        fmask = np.uint64((foff[k + 1] - foff[k]) * 64 - 1)
        h = np.empty(m, np.uint64)
        b0 = boff[k]
        for p in range(m):
            h[p] = _hash(codes, start[d] + p, n)
            f = h[p] & fmask
            bits[foff[k] + np.int64(f >> np.uint64(6))] |= np.uint64(1) << (f & np.uint64(63))
            bstart[b0 + np.int64(h[p] & bmask) + 1] += 1
        for u in range(nb):
            bstart[b0 + u + 1] += bstart[b0 + u]
        fill = bstart[b0 : b0 + nb].copy()
        for p in range(m):
            u = np.int64(h[p] & bmask)
            q = off[k] + fill[u]
            hs[q] = h[p]
            ho[q] = p
            fill[u] += 1
    return hs, ho, off, bstart, boff, bits, foff


@njit(cache=True)
def _seed_runs(codes, a0, la, lb, n, max_repeat, dlo, dhi, ilo, ihi, hbs, order, bstart, bits):
    """Exact runs ``(i, j, chars)`` sorted by ``i`` (then diagonal); seeds restricted to the
    merged diagonal ranges ``dlo/dhi`` and ``a`` positions ``ilo/ihi``. ``hbs``/``order``/
    ``bstart``/``bits``: ``b``'s n-gram hash table (see :func:`_hash_tables`)."""
    ma = la - n + 1
    empty = np.zeros((0, 3), np.int64)
    if ma <= 0 or hbs.shape[0] == 0 or dlo.shape[0] == 0 or ilo.shape[0] == 0:
        return empty
    mask = np.uint64(bits.shape[0] * 64 - 1)
    bmask = np.uint64(bstart.shape[0] - 2)
    cap = 1024
    si = np.empty(cap, np.int64)
    sd = np.empty(cap, np.int64)
    ns = 0
    for r in range(ilo.shape[0]):
        for i in range(max(0, ilo[r]), min(ma, ihi[r])):
            h = _hash(codes, a0 + i, n)
            b = h & mask
            if not (bits[np.int64(b >> np.uint64(6))] >> (b & np.uint64(63))) & np.uint64(1):
                continue  # most positions: not in b at all, told by one bit
            u = np.int64(h & bmask)
            left, right = bstart[u], bstart[u + 1]
            same = 0
            for q in range(left, right):
                same += hbs[q] == h
            if same == 0 or same > max_repeat:
                continue
            for q in range(left, right):
                if hbs[q] != h:
                    continue
                d = np.int64(order[q]) - i
                if not _in(d, dlo, dhi):
                    continue
                if ns == cap:
                    cap *= 2
                    si2 = np.empty(cap, np.int64)
                    sd2 = np.empty(cap, np.int64)
                    si2[:ns] = si[:ns]
                    sd2[:ns] = sd[:ns]
                    si, sd = si2, sd2
                si[ns] = i
                sd[ns] = d
                ns += 1
    if ns == 0:
        return empty
    si, sd = si[:ns], sd[:ns]
    # group seeds by diagonal, consecutive positions form a run
    span = np.int64(2 * (la + lb) + 4)
    key = (sd + lb + 1) * span + si
    o = np.argsort(key)
    runs = np.empty((ns, 3), np.int64)
    nr = 0
    for k in range(ns):
        i, d = si[o[k]], sd[o[k]]
        if nr > 0 and runs[nr - 1, 1] - runs[nr - 1, 0] == d and runs[nr - 1, 0] + runs[nr - 1, 2] - n + 1 == i:
            runs[nr - 1, 2] += 1
        else:
            runs[nr, 0] = i
            runs[nr, 1] = i + d
            runs[nr, 2] = n
            nr += 1
    runs = runs[:nr]
    o2 = np.argsort(runs[:, 0] * span + (runs[:, 1] - runs[:, 0] + lb + 1))
    return runs[o2]


@njit(cache=True)
def _near_anchors(runs, min_run, gap, drift):
    nr = runs.shape[0]
    keep = np.zeros(nr, np.bool_)
    na = 0
    for k in range(nr):
        if runs[k, 2] >= min_run:
            keep[k] = True
            na += 1
    if na == 0:
        return runs[:0]
    if na == nr:
        return runs
    reach = 4 * gap
    for k in range(nr):
        if runs[k, 2] >= min_run:
            continue
        ri0, ri1, rd = runs[k, 0], runs[k, 0] + runs[k, 2], runs[k, 1] - runs[k, 0]
        for q in range(nr):
            if runs[q, 2] < min_run:
                continue
            ai0, ai1, ad = runs[q, 0], runs[q, 0] + runs[q, 2], runs[q, 1] - runs[q, 0]
            if abs(rd - ad) <= 2 * drift and ri0 <= ai1 + reach and ri1 >= ai0 - reach:
                keep[k] = True
                break
    return runs[keep]


@njit(cache=True)
def _chain(runs, gap, drift):
    """Greedy chaining of runs into rows ``[sa, ea, sb, eb, matched, longest]``."""
    nr = runs.shape[0]
    ch = np.empty((nr, 6), np.int64)
    nc = 0
    active = np.empty(nr, np.int64)
    nact = 0
    for k in range(nr):
        i0, j0, ln = runs[k, 0], runs[k, 1], runs[k, 2]
        i1, j1 = i0 + ln, j0 + ln
        best, best_m = -1, -1
        still = 0
        for t in range(nact):
            c = active[t]
            if ch[c, 1] + gap < i0:
                continue
            active[still] = c
            still += 1
            ga, gb = i0 - ch[c, 1], j0 - ch[c, 3]
            if ga > gap or gb > gap or abs(ga - gb) > drift:
                continue
            if i1 <= ch[c, 1] or j1 <= ch[c, 3] or i0 < ch[c, 0] or j0 < ch[c, 2]:
                continue
            if ch[c, 4] > best_m:
                best, best_m = c, ch[c, 4]
        nact = still
        if best >= 0:
            ch[best, 4] += min(i1 - max(i0, ch[best, 1]), j1 - max(j0, ch[best, 3]))
            ch[best, 1], ch[best, 3] = i1, j1
            ch[best, 5] = max(ch[best, 5], ln)
        else:
            ch[nc, 0], ch[nc, 1], ch[nc, 2], ch[nc, 3], ch[nc, 4], ch[nc, 5] = i0, i1, j0, j1, ln, ln
            active[nact] = nc
            nact += 1
            nc += 1
    return ch[:nc]


@njit(cache=True, nogil=True)
def _align_all(codes, start, sent, sent_start, pa, pb, band_start, blo, bhi, bimin, bimax,
               hs, ho, hoff, bst, bsoff, bits, boff, hslot, n, lsh_n, margin, max_repeat, min_run, gap, drift, edge_gap,
               edge_tail, min_match, long_match, use_sent):
    npairs = pa.shape[0]
    cap = 1024
    out = np.empty((cap, 6), np.int64)
    no = 0
    mg = edge_gap + edge_tail
    for p in range(npairs):
        a, b = pa[p], pb[p]
        a0, la = start[a], start[a + 1] - start[a]
        b0, lb = start[b], start[b + 1] - start[b]
        r0, r1 = band_start[p], band_start[p + 1]
        if r1 > r0:
            dlo, dhi = _merge(blo[r0:r1] - margin, bhi[r0:r1] + margin)
            if bimin.shape[0] > 0:
                ilo, ihi = _merge(bimin[r0:r1] - margin, bimax[r0:r1] + lsh_n + margin)
            else:
                ilo, ihi = np.zeros(1, np.int64), np.full(1, la, np.int64)
        else:  # no band information: the whole of both documents
            dlo, dhi = np.full(1, -la - 1, np.int64), np.full(1, lb + 1, np.int64)
            ilo, ihi = np.zeros(1, np.int64), np.full(1, la, np.int64)
        h0, h1 = hoff[hslot[b]], hoff[hslot[b] + 1]
        slot = hslot[b]
        runs = _near_anchors(_seed_runs(codes, a0, la, lb, n, max_repeat, dlo, dhi, ilo, ihi,
                                        hs[h0:h1], ho[h0:h1], bst[bsoff[slot]:bsoff[slot + 1]],
                                        bits[boff[slot]:boff[slot + 1]]),
                             min_run, gap, drift)
        if runs.shape[0] == 0:
            continue
        chains = _chain(runs, gap, drift)
        s_a0, s_a1, s_b0, s_b1 = sent_start[a], sent_start[a + 1], sent_start[b], sent_start[b + 1]
        for c in range(chains.shape[0]):
            sa, ea, sb, eb, m, longest = chains[c, 0], chains[c, 1], chains[c, 2], chains[c, 3], chains[c, 4], chains[c, 5]
            if m + edge_tail + 1 < min_match or longest < min_run:
                continue
            if use_sent and m + 2 * mg < long_match and not _short_ok(
                sent, s_a0, s_a1, la, s_b0, s_b1, lb,
                max(0, sa - mg), min(la, ea + mg), max(0, sb - mg), min(lb, eb + mg)
            ):
                continue
            ea, eb, add_r = _extend(codes, a0, la, b0, lb, ea, eb, edge_gap, edge_tail, True)
            sa, sb, add_l = _extend(codes, a0, la, b0, lb, sa, sb, edge_gap, edge_tail, False)
            m += add_r + add_l
            if m < min_match:
                continue
            if use_sent and m < long_match and not _short_ok(sent, s_a0, s_a1, la, s_b0, s_b1, lb, sa, ea, sb, eb):
                continue
            if no == cap:
                cap *= 2
                out2 = np.empty((cap, 6), np.int64)
                out2[:no] = out[:no]
                out = out2
            out[no, 0], out[no, 1], out[no, 2], out[no, 3], out[no, 4], out[no, 5] = p, sa, ea, sb, eb, m
            no += 1
    return out[:no]


def align_pairs(
    views: Views,
    pa: np.ndarray,
    pb: np.ndarray,
    bands: tuple[np.ndarray, ...] | None = None,
    *,
    n: int = 5,
    lsh_n: int = 8,
    margin: int = 128,
    max_repeat: int = 24,
    min_run: int = 8,
    gap: int = 12,
    drift: int = 6,
    edge_gap: int = 3,
    edge_tail: int = 3,
    min_match: int = 10,
    long_match: int = 0,
    sentences: bool = False,
    block: int = 50_000,
    n_jobs: int = 1,
    progress=None,
) -> np.ndarray:
    """Candidate passages of every pair ``(pa[k], pb[k])``: rows ``(k, sa, ea, sb, eb, matched)``
    in view coordinates, grouped by pair in order.

    ``bands``: ``(pair_index, diag_lo, diag_hi)`` or with ``(…, pos_lo, pos_hi)`` (positions in
    ``a``) from :func:`giptext.reuse.lsh.candidate_pairs`; without it each pair is searched
    whole. ``sentences``: apply the short-passage sentence test of
    :func:`giptext.reuse.align.align` (``long_match``) with the views' sentence starts.
    ``block``: pairs per block (memory); ``n_jobs``: threads; ``progress(done, total)`` is
    called after each block. The other settings mean what they mean for
    :func:`~giptext.reuse.align.align`.
    """
    pa = np.ascontiguousarray(pa, dtype=np.int64)
    pb = np.ascontiguousarray(pb, dtype=np.int64)
    e = np.zeros(0, dtype=np.int64)
    if bands is None:
        band_start = np.zeros(pa.shape[0] + 1, dtype=np.int64)
        blo = bhi = bimin = bimax = e
    else:
        idx, blo, bhi = (np.asarray(x, dtype=np.int64) for x in bands[:3])
        band_start = np.searchsorted(idx, np.arange(pa.shape[0] + 1)).astype(np.int64)
        if len(bands) >= 5:
            bimin, bimax = (np.asarray(x, dtype=np.int64) for x in bands[3:5])
        else:
            bimin = bimax = e
    # Pairs are taken in blocks of documents b: each b's n-grams are put in a table once
    # per block, and memory holds the tables of the blocks in flight, not the corpus's.
    order = np.argsort(pb, kind="stable")
    total = order.shape[0]
    jobs = max(1, int(n_jobs))
    if jobs > 1:  # enough blocks to keep every thread busy
        block = max(1000, min(block, -(-total // (4 * jobs))))

    def run(k0: int) -> np.ndarray:
        sel = order[k0 : k0 + block]
        bdocs = np.unique(pb[sel])
        hs, ho, hoff, bst, bsoff, bits, boff = _hash_tables(views.codes, views.start, bdocs, n)
        hslot = np.zeros(views.start.shape[0] - 1, dtype=np.int64)
        hslot[bdocs] = np.arange(bdocs.shape[0])
        sub_start = band_start[sel]
        cnt = band_start[sel + 1] - sub_start
        bs = np.zeros(sel.shape[0] + 1, dtype=np.int64)
        np.cumsum(cnt, out=bs[1:])
        rows = np.repeat(sub_start - bs[:-1], cnt) + np.arange(int(bs[-1]))
        take = lambda x: x[rows] if x.shape[0] else x  # noqa: E731
        found = _align_all(views.codes, views.start, views.sent, views.sent_start, pa[sel], pb[sel], bs,
                           take(blo), take(bhi), take(bimin), take(bimax), hs, ho, hoff, bst, bsoff, bits, boff, hslot,
                           n, lsh_n, margin, max_repeat, min_run, gap, drift, edge_gap, edge_tail,
                           min_match, long_match, sentences)
        found[:, 0] = sel[found[:, 0]]
        return found

    starts = range(0, total, block)
    out = []
    if jobs > 1 and len(starts) > 1:
        # the kernel releases the GIL, so threads share the views without copying them
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(jobs) as ex:
            for k0, found in zip(starts, ex.map(run, starts)):
                out.append(found)
                if progress is not None:
                    progress(min(total, k0 + block), total)
    else:
        for k0 in starts:
            out.append(run(k0))
            if progress is not None:
                progress(min(total, k0 + block), total)
    if not out:
        return np.zeros((0, 6), dtype=np.int64)
    found = np.concatenate(out)
    return found[np.argsort(found[:, 0], kind="stable")]

__all__ = ["Views", "ViewsBuilder", "align_pairs"]
