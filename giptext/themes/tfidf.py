"""TF-IDF classifier: character n-grams plus jieba words, one-vs-rest logistic regression,
per-label decision thresholds tuned by internal cross-validation.

Example::

    >>> clf = TfidfThemeClassifier().fit(texts, labels, groups=doc_ids)   # doctest: +SKIP
    >>> clf.predict(["政府信息公开工作人员业务培训不足"])                       # doctest: +SKIP
    [['staff']]
"""
from __future__ import annotations

import copy
import re
from itertools import repeat
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.multiclass import OneVsRestClassifier

from giptext.themes._base import ThemeClassifier, fit_quietly, tune_thresholds
from giptext.themes._text import identity, jieba_cut, normalize
from giptext.themes.codebook import load_codebook


_WHITESPACE = re.compile(r"\s\s+")


def _char_grams(text: str, lo: int, hi: int) -> list[str]:
    """The character n-grams scikit-learn's ``analyzer="char"`` makes (same multiset, same whitespace rule).

    Built with ``map(str.__add__, ...)`` over shifted copies of the text, which runs in C.
    """
    text = _WHITESPACE.sub(" ", text)
    out: list[str] = []
    grams: list[str] | str = text
    for n in range(1, min(hi, len(text)) + 1):
        if n > 1:
            grams = list(map(str.__add__, grams[:-1] if n > 2 else text[:-1], text[n - 1 :]))
        if n >= lo:
            out.extend(grams)
    return out


def fast_transform(vectorizer: TfidfVectorizer, docs: list[list[str]]) -> sp.csr_matrix:
    """``vectorizer.transform`` for documents already split into its terms, about twice as fast.

    Counts are gathered with one C-level dict lookup per term and then go through the
    vectorizer's own fitted :class:`~sklearn.feature_extraction.text.TfidfTransformer`, so the
    result equals ``vectorizer.transform`` (tests check it).
    """
    get = vectorizer.vocabulary_.get
    found: list[int] = []
    lengths = np.empty(len(docs), dtype=np.int64)
    for i, terms in enumerate(docs):
        found.extend(map(get, terms, repeat(-1, len(terms))))
        lengths[i] = len(terms)
    idx = np.asarray(found, dtype=np.int64)
    rows = np.repeat(np.arange(len(docs)), lengths)
    keep = idx >= 0
    X = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=vectorizer.dtype), (rows[keep], idx[keep])),
        shape=(len(docs), len(vectorizer.vocabulary_)),
    )
    X.sum_duplicates()
    return vectorizer._tfidf.transform(X, copy=False)


def _oof_scores(make, X, Y: np.ndarray, groups, cv: int, random_state: int) -> np.ndarray:
    """Out-of-fold scores of ``make()`` (grouped folds when ``groups`` is given)."""
    P = np.zeros(Y.shape, dtype=float)
    if groups is not None and len(np.unique(groups)) >= cv:
        splits = GroupKFold(n_splits=cv).split(X, Y, groups)
    else:
        splits = KFold(n_splits=cv, shuffle=True, random_state=random_state).split(X)
    for tr, te in splits:
        P[te] = fit_quietly(make(), X[tr], Y[tr]).predict_proba(X[te])
    return P


