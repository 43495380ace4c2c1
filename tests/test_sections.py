"""The section splitter on the pitfalls real reports contain.

All snippets here are synthetic (written for these tests, modelled on the layouts seen in
real reports); the real texts are read from ../shared at run time in test_sections_dev.py.
"""
from __future__ import annotations

import pytest

from giptext.report import Report
from giptext.sections import extract_statements, section_part, split_sections
from giptext.sections.headings import classify_title, cn_to_int, find_candidates
from giptext.sections.tables import is_chrome_line, trailing_chrome_start

PROB = "2021年，我局工作取得一定成效，但仍存在一些问题：一是公开内容不够全面；二是更新不够及时。"


def labels(text: str) -> list[str]:
    return [s.label for s in split_sections(text)]


def by_label(text: str) -> dict[str, object]:
    return {s.label: s for s in split_sections(text)}


def check_partition(text: str) -> None:
    secs = split_sections(text)
    pos = 0
    for s in secs:
        assert s.span_start == pos
        assert text[s.start : s.end] == s.text
        assert text[s.span_start : s.start] == s.heading
        pos = s.end
    assert pos == len(text)


# -- vocabulary ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title,label",
    [
        ("概述", "overview"),
        ("总体情况", "overview"),
        ("基本情况", "overview"),
        ("政府信息公开工作基本情况", "overview"),
        ("2018年度政府信息公开工作基本情况", "overview"),
        ("主动公开政府信息情况", "proactive"),
        ("依申请公开政府信息办理情况", "requests"),
        ("收到和处理政府信息公开申请情况", "requests"),
        ("政府信息公开的收费及减免情况", "fees"),
        ("因政府信息公开申请行政复议、提起行政诉讼的情况", "review_litigation"),
        ("存在的主要问题及改进情况", "problems"),
        ("存在问题和不足", "problems"),
        ("存在的困难和问题", "problems"),
        ("主要问题和改进措施", "problems"),
        ("政府信息公开工作存在的主要问题和改进措施", "problems"),
        ("存在的主要問題及改進情況", "problems"),  # Traditional
        ("改进措施", "improvements"),
        ("下一步工作计划", "improvements"),
        ("其他需要报告的事项", "other_matters"),
        ("加强组织领导", "other"),
    ],
)
def test_heading_words_are_classified_by_meaning(title, label):
    assert classify_title(title) == label


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ("一", "五", "十", "十二", "二十", "—")] == [1, 5, 10, 12, 20, 1]


@pytest.mark.parametrize(
    "heading",
    ["一、概述", "一. 概述", "一 、概  述", "一 概述", "—、概述", "一．概述", "１、概述", "1.概述", "第一部分 概述", "一、概述。"],
)
def test_numbering_variants_open_the_overview(heading):
    text = f"某局2012年政府信息公开年度报告\n{heading}\n本年度工作稳步推进。\n二、主动公开政府信息情况\n全年公开信息10条。\n"
    if heading.startswith(("１", "1")):
        text = text.replace("二、主动", "2、主动")
    if heading.startswith("第"):
        text = text.replace("二、主动", "第二部分 主动")
    ov = by_label(text)["overview"]
    assert ov.text.strip() == "本年度工作稳步推进。"
    check_partition(text)


def test_old_format_sections_in_order():
    text = (
        "某县卫生局2010年政府信息公开工作年度报告\n"
        "一、概述\n本年度工作。\n二、主动公开政府信息情况\n公开20条。\n三、依申请公开政府信息情况\n未收到申请。\n"
        "四、政府信息公开的收费及减免情况\n无收费。\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
        "六、政府信息公开工作存在的主要问题和改进措施\n" + PROB + "\n七、其他需要报告的事项\n无。\n"
    )
    assert labels(text) == [
        "preamble", "overview", "proactive", "requests", "fees", "review_litigation", "problems", "other_matters",
    ]


def test_traditional_report():
    text = "一、總體情況\n本年度工作。\n二、主動公開政府信息情況\n公開。\n五、存在的主要問題及改進情況\n存在問題。\n六、其他需要報告的事項\n無。"
    assert labels(text) == ["preamble", "overview", "proactive", "problems", "other_matters"]


