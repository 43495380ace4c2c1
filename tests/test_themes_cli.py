"""``giptext themes`` CLI, label_reports / Report.themes(), discovery and the themes evaluation."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from giptext.cli import app
from giptext.themes import LexiconThemeClassifier, label_reports
from giptext.themes.label import COLUMNS

runner = CliRunner()

# A SYNTHETIC report (written for this test).
REPORT = """某县统计局2021年政府信息公开工作年度报告
一、总体情况
2021年，我局认真贯彻落实《条例》，主动公开政府信息。
五、存在的主要问题及改进情况
（一）存在的主要问题
一是信息更新不够及时；二是工作人员多为兼职，业务能力不足；三是政策解读形式单一。
（二）改进措施
一是加强业务培训，提高工作人员业务水平。二是完善信息发布工作机制。
六、其他需要报告的事项
无。
"""


def test_texts_file_json(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("信息更新不够及时\n\n政策解读形式单一\n", encoding="utf-8")
    res = runner.invoke(app, ["themes", "--texts", str(f), "--json", "--model", "lexicon"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 2]
    assert "timeliness" in rows[0]["labels"] and "interpretation" in rows[1]["labels"]


def test_texts_csv_and_plain(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("加强业务培训\n", encoding="utf-8")
    res = runner.invoke(app, ["themes", "--texts", str(f), "--csv", "--model", "lexicon"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0].startswith("line,text,labels")
    res = runner.invoke(app, ["themes", "--texts", str(f), "--model", "lexicon"])
    assert res.exit_code == 0 and "staff" in res.stdout


def test_bad_invocations_are_one_line_errors(tmp_path):
    res = runner.invoke(app, ["themes"])
    assert res.exit_code == 2 and "giptext: error:" in res.output
    res = runner.invoke(app, ["themes", "--texts", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2 and "missing.txt" in res.output
    res = runner.invoke(app, ["themes", "--texts", "x", "--json", "--csv"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["themes", "--texts", __file__, "--model", str(tmp_path / "nope.skops")])
    assert res.exit_code == 2 and "nope.skops" in res.output


def test_label_reports_rows_point_into_the_text():
    from giptext import parse_report

    r = parse_report(REPORT, id="synthetic")
    df = label_reports([r], model=LexiconThemeClassifier().fit())
    assert list(df.columns) == COLUMNS
    if df.empty:
        pytest.skip("the section splitter found no statements in the synthetic report")
    for row in df.itertuples():
        assert r.text[row.start:row.end] == row.text
        assert row.labels and set(row.scores) == set(row.labels)
    assert set(df["kind"]) <= {"problem", "improvement"}


def test_report_files_cli(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    res = runner.invoke(app, ["themes", str(p), "--json", "--model", "lexicon"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert all(r["doc"] and isinstance(r["labels"], list) for r in rows)


def test_discover_flags_clusters_and_describes_them():
    from giptext.themes import discover

    assert callable(discover)

    # SYNTHETIC: two codebook themes and one the codebook lacks (canteen food safety).
    texts = (["信息更新不够及时", "栏目更新不及时", "部分信息更新滞后", "公开信息时效性不强"]
             + ["加强业务培训", "工作人员业务能力不足", "组织工作人员培训", "人员多为兼职"]
             + ["食堂饭菜口味单调", "食堂饭菜价格偏高", "食堂饭菜卫生差", "食堂饭菜分量少"])
    d = discover(texts, n_clusters=3, embedder=None, random_state=0)
    assert d.clusters["size"].sum() == len(texts) and len(d.statements) == len(texts)
    assert all(len(t) > 0 for t in d.clusters["terms"])
    assert "食堂" in "".join(d.uncovered()["terms"].sum())
    assert "cluster" in d.format()


def test_eval_themes_on_a_tiny_corpus(tmp_path):
    from giptext.eval.themes import evaluate

    # SYNTHETIC corpus: 10 docs, 2 statements each.
    (tmp_path / "docs").mkdir()
    rows, man = [], []
    pairs = [("信息更新不够及时", "timeliness"), ("加强工作人员业务培训", "staff")]
    for i in range(10):
        doc = f"{i:03d}"
        (tmp_path / "docs" / f"{doc}.txt").write_text("".join(t for t, _ in pairs), encoding="utf-8")
        man.append({"id": doc})
        rows += [{"id": doc, "text": t, "kind": "problem", "themes": [lab]} for t, lab in pairs]
    (tmp_path / "manifest.jsonl").write_text("\n".join(json.dumps(m) for m in man), encoding="utf-8")
    (tmp_path / "gold_themes.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                                encoding="utf-8")
    rep = evaluate(tmp_path, estimator=LexiconThemeClassifier())
    assert rep.summary["macro_f1"] == pytest.approx(1.0)
    assert isinstance(rep.details, pd.DataFrame) and "f1" in rep.details
