"""giptext.tables: cells from every shape, notes instead of guesses, checks, narrative, years."""
from __future__ import annotations

import math
import random

import pandas as pd
import pytest

from giptext import parse_report
from giptext.report import CELL_SEP, Meta, Report
from giptext.tables import CELL_COLUMNS, CHECK_COLUMNS, cells, check, compare_years, extract, failed, keys

REQ_HEAD = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\t法人或其他组织\t总计\n"


def _req(rows: dict[str, list], sep: str = CELL_SEP) -> str:
    labels = {
        "new": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
        "granted": "（一）予以公开", "total": "（七）总计", "carried_forward": "四、结转下年度继续办理",
    }
    return REQ_HEAD + "".join(sep.join([labels[k], *map(str, v)]) + "\n" for k, v in rows.items())


def _vals(text: str) -> dict:
    return {(c.table, c.row, c.column): c.value for c in cells(text)}


def test_frame_columns_and_offsets_point_into_text():
    text = _req({"new": [3, 0, 0, 0, 0, 1, 4]})
    r = parse_report(text, id="r")
    df = extract(r)
    assert list(df.columns) == list(CELL_COLUMNS)
    assert (df["report_id"] == "r").all()
    for row in df.itertuples():
        assert r.text[row.start:row.end] == row.raw
    assert df.set_index("column")["value"].to_dict()["other_org"] == 1.0


@pytest.mark.parametrize("sep", [CELL_SEP, " | ", " ", "\n"])
def test_same_cells_whatever_the_separator(sep):
    text = _req({"new": [5, 1, 0, 0, 2, 0, 8], "carried_over": [1, 0, 0, 0, 0, 0, 1]}, sep=sep)
    v = _vals(text)
    assert v[("requests", "new", "natural_person")] == 5
    assert v[("requests", "new", "legal_services")] == 2
    assert v[("requests", "new", "total")] == 8
    assert v[("requests", "carried_over", "total")] == 1


def test_flattened_page_on_one_line():
    text = ("某局2021年报告 一、总体情况 共受理申请3件。 二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 "
            "本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 2 1 9 第二十条第（五）项 信息内容 本年处理决定数量 行政许可 17 "
            "三、收到和处理政府信息公开申请情况 申请人情况 一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3")
    v = _vals(text)
    assert v[("proactive", "normative_documents", "in_force")] == 9
    assert v[("proactive", "licensing", "decisions")] == 17
    assert v[("requests", "new", "total")] == 3


def test_blank_and_slash_cells_are_empty_and_flagged():
    text = _req({"new": ["/", 0, 0, 0, 0, 0, 0]}, sep=" | ")
    df = extract(text)
    row = df[df["column"] == "natural_person"].iloc[0]
    assert math.isnan(row["value"]) and row["raw"] == "/"
    ch = check(text)
    blank = ch[ch["check"] == "blank_cell"]
    assert len(blank) == 1 and blank["ok"].iloc[0] == False  # noqa: E712
    assert blank["column"].iloc[0] == "natural_person"


def test_empty_tab_cells_are_blank_cells():
    text = _req({"new": ["", "", "", "", "", "", 0]})
    df = extract(text)
    assert df["value"].isna().sum() == 6
    assert df.loc[df["column"] == "total", "value"].iloc[0] == 0


def test_figures_run_together_are_noted_not_guessed():
    text = _req({"new": []}).replace("申请数量\n", "申请数量110024001510102\n")
    df = extract(text)
    new = df[df["row"] == "new"]
    assert len(new) == 7 and new["value"].isna().all()
    assert new["note"].str.contains("ran together").all()
    ch = check(text)
    assert (ch["check"] == "unreadable_row").sum() == 7


def test_run_together_with_a_unique_split_is_split_and_said():
    text = "二、主动公开政府信息情况\n信息内容本年新制作数量本年新公开数量对外公开总数量\n规章000\n规范性文件103\n"
    df = extract(text)
    nd = df[df["row"] == "normative_documents"]
    assert nd["value"].tolist() == [1.0, 0.0, 3.0]
    assert nd["note"].str.contains("ran together").all()
    assert nd["column"].tolist() == ["new_made", "new_published", "total_published"]


def test_too_few_figures_leaves_cells_empty_with_a_note():
    text = _req({"new": [0, 0, 0, 0, 0]})
    df = extract(text)
    assert df["value"].isna().all() and df["note"].str.contains("5 figure").all()


