"""The text view theme classifiers read: Simplified script, half-width forms, no pinyin glosses.

Statements come from Traditional mirror sites, PDFs with Kangxi radicals and pages that
gloss characters with pinyin (``進(jìn)一步``). Classifiers only need labels, not offsets,
so this view may drop characters (the glosses) — unlike :mod:`giptext.textnorm`.
Conversion is character by character through a table that fills itself on first sight of
a character, which keeps it fast enough for 10,000+ statements per second.

Example::

    >>> normalize("進(jìn)一步規範")
    '进一步规范'
"""
from __future__ import annotations

import re
from functools import lru_cache

# A pinyin gloss: ASCII/tone-marked latin letters (and digits for tone numbers) in parentheses.
_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüɑńňǹḿ\s0-9]{1,12}[)）]")


class _FoldTable(dict):
    """``str.translate`` table computed lazily: each code point is folded once, then cached."""

    def __missing__(self, code: int):
        from giptext.textnorm import fold

        ch = chr(code)
        out = fold(ch)
        self[code] = out  # an identity entry too: ``None`` would make translate() delete it
        return out


_TABLE = _FoldTable()


def normalize(text: str) -> str:
    """Fold ``text`` to the classifier view (Simplified, half-width, pinyin glosses removed)."""
    if not text:
        return ""
    if "(" in text or "（" in text:
        text = _PINYIN.sub("", text)
    return text.translate(_TABLE)


@lru_cache(maxsize=1)
def jieba_tokenizer():
    """A private :class:`jieba.Tokenizer` that knows the codebook's seed terms as words.

    Private because the global jieba dictionary is shared with other stages; the seed
    terms are added so that, e.g., 政策解读 or 依申请公开 come out as one token.
    """
    import logging

    import jieba

    from giptext.themes.codebook import load_codebook

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for theme in load_codebook():
        for term in theme.seed_terms:
            tk.add_word(normalize(term), freq=100000)
    return tk


_PUNCT = re.compile(r"^[\W_]+$")


def jieba_words(text: str) -> list[str]:
    """Jieba words of the normalised text (HMM off for speed; punctuation and spaces dropped).

    A module-level function, so a vectorizer that uses it as ``analyzer`` can be saved
    with skops by name.
    """
    return [w for w in jieba_tokenizer().lcut(normalize(text), HMM=False) if not _PUNCT.match(w)]





def jieba_cut(text: str) -> list[str]:
    """Jieba words of an already normalised text (no normalisation here; see :func:`jieba_words`)."""
    return [w for w in jieba_tokenizer().lcut(text, HMM=False) if not _PUNCT.match(w)]


def identity(tokens):
    """Analyzer for pre-tokenised input (module level so skops can save it by name)."""
    return tokens


__all__ = ["normalize", "jieba_words", "jieba_cut", "jieba_tokenizer", "identity"]
