"""Seed terms learned from labelled statements, instead of written by hand.

The codebook's hand-written seed terms were chosen after reading the dev statements, so a
cross-validation score that uses them is optimistic. :class:`TermMiner` derives seed terms
from the training statements only — inside each fold of a CV, from that fold's training
part — so nothing is borrowed from held-out documents:

- candidates are the character n-grams (2–4 characters, Han only) of the Simplified view;
  jieba words of up to 4 characters are among them, and a term is matched as a substring,
  so no segmenter is needed;
- for each label, a candidate is kept when it occurs in positive statements of at least
  ``min_docs`` *different documents* (a phrase of one report is not a theme word) and at
  least ``min_precision`` of the statements containing it carry the label; the
  ``top_k`` with the highest smoothed log-odds ratio are kept, and a term that contains
  another kept term is dropped (it adds no match);
- optionally (``names=True``) the parts of the label's Chinese name in the shared
  annotation guide are added (认识/意识/重视程度 → 认识, 意识, 重视程度): written before any
  statement was read, so they are a fair prior.

Example::

    >>> m = TermMiner(min_docs=1, top_k=1, names=False).fit(
    ...     ["加强业务培训", "开展人员培训", "信息更新滞后"], [["staff"], ["staff"], ["timeliness"]])
    >>> m.terms_["staff"]
    ['培训']
"""
from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import CountVectorizer

from giptext.errors import ConfigError
from giptext.themes._base import as_texts, binarize
from giptext.themes._text import normalize
from giptext.themes.codebook import OTHER, load_codebook

_HAN = re.compile(r"[\u4E00-\u9FFF]+")


def name_terms(codebook: Any = None) -> dict[str, list[str]]:
    """Each label's Chinese name split at ``/`` (the 中文 column of the annotation guide)."""
    cb = codebook if codebook is not None else load_codebook()
    return {t.label: [normalize(p.strip()) for p in t.zh.split("/") if p.strip()]
            for t in cb if t.label != OTHER}


class TermMiner(BaseEstimator):
    """Mine per-label seed terms from labelled statements (see the module docstring).

    Parameters
    ----------
    ngram_range : lengths of the candidate character n-grams.
    min_docs : a term must occur in positive statements of this many distinct documents
        (``groups`` given to ``fit``; without groups, statements count as documents).
    min_precision : share of the statements containing the term that carry the label.
    top_k : terms kept per label (before dropping terms that contain a kept term).
    alpha : smoothing of the log-odds ratio used for ranking.
    names : add the parts of each label's Chinese name (a prior written before the data).

    Learned: ``terms_`` (label → terms), which is ``mined_`` (from the data) joined with
    ``prior_`` (the name parts); ``scores_`` (label → {mined term: log-odds}).
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 4), min_docs: int = 2, min_precision: float = 0.5,
                 top_k: int = 20, alpha: float = 0.5, names: bool = True):
        self.ngram_range = ngram_range
        self.min_docs = min_docs
        self.min_precision = min_precision
        self.top_k = top_k
        self.alpha = alpha
        self.names = names

    def fit(self, X: Any, Y: Any, groups: Sequence | None = None):
        """Mine terms from texts ``X`` with label lists (or indicator matrix) ``Y``; returns ``self``."""
        texts = [normalize(t) for t in as_texts(X)]
        B, classes = binarize(Y)
        if len(texts) != len(B):
            raise ConfigError(None, f"X has {len(texts)} texts but Y has {len(B)} rows")
        classes = [str(c) for c in classes]
        self.classes_ = np.asarray(classes, dtype=object)
        mined: dict[str, list[str]] = {c: [] for c in classes}
        self.scores_: dict[str, dict[str, float]] = {c: {} for c in classes}
        if texts and any(texts):
            cv = CountVectorizer(analyzer="char", ngram_range=tuple(self.ngram_range), lowercase=False, binary=True)
            try:
                Xc = cv.fit_transform(texts).tocsc()
            except ValueError:  # nothing but empty texts
                Xc = None
            if Xc is not None:
                mined, self.scores_ = self._mine(Xc, cv.get_feature_names_out(), B, classes, groups)
        self.mined_ = mined
        self.prior_ = {c: [] for c in classes}
        if self.names:
            for label, parts in name_terms().items():
                if label in self.prior_:
                    self.prior_[label] = list(parts)
        self.terms_ = {c: sorted(set(mined[c]) | set(self.prior_[c]), key=lambda t: (len(t), t)) for c in classes}
        return self

    def _mine(self, Xc: sp.csc_matrix, vocab: np.ndarray, B: np.ndarray, classes: list[str], groups):
        n = Xc.shape[0]
        han = np.fromiter((bool(_HAN.fullmatch(t)) for t in vocab), dtype=bool, count=len(vocab))
        total = np.asarray(Xc.sum(axis=0)).ravel()
        A = np.asarray((sp.csr_matrix(B.T.astype(np.float32)) @ Xc).todense())  # label × term positives
        g = np.asarray(groups) if groups is not None else np.arange(n)
        _, doc = np.unique(g, return_inverse=True)
        G = sp.csr_matrix((np.ones(n, dtype=np.float32), (np.arange(n), doc)))
        a0 = self.alpha
        out: dict[str, list[str]] = {}
        scores: dict[str, dict[str, float]] = {}
        for j, label in enumerate(classes):
            out[label], scores[label] = [], {}
            pos = B[:, j].astype(bool)
            n_pos, n_neg = int(pos.sum()), int(n - pos.sum())
            if label == OTHER or n_pos == 0:
                continue  # 'other' is the absence of every theme, not a vocabulary
            a = A[j]
            b = total - a
            docs = np.asarray(((G[pos].T @ Xc[pos]) > 0).sum(axis=0)).ravel()
            prec = a / np.maximum(a + b, 1)
            lo = np.log((a + a0) / (n_pos - a + a0)) - np.log((b + a0) / (n_neg - b + a0))
            keep = np.flatnonzero(han & (docs >= self.min_docs) & (prec >= self.min_precision))
            if not len(keep):
                continue
            order = sorted(keep, key=lambda i: (-lo[i], vocab[i]))[: self.top_k]
            chosen = [str(vocab[i]) for i in order]
            # A term containing another chosen term matches nothing more: drop it.
            chosen = [t for t in chosen if not any(s != t and s in t for s in chosen)]
            out[label] = sorted(chosen, key=lambda t: (len(t), t))
            scores[label] = {str(vocab[i]): round(float(lo[i]), 4) for i in order}
        return out, scores


__all__ = ["TermMiner", "name_terms"]