def test_pdf_wrapped_labels():
    text = (REQ_HEAD + "一、本年新收政府 2 0 0 0 0 0 2\n信息公开申请数量\n二、上年结转政府 1 0 0 0 0 0 1\n"
            "信息公开申请数量\n（三）不予公开 1.属于国家 0 0 0 0 0 0 0\n秘密\n四、结转下年 0 0 0 0 0 0 0\n度继续办理\n")
    v = _vals(text)
    assert v[("requests", "new", "total")] == 2
    assert v[("requests", "carried_over", "natural_person")] == 1
    assert v[("requests", "refused_state_secret", "total")] == 0
    assert v[("requests", "carried_forward", "total")] == 0


def test_both_template_versions_of_the_proactive_table():
    v2019 = _vals("第二十条第(五)项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n行政许可\n21\n+19\n40\n")
    assert v2019[("proactive", "licensing", "change")] == 19
    assert v2019[("proactive", "licensing", "decisions")] == 40
    v2021 = _vals("第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n32\n")
    assert v2021 == {("proactive", "licensing", "decisions"): 32.0}
    zero = _vals("第二十条第(六)项 |\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n行政处罚 |\n0 |\n未增未减 |\n0 |\n")
    assert zero[("proactive", "penalty", "change")] == 0


def test_other_rows_of_both_versions():
    one = _vals(_req({"new": [0] * 7}) + "（六）其他处理\t1\t0\t0\t0\t0\t0\t1\n")
    assert one[("requests", "other", "total")] == 1
    three = _vals(_req({"new": [0] * 7}) + "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t2\t0\t0\t0\t0\t0\t2\n"
                  "\t3.其他\t1\t0\t0\t0\t0\t0\t1\n")
    assert three[("requests", "other_overdue", "total")] == 2
    assert three[("requests", "other_other", "total")] == 1
    assert ("requests", "other", "total") not in three


def test_review_table_fifteen_figures():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
            + "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + "\n"
            + "\t".join(map(str, [1, 2, 0, 0, 3, 0, 0, 1, 0, 1, 0, 1, 0, 0, 2])) + "\n五、存在的主要问题及改进情况\n")
    v = _vals(text)
    assert v[("review_litigation", "review", "total")] == 3
    assert v[("review_litigation", "litigation_direct", "other")] == 1
    ch = check(text)
    rt = ch[ch["check"] == "review_total"].set_index("row")
    assert rt.loc["review", "ok"] and rt.loc["litigation_direct", "ok"]
    assert rt.loc["litigation_after_review", "ok"] == False  # noqa: E712  (1 + 0 + 0 + 0 != 2)
    assert rt.loc["litigation_after_review", "expected"] == 1 and rt.loc["litigation_after_review", "found"] == 2


def test_template_identity_and_total_column_checks():
    good = _req({"new": [3, 0, 0, 0, 0, 0, 3], "carried_over": [1, 0, 0, 0, 0, 0, 1],
                 "total": [4, 0, 0, 0, 0, 0, 4], "carried_forward": [0, 0, 0, 0, 0, 0, 0]})
    ch = check(good)
    assert list(ch.columns) == list(CHECK_COLUMNS)
    ident = ch[ch["check"] == "requests_identity"]
    assert len(ident) == 7 and ident["ok"].all()
    bad = good.replace("（七）总计\t4\t0\t0\t0\t0\t0\t4", "（七）总计\t5\t0\t0\t0\t0\t0\t4")
    f = failed(bad)
    assert set(f["check"]) == {"requests_identity", "requests_total_column"}
    ident = f[f["check"] == "requests_identity"].iloc[0]
    assert ident["column"] == "natural_person" and ident["expected"] == 4 and ident["found"] == 5
    assert bad[ident["start"]:ident["end"]].startswith("3")


def test_handled_total_needs_every_outcome_row():
    from corpora.tables_synth import make_values, render_tables

    v = make_values(random.Random(3), "2021")
    ch = check(render_tables(v, "2021", "tabs"))
    ht = ch[ch["check"] == "requests_handled_total"]
    assert len(ht) == 7 and ht["ok"].all()
    k = ("requests", "refused_process", "business")
    v[k] += 2
    v[("requests", "refused_process", "total")] += 2
    f = failed(render_tables(v, "2021", "tabs"))
    assert set(f["check"]) == {"requests_handled_total"}
    assert set(f["column"]) == {"business", "total"}


