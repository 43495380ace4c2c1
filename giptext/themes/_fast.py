"""Batch feature extraction for prediction, done in NumPy instead of a Python loop per text.

Prediction is dominated by turning texts into features, not by the linear model. Here all
texts of a batch are joined into one array of code points and every step — character
n-gram lookup, seed-term matching, the one-vs-rest scores — runs as a few vectorised
operations over that array, whatever the number of texts. The results equal scikit-learn's
(``TfidfVectorizer.transform``, ``OneVsRestClassifier.predict_proba``; tests check it), except
that a NUL character inside a text is read as a space (NUL separates the texts).

Example::

    >>> p = Packed(["信息更新", "培训"])
    >>> p.windows(2)[1].tolist()      # the document of each valid 2-character window
    [0, 0, 0, 1]
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import scipy.sparse as sp

#: Joins the texts of a batch; it never occurs in a text (replaced by a space if it does).
SEP = "\x00"
_WHITESPACE = re.compile(r"\s\s+")  # scikit-learn's char analyzer collapses these runs
_BITS = np.uint64(21)  # every Unicode code point fits in 21 bits: 3 characters pack exactly in 64
_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the rolling hash for longer terms


class _FoldTable:
    """Code point → code point of the classifier view (:func:`giptext.themes._text.normalize`
    folds one character to one character), filled the first time a character is seen."""

    def __init__(self):
        self.table = np.arange(0x110000, dtype=np.uint32)
        self.known = np.zeros(0x110000, dtype=bool)
        self.known[:0x80] = True  # ASCII folds to itself

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        new = codes[~self.known[codes]]
        if len(new):
            from giptext.themes._text import _TABLE

            for c in np.unique(new).tolist():
                out = _TABLE[c]
                if len(out) == 1:
                    self.table[c] = ord(out)
                self.known[c] = True
        return self.table[codes]


_FOLD: _FoldTable | None = None


class Packed:
    """A batch of texts as one code-point array, with the windows that stay inside one text.

    Whitespace runs are collapsed to one space first, as scikit-learn's ``analyzer="char"``
    does, so n-gram counts match its vectorizer. With ``fold=True`` the texts are raw and
    are brought to the classifier view here (pinyin glosses dropped, Simplified, half-width)
    for the whole batch at once — the same result as ``normalize`` text by text.
    """

    __slots__ = ("codes", "_csep", "n_docs")

    def __init__(self, texts: Sequence[str], fold: bool = False):
        global _FOLD
        joined = SEP.join(texts)
        if joined.count(SEP) != max(len(texts) - 1, 0):  # a text holds the separator itself
            joined = SEP.join(t.replace(SEP, " ") for t in texts)
        if fold and ("(" in joined or "（" in joined):
            from giptext.themes._text import _PINYIN

            joined = _PINYIN.sub("", joined)  # its character class excludes SEP: no match spans two texts
        # Folding keeps whitespace whitespace and other characters not, so collapsing first is the same.
        joined = _WHITESPACE.sub(" ", joined)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        if fold:
            if _FOLD is None:
                _FOLD = _FoldTable()
            codes = _FOLD(codes)
        self.codes = codes.astype(np.uint64)
        # _csep[i] = number of separators before position i = the text that position i belongs to
        self._csep = np.concatenate(([0], np.cumsum(self.codes == 0)))
        self.n_docs = len(texts)

    def windows(self, length: int) -> tuple[np.ndarray, np.ndarray]:
        """(start positions, text index) of every ``length``-character window inside one text."""
        m = len(self.codes) - length + 1
        if m <= 0 or length < 1:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        starts = np.flatnonzero(self._csep[length : length + m] == self._csep[:m])
        return starts, self._csep[starts]

    def inside(self, starts: np.ndarray, length: int) -> np.ndarray:
        """Which ``length``-character windows starting at ``starts`` stay inside one text."""
        return self._csep[starts + length] == self._csep[starts]

    def doc_of(self, starts: np.ndarray) -> np.ndarray:
        """The text each position belongs to."""
        return self._csep[starts]

    def exact_keys(self, starts: np.ndarray, length: int) -> np.ndarray:
        """Windows of up to 3 characters as exact 64-bit keys (21 bits per character)."""
        k = self.codes[starts]
        for d in range(1, length):
            k = (k << _BITS) | self.codes[starts + d]
        return k


_FILTER_BITS = np.uint64(44)  # 64 - 20: a 2**20-slot presence filter


class _Lookup:
    """Sorted 64-bit keys with a presence filter in front of the binary search.

    Most windows of a text are not terms (and many n-grams are outside the vocabulary); a
    2**20-slot bitmap indexed by a multiplicative hash rules those out with one gather, so
    only the few candidates pay for ``searchsorted``.
    """

    __slots__ = ("keys", "_bitmap")

    def __init__(self, keys: np.ndarray):
        self.keys = keys
        self._bitmap = np.zeros(1 << 20, dtype=bool)
        self._bitmap[(keys * _BASE) >> _FILTER_BITS] = True

    def find(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(indices into ``queries`` found among the keys, their positions in ``keys``)."""
        cand = np.flatnonzero(self._bitmap[(queries * _BASE) >> _FILTER_BITS])
        if not len(cand) or not len(self.keys):
            return cand[:0], cand[:0]
        q = queries[cand]
        pos = np.minimum(np.searchsorted(self.keys, q), len(self.keys) - 1)
        ok = self.keys[pos] == q
        return cand[ok], pos[ok]


