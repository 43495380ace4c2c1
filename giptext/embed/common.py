"""Common-component removal: take the register out of a set of sentence embeddings.

Averaged word or piece vectors share a large common direction (Arora, Liang & Ma 2017, "A
simple but tough-to-beat baseline for sentence embeddings"; Mu & Viswanath 2018, "All-but-the-
top"): in a corpus of one formulaic register every sentence leans the same way, so any two of
them have a high cosine whatever they say. Subtracting the corpus mean and projecting out the
top principal directions leaves what tells the sentences apart; cosines of the result spread
out and rank same-meaning pairs above same-register pairs.

The components are fitted on the rows given (transductive, as in both papers), from an evenly
strided sample so that the result is deterministic and the cost bounded.

Example::

    >>> import numpy as np
    >>> from giptext.embed.common import remove_common
    >>> X = np.random.default_rng(0).normal(size=(500, 32)).astype(np.float32) + 3.0
    >>> Y = remove_common(X, 2)
    >>> Y.shape, bool(np.allclose(np.linalg.norm(Y, axis=1), 1.0, atol=1e-5))
    ((500, 32), True)
"""
from __future__ import annotations

import numpy as np

from giptext.errors import ConfigError

#: Rows the components are fitted on at most (an evenly strided sample above it).
FIT_ROWS = 20000


def common_components(X: np.ndarray, n_components: int, fit_rows: int = FIT_ROWS) -> tuple[np.ndarray, np.ndarray]:
    """The mean row of ``X`` and its top ``n_components`` principal directions (rows of the
    second array, orthonormal), fitted on at most ``fit_rows`` evenly strided rows."""
    if n_components < 0:
        raise ConfigError(None, f"n_components must be >= 0, got {n_components}")
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ConfigError(None, f"expected a non-empty 2-d array of embeddings, got shape {X.shape}")
    sample = X[:: max(1, -(-X.shape[0] // fit_rows))]
    mean = sample.mean(axis=0)
    k = min(n_components, sample.shape[0] - 1, X.shape[1])
    if k <= 0:
        return mean, np.zeros((0, X.shape[1]), dtype=np.float32)
    _, _, vt = np.linalg.svd((sample - mean).astype(np.float64), full_matrices=False)
    comps = vt[:k].astype(np.float32)
    # an SVD's signs are arbitrary; fix them so the stored directions are reproducible
    signs = np.sign(comps[np.arange(k), np.abs(comps).argmax(axis=1)])
    return mean, comps * signs[:, None]


def remove_common(X: np.ndarray, n_components: int, fit_rows: int = FIT_ROWS) -> np.ndarray:
    """``X`` minus its mean and its top ``n_components`` principal directions, rows L2-normalised
    (float32). ``n_components=0`` only centres. See :func:`common_components`."""
    mean, comps = common_components(X, n_components, fit_rows)
    Y = np.asarray(X, dtype=np.float32) - mean
    if comps.shape[0]:
        Y -= (Y @ comps.T) @ comps
    norm = np.linalg.norm(Y, axis=1, keepdims=True)
    return Y / np.maximum(norm, 1e-12)


__all__ = ["remove_common", "common_components", "FIT_ROWS"]
