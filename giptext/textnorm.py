"""Length-preserving normalisation of Chinese text, shared by every stage.

Analysis compares text on a normalised *view*; the report text itself is never changed.
Each function here maps one character to one character, so an offset in the view is the
same offset in the original. (Dropping characters, as the reuse engine does, is done on
top of these with an explicit offset map.)

Example::

    >>> to_simplified("政府資訊公開")
    '政府资讯公开'
    >>> to_halfwidth("１２３ＡＢ，")
    '123AB,'
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FULLWIDTH_OFFSET = 0xFEE0
# Kangxi radicals and CJK radical supplements: glyph-alike code points from bad PDF extraction.
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
_HALFWIDTH = {o: o - _FULLWIDTH_OFFSET for o in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20


@lru_cache(maxsize=1)
def _opencc():
    from opencc_purepy import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    out = _opencc().convert(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=1)
def t2s_chars() -> dict[int, str]:
    """``{code point: Simplified character}`` for every Traditional character OpenCC's t2s
    maps to one other character (its TSCharacters table, first choice).

    Read from OpenCC's table file; asking the converter character by character gives the same
    mapping over the CJK blocks but costs far more, paid by every process that builds a
    lookup table.

    >>> t2s_chars()[ord("開")]
    '开'
    """
    from pathlib import Path

    import opencc_purepy

    path = Path(opencc_purepy.__file__).parent / "dicts" / "TSCharacters.txt"
    if not path.is_file():  # another OpenCC layout: ask the converter
        return {cp: s for cp in list(range(0x3400, 0xA000)) + list(range(0xF900, 0xFB00))
                if (s := _char_t2s(chr(cp))) != chr(cp)}
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        src, _, dst = line.partition("\t")
        dst = dst.split(" ")[0] if dst else ""
        if len(src) == 1 and len(dst) == 1 and src != dst:
            table[ord(src)] = dst
    return table


def to_simplified(text: str) -> str:
    """Traditional → Simplified, one character for one character (OpenCC t2s tables).

    Phrase-level conversions that would change the length are not applied, so offsets
    stay valid. Kangxi radicals (U+2F00–U+2FDF, seen in badly extracted PDFs) are folded
    to the ordinary ideographs by NFKC first.
    """
    if not text:
        return text
    if _RADICALS.search(text):
        text = _RADICALS.sub(lambda m: _nfkc1(m.group()), text)
    if text.isascii():
        return text
    converted = _opencc().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char_t2s(c) if ord(c) > 0x2E7F else c for c in text)


@lru_cache(maxsize=4096)
def _nfkc1(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (！…～) and the ideographic space → their half-width forms."""
    return text.translate(_HALFWIDTH)


def fold(text: str) -> str:
    """Simplified script + half-width forms: the view headings and terms are matched on."""
    return to_halfwidth(to_simplified(text))


#: A pinyin gloss inside a word, as some Traditional-script mirror sites print rare readings
#: (區(qū)委, 領(lǐng)導(dǎo)): an annotation of the character before it, not text of the report.
PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[\(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[\)）]",
    re.IGNORECASE,
)


def drop_pinyin_glosses(text: str) -> str:
    """``text`` without :data:`PINYIN_GLOSS` annotations: ``drop_pinyin_glosses("區(qū)委")`` is ``"區委"``."""
    return PINYIN_GLOSS.sub("", text) if "(" in text or "（" in text else text


__all__ = ["to_simplified", "to_halfwidth", "fold", "t2s_chars", "PINYIN_GLOSS", "drop_pinyin_glosses"]