def _exact_key(term: str) -> int:
    k = 0
    for ch in term:
        k = (k << 21) | ord(ch)
    return k


def _hash_key(term: str) -> int:
    k = np.zeros(1, dtype=np.uint64)
    for ch in term:
        k = k * _BASE + np.uint64(ord(ch))
    return int(k[0])


class CharGramIndex:
    """A fitted char n-gram vocabulary (n ≤ 3) as sorted 64-bit keys, for batch counting."""

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int]):
        lo, hi = ngram_range
        if hi > 3:
            from giptext.errors import ConfigError

            raise ConfigError(None, "CharGramIndex packs at most 3 characters per key")
        self.n_features = len(vocabulary)
        self.ngram_range = (lo, hi)
        self._unigram: np.ndarray | None = None
        self._tables = {}
        for n in range(lo, hi + 1):
            items = [(_exact_key(t), j) for t, j in vocabulary.items() if len(t) == n]
            keys = np.array([k for k, _ in items], dtype=np.uint64)
            cols = np.array([j for _, j in items], dtype=np.int64)
            order = np.argsort(keys, kind="stable")
            self._tables[n] = (_Lookup(keys[order]), cols[order])

    def counts(self, packed: Packed) -> sp.csr_matrix:
        """Term counts, shape ``(n_texts, n_features)`` — what ``CountVectorizer.transform`` gives."""
        rows, cols = [], []
        for n, (lookup, col) in self._tables.items():
            keys = lookup.keys
            if not len(keys):
                continue
            if n == 1:  # single characters: a direct table by code point, no search
                if self._unigram is None:
                    self._unigram = np.full(int(keys[-1]) + 1, -1, dtype=np.int64)
                    self._unigram[keys.astype(np.int64)] = col
                starts, docs = packed.windows(1)
                c = packed.codes[starts]
                j = np.where(c < len(self._unigram), self._unigram[np.minimum(c, len(self._unigram) - 1)], -1)
                rows.append(docs[j >= 0])
                cols.append(j[j >= 0])
                continue
            starts, docs = packed.windows(n)
            hit, pos = lookup.find(packed.exact_keys(starts, n))
            rows.append(docs[hit])
            cols.append(col[pos])
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        X = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(packed.n_docs, self.n_features))
        X.sum_duplicates()
        return X


