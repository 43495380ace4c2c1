"""Figures draw real Chinese glyphs (not tofu), plots survive empty input, notebook/dashboard HTML is escaped."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from giptext.present import dashboard, plots
from giptext.present.fonts import CJK_FAMILY, cjk_font_path, missing_glyphs, use_cjk_font

SAMPLE = "政务公开存在问题"


def _render(text: str, **font) -> np.ndarray:
    """Grey-scale pixels of ``text`` drawn alone on a small white canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 0.6), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.02, 0.3, text, fontsize=20, **font)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].mean(axis=2)


def _dejavu():
    from matplotlib import font_manager

    return font_manager.FontProperties(fname=font_manager.findfont("DejaVu Sans", fallback_to_default=False))


def _differ(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels that differ clearly between two renders."""
    return float((np.abs(a - b) > 60).mean())


def test_font_registered_and_covers_codebook_words():
    assert use_cjk_font() == CJK_FAMILY
    import matplotlib

    assert matplotlib.rcParams["font.sans-serif"][0] == CJK_FAMILY
    assert missing_glyphs(SAMPLE + "认识机制平台培训") == []
    # The control font really lacks Chinese, so the comparisons below mean something.
    assert set(missing_glyphs(SAMPLE, _dejavu().get_file())) == set(SAMPLE)


def test_chinese_glyphs_are_drawn_not_tofu():
    use_cjk_font()
    cjk = _render(SAMPLE, family=CJK_FAMILY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DejaVu warns about the glyphs it lacks: that is the point
        tofu_dejavu = _render(SAMPLE, fontproperties=_dejavu())
        # Private-use code points have no glyph in any font: the CJK font's own missing-glyph boxes.
        boxes = _render("\ue000" * len(SAMPLE), family=CJK_FAMILY)
    ink = float((cjk < 128).mean())
    assert ink > 0.01, "nothing was drawn"
    assert _differ(cjk, tofu_dejavu) > 0.3 * ink
    assert _differ(cjk, boxes) > 0.3 * ink
    # Tofu draws every character the same; real glyphs differ from one another.
    assert _differ(_render("公", family=CJK_FAMILY), _render("题", family=CJK_FAMILY)) > 0.002


def test_plots_emit_no_missing_glyph_warning(tmp_path):
    statements = pd.DataFrame({
        "doc": ["a", "a", "b"], "year": [2018, 2018, 2021], "level": ["county", "county", "township"],
        "labels": [["content", "timeliness"], ["staff"], ["content"]],
    })
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plots.theme_heatmap(statements, by="year", names={"content": "公开内容", "staff": "人员", "timeliness": "时效"})
        paths = plots.save(fig, tmp_path / "heat")
    glyph = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert glyph == []
    assert all(p.stat().st_size > 1000 for p in paths)
    assert (tmp_path / "heat.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize("make", [
    lambda: plots.theme_heatmap(pd.DataFrame(), by="year"),
    lambda: plots.theme_cooccurrence(pd.DataFrame()),
    lambda: plots.originality_distribution(pd.DataFrame()),
    lambda: plots.top_families(pd.DataFrame()),
    lambda: plots.reuse_network(pd.DataFrame()),
])
def test_plots_draw_a_placeholder_on_empty_input(make):
    fig = make()
    assert fig.axes and fig.axes[0].texts, "an empty figure must say why it is empty"


def test_theme_heatmap_shares_are_per_group():
    st = pd.DataFrame({"doc": list("aabb"), "level": ["county"] * 2 + ["township"] * 2,
                       "labels": [["content"], ["content", "staff"], ["staff"], []]})
    fig = plots.theme_heatmap(st, by="level")
    img = fig.axes[0].images[0].get_array()
    # rows: content, staff; columns: county, township (LEVEL_ORDER)
    assert np.allclose(np.asarray(img), [[1.0, 0.0], [0.5, 0.5]])


def test_reuse_network_ignores_same_agency_and_is_deterministic():
    reports = pd.DataFrame({"id": ["1", "2", "3"], "agency": ["甲局", "甲局", "乙局"]})
    pas = pd.DataFrame({"doc_a": ["1", "1"], "doc_b": ["2", "3"], "start_a": [0, 0], "end_a": [50, 30]})
    f1, f2 = plots.reuse_network(pas, reports), plots.reuse_network(pas, reports)
    title = f1.axes[0].get_title()
    assert "2 agencies, 1 links" in title
    pos1 = [t.get_position() for t in f1.axes[0].texts]
    pos2 = [t.get_position() for t in f2.axes[0].texts]
    assert pos1 == pos2


def test_notebook_repr_colours_sections_and_escapes_text():
    from giptext import parse_report

    # Synthetic report text (not from the corpus), with markup that must be escaped.
    text = ("某县水利局2020年政府信息公开工作年度报告\n一、总体情况\n全年公开信息<b>120</b>条&更新。\n"
            "二、存在的主要问题及改进情况\n一是公开内容不够全面；二是更新不及时。\n")
    r = parse_report(text, id="synthetic")
    html = r._repr_html_()
    labels = {s.label for s in r.sections}
    assert {"overview", "problems"} <= labels
    for label in labels:
        assert f'data-label="{label}"' in html
    assert "&lt;b&gt;120&lt;/b&gt;" in html and "<b>120</b>" not in html
    assert "&amp;更新" in html
    assert "某县水利局" in html


def test_dashboard_table_escapes_and_sorts_numbers_by_value():
    df = pd.DataFrame({"name": ["<script>alert(1)</script>", "乙"], "n": [10, 9], "labels": [["a", "b"], []]})
    html = dashboard.table_html(df, "t")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'data-v="10.0"' in html and 'data-v="9.0"' in html
    assert "a, b" in html


def test_font_error_is_one_line_when_package_missing(monkeypatch):
    import sys

    from giptext.errors import ConfigError

    monkeypatch.setitem(sys.modules, "noto_cjk_sans_otc", None)
    with pytest.raises(ConfigError, match="noto-cjk-sans-otc") as err:
        cjk_font_path()
    assert "\n" not in str(err.value)