def test_pinyin_glosses_inside_heading_words():
    text = "一、總體情況\n本年度工作。\n二、主動(dòng)公開政府信息情況\n公開。\n"
    assert labels(text)[-1] == "proactive"


# -- run-in, missing numerals, headingless overview ----------------------------------------
def test_run_in_heading():
    text = "一、总体情况\n工作。\n五、存在的主要问题2019年，我局信息公开还存在更新不及时的问题。\n"
    prob = by_label(text)["problems"]
    assert prob.heading == "五、存在的主要问题"
    assert prob.text.startswith("2019年")


def test_heading_without_numeral():
    text = "一、概述\n工作开展顺利。\n二、主动公开信息情况\n公开。\n工作存在的主要问题\n" + PROB + "\n四、2018年工作思路\n加强学习。\n"
    secs = by_label(text)
    assert secs["problems"].heading == "工作存在的主要问题"
    assert secs["improvements"].heading == "四、2018年工作思路"


def test_thematic_first_heading_is_not_overview_but_a_summary_heading_is():
    assert "overview" not in labels("一、加强组织领导\n成立小组。\n二、主动公开政府信息情况\n公开。\n")
    assert "overview" in labels("一、政府信息公开工作成效显著\n本年度成效。\n二、主动公开政府信息情况\n公开。\n")


def test_excerpt_starting_at_section_two_has_no_overview():
    assert "overview" not in labels("前文……\n二、政府信息公开基本情况\n公开。\n三、依申请公开情况\n无。\n")


# -- tables ---------------------------------------------------------------------------------
TABLE_PIPES = (
    "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和) |\n申请人情况 |\n自然人 |\n"
    "一、本年新收政府信息公开申请数量 |\n|\n0 |\n二、上年结转政府信息公开申请数量 |\n0 |\n三、本年度办理结果 |\n"
    "(一)予以公开 |\n0 |\n四、结转下年度继续办理 |\n0 |\n0 |\n"
)
TABLE_LINES = TABLE_PIPES.replace(" |", "").replace("\n|\n", "\n\n")
TABLE_TABS = "\n".join("\t" + line if line and not line.startswith("三、收到") else line for line in TABLE_LINES.split("\n"))


@pytest.mark.parametrize("table", [TABLE_PIPES, TABLE_LINES, TABLE_TABS], ids=["pipes", "cell-per-line", "tabs"])
def test_flattened_table_rows_never_open_sections(table):
    text = (
        "一、总体情况\n工作。\n二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n0\n" + table
        + "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n0\n0\n五、存在的主要问题及改进情况\n" + PROB
        + "\n六、其他需要报告的事项\n无。\n"
    )
    secs = split_sections(text)
    assert [s.label for s in secs] == [
        "preamble", "overview", "proactive", "requests", "review_litigation", "problems", "other_matters",
    ]
    assert not any("本年新收" in s.heading or "结转下年度" in s.heading for s in secs)
    check_partition(text)


def test_table_of_contents_sentence_is_not_a_heading():
    text = (
        "本报告由某局编制。全文包括总体情况、主动公开政府信息情况、存在的主要问题及改进情况、其他需要报告的事项。\n"
        "一、总体情况\n工作。\n"
    )
    secs = split_sections(text)
    assert [s.label for s in secs] == ["preamble", "overview"]
    assert "全文包括" in secs[0].text


# -- chrome -------------------------------------------------------------------------------
def test_trailing_signature_date_and_share_buttons_are_not_problems():
    tail = "\n\n城步县某某局\n2020年2月12日\n\n扫一扫在手机打开当前页\n【打印】【关闭】\n"
    text = "五、存在的主要问题及改进情况\n" + PROB + tail
    secs = split_sections(text)
    prob = [s for s in secs if s.label == "problems"][0]
    assert "2020年2月12日" not in prob.text and prob.text.strip().endswith("更新不够及时。")
    assert secs[-1].label == "other" and "扫一扫" in secs[-1].text
    check_partition(text)


def test_chrome_lines():
    assert is_chrome_line("2020年2月12日")
    assert is_chrome_line("某某县商务局")
    assert is_chrome_line("主办单位:某市人民政府办公室 版权所有 ICP备12345号")
    assert not is_chrome_line("（三）继续做好政府信息公开申请的答复和电话咨询工作，满足申请人的知情权。")
    t = "正文。\n某局\n2021年1月1日"
    assert t[trailing_chrome_start(t, 0):].startswith("某局")


