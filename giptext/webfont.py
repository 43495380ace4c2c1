"""The bundled CJK font (Noto Sans CJK, PyPI ``noto-cjk-sans-otc``) and web-font embedding.

Shared by the figures (:mod:`giptext.present.fonts`) and by every self-contained HTML page
(the reuse reviewer page, the dashboard): a page embeds the subset of the font it uses, so
Chinese reads on a machine without a CJK system font instead of showing boxes.

Example::

    >>> css = webfont_css("公开")
    >>> css.startswith("@font-face")
    True
"""
from __future__ import annotations

from pathlib import Path

from giptext.errors import ConfigError

#: The face of the collection used (Simplified Chinese glyph forms).
CJK_FAMILY = "Noto Sans CJK SC"


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK collection; :class:`ConfigError` if it is not installed."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        raise ConfigError(
            None,
            "the CJK font package is missing: pip install noto-cjk-sans-otc (figures would show boxes for Chinese)",
        ) from None
    path = Path(str(noto_cjk_sans_otc.FONT_PATH))
    if not path.is_file():
        raise ConfigError(path, "CJK font file is missing: reinstall noto-cjk-sans-otc")
    return path


def webfont_css(text: str, family: str = "giptext-cjk") -> str:
    """An ``@font-face`` rule embedding the bundled font, subset to the characters of ``text``.

    Lets a self-contained HTML page show Chinese on a machine without a CJK system font
    (a headless server, a minimal container). Only non-ASCII characters are kept, so the
    embedded font stays small (about 300 bytes a glyph). Returns ``""`` when ``text`` has none.
    """
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTCollection

    wanted = sorted({ord(c) for c in text if ord(c) > 0x7F and not c.isspace()})
    if not wanted:
        return ""
    collection = TTCollection(str(cjk_font_path()), lazy=True)
    face = next((f for f in collection.fonts if f["name"].getDebugName(1) == CJK_FAMILY), collection.fonts[0])
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the licence and font names (OFL asks to keep them)
    # Horizontal text without OpenType features: skipping the layout tables makes subsetting
    # several times faster and the result smaller.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "JSTF", "MATH"]
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(face)
    buf = io.BytesIO()
    face.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f"@font-face{{font-family:'{family}';src:url(data:font/otf;base64,{data}) format('opentype');"
        "font-display:block}"
    )


__all__ = ["CJK_FAMILY", "cjk_font_path", "webfont_css"]
