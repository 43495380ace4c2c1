"""Short reprs (never the whole text) and no ``nan`` shown to users in pages."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from giptext import Corpus
from giptext.present.dashboard import table_html
from giptext.report import Meta, Report
from giptext.reuse import detect

BODY = ("一、总体情况\n" + "本局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。" * 40
        + "\n二、存在的主要问题及改进情况\n" + "一是公开内容不够全面；二是更新不够及时。" * 10 + "\n")


def _report(rid: str, agency: str | None, year: int | None) -> Report:
    return Report(id=rid, text=BODY, meta=Meta(agency=agency, year=year))


def test_report_repr_is_one_short_line_with_sections():
    r = _report("r1", "某县教育局", 2020)
    s = repr(r)
    assert "\n" not in s and len(s) < 200, s
    assert s.startswith("Report(id='r1', agency='某县教育局', year=2020, ")
    assert f"{len(BODY):,} chars" in s
    assert "overview" in s and "problems" in s
    assert "主动公开政府信息。本局" not in s  # the text is never printed


def test_report_repr_unknown_meta():
    s = repr(_report("r2", None, None))
    assert "agency=unknown, year=unknown" in s and "nan" not in s and "None" not in s


def test_section_repr_does_not_print_the_body():
    sec = _report("r3", None, None).sections[1]
    s = repr(sec)
    assert "chars)" in s and len(s) < 200 and sec.text[20:60] not in s


def test_corpus_repr_summarises():
    c = Corpus([_report("a", "甲局", 2019), _report("b", None, 2021), _report("c", "乙局", None)])
    s = repr(c)
    assert s.startswith("Corpus(3 reports, ") and "2019–2021" in s and "2 agencies" in s and "0 skipped" in s
    assert "主动公开" not in s


def test_reuse_result_repr_and_page_show_no_nan(tmp_path):
    res = detect([_report("a", None, None), _report("b", "乙局", 2021)], sections="all", progress=False)
    s = repr(res)
    assert s.startswith("ReuseResult(2 reports, ") and "families" in s and "mean originality" in s
    res.reports["agency"] = res.reports["agency"].astype(object).where(res.reports["agency"].notna(), np.nan)
    res.reports["year"] = pd.to_numeric(res.reports["year"], errors="coerce")  # as read back from CSV: NaN
    page = res.write_html(tmp_path / "reuse.html").read_text(encoding="utf-8")
    assert not re.search(r">\s*(nan|NaN|None)\s*<", page)


def test_dashboard_table_shows_a_dash_for_unknown_values():
    df = pd.DataFrame({"id": ["a", "b"], "agency": [None, "乙局"], "year": [np.nan, 2021.0],
                       "share": [np.float32("nan"), 0.5]})
    html = table_html(df, "t")
    assert not re.search(r">\s*(nan|NaN|None|<NA>)\s*<", html)
    assert html.count(">—<") == 3
