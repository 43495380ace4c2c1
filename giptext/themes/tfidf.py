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
import weakref
from itertools import repeat
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.multiclass import OneVsRestClassifier

from giptext.errors import ConfigError
from giptext.themes._base import ThemeClassifier, fit_quietly, tune_thresholds
from giptext.themes._fast import CharGramIndex, LinearOvR, Packed, TermMatcher
from giptext.themes._text import identity, jieba_cut, normalize
from giptext.themes.codebook import OTHER, load_codebook


_WHITESPACE = re.compile(r"\s\s+")
#: Prefix of the seed columns of mined terms when they are kept apart (``seed_blocks="separate"``).
MINED = "mined:"


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
    return tfidf_of(vectorizer).transform(X, copy=False)


_TFIDF: "weakref.WeakKeyDictionary[Any, TfidfTransformer]" = weakref.WeakKeyDictionary()


def tfidf_of(vectorizer: TfidfVectorizer) -> TfidfTransformer:
    """A fitted :class:`~sklearn.feature_extraction.text.TfidfTransformer` that weighs counts
    exactly as the fitted ``vectorizer`` does, built from its public parameters and ``idf_``
    (not its private ``_tfidf``, which scikit-learn may rename); made once per vectorizer."""
    t = _TFIDF.get(vectorizer)
    if t is None:
        t = TfidfTransformer(norm=vectorizer.norm, use_idf=vectorizer.use_idf, smooth_idf=vectorizer.smooth_idf,
                             sublinear_tf=vectorizer.sublinear_tf)
        if vectorizer.use_idf:
            t.idf_ = vectorizer.idf_
        t.n_features_in_ = len(vectorizer.vocabulary_)
        _TFIDF[vectorizer] = t
    return t


def _splits(n: int, groups, cv: int, random_state: int):
    """Internal CV folds: grouped by document when ``groups`` has enough distinct values."""
    if groups is not None and len(np.unique(groups)) >= cv:
        return list(GroupKFold(n_splits=cv).split(np.zeros(n), groups=groups))
    return list(KFold(n_splits=cv, shuffle=True, random_state=random_state).split(np.zeros(n)))


