"""Presenting results: the CJK font for figures, matplotlib plots, the HTML dashboard, notebook reprs.

The last stage: it reads DataFrames and data-model objects and imports nothing from the
stages to its left at import time. Submodules:

- :mod:`giptext.present.fonts` — register the bundled Noto Sans CJK font with matplotlib;
- :mod:`giptext.present.plots` — theme heatmaps, co-occurrence, originality, boilerplate, reuse network;
- :mod:`giptext.present.dashboard` — the self-contained ``index.html``;
- :mod:`giptext.present.notebook` — ``report_html`` behind ``Report._repr_html_``;
- :mod:`giptext.present.reuse_page` — the reuse reviewer page (``ReuseResult.write_html``).
"""
from __future__ import annotations

from giptext.present.fonts import use_cjk_font

__all__ = ["use_cjk_font"]
