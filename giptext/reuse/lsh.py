"""LSH banding over MinHash picks: which document pairs are worth aligning.

Every pick of :func:`giptext.reuse.minhash.window_minhashes` is a band of one row: two
documents collide when they hold the same pick. Buckets are found by one numpy sort of
``(pick, document)`` keys, never by comparing documents pairwise. A bucket held by many
documents (boilerplate that hundreds of reports repeat) is not expanded into all its
pairs: each member is paired with the bucket's earliest document only (documents are
numbered earliest first), so the candidate count stays linear in the corpus.

Example::

    >>> import numpy as np
    >>> picks = [np.array([1, 2, 3], np.uint64), np.array([2, 3, 9], np.uint64), np.array([7], np.uint64)]
    >>> a, b, shared = candidate_pairs(picks, min_shared=2)
    >>> list(zip(a.tolist(), b.tolist(), shared.tolist()))
    [(0, 1, 2)]
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=32)
def _combos(s: int) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(s, k=1)
    return i.astype(np.int64), j.astype(np.int64)


def buckets(picks: list[np.ndarray], positions: list[np.ndarray] | None = None):
    """Sorted buckets: ``(doc, pos, starts, sizes)`` where ``doc[starts[g]:starts[g]+sizes[g]]``
    are the documents (ascending) sharing bucket ``g`` and ``pos`` the pick's position in
    each; only buckets of ≥ 2 documents. ``pos`` is all zeros without ``positions``."""
    ndocs = len(picks)
    e = np.zeros(0, dtype=np.int64)
    if ndocs == 0:
        return e, e, e, e
    doc_bits = max(1, int(np.ceil(np.log2(max(ndocs, 2)))))
    lens = np.fromiter((p.shape[0] for p in picks), dtype=np.int64, count=ndocs)
    if lens.sum() == 0:
        return e, e, e, e
    sh = np.uint64(doc_bits)
    # The top bits of the pick make way for the document number; collisions of the
    # remaining 64-doc_bits bits only add candidates that alignment then rejects.
    comb = np.concatenate(picks) << sh
    comb |= np.repeat(np.arange(ndocs, dtype=np.uint64), lens)
    o = np.argsort(comb, kind="stable")
    comb = comb[o]
    pos = np.concatenate(positions)[o].astype(np.int64) if positions is not None else np.zeros(comb.shape[0], dtype=np.int64)
    del o
    first = np.ones(comb.shape[0], dtype=bool)
    first[1:] = comb[1:] != comb[:-1]  # one entry per (bucket, document)
    comb, pos = comb[first], pos[first]
    bucket = comb >> sh
    d = (comb & np.uint64((1 << doc_bits) - 1)).astype(np.int64)
    del comb
    brk = np.empty(bucket.shape[0], dtype=bool)
    brk[0] = True
    np.not_equal(bucket[1:], bucket[:-1], out=brk[1:])
    starts = np.flatnonzero(brk)
    sizes = np.diff(np.append(starts, bucket.shape[0]))
    keep = sizes >= 2
    return d, pos, starts[keep], sizes[keep]


def candidate_pairs(
    picks: list[np.ndarray],
    min_shared: int = 2,
    clique_max: int = 8,
    star_min_shared: int = 4,
    positions: list[np.ndarray] | None = None,
    band: int = 64,
    return_bands: bool = False,
):
    """Document pairs ``(a, b, shared)`` with ``a < b`` worth aligning.

    Buckets of at most ``clique_max`` documents (rare shingles) give all their pairs;
    larger ones (common wording) pair each member with the bucket's first (earliest)
    document only. A pair qualifies with ``min_shared`` rare buckets, or with
    ``star_min_shared`` buckets of any size: common wording is weaker evidence. With
    ``positions`` (pick positions), only collisions on one diagonal band of ``band``
    characters count together: a copied passage collides many times at one offset,
    unrelated text that happens to share phrases collides at scattered offsets.
    ``shared`` is then the number of qualifying bands. With ``return_bands`` a fourth item
    ``(pair_index, diag_lo, diag_hi, pos_lo, pos_hi)`` lists each pair's qualifying diagonal
    bands (``j - i`` in shingle positions) and the span of ``a`` positions their collisions
    cover, so alignment can look only there.
    """
    ndocs = len(picks)
    d, pos, starts, sizes = buckets(picks, positions)
    pa: list[np.ndarray] = []
    pb: list[np.ndarray] = []
    dg: list[np.ndarray] = []
    ip: list[np.ndarray] = []
    n_rare = 0
    for s in range(2, clique_max + 1):
        st = starts[sizes == s]
        if st.shape[0] == 0:
            continue
        i, j = _combos(s)
        ia = (st[:, None] + i[None, :]).ravel()
        ib = (st[:, None] + j[None, :]).ravel()
        pa.append(d[ia])
        pb.append(d[ib])
        dg.append(pos[ib] - pos[ia])
        ip.append(pos[ia])
        n_rare += ia.shape[0]
    big = sizes > clique_max
    if big.any():
        st, sz = starts[big], sizes[big]
        ic = np.repeat(st, sz - 1)
        # positions of the non-first members of every big bucket
        within = np.arange(int((sz - 1).sum())) - np.repeat(np.cumsum(sz - 1) - (sz - 1), sz - 1)
        im = np.repeat(st + 1, sz - 1) + within
        pa.append(d[ic])
        pb.append(d[im])
        dg.append(pos[im] - pos[ic])
        ip.append(pos[ic])
    e = np.zeros(0, dtype=np.int64)
    if not pa:
        return (e, e, e, (e, e, e, e, e)) if return_bands else (e, e, e)
    key = np.concatenate(pa) * ndocs + np.concatenate(pb)
    diag = np.concatenate(dg) if positions is not None else np.zeros(key.shape[0], dtype=np.int64)
    ipos = np.concatenate(ip)
    del pa, pb, dg, ip
    # Count collisions per (pair, diagonal band), with two binnings offset by half a band
    # so a band edge never splits a passage's collisions. One in-place sort of a code per
    # collision, ``((pair, band) << 1 | not_rare) << pbits | position in a``, does the
    # grouping and gives each band's first and last position: no index arrays (the memory
    # peak of the corpus run was here).
    q_pair, q_lo, q_imin, q_imax = [], [], [], []
    dmin = int(diag.min())
    span = (int(diag.max()) - dmin + band // 2) // band + 1
    free = 62 - int(np.ceil(np.log2(float(ndocs) * ndocs * span + 1)))
    pbits = max(0, min(16, free))
    # positions too large for the free bits are kept coarsely (the caller pads the ranges)
    pshift = max(0, int(ipos.max()).bit_length() - pbits) if ipos.shape[0] else 0
    ipos >>= pshift
    pmask = (1 << pbits) - 1
    for shift in (0, band // 2):
        bnd = diag - dmin
        bnd += shift
        bnd //= band
        code = key * span
        code += bnd
        del bnd
        code <<= 1
        code[n_rare:] |= 1
        code <<= pbits
        code |= ipos
        code.sort()
        grp = code >> (pbits + 1)
        brk = np.empty(grp.shape[0], dtype=bool)
        brk[0] = True
        np.not_equal(grp[1:], grp[:-1], out=brk[1:])
        del grp
        st = np.flatnonzero(brk)
        del brk
        u = code[st] >> (pbits + 1)
        cnt = np.diff(np.append(st, code.shape[0]))
        # rare collisions sort first within their group (their flag bit is 0)
        n_r = np.searchsorted(code, ((u << 1) | 1) << pbits, "left") - st
        ok = (cnt >= star_min_shared) | (n_r >= min_shared)
        st, cnt, n_r, u = st[ok], cnt[ok], n_r[ok], u[ok]
        # rare and common collisions are each sorted by position: the band's range in a
        first_r, last_r = code[st] & pmask, code[st + np.maximum(n_r, 1) - 1] & pmask
        first_c, last_c = code[st + np.minimum(n_r, cnt - 1)] & pmask, code[st + cnt - 1] & pmask
        del code
        has_r, has_c = n_r > 0, cnt > n_r
        lo_p = np.where(has_r & has_c, np.minimum(first_r, first_c), np.where(has_r, first_r, first_c))
        hi_p = np.where(has_r & has_c, np.maximum(last_r, last_c), np.where(has_r, last_r, last_c))
        q_pair.append(u // span)
        q_lo.append((u % span) * band - shift + dmin)
        q_imin.append(lo_p << pshift)
        q_imax.append((hi_p + 1) << pshift)
    qp = np.concatenate(q_pair)
    ql = np.concatenate(q_lo)
    qi0, qi1 = np.concatenate(q_imin), np.concatenate(q_imax)
    o = np.lexsort((ql, qp))
    qp, ql, qi0, qi1 = qp[o], ql[o], qi0[o], qi1[o]
    pairs, first, counts = np.unique(qp, return_index=True, return_counts=True)
    a, b = pairs // ndocs, pairs % ndocs
    if return_bands:
        idx = np.repeat(np.arange(pairs.shape[0]), counts)
        return a, b, counts, (idx, ql, ql + band, qi0, qi1)
    return a, b, counts


__all__ = ["buckets", "candidate_pairs"]