def _oof_scores(make, X, Y: np.ndarray, groups, cv: int, random_state: int, features=None) -> np.ndarray:
    """Out-of-fold scores of ``make()`` (grouped folds when ``groups`` is given).

    ``features(train_rows)``, when given, rebuilds the feature matrix for each fold from
    that fold's training rows only (used when part of the features is learned, e.g. mined
    seed terms), so the held-out rows never shape their own features.
    """
    P = np.zeros(Y.shape, dtype=float)
    for tr, te in _splits(len(Y), groups, cv, random_state):
        Xf = X if features is None else features(tr)
        P[te] = fit_quietly(make(), Xf[tr], Y[tr]).predict_proba(Xf[te])
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
    seed_weight : when > 0, add one feature per label — 1 if a seed term of that label
        occurs in the text (``other``: if no term of any label does) — scaled by this
        weight, so prior knowledge helps labels with few examples.
    seed_match : ``"tokens"`` (a codebook seed term must be a whole jieba token) or
        ``"substring"`` (anywhere in the text; no jieba needed, so with ``words=False`` the
        model is jieba-free). Mined terms are always matched as substrings.
    seeds : where the seed terms come from: ``"codebook"`` (the hand-written terms of
        ``codebook.json``), ``"mined"`` (learned from the training statements by ``miner``,
        plus the labels' Chinese names), ``"codebook+mined"``, or ``"attested"`` (the hand
        terms that occur in a training statement of their label, plus the labels' names).
    miner : the :class:`~giptext.themes.mining.TermMiner` used when ``seeds`` mines
        (``None``: its defaults).
    seed_blocks : ``"pooled"`` (one column per label for all seed terms) or ``"separate"``
        (mined terms get their own columns, apart from the codebook terms and label names).
    tune_thresholds : pick each label's threshold by ``cv``-fold internal CV (grouped by
        ``groups`` when given to ``fit``); otherwise 0.5. Mined terms are re-mined inside
        each internal fold, so thresholds are set on scores of statements their terms never saw.
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
        seeds: str = "codebook",
        miner: Any = None,
        seed_blocks: str = "pooled",
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
        self.seeds = seeds
        self.miner = miner
        self.seed_blocks = seed_blocks
        self.tune_thresholds = tune_thresholds
        self.cv = cv
        self.random_state = random_state

    # -- features -----------------------------------------------------------------------
    def _check(self) -> None:
        if self.seed_match not in ("tokens", "substring"):
            raise ConfigError(None, f"seed_match must be 'tokens' or 'substring', got {self.seed_match!r}")
        if self.seed_blocks not in ("pooled", "separate"):
            raise ConfigError(None, f"seed_blocks must be 'pooled' or 'separate', got {self.seed_blocks!r}")
        if self.seeds not in ("codebook", "mined", "codebook+mined", "attested"):
            raise ConfigError(None, "seeds must be 'codebook', 'mined', 'codebook+mined' or 'attested', "
                                    f"got {self.seeds!r}")

    def _mines(self) -> bool:
        return self.seed_weight > 0 and self.seeds in ("mined", "codebook+mined")

    def _learns_seeds(self) -> bool:
        """Seed terms depend on the training rows (so internal folds must rebuild them)."""
        return self.seed_weight > 0 and self.seeds != "codebook"

    def _substring(self) -> bool:
        """Seed terms matched as substrings (vectorised) rather than as jieba tokens."""
        return self.seed_match == "substring" or self.seeds != "codebook"

    def _vectorizers(self):
        char = TfidfVectorizer(
            analyzer="char", ngram_range=tuple(self.char_ngram_range), lowercase=False,
            sublinear_tf=True, min_df=self.min_df, dtype=np.float32,
        )
        word = TfidfVectorizer(analyzer=identity, lowercase=False, sublinear_tf=True,
                               min_df=self.min_df, dtype=np.float32)
        return char, (word if self.words else None)

    def _seed_index(self, norm: list[str], Y: np.ndarray, groups) -> tuple[list[str], dict[str, list[int]]]:
        """(seed columns, term → column indices) from the codebook and/or mined from these rows.

        With ``seed_blocks="separate"`` mined terms get their own columns (``mined:<label>``),
        so the model can trust them less than the prior terms.
        """
        cb = load_codebook()
        labels = list(cb.labels) if self.seeds == "codebook" else [str(c) for c in self.classes_]
        separate = self.seed_blocks == "separate" and self._mines()
        if separate:
            labels = labels + [MINED + lab for lab in labels]
        col = {lab: j for j, lab in enumerate(labels)}
        index: dict[str, list[int]] = {}

        def add(term: str, label: str) -> None:
            if label in col and term and col[label] not in index.setdefault(term, []):
                index[term].append(col[label])

        if self.seeds in ("codebook", "codebook+mined"):
            for th in cb:
                for t in th.seed_terms:
                    add(normalize(t), th.label)
        elif self.seeds == "attested" and self.seed_weight > 0:
            # A hand term counts only where a training statement of its label contains it:
            # terms the author could have taken only from held-out statements drop out.
            from giptext.themes.mining import name_terms

            pairs = [(normalize(t), th.label) for th in cb for t in th.seed_terms if th.label in col]
            if pairs:
                terms = sorted({t for t, _ in pairs})
                tid = {t: i for i, t in enumerate(terms)}
                H = TermMatcher(terms, [[0]] * len(terms), 1).hits(Packed(norm)).T.tocsr()  # terms × rows
                cls = [str(c) for c in self.classes_]
                for t, label in pairs:
                    if label in cls and Y[H[tid[t]].indices, cls.index(label)].any():
                        add(t, label)
            for label, parts in name_terms().items():
                for t in parts:
                    add(t, label)
        if self._mines():
            from sklearn.base import clone

            from giptext.themes.mining import TermMiner

            miner = clone(self.miner) if self.miner is not None else TermMiner()
            cls = list(self.classes_)
            miner.fit(norm, [[cls[j] for j in np.flatnonzero(r)] for r in Y], groups=groups)
            for label in miner.classes_:
                for t in miner.prior_[label]:
                    add(t, str(label))
                for t in miner.mined_[label]:
                    add(t, (MINED if separate else "") + str(label))
        return labels, index

    def _seed_matrix(self, labels: list[str], index: dict[str, list[int]], norm: list[str],
                     tokens: list[list[str]] | None, packed: Packed | None,
                     matcher: TermMatcher | None = None) -> sp.csr_matrix:
        n = len(labels)
        if packed is not None:
            if matcher is None:
                matcher = TermMatcher(list(index), list(index.values()), n)
            H = matcher.label_hits(packed)
        else:
            H = np.zeros((len(norm), n), dtype=bool)
            for i, toks in enumerate(tokens):
                for t in toks:
                    for j in index.get(t, ()):
                        H[i, j] = True
        # Each block's 'other' column: no term of that block occurred.
        for prefix in ("", MINED):
            if prefix + OTHER in labels:
                block = [j for j, lab in enumerate(labels) if lab.startswith(MINED) == bool(prefix)]
                H[:, labels.index(prefix + OTHER)] = ~H[:, block].any(axis=1)
        return sp.csr_matrix(H.astype(np.float32) * np.float32(self.seed_weight))

    def _matcher(self) -> TermMatcher:
        m = getattr(self, "_cache_matcher", None)
        if m is None:
            m = self._cache_matcher = TermMatcher(list(self.seed_index_), list(self.seed_index_.values()),
                                                  len(self.seed_labels_))
        return m

    def _char_index(self) -> CharGramIndex | None:
        idx = getattr(self, "_cache_chars", False)
        if idx is False:
            lo, hi = self.char_ngram_range
            idx = self._cache_chars = (CharGramIndex(self.char_vectorizer_.vocabulary_, (lo, hi))
                                       if hi <= 3 else None)
        return idx

    def _features(self, texts: list[str], fit: bool = False, Y=None, groups=None):
        self._check()
        need_tokens = self.words or (self.seed_weight > 0 and not self._substring())
        if not fit and not need_tokens and self._char_index() is not None:
            # The jieba-free path: the whole batch is normalised and featurised as arrays.
            packed = Packed(texts, fold=True)
            mats = [tfidf_of(self.char_vectorizer_).transform(self._char_index().counts(packed), copy=False)]
            if self.seed_weight > 0:
                mats.append(self._seed_matrix(self.seed_labels_, self.seed_index_, [], None, packed, self._matcher()))
            return sp.hstack(mats, format="csr") if len(mats) > 1 else mats[0].tocsr()
        norm = [normalize(t) for t in texts]
        tokens = [jieba_cut(t) for t in norm] if need_tokens else None
        if fit:
            self.char_vectorizer_, self.word_vectorizer_ = self._vectorizers()
            mats = [self.char_vectorizer_.fit_transform(norm)]
            if self.word_vectorizer_ is not None:
                mats.append(self.word_vectorizer_.fit_transform(tokens))
            packed = Packed(norm) if self._substring() else None
            if self.seed_weight > 0:
                self.seed_labels_, self.seed_index_ = self._seed_index(norm, Y, groups)
                mats.append(self._seed_matrix(self.seed_labels_, self.seed_index_, norm, tokens, packed))
            return sp.hstack(mats, format="csr") if len(mats) > 1 else mats[0].tocsr(), norm, tokens, packed
        packed = Packed(norm)
        chars = self._char_index()
        if chars is not None:
            mats = [tfidf_of(self.char_vectorizer_).transform(chars.counts(packed), copy=False)]
        else:
            lo, hi = self.char_ngram_range
            mats = [fast_transform(self.char_vectorizer_, [_char_grams(t, lo, hi) for t in norm])]
        if self.word_vectorizer_ is not None:
            mats.append(fast_transform(self.word_vectorizer_, tokens))
        if self.seed_weight > 0:
            sub = self._substring()
            mats.append(self._seed_matrix(self.seed_labels_, self.seed_index_, norm, tokens,
                                          packed if sub else None, self._matcher() if sub else None))
        return sp.hstack(mats, format="csr") if len(mats) > 1 else mats[0].tocsr()

    def _model(self):
        return OneVsRestClassifier(
            LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear", max_iter=1000)
        )

    # -- contract -----------------------------------------------------------------------
    def _fit(self, texts, Y, groups) -> None:
        for key in [k for k in self.__dict__ if k.startswith("_cache")]:
            del self.__dict__[key]  # caches of a previous fit
        X, norm, tokens, packed = self._features(texts, fit=True, Y=Y, groups=groups)
        if self.tune_thresholds and len(texts) >= 2 * self.cv:
            # Thresholds come from models that never saw the statements they score; the
            # vectorizer vocabulary is shared, which only affects idf weights slightly.
            features = None
            if self._learns_seeds():
                n_seed = len(self.seed_labels_)
                base = X[:, : X.shape[1] - n_seed]

                def features(tr):
                    g = None if groups is None else groups[tr]
                    labels, index = self._seed_index([norm[i] for i in tr], Y[tr], g)
                    return sp.hstack([base, self._seed_matrix(labels, index, norm, tokens, packed)], format="csr")

            P = _oof_scores(self._model, X, Y, groups, self.cv, self.random_state, features)
            self.thresholds_ = tune_thresholds(P, Y)
        self.model_ = fit_quietly(self._model(), X, Y)

    def _scores(self, texts):
        ovr = getattr(self, "_cache_ovr", None)
        if ovr is None:
            ovr = self._cache_ovr = LinearOvR(self.model_)
        return ovr.predict_proba(self._features(texts))

    def seed_terms(self) -> dict[str, list[str]]:
        """The seed terms this model matches, per label (hand-written and/or mined at fit)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "seed_index_")
        out: dict[str, list[str]] = {lab: [] for lab in self.seed_labels_}
        for t, js in self.seed_index_.items():
            for j in js:
                out[self.seed_labels_[j]].append(t)
        return {k: sorted(v, key=lambda t: (len(t), t)) for k, v in out.items()}

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
        state.setdefault("seed_match", "tokens")  # models saved before the options existed
        state.setdefault("seeds", "codebook")
        state.setdefault("miner", None)
        state.setdefault("seed_blocks", "pooled")
        for key in self._PACKED:
            terms = state.pop(key + "terms", None)
            if terms is not None and state.get(key) is not None:
                state[key].vocabulary_ = {str(t): i for i, t in enumerate(terms.tolist())}
        super().__setstate__(state)


__all__ = ["TfidfThemeClassifier"]
