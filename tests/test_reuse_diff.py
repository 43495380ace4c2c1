"""``giptext diff``: paragraphs and sentences as units, the carried-over share per section.

All report text here is synthetic, written for these tests.
"""
from __future__ import annotations

import json

from typer.testing import CliRunner

from giptext import parse_report
from giptext.reuse.diff import SECTION_COLUMNS, SENTENCE_COLUMNS, diff_reports

OV = ("2020年，我局认真贯彻落实《条例》，全年主动公开政府信息326条，及时更新机构职能和政策文件。"
      "我局坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。")
PR = ("一是公开内容不够全面，部分栏目更新不及时；二是工作人员专业技能还有待进一步提高。")
PL = "下一步，我局将加强业务培训，完善考核机制，压实工作责任。"


def _wrap(s: str, width: int) -> str:
    return "\n".join(s[i : i + width] for i in range(0, len(s), width))


def _report(ov: str, pr: str, pl: str, width: int | None = None, rid: str = "r"):
    w = (lambda s: _wrap(s, width)) if width else (lambda s: s)
    return parse_report("某局政府信息公开工作年度报告\n一、总体情况\n" + w(ov) + "\n五、存在的主要问题及改进情况\n" + w(pr)
                        + "\n" + w(pl) + "\n", id=rid)


def test_wrapped_lines_are_one_paragraph():
    a = _report(OV, PR, PL, rid="2020")
    b = _report(OV, PR, PL, width=13, rid="2021")  # the same report as plain text copied from a PDF
    d = diff_reports(a, b)
    assert d.summary["counts"] == {"unchanged": 3}  # three paragraphs, not one row per visual line
    assert set(d.sentences["status"]) == {"unchanged"} and len(d.sentences) == 5
    assert d.summary["carried_over"] == {"overview": 1.0, "problems": 1.0}
    for r in d.frame.itertuples():
        assert b.text[r.start_b : r.end_b] == r.text_b and a.text[r.start_a : r.end_a] == r.text_a
        assert "\n" in r.text_b  # the paragraph spans its wrapped lines


def test_carried_over_counts_unchanged_and_small_edits():
    new_pl = "今后，我局将重点推进政务新媒体建设，拓宽公开渠道。"
    a = _report(OV, PR, PL, rid="2020")
    b = _report(OV.replace("326", "412").replace("结果公开", "结果等公开"), PR, new_pl, rid="2021")
    d = diff_reports(a, b)
    sec = d.sections.set_index("section")
    assert list(d.sections.columns) == SECTION_COLUMNS and list(d.sentences.columns) == SENTENCE_COLUMNS
    ov = sec.loc["overview"]
    assert ov.unchanged == 0 and ov.small_edits == ov.chars_b and d.summary["carried_over"]["overview"] == 1.0
    pr = sec.loc["problems"]
    assert 0 < pr.added < pr.chars_b and pr.unchanged + pr.added == pr.chars_b
    assert d.summary["carried_over"]["problems"] == round(pr.unchanged / pr.chars_b, 4)
    st = d.sentences
    assert st.loc[st.text_b == new_pl.rstrip("。") + "。", "status"].tolist() == ["added"]
    assert st.loc[st.text_a == PL, "status"].tolist() == ["removed"]
    # a strict carried_at takes the edited sentences out of the carried-over share
    d2 = diff_reports(a, b, carried_at=1.0)
    assert d2.summary["carried_over"]["overview"] < 1.0


def test_flattened_later_report_matches_by_sentence():
    a = _report(OV, PR, PL, rid="2020")
    flat = "某局政府信息公开工作年度报告 一、总体情况 " + OV + " 五、存在的主要问题及改进情况 " + PR + PL
    b = parse_report(flat * 1, id="2021")
    d = diff_reports(a, b)
    assert d.summary["carried_over"]["overview"] == 1.0
    assert d.summary["carried_over"]["problems"] == 1.0


def test_cli_diff_table_and_json(tmp_path):
    from giptext.cli import app

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(_report(OV, PR, PL).text, encoding="utf-8")
    b.write_text(_report(OV, PR, "今后，我局将重点推进政务新媒体建设，拓宽公开渠道。", width=15).text, encoding="utf-8")
    out = CliRunner().invoke(app, ["diff", str(a), str(b)])
    assert out.exit_code == 0, out.output
    assert "carried over" in out.stdout and "overview" in out.stdout and "100%" in out.stdout
    out = CliRunner().invoke(app, ["diff", str(a), str(b), "--json"])
    d = json.loads(out.stdout)
    assert set(d) == {"summary", "sections", "paragraphs", "sentences"}
    assert d["summary"]["carried_over"]["overview"] == 1.0 and d["summary"]["carried_over"]["problems"] < 1.0
    assert [s["section"] for s in d["sections"]] == ["overview", "problems"]
    out = CliRunner().invoke(app, ["diff", str(a), str(b), "--sentences"])
    assert out.exit_code == 0 and out.stdout.count("[overview]") == 2


def test_pdf_units_say_which_page_they_are_on(tmp_path):
    """Diff units of PDF reports carry ``p. N`` (issue 15: the reviewer finds them in the file);
    wrapped PDF lines are one paragraph, so the units are the report's paragraphs, not its lines."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from io_make import BLOCKS, make_pdf

    from giptext import read_report

    later = [(k, c.replace("提高工作人员业务能力", "提高干部职工业务能力") if k == "p" else c) for k, c in BLOCKS]
    a = read_report(make_pdf(tmp_path, "2023.pdf"))
    b = read_report(make_pdf(tmp_path, "2024.pdf", blocks=later))
    d = diff_reports(a, b)
    probs = d.frame[d.frame.section == "problems"]
    assert len(probs) == 1  # one paragraph, however many PDF lines it was printed on
    row = probs.iloc[0]
    assert row.status == "modified"
    assert row.where_b.startswith("p. ") and row.where_a.startswith("p. ")
    page = int(row.where_b.split(",")[0][3:])
    assert b.source_of(int(row.start_b)).page == page
    assert f"({row.where_b})" in d.format()
    # reports made from strings have no file to point into
    assert diff_reports(parse_report(a.text, id="a"), parse_report(b.text, id="b")).frame["where_b"].isna().all()
