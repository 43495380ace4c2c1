"""Zero-shot classifier: cosine similarity between statements and the codebook's descriptions.

For users with no labelled data: each label is represented by the embedding of its Chinese
name and description (optionally averaged with its seed terms). Similarities are compared
within each statement in units of that statement's spread (standard deviation over the
labels), so the rule does not depend on an embedder's scale: a statement gets the labels
within ``margin`` spreads of its best one, and ``other`` when its best label stands less
than ``floor`` spreads above the mean (nothing is specifically close). Given labels, ``fit`` instead tunes one threshold per label on the scores
of the training statements (there is nothing else to learn).

Example::

    >>> clf = ZeroShotThemeClassifier("static-zh").fit()       # doctest: +SKIP
    >>> clf.predict(["政策解读形式单一"])                        # doctest: +SKIP
    [['interpretation']]
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from giptext.themes._base import ThemeClassifier, as_texts, binarize, tune_thresholds
from giptext.themes.codebook import OTHER, load_codebook
from giptext.themes.embedding import embed_texts


class ZeroShotThemeClassifier(ThemeClassifier):
    """Cosine similarity to codebook descriptions; optional per-label thresholds from labels.

    Parameters
    ----------
    embedder : giptext embedder name or local model folder.
    margin : without labels, labels within this many spreads of the best one are assigned.
    floor : without labels, a statement whose best label is less than this many spreads
        above its mean similarity gets ``other``.
    temperature : scale (in spreads) turning similarity gaps into scores in (0, 1].
    seed_terms : average each label's description embedding with its seed terms' embeddings.
    codebook : path of a codebook JSON, or None for the shipped one.
    """

    def __init__(self, embedder: str = "static-zh", margin: float = 0.5, floor: float = 2.0,
                 temperature: float = 0.5, seed_terms: bool = True, codebook: str | None = None):
        self.embedder = embedder
        self.margin = margin
        self.floor = floor
        self.temperature = temperature
        self.seed_terms = seed_terms
        self.codebook = codebook

    def fit(self, X: Any = None, Y: Any = None, groups: Sequence | None = None):
        """Embed the codebook; with ``X`` and ``Y``, also tune per-label thresholds. Returns ``self``."""
        cb = load_codebook(self.codebook)
        self.classes_ = np.asarray(cb.labels, dtype=object)
        vecs = []
        for theme in cb:
            if theme.label == OTHER:
                vecs.append(None)
                continue
            parts = embed_texts(self, self.embedder, [theme.prompt()])
            if self.seed_terms and theme.seed_terms:
                terms = embed_texts(self, self.embedder, list(theme.seed_terms))
                parts = np.vstack([parts, terms.mean(axis=0, keepdims=True)])
            v = parts.mean(axis=0)
            vecs.append(v / max(np.linalg.norm(v), 1e-12))
        dim = next(v for v in vecs if v is not None).shape[0]
        self.label_vectors_ = np.vstack([np.zeros(dim, np.float32) if v is None else v for v in vecs])
        default = float(np.exp(-self.margin / self.temperature))
        self.thresholds_ = np.full(len(self.classes_), default)
        if OTHER in cb.labels:
            self.thresholds_[list(cb.labels).index(OTHER)] = 0.5
        if X is not None and Y is not None:
            texts = as_texts(X)
            B, _ = binarize(Y, classes=list(self.classes_))
            self.thresholds_ = tune_thresholds(self._scores(texts), B, grid=np.round(np.arange(0.05, 1.0, 0.05), 2))
        return self

    def _scores(self, texts: list[str]) -> np.ndarray:
        E = embed_texts(self, self.embedder, texts)
        S = E @ self.label_vectors_.T
        is_other = np.array([c == OTHER for c in self.classes_])
        real = S[:, ~is_other]
        spread = np.maximum(real.std(axis=1, keepdims=True), 1e-6)
        Z = (S - real.mean(axis=1, keepdims=True)) / spread
        best = Z[:, ~is_other].max(axis=1, keepdims=True)
        P = np.exp((Z - best) / self.temperature)
        if is_other.any():
            # above 0.5 exactly when the best label stands less than `floor` spreads above the mean
            P[:, is_other] = 1.0 / (1.0 + np.exp((best - self.floor) / self.temperature))
        return np.clip(P, 0.0, 1.0)


__all__ = ["ZeroShotThemeClassifier"]
