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





_HAN_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")  # jieba's own block pattern


_ENG = re.compile("[a-zA-Z0-9]")
_ABSENT = object()


@lru_cache(maxsize=1)
def _log_probs():
    """jieba's prefix dictionary as one map: word → log-probability, prefix-only entry → None."""
    from math import log

    tk = jieba_tokenizer()
    logtotal = log(tk.total)
    return {w: (log(f) - logtotal if f else None) for w, f in tk.FREQ.items()}, log(1) - logtotal


def _segment(block: str) -> list[str]:
    """jieba's ``cut(block, HMM=False)`` for one Han/alphanumeric run, same output, fewer steps.

    The same DAG and the same dynamic programme (ties to the longer word, as ``max`` over
    ``(score, end)`` tuples does), with log-probabilities looked up instead of recomputed.
    """
    logp, unknown = _log_probs()
    get = logp.get
    n = len(block)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    absent = _ABSENT
    for k in range(n - 1, -1, -1):
        best_s, best_x = None, k
        i = k
        lp = get(block[k], absent)
        while lp is not absent:
            if lp is not None:
                s = lp + score[i + 1]
                if best_s is None or s > best_s or (s == best_s and i > best_x):
                    best_s, best_x = s, i
            i += 1
            if i >= n:
                break
            lp = get(block[k : i + 1], absent)
        if best_s is None:  # no dictionary word starts here: the character alone
            best_s, best_x = unknown + score[k + 1], k
        score[k], end[k] = best_s, best_x
    words, buf, x = [], "", 0
    while x < n:
        y = end[x] + 1
        word = block[x:y]
        if len(word) == 1 and _ENG.match(word):
            buf += word
        else:
            if buf:
                words.append(buf)
                buf = ""
            words.append(word)
        x = y
    if buf:
        words.append(buf)
    return words


@lru_cache(maxsize=1 << 16)
def _cut_block(block: str) -> tuple[str, ...]:
    if _HAN_BLOCK.fullmatch(block):
        words = _segment(block)
    else:  # punctuation and other symbols: jieba's own path (rare, short)
        words = jieba_tokenizer().lcut(block, HMM=False)
    return tuple(w for w in words if not _PUNCT.match(w))


def jieba_cut(text: str) -> list[str]:
    """Jieba words of an already normalised text (no normalisation here; see :func:`jieba_words`).

    jieba segments each run of Han/alphanumeric characters on its own, so cutting the runs
    one by one gives exactly its output; runs are memoised, since phrases such as
    有待进一步加强 recur across statements.
    """
    out: list[str] = []
    for block in _HAN_BLOCK.split(text):
        if block:
            out.extend(_cut_block(block))
    return out


def identity(tokens):
    """Analyzer for pre-tokenised input (module level so skops can save it by name)."""
    return tokens


__all__ = ["normalize", "jieba_words", "jieba_cut", "jieba_tokenizer", "identity"]