def test_bookmarks_and_markdown_before_headings():
    text = "[bookmark: _GoBack]一、总体情况\n工作。\n**五、存在的问题及改进措施**\n" + PROB
    secs = by_label(text)
    assert secs["overview"].heading.endswith("一、总体情况")
    assert "problems" in secs


def test_page_flattened_to_one_line():
    text = (
        "报告 本报告由某镇编制。 一、总体情况 本年度工作稳步推进。 二、主动公开政府信息情况 公开10条。 "
        "三、政府信息公开工作存在的主要问题和改进措施 一年来取得了一定的效果，但仍存在以下问题：一是载体单一；二是分类不明确。 "
        "四、其他需要报告的事项 无。"
    )
    assert labels(text) == ["preamble", "overview", "proactive", "problems", "other_matters"]


def test_heading_glued_to_previous_sentence_by_pdf_wrapping():
    text = "如有疑问请联系本局办公室。一、概述\n本年度工作稳步推进。\n"
    assert by_label(text)["overview"].text.strip() == "本年度工作稳步推进。"


def test_problems_paragraph_without_heading():
    text = "某镇2013年信息公开年度报告\n全年共上传信息385条。\n" + PROB + "\n扫一扫在手机打开当前页"
    secs = by_label(text)
    assert secs["problems"].heading == ""
    assert secs["problems"].text.strip() == PROB


def test_sub_list_inside_a_section_is_not_top_level():
    text = (
        "一、总体情况\n一、加强领导。成立小组，负责日常工作。\n二、完善制度。建立审核制度，规范发布流程。\n"
        "二、主动公开政府信息情况\n公开。\n三、依申请公开情况\n无。\n"
    )
    assert labels(text) == ["preamble", "overview", "proactive", "requests"]


def test_arabic_items_under_chinese_sections_are_sub_items():
    text = "一、总体情况\n1.主动公开情况\n公开。\n2.依申请公开情况\n无。\n"
    assert labels(text) == ["preamble", "overview"]


# -- problems / improvements parts and statements -------------------------------------------
@pytest.mark.parametrize(
    "improve",
    [
        "(二)改进措施\n一是加强培训；二是完善制度。",
        "改进措施：一是加强培训；二是完善制度。",
        "下一步，我局将一是加强培训；二是完善制度。",
        "为此，我局将从以下方面改进：一是加强培训；二是完善制度。",
    ],
)
def test_improvements_as_second_half_of_problems(improve):
    text = "五、存在的主要问题及改进情况\n" + PROB + "\n" + improve + "\n六、其他需要报告的事项\n无。"
    r = Report("t", text)
    assert r.problems == PROB
    assert r.improvements == improve
    kinds = [(s.kind, s.text) for s in r.statements()]
    assert kinds == [
        ("problem", "公开内容不够全面"),
        ("problem", "更新不够及时"),
        ("improvement", "加强培训"),
        ("improvement", "完善制度"),
    ]
    for s in r.statements():
        assert text[s.start : s.end] == s.text


def test_separate_improvements_section():
    text = "五、存在的主要问题\n" + PROB + "\n六、改进措施\n（一）加强培训。\n（二）完善制度。\n七、其他需要报告的事项\n无。"
    r = Report("t", text)
    assert [s.label for s in r.sections][1:] == ["problems", "improvements", "other_matters"]
    assert r.problems == PROB
    assert r.improvements == "（一）加强培训。\n（二）完善制度。"
    assert [s.text for s in r.statements("improvement")] == ["加强培训", "完善制度"]


def test_parts_absent():
    r = Report("t", "一、总体情况\n工作。")
    assert r.problems == "" and r.improvements == ""
    assert r.statements() == []
    assert r.overview == "工作。"


def test_statement_styles():
    for body, expected in [
        ("（一）公开内容不全面。\n（二）更新不及时。", ["公开内容不全面", "更新不及时"]),
        ("1.公开内容不全面。\n2.更新不及时。", ["公开内容不全面", "更新不及时"]),
        ("主要表现在：公开内容不全面；更新不及时；形式单一。", ["公开内容不全面", "更新不及时", "形式单一"]),
    ]:
        r = Report("t", "四、存在的问题\n" + body)
        assert [s.text for s in r.statements("problem")][-len(expected) :] == expected