class TfidfThemeClassifier(ThemeClassifier):
    """Character n-gram + jieba-word TF-IDF features, one-vs-rest logistic regression.

    Parameters
    ----------
    char_ngram_range : n-gram range of the character features.
    words : add jieba word unigrams (on the Simplified view).
    C : inverse regularisation strength of each logistic regression.
    class_weight : ``"balanced"`` reweights the rare positives of each label.
    min_df : drop features seen in fewer training texts.
    seed_weight : when > 0, add one feature per codebook label — 1 if a seed term of that
        label is among the text's jieba tokens (``other``: if none is) — scaled by this
        weight, so the codebook's prior knowledge helps labels with few examples.
    seed_match : ``"tokens"`` (a seed term must be a whole jieba token) or ``"substring"``
        (anywhere in the text; no jieba needed, so with ``words=False`` the model is jieba-free).
    tune_thresholds : pick each label's threshold by ``cv``-fold internal CV (grouped by
        ``groups`` when given to ``fit``); otherwise 0.5.
    cv, random_state : internal CV folds and seed.
    """

    def __init__(
        self,
        char_ngram_range: tuple[int, int] = (1, 3),
        words: bool = True,
        C: float = 10.0,
        class_weight: str | None = "balanced",
        min_df: int = 1,
        seed_weight: float = 0.0,
        seed_match: str = "tokens",
        tune_thresholds: bool = True,
        cv: int = 5,
        random_state: int = 0,
    ):
        self.char_ngram_range = char_ngram_range
        self.words = words
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df
        self.seed_weight = seed_weight
        self.seed_match = seed_match
        self.tune_thresholds = tune_thresholds
        self.cv = cv
        self.random_state = random_state

    # -- features -----------------------------------------------------------------------
    def _vectorizers(self):
        char = TfidfVectorizer(
            analyzer="char", ngram_range=tuple(self.char_ngram_range), lowercase=False,
            sublinear_tf=True, min_df=self.min_df, dtype=np.float32,
        )
        word = TfidfVectorizer(analyzer=identity, lowercase=False, sublinear_tf=True,
                               min_df=self.min_df, dtype=np.float32)
        return char, (word if self.words else None)

    def _label_searches(self):
        """One compiled alternation of seed terms per label (built lazily, never saved)."""
        cache = getattr(self, "_cache_searches", None)
        if cache is None:
            terms: dict[int, list[str]] = {}
            for t, js in self.seed_index_.items():
                for j in js:
                    terms.setdefault(j, []).append(t)
            cache = self._cache_searches = [
                (j, re.compile("|".join(map(re.escape, sorted(ts, key=len, reverse=True)))).search)
                for j, ts in sorted(terms.items())
            ]
        return cache

    def _seed_matrix(self, tokens: list[list[str]] | None, norm: list[str]) -> sp.csr_matrix:
        index, n = self.seed_index_, len(self.seed_labels_)
        other = self.seed_labels_.index("other") if "other" in self.seed_labels_ else None
        searches = self._label_searches() if self.seed_match == "substring" else None
        rows, cols = [], []
        for i in range(len(norm)):
            if searches is not None:
                text = norm[i]
                hit = {j for j, search in searches if search(text)}
            else:
                hit = {j for t in tokens[i] for j in index.get(t, ())}
            if not hit and other is not None:
                hit = {other}
            rows.extend([i] * len(hit))
            cols.extend(hit)
        data = np.full(len(rows), self.seed_weight, dtype=np.float32)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(norm), n))

    def _features(self, texts: list[str], fit: bool = False):
        norm = [normalize(t) for t in texts]
        if self.seed_match not in ("tokens", "substring"):
            from giptext.errors import ConfigError

            raise ConfigError(None, f"seed_match must be 'tokens' or 'substring', got {self.seed_match!r}")
        need_tokens = self.words or (self.seed_weight > 0 and self.seed_match == "tokens")
        tokens = [jieba_cut(t) for t in norm] if need_tokens else None
        if fit:
            self.char_vectorizer_, self.word_vectorizer_ = self._vectorizers()
            mats = [self.char_vectorizer_.fit_transform(norm)]
            if self.word_vectorizer_ is not None:
                mats.append(self.word_vectorizer_.fit_transform(tokens))
            if self.seed_weight > 0:
                cb = load_codebook()
                self.seed_labels_ = list(cb.labels)
                index: dict[str, list[int]] = {}
                for j, th in enumerate(cb):
                    for t in th.seed_terms:
                        index.setdefault(normalize(t), []).append(j)
                self.seed_index_ = index
        else:
            lo, hi = self.char_ngram_range
            mats = [fast_transform(self.char_vectorizer_, [_char_grams(t, lo, hi) for t in norm])]
            if self.word_vectorizer_ is not None:
                mats.append(fast_transform(self.word_vectorizer_, tokens))
        if self.seed_weight > 0:
            mats.append(self._seed_matrix(tokens, norm))
        return sp.hstack(mats, format="csr") if len(mats) > 1 else mats[0].tocsr()

    def _model(self):
        return OneVsRestClassifier(
            LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", max_iter=1000)
        )

    # -- contract -----------------------------------------------------------------------
    def _fit(self, texts, Y, groups) -> None:
        X = self._features(texts, fit=True)
        if self.tune_thresholds and len(texts) >= 2 * self.cv:
            # Thresholds come from models that never saw the statements they score; the
            # vectorizer vocabulary is shared, which only affects idf weights slightly.
            P = _oof_scores(self._model, X, Y, groups, self.cv, self.random_state)
            self.thresholds_ = tune_thresholds(P, Y)
        self.model_ = fit_quietly(self._model(), X, Y)

    def _scores(self, texts):
        return self.model_.predict_proba(self._features(texts))

    # -- persistence ----------------------------------------------------------------------
    # skops writes a dict entry by entry; a 10,000-term vocabulary then takes minutes to
    # load. The vocabularies are saved as plain string arrays instead and rebuilt on load.
    _PACKED = ("char_vectorizer_", "word_vectorizer_")

    def __getstate__(self):
        state = super().__getstate__()
        for key in self._PACKED:
            vec = state.get(key)
            if vec is not None and hasattr(vec, "vocabulary_"):
                vec = copy.copy(vec)
                vocab = vec.__dict__.pop("vocabulary_")
                terms = [""] * len(vocab)
                for term, i in vocab.items():
                    terms[i] = term
                state[key] = vec
                state[key + "terms"] = np.array(terms, dtype=str)
        return state

    def __setstate__(self, state):
        state = dict(state)
        state.setdefault("seed_match", "tokens")  # models saved before the option existed
        for key in self._PACKED:
            terms = state.pop(key + "terms", None)
            if terms is not None and state.get(key) is not None:
                state[key].vocabulary_ = {str(t): i for i, t in enumerate(terms.tolist())}
        super().__setstate__(state)


__all__ = ["TfidfThemeClassifier"]
