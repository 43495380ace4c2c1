"""MinHash signatures, per sliding window and per document, vectorised in numpy.

Passage-level reuse needs local signatures: a whole-report MinHash cannot see a
40-character paragraph shared by two 5,000-character reports. :func:`window_minhashes`
takes, for each of ``k`` hash permutations, the minimum shingle hash of every window of
``w`` consecutive shingles and keeps the distinct (position, value) picks. Any shared run
of at least ``w + n - 1`` characters therefore yields at least one identical pick per
permutation in both documents (the winnowing guarantee), while the number of picks is
only about ``2/(w+1)`` of the shingles. Each pick is an LSH band of one row (see
:mod:`giptext.reuse.lsh`). :func:`doc_minhash` gives a classic whole-document signature.

Example::

    >>> import numpy as np
    >>> from giptext.reuse.shingles import ngram_hashes
    >>> h = ngram_hashes(np.arange(40, dtype=np.uint32) % 17, 5)
    >>> picks = window_minhashes(h, w=4, k=1)
    >>> 0 < len(picks) < len(h)
    True
"""
from __future__ import annotations

import numpy as np
from numba import njit

from giptext.reuse.shingles import mix64

# Fixed odd seeds: permutation j is mix64(h ^ SEEDS[j]); fixed so results are deterministic.
SEEDS = np.array(
    [0x0, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
     0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)


def _permute(h: np.ndarray, j: int) -> np.ndarray:
    return h if j == 0 else mix64(h ^ SEEDS[j])


@njit(cache=True, nogil=True)
def _window_argmins(p, w):
    # Position of the minimum of every window of w values (the first on ties, as argmin),
    # a position listed once while consecutive windows share it.
    nw = p.shape[0] - w + 1
    out = np.empty(nw, np.int64)
    k = 0
    last = -1
    for s in range(nw):
        best = s
        for t in range(s + 1, s + w):
            if p[t] < p[best]:
                best = t
        if best != last:
            out[k] = best
            k += 1
            last = best
    return out[:k].copy()


def window_minhashes(h: np.ndarray, w: int = 4, k: int = 1, positions: bool = False):
    """Distinct sliding-window MinHash picks of shingle hashes ``h`` (uint64 array).

    ``w``: window in shingles (1 keeps every shingle); ``k``: permutations (≤ 8). The picks
    of different permutations are different values, so they can share one index. With
    ``positions=True`` returns ``(values, first_positions)`` (int32), for locality checks.
    """
    if not 1 <= k <= len(SEEDS):
        raise ValueError(f"k must be in 1..{len(SEEDS)}")
    if h.shape[0] == 0:
        e = np.zeros(0, dtype=np.uint64)
        return (e, np.zeros(0, dtype=np.int32)) if positions else e
    vals, poss = [], []
    for j in range(k):
        p = _permute(h, j)
        if w <= 1:
            pos = np.arange(p.shape[0])
        elif p.shape[0] <= w:
            pos = np.array([int(np.argmin(p))])
        else:
            pos = _window_argmins(p, w)
        vals.append(p[pos])
        poss.append(pos)
    v = np.concatenate(vals) if k > 1 else vals[0]
    ps = np.concatenate(poss) if k > 1 else poss[0]
    # distinct values, each at its first position (a stable sort keeps position order)
    o = np.argsort(v, kind="stable")
    vs = v[o]
    first = np.ones(vs.shape[0], dtype=bool)
    first[1:] = vs[1:] != vs[:-1]
    u = vs[first]
    if not positions:
        return u
    return u, ps[o[first]].astype(np.int32)


def doc_minhash(h: np.ndarray, num_perm: int = 64) -> np.ndarray:
    """Whole-document MinHash signature (``num_perm`` uint64 minima; all-ones when empty)."""
    sig = np.full(num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    if h.shape[0] == 0:
        return sig
    u = np.unique(h)
    seeds = mix64(np.arange(1, num_perm + 1, dtype=np.uint64))
    for j in range(num_perm):
        sig[j] = mix64(u ^ seeds[j]).min()
    return sig


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two :func:`doc_minhash` signatures."""
    return float(np.mean(sig_a == sig_b))


__all__ = ["window_minhashes", "doc_minhash", "jaccard_estimate", "SEEDS"]
