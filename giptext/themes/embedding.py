"""Embedding classifier: sentence embeddings (:mod:`giptext.embed`) + one-vs-rest logistic regression.

The embedder is named in ``__init__`` and loaded lazily in ``fit``/``predict``; it is never
saved inside the model file (only its name is), so a model stays small and skops-safe.

Example::

    >>> clf = EmbeddingThemeClassifier("static-zh").fit(texts, labels)   # doctest: +SKIP
    >>> clf.predict(["加强业务培训"])                                      # doctest: +SKIP
    [['staff']]
"""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from giptext.themes._base import ThemeClassifier, fit_quietly, tune_thresholds
from giptext.themes._text import normalize
from giptext.themes.tfidf import _oof_scores


def embed_texts(owner, name: str, texts: list[str]) -> np.ndarray:
    """Embed normalised ``texts`` with the :class:`giptext.embed.Embedder` called ``name``,
    kept on ``owner`` as a cache attribute (never saved)."""
    emb = getattr(owner, "_cache_embedder", None)
    if emb is None or emb.name != name:
        from giptext.embed import Embedder

        emb = owner._cache_embedder = Embedder(name, progress=False)
    return emb.encode([normalize(t) for t in texts])


class EmbeddingThemeClassifier(ThemeClassifier):
    """Sentence embeddings + one-vs-rest logistic regression, thresholds tuned by internal CV.

    Parameters
    ----------
    embedder : giptext embedder name (``"static-zh"``, ``"e5-small"``) or a local model folder.
    C, class_weight : of each logistic regression.
    tune_thresholds, cv, random_state : as in :class:`~giptext.themes.TfidfThemeClassifier`.
    """

    def __init__(self, embedder: str = "static-zh", C: float = 10.0, class_weight: str | None = "balanced",
                 tune_thresholds: bool = True, cv: int = 5, random_state: int = 0):
        self.embedder = embedder
        self.C = C
        self.class_weight = class_weight
        self.tune_thresholds = tune_thresholds
        self.cv = cv
        self.random_state = random_state

    def _model(self):
        return OneVsRestClassifier(
            LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", max_iter=2000)
        )

    def _fit(self, texts, Y, groups) -> None:
        X = embed_texts(self, self.embedder, texts)
        if self.tune_thresholds and len(texts) >= 2 * self.cv:
            P = _oof_scores(self._model, X, Y, groups, self.cv, self.random_state)
            self.thresholds_ = tune_thresholds(P, Y)
        self.model_ = fit_quietly(self._model(), X, Y)

    def _scores(self, texts):
        return self.model_.predict_proba(embed_texts(self, self.embedder, texts))


__all__ = ["EmbeddingThemeClassifier", "embed_texts"]
