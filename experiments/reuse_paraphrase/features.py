"""Lexical features of candidate paraphrase pairs, for comparing gates (see ``sweep.py``).

``tfidf_cos``: the engine's gate (:func:`giptext.reuse.paraphrase.lexical_similarity`).
``cover_min``: IDF-weighted share of each side's distinct tokens found in the other, the
smaller of the two sides — a reworded item keeps its content words on *both* sides, while two
sentences of one formula (召开…会…次，开展…场) share the frame and differ in content.
Tokens are character bigrams or jieba words (``words=True``); IDF over ``idf_from``.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np


def _tokens(text: str, words: bool) -> set[str]:
    if words:
        import jieba

        return {w for w in jieba.lcut(text) if len(w) >= 2}
    return {text[q:q + 2] for q in range(len(text) - 1)}


def cover_min(views: list[str], r: np.ndarray, c: np.ndarray, idf_from: list[str], words: bool = False) -> np.ndarray:
    """Smaller side's IDF-weighted share of tokens shared with the other side, per pair."""
    df: Counter = Counter()
    for t in idf_from:
        df.update(_tokens(t, words))
    n = len(idf_from)
    cache: dict[int, set[str]] = {}

    def tok(q: int) -> set[str]:
        if q not in cache:
            cache[q] = _tokens(views[q], words)
        return cache[q]

    def w(t: str) -> float:
        return math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0

    out = np.zeros(len(r))
    for k, (i, j) in enumerate(zip(r.tolist(), c.tolist())):
        a, b = tok(i), tok(j)
        if not a or not b:
            continue
        sh = sum(w(t) for t in a & b)
        out[k] = min(sh / sum(w(t) for t in a), sh / sum(w(t) for t in b))
    return out