def test_narrative_figures_against_the_table():
    body = _req({"new": [2, 0, 0, 0, 0, 1, 3], "carried_over": [1, 0, 0, 0, 0, 0, 1]})
    agree = "一、总体情况\n全年共受理政府信息公开申请3件。\n" + body
    ch = check(agree)
    n = ch[ch["check"] == "narrative:requests_new"]
    assert len(n) == 1 and n["ok"].iloc[0] and n["found"].iloc[0] == 3
    assert agree[n["start"].iloc[0]:n["end"].iloc[0]].endswith("受理政府信息公开申请3件")
    with_carried = check("一、总体情况\n受理政府信息公开申请4件。\n" + body)
    assert with_carried[with_carried["check"] == "narrative:requests_new"]["ok"].iloc[0]
    disagree = failed("一、总体情况\n本年度收到政府信息公开申请21件。\n" + body)
    assert disagree["check"].tolist() == ["narrative:requests_new"]
    assert disagree["found"].iloc[0] == 21 and disagree["expected"].iloc[0] == 3
    none_said = failed("一、总体情况\n本年度未收到政府信息公开申请。\n" + body)
    assert none_said["check"].tolist() == ["narrative:requests_none"]


def test_no_table_no_rows_and_unreadable_table_is_a_note():
    assert extract("一、总体情况\n今年没有表格。").empty
    assert check("一、总体情况\n今年没有表格。").empty
    df = extract(REQ_HEAD + "表格在此处缺失。\n五、存在的主要问题\n")
    assert len(df) == 1 and df["row"].isna().all() and "no row" in df["note"].iloc[0]


