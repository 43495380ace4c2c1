"""Character n-gram shingles of a view, hashed to uint64 in a few vectorised numpy passes.

Example::

    >>> import numpy as np
    >>> h = ngram_hashes(np.array([1, 2, 3, 1, 2, 3], dtype=np.uint32), 3)
    >>> bool(h[0] == h[3]), len(h)
    (True, 4)
"""
from __future__ import annotations

import numpy as np

_MUL = np.uint64(0x100000001B3)  # FNV prime: odd, spreads code points over 64 bits


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: a bijective scramble of uint64 values (independent-looking bits)."""
    x = x.astype(np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def ngram_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """uint64 hash of every character n-gram of ``codes`` (``len(codes) - n + 1`` values).

    Equal n-grams get equal hashes in every document, so hashes can be joined across a corpus.
    """
    if n < 1:
        raise ValueError("n must be >= 1")
    m = codes.shape[0] - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64)
    with np.errstate(over="ignore"):
        h = c[:m].copy()
        for k in range(1, n):
            h = h * _MUL + c[k : k + m]
    return mix64(h)


__all__ = ["ngram_hashes", "mix64"]
