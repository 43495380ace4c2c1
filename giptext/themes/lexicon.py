"""The baseline: codebook seed terms matched with spaCy's PhraseMatcher over jieba tokens.

No training: ``fit`` only records the label set. A statement gets every label one of whose
seed terms it contains (as whole jieba tokens), and ``other`` when none matches. The seed
terms are added to a private jieba dictionary so they come out of the segmenter as units.

Example::

    >>> clf = LexiconThemeClassifier().fit()
    >>> clf.predict(["政策解读形式单一", "工作还需加强"])
    [['channels', 'interpretation'], ['other']]
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from giptext.themes._base import ThemeClassifier, as_texts, decide
from giptext.themes._text import jieba_cut, normalize
from giptext.themes.codebook import OTHER, load_codebook


def _blank_zh():
    """``spacy.blank("zh")`` with the jieba segmenter, using a private jieba dictionary."""
    import logging

    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    tk = jieba.Tokenizer()
    tk.initialize()
    nlp.tokenizer.jieba_seg = tk  # the global jieba dictionary is shared with other stages
    return nlp, tk


@lru_cache(maxsize=4)
def _build_matcher(terms: tuple[tuple[str, tuple[str, ...]], ...]):
    """(nlp, PhraseMatcher) for ``((label, terms), ...)``; shared by classifiers with the same terms."""
    from spacy.matcher import PhraseMatcher

    nlp, tk = _blank_zh()
    for _, words in terms:
        for term in words:
            tk.add_word(normalize(term), freq=100000)
    matcher = PhraseMatcher(nlp.vocab)
    for label, words in terms:
        if words:
            matcher.add(label, [nlp.make_doc(normalize(t)) for t in words])
    return nlp, matcher


@lru_cache(maxsize=4)
def _single_token_index(terms: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[str]] | None:
    """term → labels when every term is a single token of the matcher's segmenter, else None."""
    nlp, _ = _build_matcher(terms)
    index: dict[str, list[str]] = {}
    for label, words in terms:
        for term in words:
            norm = normalize(term)
            if len(nlp.make_doc(norm)) != 1:
                return None
            index.setdefault(norm, []).append(label)
    return index


class LexiconThemeClassifier(ThemeClassifier):
    """Seed-term matcher (spaCy PhraseMatcher over jieba tokens); needs no labelled data.

    Parameters
    ----------
    codebook : path of a codebook JSON file, or None for the shipped codebook.
    """

    def __init__(self, codebook: str | None = None):
        self.codebook = codebook

    def fit(self, X: Any = None, Y: Any = None, groups: Sequence | None = None):
        """Record the codebook's labels (``X``/``Y`` are accepted and ignored); returns ``self``."""
        cb = load_codebook(self.codebook)
        self.classes_ = np.asarray(cb.labels, dtype=object)
        self.thresholds_ = np.full(len(cb.labels), 0.5)
        self.terms_ = {t.label: list(t.seed_terms) for t in cb}
        return self

    def _matcher(self):
        key = tuple((label, tuple(terms)) for label, terms in self.terms_.items())
        return _build_matcher(key)

    def _doc(self, nlp, text: str):
        """spaCy Doc of the normalised text. With the shipped codebook the words come from
        giptext's memoised jieba cut (same dictionary, HMM off, punctuation dropped), which is
        several times faster than spaCy calling jieba with HMM on; a custom codebook keeps
        spaCy's own segmenter, whose private dictionary knows that codebook's terms."""
        if self.codebook is not None:
            return nlp.make_doc(normalize(text))
        from spacy.tokens import Doc

        return Doc(nlp.vocab, words=jieba_cut(normalize(text)))

    def matches(self, text: str) -> list[tuple[str, str]]:
        """``(label, matched term)`` pairs found in ``text`` (on its normalised view)."""
        nlp, matcher = self._matcher()
        doc = self._doc(nlp, text)
        return [(nlp.vocab.strings[m], doc[s:e].text) for m, s, e in matcher(doc)]

    def counts(self, X: Any) -> np.ndarray:
        """Seed-term match counts, shape ``(n_texts, len(classes_))``."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "classes_")
        texts = as_texts(X)
        C = np.zeros((len(texts), len(self.classes_)))
        index = {c: j for j, c in enumerate(self.classes_)}
        single = _single_token_index(tuple((label, tuple(terms)) for label, terms in self.terms_.items()))
        if self.codebook is None and single is not None:
            # Every seed term is one token of the dictionary, so the PhraseMatcher's matches
            # are exactly the tokens found in a term → labels map (tests check the equality).
            get = single.get
            for i, t in enumerate(texts):
                for tok in jieba_cut(normalize(t)):
                    for label in get(tok, ()):
                        C[i, index[label]] += 1
            return C
        nlp, matcher = self._matcher()
        for i, t in enumerate(texts):
            doc = self._doc(nlp, t)
            for m, _, _ in matcher(doc):
                C[i, index[nlp.vocab.strings[m]]] += 1
        return C

    def _scores(self, texts: list[str]) -> np.ndarray:
        C = self.counts(texts)
        P = 1.0 - 0.5**C
        if OTHER in self.terms_:
            j = list(self.classes_).index(OTHER)
            P[:, j] = (C.sum(axis=1) == 0).astype(float)
        return P

    def indicator_from_proba(self, P: np.ndarray) -> np.ndarray:
        """Every label with at least one matched seed term; ``other`` when nothing matched."""
        return decide(P, self.thresholds_, at_least_one=False)


__all__ = ["LexiconThemeClassifier"]
