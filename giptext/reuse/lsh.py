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


def buckets(picks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted buckets: ``(doc, starts, sizes)`` where ``doc[starts[g]:starts[g]+sizes[g]]``
    are the documents (ascending) sharing bucket ``g``; only buckets of ≥ 2 documents."""
    ndocs = len(picks)
    if ndocs == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e
    doc_bits = max(1, int(np.ceil(np.log2(max(ndocs, 2)))))
    lens = np.fromiter((p.shape[0] for p in picks), dtype=np.int64, count=ndocs)
    keys = np.concatenate(picks) if lens.sum() else np.zeros(0, dtype=np.uint64)
    doc = np.repeat(np.arange(ndocs, dtype=np.uint64), lens)
    sh = np.uint64(doc_bits)
    # The top bits of the pick make way for the document number; collisions of the
    # remaining 64-doc_bits bits only add candidates that alignment then rejects.
    comb = np.unique((keys << sh) | doc)
    del keys, doc
    bucket = comb >> sh
    d = (comb & np.uint64((1 << doc_bits) - 1)).astype(np.int64)
    del comb
    if bucket.shape[0] == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e
    brk = np.empty(bucket.shape[0], dtype=bool)
    brk[0] = True
    np.not_equal(bucket[1:], bucket[:-1], out=brk[1:])
    starts = np.flatnonzero(brk)
    sizes = np.diff(np.append(starts, bucket.shape[0]))
    keep = sizes >= 2
    return d, starts[keep], sizes[keep]


def candidate_pairs(
    picks: list[np.ndarray],
    min_shared: int = 2,
    clique_max: int = 4,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Document pairs ``(a, b, shared)`` with ``a < b`` colliding in ≥ ``min_shared`` buckets.

    Buckets of at most ``clique_max`` documents give all their pairs; larger ones pair each
    member with the bucket's first (earliest) document.
    """
    ndocs = len(picks)
    d, starts, sizes = buckets(picks)
    pa: list[np.ndarray] = []
    pb: list[np.ndarray] = []
    for s in range(2, clique_max + 1):
        st = starts[sizes == s]
        if st.shape[0] == 0:
            continue
        i, j = _combos(s)
        pa.append(d[st[:, None] + i[None, :]].ravel())
        pb.append(d[st[:, None] + j[None, :]].ravel())
    big = sizes > clique_max
    if big.any():
        st, sz = starts[big], sizes[big]
        centre = np.repeat(d[st], sz - 1)
        # positions of the non-first members of every big bucket
        first = np.repeat(st + 1, sz - 1)
        within = np.arange(int((sz - 1).sum())) - np.repeat(np.cumsum(sz - 1) - (sz - 1), sz - 1)
        pa.append(centre)
        pb.append(d[first + within])
    if not pa:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e
    key = np.concatenate(pa) * ndocs + np.concatenate(pb)
    u, cnt = np.unique(key, return_counts=True)
    ok = cnt >= min_shared
    u, cnt = u[ok], cnt[ok]
    return u // ndocs, u % ndocs, cnt


__all__ = ["buckets", "candidate_pairs"]
