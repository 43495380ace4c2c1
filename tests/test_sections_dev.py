"""Accuracy floor of the splitter on the annotated dev corpus (../shared/dev), and the eval CLI."""
from __future__ import annotations

import json

from giptext.eval.sections import char_f1, evaluate, gold_spans, predicted_spans
from giptext.report import Section


def test_dev_accuracy_floor(dev_dir):
    rep = evaluate(dev_dir)
    s = rep.summary
    assert s["documents"] == 226
    # Measured 0.981 / 0.995 (mean over all docs), 0.998 / 0.987 where gold has the section;
    # the floors leave a little room for honest changes.
    assert s["overview_f1_mean"] >= 0.975
    assert s["problems_f1_mean"] >= 0.99
    assert s["overview_f1_mean_present"] >= 0.99
    assert s["problems_f1_mean_present"] >= 0.98
    assert s["problems_false_pos"] <= 0.05
    # Statements vs gold_themes: measured loose 0.912, strict 0.695, kind 0.942.
    assert s["statements_recall_loose"] >= 0.9
    assert s["statements_recall_strict"] >= 0.6
    assert s["statements_kind_agree"] >= 0.92
    assert set(rep.details.columns) >= {"id", "overview_f1", "problems_f1"}


def test_eval_cli_json(dev_dir):
    from typer.testing import CliRunner

    from giptext.cli import app

    res = CliRunner().invoke(app, ["eval", "sections", str(dev_dir), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data[0]["name"] == "sections"
    assert 0.9 <= data[0]["summary"]["problems_f1_mean"] <= 1.0


def test_char_f1_rules():
    text = "ab cd\nef"
    assert char_f1(text, None, None) == 1.0
    assert char_f1(text, (0, 2), None) == 0.0
    assert char_f1(text, (0, 0), (3, 3)) == 1.0  # both empty
    assert char_f1(text, (0, 5), (0, 5)) == 1.0
    assert char_f1(text, (0, 3), (0, 5)) == 2 * 1 * 0.5 / 1.5  # spaces do not count


def test_gold_overview_running_past_the_excerpt():
    text = "标题\n一、概述\n正文一。\n正文二。\n某某局\n2020年1月1日"
    g = gold_spans(text, {"overview_start": "一、概述", "overview_text": None, "problems_text": None})
    a, b = g["overview"]
    assert text[a:b].strip() == "正文一。\n正文二。"
    assert g["problems"] is None


def test_predicted_problems_include_a_following_improvements_section():
    secs = [
        Section("preamble", "", 0, 0, "", 0),
        Section("problems", "五、存在问题", 6, 10, "xxxx", 0),
        Section("improvements", "六、改进措施", 16, 20, "yyyy", 10),
    ]
    assert predicted_spans(secs)["problems"] == (6, 20)


def _perturbed_means(dev, transform):
    from giptext.eval.sections import char_f1, gold_spans, predicted_spans
    from giptext.sections import split_sections

    gold = {r["id"]: r for r in dev.sections.to_dict("records")}
    ov, pr = [], []
    for doc_id, text in dev.docs.items():
        g = gold_spans(text, gold.get(doc_id))
        t2 = transform(text)
        assert len(t2) == len(text)  # length-preserving, so gold offsets still apply
        p = predicted_spans(split_sections(t2))
        ov.append(char_f1(text, p["overview"], g["overview"]))
        pr.append(char_f1(text, p["problems"], g["problems"]))
    return sum(ov) / len(ov), sum(pr) / len(pr)


def test_dev_robust_to_script_width_and_line_flattening(dev):
    """The same reports as Traditional script, full-width punctuation, or one line of text."""
    from giptext.sections._fold import _table

    t2s = _table()
    s2t = {ord(v): chr(k) for k, v in t2s.items() if 0x4E00 <= k <= 0x9FFF and len(v) == 1}
    full = {ord(c): chr(ord(c) + 0xFEE0) for c in ",:;()0123456789"}
    base = _perturbed_means(dev, lambda t: t)
    for name, transform, floor in (
        ("traditional", lambda t: t.translate(s2t), 0.005),
        ("fullwidth", lambda t: t.translate(full), 0.005),
        ("one-line", lambda t: t.replace("\n", " "), 0.06),
    ):
        ov, pr = _perturbed_means(dev, transform)
        assert ov >= base[0] - floor and pr >= base[1] - floor, (name, ov, pr, base)


def test_dev_appended_chrome_never_joins_a_narrative_section(dev):
    """Signature, date, share buttons and a site footer appended to every dev doc stay outside."""
    from giptext.sections import split_sections

    tail = (
        "\n\n某某县人民政府办公室\n2021年1月5日\n扫一扫在手机打开当前页\n【打印】【关闭】\n"
        "主办单位：某某市人民政府办公室 版权所有 网站标识码1234567890 ICP备12345678号\n"
    )
    for doc_id, text in dev.docs.items():
        for s in split_sections(text + tail):
            if s.label in ("overview", "problems", "improvements"):
                assert not (text + tail)[max(s.start, len(text)) : s.end].strip(), doc_id