class TermMatcher:
    """Which of many terms occur in each text (as substrings), and so which labels they point to."""

    def __init__(self, terms: Sequence[str], labels: Sequence[Sequence[int]], n_labels: int):
        self.terms = list(terms)
        self.n_labels = n_labels
        # term → labels as a sparse (n_terms × n_labels) indicator, so texts × terms @ it gives labels
        r = [i for i, labs in enumerate(labels) for _ in labs]
        c = [j for labs in labels for j in labs]
        self._term_labels = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)),
                                          shape=(len(self.terms), n_labels))
        self._tables = {}
        by_len: dict[int, list[int]] = {}
        for i, t in enumerate(self.terms):
            if t:
                by_len.setdefault(len(t), []).append(i)
        for n, ids in by_len.items():
            keys = np.array([_hash_key(self.terms[i]) for i in ids], dtype=np.uint64)
            order = np.argsort(keys, kind="stable")
            keys, ids_n = keys[order], np.asarray(ids, dtype=np.int64)[order]
            # Lookup assumes one term per key. Two distinct terms sharing a 64-bit hash is
            # ~1e-15 likely even for 100,000 terms, so it is refused rather than handled.
            if len(keys) > 1 and np.any(keys[1:] == keys[:-1]):
                from giptext.errors import ConfigError

                raise ConfigError(None, f"two seed terms of length {n} share a hash; change one of them")
            codes = np.array([[ord(ch) for ch in self.terms[i]] for i in ids_n], dtype=np.uint64)
            self._tables[n] = (_Lookup(keys), ids_n, codes)

    def hits(self, packed: Packed) -> sp.csr_matrix:
        """Binary ``(n_texts, n_terms)`` matrix: term occurs in text."""
        rows, cols = [], []
        codes = packed.codes
        h = codes.copy()
        for n in range(1, max(self._tables, default=0) + 1):
            if n > 1:  # hash of every length-n window, from the length-(n-1) ones
                h = h[:-1] * _BASE + codes[n - 1 :]
            if n not in self._tables or not len(h):
                continue
            lookup, ids, term_codes = self._tables[n]
            hit, pos = lookup.find(h)
            if not len(hit):
                continue
            inside = packed.inside(hit, n)
            hit, pos = hit[inside], pos[inside]
            # A 64-bit hash can collide with a window that is not the term: compare the characters.
            same = np.all(codes[hit[:, None] + np.arange(n)] == term_codes[pos], axis=1)
            rows.append(packed.doc_of(hit[same]))
            cols.append(ids[pos[same]])
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        H = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(packed.n_docs, len(self.terms)))
        H.sum_duplicates()
        H.data[:] = 1
        return H

    def label_hits(self, packed: Packed) -> np.ndarray:
        """Boolean ``(n_texts, n_labels)``: some term of the label occurs in the text."""
        return np.asarray((self.hits(packed) @ self._term_labels).todense()) > 0


class LinearOvR:
    """``OneVsRestClassifier(LogisticRegression).predict_proba`` as one sparse-dense product.

    scikit-learn calls each label's model in turn, with input validation each time; here
    the coefficients are stacked once into a matrix.
    """

    def __init__(self, ovr):
        ests = ovr.estimators_
        self._const = {}
        n_features = next((e.coef_.shape[1] for e in ests if hasattr(e, "coef_")), 0)
        self.W = np.zeros((n_features, len(ests)))
        self.b = np.zeros(len(ests))
        for j, e in enumerate(ests):
            if hasattr(e, "coef_"):
                self.W[:, j] = e.coef_[0]
                self.b[j] = e.intercept_[0]
            else:  # a label absent from training: its model predicts a constant
                self._const[j] = e

    def predict_proba(self, X: sp.csr_matrix) -> np.ndarray:
        """Per-label probabilities, shape ``(n, n_labels)``."""
        from scipy.special import expit

        P = expit(np.asarray(X @ self.W) + self.b)
        for j, e in self._const.items():
            P[:, j] = e.predict_proba(X)[:, 1]
        return P


__all__ = ["Packed", "CharGramIndex", "TermMatcher", "LinearOvR", "SEP"]
