"""Plain-text reports: detect the encoding and decode.

Detection is charset-normalizer's job (it knows UTF-8/16/32 with or without BOM, GB18030,
GBK, Big5 and many more); this module only adds the checks that turn a poor guess into a
clear :class:`~giptext.errors.DecodeError` instead of mojibake passed on as text.

Example::

    >>> text, enc = decode_bytes("某局2021年报告".encode("gb18030"))
    >>> text, enc
    ('某局2021年报告', 'gb18030')
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from giptext.errors import DecodeError

# A decoded "text" with more control characters than this is binary read as text.
_MAX_CONTROL_RATIO = 0.02
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than white space
_RELAXED_CHAOS = 0.5  # charset-normalizer's default ceiling is 0.2
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec_name(name: str) -> str:
    """Python codec name in its usual spelling: 'utf_16_le' → 'utf-16-le'."""
    return codecs.lookup(name).name.replace("_", "-")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = len(_CONTROL.findall(text)) + text.count("\ufffd")
    return bad / len(text) > _MAX_CONTROL_RATIO


def _foreign_script_share(text: str) -> float:
    """Share of Hangul and kana among the CJK-range letters of ``text``."""
    han = foreign = 0
    for ch in text:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            han += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3040 <= o <= 0x30FF:
            foreign += 1
    return foreign / (han + foreign) if han + foreign else 0.0


def _prefer_chinese(matches):
    """charset-normalizer's best match, unless it reads as Korean/Japanese and a later
    candidate reads as Chinese: short GBK snippets often score best as cp949 or UTF-16."""
    candidates = list(matches)
    if not candidates:
        return None
    for m in candidates:
        if _foreign_script_share(str(m)) < 0.05:
            return m
    return candidates[0]


def decode_bytes(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    A byte-order mark decides outright (and is not part of the text); valid UTF-8 is
    taken as UTF-8, because other encodings of Chinese text are almost never valid UTF-8;
    everything else goes to charset-normalizer. Raises :class:`DecodeError` when nothing
    decodes the bytes into plausible text.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(path, f"starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason})") from None
            return text.lstrip("\ufeff"), enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_binary(text):
            return text, "utf-8"
    from charset_normalizer import from_bytes

    best = _prefer_chinese(from_bytes(data))
    if best is None:
        # Text full of rare code points (Kangxi radicals from PDF extraction, encoded as
        # GB18030 four-byte sequences) scores as "chaotic"; a second, more tolerant pass
        # still rejects binary, and _looks_binary below guards the result.
        best = from_bytes(data, threshold=_RELAXED_CHAOS).best()
    if best is None:
        raise DecodeError(path, "bytes are not text in any supported encoding (UTF-8/16, GB18030/GBK, Big5, …)")
    text = str(best)
    if _looks_binary(text):
        raise DecodeError(path, f"bytes do not decode to readable text (best guess {best.encoding} gives control characters)")
    enc = _codec_name(best.encoding)
    if enc == "utf-8" and best.bom:
        enc = "utf-8-sig"
    return text.lstrip("\ufeff"), enc


def read_text_file(path: str | Path) -> tuple[str, str]:
    """Read a ``.txt`` report; return ``(text, encoding)``."""
    return decode_bytes(Path(path).read_bytes(), path)


__all__ = ["decode_bytes", "read_text_file"]
