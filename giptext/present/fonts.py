"""A CJK font for matplotlib that installs with giptext (Noto Sans CJK, PyPI ``noto-cjk-sans-otc``).

Matplotlib ships no font with Chinese glyphs, so a figure titled 公开内容 renders as boxes
(tofu) on a machine without system CJK fonts. :func:`use_cjk_font` registers the bundled
Noto Sans CJK collection at run time, puts its Simplified Chinese face first in
``font.sans-serif``, and checks that the face really covers the characters we draw.

Example::

    >>> from giptext.present.fonts import use_cjk_font
    >>> family = use_cjk_font()
    >>> family
    'Noto Sans CJK SC'
"""
from __future__ import annotations

import functools
from pathlib import Path

from giptext.errors import ConfigError
from giptext.webfont import CJK_FAMILY, cjk_font_path, webfont_css

#: Characters every figure may draw: codebook labels, level names, axis words.
COVERAGE_PROBE = "政府信息公开工作年度报告认识制度机制内容时效渠道平台解读人员协调依申请监督考核重点领域基层宣传保密其他省市县乡镇部门年份复用原创"


def missing_glyphs(text: str, font_path: str | Path | None = None) -> list[str]:
    """Characters of ``text`` (non-space) that the font at ``font_path`` has no glyph for."""
    from matplotlib.ft2font import FT2Font

    path = Path(font_path) if font_path is not None else cjk_font_path()
    charmap = FT2Font(str(path)).get_charmap()
    return sorted({c for c in text if not c.isspace() and ord(c) not in charmap})


@functools.lru_cache(maxsize=1)
def use_cjk_font() -> str:
    """Register the bundled CJK font with matplotlib, make it the default sans-serif, return its family.

    Idempotent. Raises :class:`ConfigError` (one line) when the font is missing or lacks
    the glyphs giptext's figures need.
    """
    import matplotlib
    from matplotlib import font_manager

    path = cjk_font_path()
    lacking = missing_glyphs(COVERAGE_PROBE, path)
    if lacking:
        raise ConfigError(path, f"font has no glyph for {''.join(lacking)!r}: figures would show boxes")
    font_manager.fontManager.addfont(str(path))
    families = {f.name for f in font_manager.fontManager.ttflist if Path(f.fname) == path}
    if CJK_FAMILY not in families:
        raise ConfigError(path, f"font file does not provide {CJK_FAMILY!r} (found {sorted(families)})")
    matplotlib.rcParams["font.family"] = "sans-serif"
    rest = [f for f in matplotlib.rcParams["font.sans-serif"] if f != CJK_FAMILY]
    # DejaVu Sans stays as fallback for symbols Noto CJK lacks.
    matplotlib.rcParams["font.sans-serif"] = [CJK_FAMILY, *rest]
    # The minus sign U+2212 is in Noto CJK, but keep ASCII hyphen-minus for robustness.
    matplotlib.rcParams["axes.unicode_minus"] = False
    # Text as paths in SVG: the file renders identically without the font installed.
    matplotlib.rcParams["svg.fonttype"] = "path"
    return CJK_FAMILY


__all__ = ["CJK_FAMILY", "COVERAGE_PROBE", "cjk_font_path", "missing_glyphs", "use_cjk_font", "webfont_css"]