def test_rectification_pairs_get_their_own_kinds():
    text = (
        "一、存在问题及整改情况\n（一）重点领域方面\n存在问题：信息更新较慢。\n整改措施：加强资料收集。\n"
        "（二）政策解读方面\n存在问题：解读过于简单。\n整改措施：丰富解读形式。\n"
    )
    st = extract_statements(Report("t", text))
    assert [(s.kind, s.text) for s in st] == [
        ("problem", "信息更新较慢"),
        ("improvement", "加强资料收集"),
        ("problem", "解读过于简单"),
        ("improvement", "丰富解读形式"),
    ]


def test_section_part_rejects_unknown_names():
    from giptext.errors import ConfigError

    with pytest.raises(ConfigError):
        section_part(Report("t", "x"), "summary")


def test_empty_and_headingless_texts():
    assert [(s.label, s.start, s.end) for s in split_sections("")] == [("preamble", 0, 0)]
    assert labels("只是一段没有标题的文字。") == ["preamble"]


def test_candidates_report_numbers_and_labels():
    c = find_candidates("一、总体情况\n五、存在的主要问題及改进情况\n")
    assert [(x.number, x.label) for x in c] == [(1, "overview"), (5, "problems")]


# -- seeds ----------------------------------------------------------------------------------
def test_seed_reports(seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        r = Report(f.stem, text)
        labs = [s.label for s in r.sections]
        assert "problems" in labs, f.name
        assert "other_matters" in labs, f.name
        assert labs.index("problems") < labs.index("other_matters"), f.name
        assert not any("本年新收" in s.heading or "结转下年度" in s.heading for s in r.sections), f.name
        assert r.problems and len(r.problems) > 40, f.name
        assert r.statements("problem"), f.name
        check_partition(text)


def test_headings_run_together_with_the_text():
    text = (
        "现将工作情况汇报如下。一、政府信息公开工作开展情况我镇成立了领导小组。二、存在的主要问题1、内容有待完善。"
        "2、及时性有待提高。三、改进措施1、统一认识。"
    )
    secs = by_label(text)
    assert secs["overview"].heading == "一、政府信息公开工作开展情况"
    assert secs["problems"].heading == "二、存在的主要问题"
    assert secs["improvements"].heading == "三、改进措施"
    check_partition(text)


def test_overview_after_unnamed_sections_only():
    text = "一、前言\n说明。\n二、总体情况\n工作。\n三、主动公开政府信息情况\n公开。\n"
    assert labels(text) == ["preamble", "other", "overview", "proactive"]


def test_run_on_issue_list_is_split_into_issues():
    body = "我局工作取得一定成效，但仍存在一些问题，主要体现在信息公开内容不够及时，覆盖面不够广泛，个别栏目更新滞后。"
    r = Report("t", "五、存在的主要问题\n" + body)
    assert [s.text for s in r.statements("problem")] == ["信息公开内容不够及时", "覆盖面不够广泛", "个别栏目更新滞后"]


def test_improvement_lead_in_without_subject():
    text = "五、存在的主要问题及改进情况\n" + PROB + "为此，2022年重点做好以下工作：一是加强培训；二是完善制度。"
    r = Report("t", text)
    assert r.improvements.startswith("为此")
    assert [s.text for s in r.statements("improvement")] == ["加强培训", "完善制度"]


def test_long_one_line_page_is_handled_in_linear_time():
    # Synthetic worst case: a one-line page with thousands of glued numbered fragments.
    text = "。".join("一、概述,二、存在问题" for _ in range(3000))
    secs = split_sections(text)
    assert "".join(s.heading + s.text for s in secs) == text


def test_parenthesised_outline_when_the_page_has_no_other():
    text = "（一）总体情况\n工作。\n（二）主动公开政府信息情况\n公开。\n（三）存在的问题\n" + PROB
    assert labels(text) == ["preamble", "overview", "proactive", "problems"]
    # Under a 一、 outline the same numbering is a sub-item.
    sub = "一、总体情况\n（一）组织领导\n成立小组。\n（二）主动公开政府信息情况\n公开。\n二、依申请公开情况\n无。"
    assert labels(sub) == ["preamble", "overview", "requests"]


def test_sub_headed_parts_without_enumerators():
    text = (
        "五、存在的主要问题及改进情况\n（一）存在的主要问题\n一是格式不够规范；二是更新不够及时。\n"
        "（二）改进措施\n进一步提高认识，加强学习。继续把公开作为重要内容。\n"
    )
    r = Report("t", text)
    assert [s.text for s in r.statements("problem")] == ["格式不够规范", "更新不够及时"]
    assert [s.text for s in r.statements("improvement")] == ["进一步提高认识，加强学习", "继续把公开作为重要内容"]


def test_short_enumerated_last_item_is_not_chrome():
    text = "六、改进措施\n1、完善制度\n2、加强培训"
    assert split_sections(text)[-1].text.endswith("2、加强培训")


def test_numbered_table_of_contents_lines_are_not_the_outline():
    toc = "目录\n一、概述\n二、主动公开政府信息情况\n三、依申请公开情况\n四、存在的主要问题及改进措施\n五、其他需要报告的事项\n"
    body = (
        "一、概述\n本年度工作。\n二、主动公开政府信息情况\n公开。\n三、依申请公开情况\n无。\n"
        "四、存在的主要问题及改进措施\n" + PROB + "\n五、其他需要报告的事项\n无。"
    )
    secs = split_sections("某局2012年报告\n" + toc + body)
    assert "目录" in secs[0].text and "五、其他需要报告的事项" in secs[0].text
    assert by_label("某局\n" + toc + body)["overview"].text.strip() == "本年度工作。"


@pytest.mark.parametrize("first", ["（一）概述", "第一部分：总体情况", "1.总体情况"])
def test_mixed_numbering_first_section(first):
    text = f"报告\n{first}\n本年度工作。\n二、主动公开政府信息情况\n公开。\n三、依申请公开情况\n无。\n四、存在的主要问题\n不及时。\n"
    secs = by_label(text)
    assert secs["overview"].heading == first
    assert secs["overview"].text.strip() == "本年度工作。"
    assert "proactive" in secs and "problems" in secs


@pytest.mark.parametrize(
    "title",
    ["存在的不足", "存在的主要问题及下步工作安排", "工作存在的主要问题及下步打算", "政府信息公开中存在的问题",
     "信息公开工作存在的主要问题及整改情况", "差距和不足", "工作中的不足及改进方向", "存在的短板和弱项", "发现问题，及时更改。"],
)
def test_problem_heading_wordings(title):
    assert classify_title(title) == "problems"


@pytest.mark.parametrize(
    "title",
    ["工作概述", "基本概况", "政府信息公开工作情况", "主要做法", "当前进展情况", "概述（2013年政府信息公开工作开展情况）",
     "2020年政府信息公开总体情况", "總體情況"],
)
def test_overview_heading_wordings(title):
    assert classify_title(title) == "overview"


@pytest.mark.parametrize(
    "text",
    ["前言。\n<p\n>总体情况 2020年，我局认真贯彻落实条例要求。\n二、主动公开\n",
     "<span\n>存在的主要问题：一是认识不足，工作有待加强。\n<br\n/>概述\n正文。",
     "**总体情况** 根据上级要求，我局开展了工作。\n<b\n>存在问题 1、公开内容不够全面。\n存在的主要问题及改\n进情况\n"],
)
def test_on_lines_matches_full_scan(text):
    """Trying the run-in and wrapped patterns on hinted lines only loses no match that is kept,
    an HTML tag broken over two lines included (its match starts on the line above)."""
    from giptext.sections import headings as h

    def kept(ms, group):
        return [m.span() for m in ms if h._TITLE_END.search(m.group(group))]

    assert kept(h._on_lines(h._BARE_RUNIN, text, h._RUNIN_END), "title") == kept(h._BARE_RUNIN.finditer(text), "title")
    assert kept(h._on_lines(h._BARE_WRAPPED, text, h._WRAPPED_TAIL), "tail") == kept(h._BARE_WRAPPED.finditer(text), "tail")
    assert kept(h._BARE_RUNIN.finditer(text), "title")  # (the cases do hold run-in headings)
