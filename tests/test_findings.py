"""giptext.present.findings: computed from the tables, left out when the corpus does not support them."""
from __future__ import annotations

import pandas as pd

from giptext.present.findings import self_copying, theme_trend, widest_family


def test_widest_family_skips_template_families_and_picks_most_agencies():
    fam = pd.DataFrame({"family": [1, 2, 3], "n_occurrences": [9, 4, 30], "n_docs": [9, 4, 30],
                        "n_agencies": [3, 4, 30], "years": [[2010, 2012], [2011, 2020], [2020]],
                        "template": [False, False, True], "text": ["甲", "工作机制不够健全", "模板"]})
    s = widest_family(fam)
    assert "4 reports of 4 agencies, 2011–2020" in s and "工作机制不够健全" in s
    assert widest_family(fam.iloc[[2]]) is None


def test_self_copying_names_the_agency_and_years():
    rep = pd.DataFrame({"id": ["a", "b", "c"], "agency": ["某局", "某局", "他局"], "year": [2018, 2019, 2019]})
    pas = pd.DataFrame({"doc_a": ["a", "a"], "doc_b": ["b", "c"], "scope": ["self", "cross"],
                        "template": [False, False], "matched": [120, 500]})
    assert self_copying(pas, rep).startswith("某局 reuses 120 characters of its 2018 report in its 2019 report")
    assert self_copying(pas[pas.scope == "cross"], rep) is None


def test_theme_trend_needs_both_eras():
    st = pd.DataFrame({"era": ["pre2019"] * 10 + ["2019_template"] * 10,
                       "labels": [["staff"]] * 8 + [["content"]] * 2 + [["staff"]] * 2 + [["content"]] * 8})
    s = theme_trend(st)
    assert "falls from 80%" in s and "to 20%" in s
    assert theme_trend(st[st.era == "pre2019"]) is None