def test_never_raises_on_garbage():
    rng = random.Random(7)
    alphabet = list("0123456789 |\t\n/一、（）总计申请人情况本年新收规章行政许可结果维持信息内容第二十条项.-") + ["\u3000"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        df = extract(text)
        ch = check(text)
        assert set(df.columns) == set(CELL_COLUMNS) and set(ch.columns) == set(CHECK_COLUMNS)
        for row in df.itertuples():
            assert 0 <= row.start <= row.end <= len(text)


def test_many_reports_one_frame_and_deterministic():
    rs = [Report(id=f"r{i}", text=_req({"new": [i, 0, 0, 0, 0, 0, i]})) for i in range(3)]
    df = extract(rs)
    assert sorted(df["report_id"].unique()) == ["r0", "r1", "r2"]
    pd.testing.assert_frame_equal(df, extract(rs))


def test_compare_years_changes_and_carry():
    def rep(year, new, cf, co):
        t = _req({"new": [new, 0, 0, 0, 0, 0, new], "carried_over": [co, 0, 0, 0, 0, 0, co],
                  "carried_forward": [cf, 0, 0, 0, 0, 0, cf]})
        return Report(id=f"a{year}", text=t, meta=Meta(agency="某局", year=year))

    rs = [rep(2021, 5, 2, 0), rep(2022, 7, 0, 2), rep(2023, 1, 0, 1), rep(2025, 0, 0, 0),
          Report(id="x", text="", meta=Meta(agency=None, year=2022))]
    df = compare_years(rs)
    assert set(zip(df["year_a"], df["year_b"])) == {(2021, 2022), (2022, 2023)}
    carry = df[(df["check"] == "carry") & (df["column"] == "total")].set_index("year_a")
    assert carry.loc[2021, "ok"] and carry.loc[2021, "value_a"] == 2
    assert carry.loc[2022, "ok"] == False  # noqa: E712  (carried forward 0, carried over 1)
    ch = df[(df["row"] == "new") & (df["column"] == "total")].set_index("year_a")
    assert ch.loc[2021, "change"] == 2 and ch.loc[2022, "change"] == -6


def test_keys_are_the_one_vocabulary():
    assert keys.REQUEST_COLUMNS[-1] == "total" and len(keys.APPLICANT_COLUMNS) == 6
    for table, row, col in (("requests", "new", "total"), ("proactive", "licensing", "decisions")):
        assert any(w == (table, row, col) for _p, w in keys.NARRATIVE_FIGURES.values())
    for v in keys.PROACTIVE_COLUMNS.values():
        for cols in v.values():
            assert all(c in keys.COLUMN_LABELS for c in cols)


def test_cli_tables_csv_json_and_bad_files(tmp_path):
    import json

    from typer.testing import CliRunner

    from giptext.cli import app

    good = tmp_path / "a.txt"
    good.write_text("某局2021年政府信息公开工作年度报告\n" + _req({"new": [1, 0, 0, 0, 0, 0, 2]}), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    runner = CliRunner()
    res = runner.invoke(app, ["tables", str(tmp_path), "--csv"])
    assert res.exit_code == 0, res.output
    lines = [x for x in res.stdout.splitlines() if x.startswith("a,")]
    assert len(lines) == 7 and lines[0].startswith("a,requests,new,natural_person,1.0")
    assert "empty.txt" in res.stderr
    res = runner.invoke(app, ["tables", str(good), "--json"])
    d = json.loads(res.stdout.splitlines()[0])
    failed_checks = [c["check"] for c in d["checks"] if c["ok"] is False]
    assert failed_checks == ["requests_total_column"]
    res = runner.invoke(app, ["tables", str(good)])
    assert "requests_total_column" in res.stdout and "expected 1.0  found 2.0" in res.stdout


def test_present_figure_section_and_notebook_view():
    from giptext.analyze import _table_frames
    from giptext.present.tables import outcome_totals, requests_by_outcome, tables_section
    from giptext.tables import read_tables

    good = Report(id="g", text=_req({"new": [2, 0, 0, 0, 0, 0, 2], "granted": [2, 0, 0, 0, 0, 0, 2]}))
    bad = Report(id="b", text=_req({"new": [1, 0, 0, 0, 0, 0, 3], "granted": [1, 0, 0, 0, 0, 0, 1]}))
    cells_df, failed_df = _table_frames([good, bad], progress=False)
    assert set(cells_df["report_id"]) == {"g", "b"}
    assert set(failed_df["report_id"]) == {"b"} and (failed_df["ok"] == False).all()  # noqa: E712
    tot = outcome_totals(cells_df).set_index("outcome")
    assert tot.loc["granted", "requests"] == 3 and tot.loc["granted", "reports"] == 2
    fig = requests_by_outcome(cells_df)
    assert fig.axes[0].patches  # bars drawn
    html = tables_section(type("A", (), {"tables": cells_df, "table_checks": failed_df})())
    assert 'id="tables"' in html and "requests_total_column" in html
    view = read_tables(bad)
    assert "1 of" in repr(view) and "failed check" in view._repr_html_()
    assert view.pivot().loc["new", "total"] == 3


def test_legacy_table_and_its_narrative():
    t = ("某局2017年政府信息公开工作年度报告\n一、概述\n本年度主动公开政府信息1136条，受理政府信息公开申请21件。\n"
         "附表：政府信息公开情况统计表\n统计指标 | 单位 | 统计数\n一、主动公开情况 | — | —\n"
         "（一）主动公开政府信息数 | 条 | 1136\n其中：主动公开规范性文件数 | 条 | 12\n三、依申请公开情况 | — | —\n"
         "（一）收到申请数 | 件 | 21\n1.当面申请数 | 件 | 3\n")
    v = {(c.row, c.column): c.value for c in cells(t)}
    assert v[("proactive_total", "value")] == 1136 and v[("requests_received", "value")] == 21
    assert v[("label:1.当面申请数", "value")] == 3
    assert all(tb == "legacy" for tb in extract(t)["table"])
    n = check(t.replace("1136条", "1130条"))
    row = n[n["check"] == "narrative:proactive_total_legacy"].iloc[0]
    assert row["ok"] == False and row["expected"] == 1136 and row["found"] == 1130  # noqa: E712
    assert n[n["check"] == "narrative:requests_received_legacy"]["ok"].all()


def test_cli_years(tmp_path):
    import csv
    import io

    from typer.testing import CliRunner

    from giptext.cli import app

    for year, co, cf in ((2021, 0, 2), (2022, 3, 0)):
        body = _req({"new": [1, 0, 0, 0, 0, 0, 1], "carried_over": [co, 0, 0, 0, 0, 0, co],
                     "carried_forward": [cf, 0, 0, 0, 0, 0, cf]})
        (tmp_path / f"r{year}.txt").write_text(f"某县某局{year}年政府信息公开工作年度报告\n" + body, encoding="utf-8")
    res = CliRunner().invoke(app, ["tables", str(tmp_path), "--years"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout[res.stdout.index("agency,"):])))
    carry = [r for r in rows if r["check"] == "carry" and r["column"] == "total"]
    assert len(carry) == 1 and carry[0]["ok"] == "False" and carry[0]["value_a"] == "2.0" and carry[0]["value_b"] == "3.0"


def test_table_words_in_prose_are_not_a_table():
    prose = ("一、总体情况\n全年主动公开信息197篇，丰富信息内容，制定公开规范性文件1篇。\n"
             "（三）行政复议和行政诉讼情况。被行政复议7件，其中结果维持6件、结果纠正0件、尚未审结1件。\n")
    assert extract(prose).empty and check(prose).empty


def test_docstring_examples():
    import doctest

    import giptext.tables

    res = doctest.testmod(giptext.tables)
    assert res.attempted >= 4 and res.failed == 0
