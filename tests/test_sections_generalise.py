"""Layouts that other real reports use and the dev corpus rarely shows (issue 3, generalisation).

All snippets are synthetic, written for these tests after layouts seen in real reports. The
stress evaluation at the end rewrites the dev reports (read from ../shared at run time).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from giptext.report import Report
from giptext.sections import split_sections

ROOT = Path(__file__).resolve().parent.parent
BODY = "2020年，我局认真贯彻落实《条例》，主动公开信息120条。"
PROB = "2020年，我局工作取得一定成效，但仍存在一些问题：一是公开内容不够全面；二是更新不够及时。"


def spans(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in split_sections(text):
        out.setdefault(s.label, s.text.strip())
    return out


def heads(text: str) -> list[tuple[str, str]]:
    return [(s.label, s.heading) for s in split_sections(text)]


def check_partition(text: str) -> None:
    pos = 0
    for s in split_sections(text):
        assert s.span_start == pos and text[s.start : s.end] == s.text
        pos = s.end
    assert pos == len(text)


# -- outline in other numbering styles -------------------------------------------------------
def test_parenthesised_overview_encloses_its_arabic_sub_list():
    text = f"标题\n（一）概述\n{BODY}\n1.主动公开政府信息的数量\n全年120条。\n2.主动公开的形式\n网站。\n"
    s = spans(text)
    assert s["overview"].startswith("2020年") and s["overview"].endswith("网站。")
    assert "proactive" not in s
    check_partition(text)


def test_sub_list_that_restarts_under_each_heading_is_not_the_outline():
    text = (
        f"（一）总体情况\n{BODY}\n1.加强领导\n成立小组。\n2.完善制度\n建章立制。\n"
        "（二）主动公开政府信息情况\n1.公开数量\n120条。\n2.公开形式\n网站。\n"
        f"（三）存在的主要问题及改进情况\n{PROB}\n"
    )
    labels = [lab for lab, _ in heads(text)]
    assert labels == ["preamble", "overview", "proactive", "problems"]
    check_partition(text)


def test_single_part_heading_encloses_the_sub_outline():
    text = f"报告\n第一部分 总体情况\n{BODY}\n（一）主动公开情况\n120条。\n（二）依申请公开情况\n无。\n"
    assert spans(text)["overview"].endswith("无。")


def test_single_part_heading_after_other_numbering_is_kept():
    text = "（四）复议情况\n无。\n（五）收费及减免情况\n无。\n第三部分 存在的主要问题及下一步工作打算\n" + PROB
    assert ("problems", "第三部分 存在的主要问题及下一步工作打算") in heads(text)


@pytest.mark.parametrize("sep", ["", " ", "\u3000"])
def test_chapter_headings(sep):
    text = f"标题\n第一章{sep}总体情况\n{BODY}\n第二章{sep}主动公开政府信息情况\n120条。\n第五章{sep}存在的主要问题及改进情况\n{PROB}\n"
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "proactive", "problems"]
    assert spans(text)["overview"] == BODY


def test_circled_numerals_as_the_outline_over_a_parenthesised_sub_list():
    text = (
        f"标题\n① 总体情况\n{BODY}\n（一）主动公开政府信息的形式\n网站。\n（二）主动公开政府信息情况\n120条。\n"
        f"② 收到和处理政府信息公开申请情况\n无。\n③ 存在的主要问题及改进情况\n{PROB}\n"
    )
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "requests", "problems"]
    assert spans(text)["overview"].endswith("120条。")


def test_sub_list_under_an_unnamed_heading_of_a_named_outline():
    # ③ names no known section, but ①② do: its 1、2、 items are its sub-list, not the outline.
    text = (
        f"标题\n①概述\n{BODY}\n②主动公开政府信息情况\n120条。\n③公开政府信息办理情况\n"
        "1、主动公开信息类别：目录。\n2、依申请公开政府信息情况。\n3、收费情况。\n"
    )
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "proactive", "other"]


def test_mixed_numbering_after_section_one():
    text = (
        f"标题\n一、概述\n{BODY}\n②主动公开政府信息的情况\n120条。\n③政府信息公开的收费及减免情况\n无。\n"
        f"④存在的主要问题及改进情况\n{PROB}\n"
    )
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "proactive", "fees", "problems"]
    # a 2019-style overview whose (一) was garbled keeps its (二)(三) sub-items
    text = f"标题\n一、总体情况\n{BODY}\n（二）依申请公开情况\n无。\n（三）政府信息管理情况\n规范。\n"
    assert spans(text)["overview"].endswith("规范。")


def test_closing_section_numbered_in_another_style_after_the_outline():
    text = (
        f"标题\n第一部分 总体情况\n{BODY}\n第二部分 主动公开政府信息情况\n120条。\n"
        f"六、存在的主要问题及改进情况\n{PROB}\n"
    )
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "proactive", "problems"]
    # not when that style starts a list of its own after the outline
    text = (
        f"标题\n第一部分 总体情况\n{BODY}\n第二部分 主动公开政府信息情况\n一、公开数量\n120条。\n"
        "二、存在的主要问题\n公开数量偏少。\n"
    )
    assert "problems" not in dict(heads(text))


@pytest.mark.parametrize("one,two", [("Ⅰ、", "Ⅱ、"), ("Ⅰ.", "Ⅱ."), ("—、", "二、"), ("-、", "二、"), ("一一、", "二、")])
def test_roman_numerals_and_ocr_dashes_for_one(one, two):
    text = f"标题\n{one}总体情况\n{BODY}\n{two}主动公开政府信息情况\n120条。\n"
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "proactive"]
    assert spans(text)["overview"] == BODY


def test_numeral_alone_on_its_line():
    text = f"标题\n一、\n总体情况\n{BODY}\n二、\n存在的主要问题及改进情况\n{PROB}\n"
    h = dict(heads(text))
    assert h["overview"] == "一、\n总体情况" and h["problems"] == "二、\n存在的主要问题及改进情况"
    assert spans(text)["overview"] == BODY


@pytest.mark.parametrize("num,sep", [("一", "）"), ("1", "）"), ("一", ")")])
def test_closing_bracket_separators(num, sep):
    two = "2" if num == "1" else "二"
    text = f"标题\n{num}{sep}总体情况\n{BODY}\n{two}{sep}主动公开政府信息情况\n120条。\n"
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "proactive"]


def test_arabic_outline_with_closing_brackets_over_an_arabic_dot_sub_list():
    text = (
        f"标题\n1）总体情况\n{BODY}\n1.主动公开情况\n120条。\n2.依申请公开情况\n无。\n"
        f"2）存在的主要问题及改进情况\n{PROB}\n"
    )
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "problems"]
    assert spans(text)["overview"].endswith("无。")


def test_bracketed_headings():
    text = f"标题\n【一、总体情况】\n{BODY}\n【二、存在的主要问题及改进情况】\n{PROB}\n"
    h = dict(heads(text))
    assert h["overview"] == "【一、总体情况】" and h["problems"] == "【二、存在的主要问题及改进情况】"


# -- headings without numerals -----------------------------------------------------------------
def test_bare_problems_heading_with_a_long_title():
    text = f"一、主动公开政府信息情况\n120条。\n存在的主要问题及下步工作安排\n{PROB}\n"
    assert spans(text)["problems"].startswith("2020年")


def test_bare_overview_heading_with_a_less_common_title():
    text = f"某局2016年政府信息公开年度报告\n当前进展情况\n{BODY}\n二、信息公开情况\n120条。\n"
    assert spans(text)["overview"] == BODY


def test_bare_headings_with_a_year_and_subject_prefix():
    text = (
        f"某局2022年度报告\n2022年政府信息公开工作工作情况\n{BODY}\n二、主动公开政府信息情况\n120条。\n"
        f"2022年政府信息公开工作的主要措施、存在的主要问题及下一步工作打算\n{PROB}\n"
    )
    s = spans(text)
    assert s["overview"] == BODY and s["problems"] == PROB


def test_page_title_naming_the_problems_part_is_not_a_heading():
    text = f"某市2013年政府信息公开工作年度报告存在的主要问题及改进措施\n一、概述\n{BODY}\n"
    assert "problems" not in spans(text)


def test_page_title_is_not_a_bare_overview_heading():
    text = f"某某县民政局2020年政府信息公开工作情况\n{BODY}\n"
    assert "overview" not in spans(text)


def test_wrapped_table_of_contents_line_is_not_a_problems_heading():
    text = (
        "本报告包括概述,主动公开政府信息的情况,政府信息公开工作存在的主\n"
        "要问题、改进情况和其他需要报告的事项。\n一、概述\n" + BODY + "\n"
    )
    assert "problems" not in spans(text)


def test_old_format_requests_heading_with_outcome_words_is_a_heading():
    text = f"一、主动公开政府信息情况\n120条。\n二、依申请公开和不予公开政府信息情况\n无。\n三、存在的主要问题\n{PROB}\n"
    assert ("requests", "二、依申请公开和不予公开政府信息情况") in heads(text)


def test_bracketed_headings_without_numerals():
    text = f"标题\n【概述】\n{BODY}\n【存在的主要问题：】\n{PROB}\n"
    h = dict(heads(text))
    assert h["overview"] == "【概述】" and h["problems"] == "【存在的主要问题：】"
    assert spans(text)["overview"] == BODY


def test_bare_overview_heading_opens_an_outline_that_continues_at_two():
    # `概述` lost its numeral; 二、三 name no known section but are its siblings, not its sub-list.
    text = f"某局2015年度政府信息公开工作报告\n概述。\n{BODY}\n二、主要措施。\n建立制度。\n三、公开的渠道\n网站。\n"
    assert spans(text)["overview"] == BODY
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "other", "other"]


def test_bare_plan_heading_after_the_outline_is_the_improvements_section():
    text = f"一、概述\n{BODY}\n二、依申请公开政府信息情况\n无。\n下一步工作计划\n（一）加强组织领导。\n"
    h = dict(heads(text))
    assert h["improvements"] == "下一步工作计划"
    # inside a named problems section the same line is part of it
    text = f"一、概述\n{BODY}\n二、存在的主要问题\n{PROB}\n下一步工作计划\n（一）加强组织领导。\n"
    assert "improvements" not in dict(heads(text))


# -- an overview without a heading ---------------------------------------------------------------
def test_overview_without_heading_after_the_preamble():
    text = (
        "某某局2020年政府信息公开工作年度报告\n"
        "本报告根据《中华人民共和国政府信息公开条例》编制。如对本报告有疑问，请与办公室联系。\n"
        f"{BODY}\n二、主动公开政府信息情况\n120条。\n"
    )
    s = split_sections(text)
    ov = next(x for x in s if x.label == "overview")
    assert ov.heading == "" and ov.text.strip() == BODY
    assert s[0].label == "preamble" and "本报告" in s[0].text
    check_partition(text)


def test_overview_without_heading_after_a_pinyin_glossed_preamble():
    text = (
        "根据(jù)《中华人民共和国政府信息公开条例》(以下简(jiǎn)称《条例》)的规定，现公布本年度报告。\n"
        f"{BODY}\n二、主动公开政府信息情况\n120条。\n"
    )
    assert spans(text)["overview"] == BODY


def test_overview_without_heading_holding_a_glued_sub_item():
    # `。一、进一步…` inside the paragraph is a sub-item, not a lost section 一
    body = "2009年，我局工作顺利开展。一、进一步建立和完善工作制度，明确分工。"
    text = f"某局2009年政府信息公开工作年度报告\n{body}\n二、主动公开情况\n120条。\n"
    assert spans(text)["overview"] == body


def test_overview_without_heading_before_an_arabic_outline():
    text = f"某局2018年政府信息公开工作年度报告\n发布时间：2020-06-22\n{BODY}\n2、主动公开政府信息的情况。\n120条。\n"
    assert spans(text)["overview"] == BODY


def test_overview_without_heading_that_defines_the_regulation():
    # `（以下简称《条例》）` in a paragraph opening with the year is narrative, not preamble
    body = "2020年，某镇深入贯彻《中华人民共和国政府信息公开条例》（以下简称《条例》），主动公开信息120条，扎实推进各项工作。"
    text = f"某镇2020年政府信息公开工作年度报告\n根据《条例》要求，现将本年度报告公布如下。\n{body}\n二、主动公开政府信息情况\n120条。\n"
    assert spans(text)["overview"] == body


def test_lone_second_heading_encloses_its_arabic_items():
    text = (
        f"根据《条例》规定，现将本年度报告公布如下。\n{BODY}\n（二）主动公开政府信息情况\n"
        "1.主动公开政府信息的数量。全年120条。\n2.主动公开政府信息的形式为政府网站。\n"
    )
    s = split_sections(text)
    assert [x.label for x in s] == ["preamble", "overview", "proactive"]
    assert s[1].text.strip() == BODY


def test_overview_without_heading_before_a_thematic_outline_at_two():
    text = (
        f"某局2015年度政府信息公开工作报告\n发布日期：2016-03-31\n{BODY}\n"
        "二、主要措施。\n（一）加强组织领导。成立小组。\n三、信息公开的渠道。\n网站。\n"
    )
    s = split_sections(text)
    assert [x.label for x in s] == ["preamble", "overview", "other", "other"]
    assert s[1].text.strip() == BODY


def test_overview_without_heading_before_a_thematic_arabic_outline_at_two():
    text = f"某局2015年度政府信息公开工作报告\n{BODY}\n2.主要措施。\n成立小组。\n3.信息公开的渠道。\n网站。\n"
    assert spans(text)["overview"] == BODY
    # without the report's title nothing shows the top: a `2.` list stays a list
    assert "overview" not in spans(f"{BODY}\n2.主要措施。\n成立小组。\n3.信息公开的渠道。\n网站。\n")


def test_breadcrumb_and_spaced_title_show_the_report_top():
    text = (
        "您当前所在的位置:某县卫生局/某县卫生局 > 工作动态 > 某县卫生局2015年度政府信息公开工作报告\n"
        f"某县卫生局2015年度政府信息公开工作报 告\n{BODY}\n二、主动公开政府信息情况\n120条。\n"
    )
    assert spans(text)["overview"] == BODY


def test_enumerated_items_do_not_show_the_report_top():
    # `（5）…统计数据` names a preamble word but is an item of a list the excerpt starts in
    text = f"（4）发展规划\n（5）经济和社会发展的主要统计数据\n{BODY}\n（二）依申请公开的政府信息情况\n无。\n"
    assert "overview" not in spans(text)


def test_excerpt_that_starts_inside_the_overview_is_not_claimed():
    text = f"{BODY}\n加强领导，完善制度。\n二、主动公开政府信息情况\n120条。\n"
    assert "overview" not in spans(text)


def test_thematic_first_section_on_a_one_line_page_is_not_an_unheaded_overview():
    # Dev gold never takes a thematic first section (`一、加强组织领导`) as the overview.
    text = f"某局2012年政府信息公开工作年度报告 一、加强组织领导 {BODY} 二、主动公开政府信息情况 120条。"
    assert "overview" not in spans(text)


# -- run-in headings, tables, one-line pages ------------------------------------------------------
def test_run_in_heading_followed_by_a_sub_list():
    text = f"一、总体情况\n{BODY}\n五、存在的主要问题及改进情况：(一)存在的问题\n{PROB}\n"
    h = dict(heads(text))
    assert h["problems"] == "五、存在的主要问题及改进情况："


def test_heading_above_a_flattened_table_is_kept():
    table = "申请人情况 | 自然人 | 总计 |\n一、本年新收政府信息公开申请数量 | 3 | 3 |\n四、结转下年度继续办理 | 0 | 0 |\n"
    text = f"一、概述\n{BODY}\n二、组织领导和制度建设情况\n{table}三、主动公开政府信息情况\n120条。\n"
    assert spans(text)["overview"] == BODY
    assert ("other", "二、组织领导和制度建设情况") in heads(text)


def test_blank_separated_heading_on_a_one_line_page():
    text = f"某局2010年度政府信息公开年度报告 一 概述 {BODY} 二、主动公开政府信息情况 120条。"
    assert spans(text)["overview"] == BODY


def test_bare_titles_run_into_their_paragraphs():
    text = f"总体情况 {BODY}\n二、主动公开政府信息情况\n120条。\n政府信息公开工作存在的主要问题及改进情况 {PROB}\n"
    h = dict(heads(text))
    assert h["overview"] == "总体情况" and h["problems"] == "政府信息公开工作存在的主要问题及改进情况"
    assert spans(text)["problems"] == PROB


def test_full_section_titles_run_in_after_a_colon():
    text = (
        f"总体情况：{BODY}\n二、主动公开政府信息情况\n120条。\n"
        f"存在的主要问题及改进情况：{PROB}\n六、其他需要报告的事项\n无。\n"
    )
    s = spans(text)
    assert s["overview"] == BODY and s["problems"] == PROB
    # a finding labelled `存在问题：` inside a section is not the problems heading
    text = f"一、总体情况\n{BODY}\n（一）重点领域方面\n存在问题：更新较慢。\n整改措施：加快更新。\n"
    assert "problems" not in spans(text) or spans(text)["problems"].startswith("（一）")


def test_full_section_title_run_straight_into_its_list():
    text = f"一、概述\n{BODY}\n存在的主要问题及改进情况(一)存在的问题。{PROB}\n"
    assert dict(heads(text))["problems"] == "存在的主要问题及改进情况"


def test_bare_problems_title_run_into_its_first_item():
    text = f"一、概述\n{BODY}\n存在主要问题一是工作范围有待加强。二是公开意识有待加强。\n"
    h = dict(heads(text))
    assert h["problems"] == "存在主要问题"
    assert spans(text)["problems"].startswith("一是")


def test_bare_overview_ending_in_a_colon_needs_the_outline_to_go_on():
    text = f"某局2019年度报告\n概述：\n{BODY}\n二、主动公开政府信息情况\n120条。\n"
    assert spans(text)["overview"] == BODY
    # `总体情况：` over loose paragraphs of a work summary labels a summary, not a section
    text = f"某局2023年政务公开总结\n总体情况：\n{BODY}\n我局认真遵守规定。\n"
    assert "overview" not in spans(text)


def test_scraped_html_before_headings_and_lead_ins():
    text = f"标题\n<p>一、概述\n&nbsp;&nbsp;{BODY}\n&emsp;&emsp;二、主动公开政府信息情况\n120条。\n"
    assert [lab for lab, _ in heads(text)] == ["preamble", "overview", "proactive"]
    text = f"某局2018年度工作总结\n&emsp;&emsp;{BODY}\n&emsp;&emsp;今后，我局将继续规范公开内容。\n"
    assert spans(text)["problems"].startswith("今后")


def test_bookmark_with_a_full_width_colon():
    text = f"标题\n[bookmark： _Toc1]一、概述\n{BODY}\n[bookmark： _Toc2]二、主动公开政府信息情况\n120条。\n"
    assert spans(text)["overview"] == BODY


def test_page_metadata_field_is_not_a_run_in_overview_heading():
    text = f"标 题 某局2025年度报告\n内容概述 本年度报告依据《条例》编制。\n一、总体情况\n{BODY}\n"
    assert spans(text)["overview"] == BODY


def test_heading_after_a_lead_in_colon_above_a_table_is_kept():
    table = "申请人情况 | 自然人 | 总计 |\n一、本年新收政府信息公开申请数量 | 3 | 3 |\n四、结转下年度继续办理 | 0 | 0 |\n"
    text = f"一、概述\n现将有关情况报告如下：\n二、主要措施。\n{table}三、信息公开情况。\n120条。\n"
    assert spans(text)["overview"] == "现将有关情况报告如下："


# -- headings wrapped by a PDF line break ----------------------------------------------------------
@pytest.mark.parametrize("first,second,label", [
    ("一、2014年度政府信息公开工作的基", "本情况", "overview"),
    ("一、基本工作", "情况：", "overview"),
    ("二、主动公开政府", "信息情况", "proactive"),
    ("五、存在的主要问题及改", "进情况", "problems"),
    ("六、存在主要问题", "及改进措施", "problems"),
])
def test_heading_wrapped_onto_the_next_line(first, second, label):
    text = f"标题\n{first}\n{second}\n{BODY}\n"
    s = split_sections(text)
    assert (s[1].label, s[1].heading) == (label, f"{first}\n{second}")
    assert s[1].text.strip() == BODY
    check_partition(text)


def test_bare_heading_wrapped_onto_the_next_line():
    text = f"一、概述\n{BODY}\n存在的主要问题及改\n进情况\n{PROB}\n"
    h = dict(heads(text))
    assert h["problems"] == "存在的主要问题及改\n进情况" and spans(text)["problems"] == PROB


def test_bracketed_or_bold_bare_titles_with_a_colon_or_run_in():
    text = f"一、概述\n{BODY}\n【存在的主要问题及改进情况】：\n{PROB}\n"
    assert spans(text)["problems"] == PROB
    text = f"一、概述\n{BODY}\n**2015年政府信息公开工作存在的问题及改进措施** 1. {PROB}\n"
    assert dict(heads(text))["problems"] == "**2015年政府信息公开工作存在的问题及改进措施**"


def test_short_sub_heading_under_a_complete_title_is_not_joined():
    text = f"标题\n一、总体情况\n主动公开情况\n{BODY}\n"
    s = split_sections(text)
    assert (s[1].label, s[1].heading) == ("overview", "一、总体情况")
    assert s[1].text.strip().startswith("主动公开情况")


def test_table_of_contents_with_dot_leaders_is_not_the_outline():
    text = (
        "某街道2013年信息公开年度报告\n目  录\n一、总体工作情况。…………………2\n二、主动公开政府信息情况。………3\n"
        "三、信息公开工作存在的主要问题及整改情况。……4\n"
        f"一、总体工作情况。\n{BODY}\n二、主动公开政府信息情况。\n120条。\n三、信息公开工作存在的主要问题及整改情况。\n{PROB}\n"
    )
    s = spans(text)
    assert s["overview"] == BODY and s["problems"] == PROB


def test_numbered_sentence_mentioning_a_section_word_is_an_item():
    from giptext.sections.headings import classify_title, find_candidates

    item = "编制《市档案局政务信息公开指南和公开目录》,进一步明确信息公开的范围、项目和公开程序,凡是应当主动公开的政府信息及时公开。"
    assert classify_title(item) == "proactive"  # the words alone would name a section
    assert [c.label for c in find_candidates(f"2、{item}\n")] == ["other"]
    assert [c.label for c in find_candidates("五、政府信息公开工作存在的主要问题及改进(jìn)情况 (一)存在的主要问题。\n")] == ["problems"]


def test_contents_entries_behind_html_indents_or_with_a_final_stop():
    text = (
        "标题\n目  录\n&emsp;&emsp;一、总体情况……………………2\n&emsp;&emsp;二、主动公开政府信息情况…………3。\n"
        f"一、总体情况\n{BODY}\n二、主动公开政府信息情况\n120条。\n"
    )
    assert spans(text)["overview"] == BODY


def test_running_header_after_the_last_section_is_trailing_material():
    text = (
        f"一、总体情况\n{BODY}\n五、存在的主要问题及改进情况\n{PROB}\n\n下一篇：没有了\n"
        "某某县人民政府办公室2020年政府信息公开工作年度报告\n— 4 —\n主办单位：某某县人民政府办公室\n"
    )
    assert spans(text)["problems"] == PROB


def test_hard_wrapped_tail_is_not_a_bare_heading():
    # a fixed-width wrap leaves `…信息公开的经费使用和收费情况以及存在的` / `主要问题和改进措施与附表`
    text = (
        "本年报由某街道编制。全文包括概述、主动公开政府信息的情况、政府信息公开的经费使用和收费情况以及存在的\n"
        f"主要问题和改进措施\n与附表等七部分组成。\n一、概述\n{BODY}\n"
    )
    assert "problems" not in spans(text) and spans(text)["overview"] == BODY
    # a line ending in a phone number does not make the next line a wrapped tail
    text = f"如有疑问请联系办公室，联系电话：0432-62049918\n概况\n{BODY}\n二、主动公开政府信息情况\n120条。\n"
    assert spans(text)["overview"] == BODY


def test_problems_lead_in_wrapped_over_a_line_break():
    text = (
        "回顾2008年我局工作，取得了一定成效，但与《中\n华人民共和国政府信息公开条例》要求看，还有较大差距。下一步要从两个方面加以改进：\n"
        "要进一步深化公开内容。\n"
    )
    assert spans(text)["problems"].startswith("回顾2008年")


# -- lost headings -------------------------------------------------------------------------------
STAT_TABLE = "\t第二十条第（一）项\n\n\t信息内容\n\t本年制发件数\n\n\t规章\n\t0\n"


def test_statistics_table_closes_the_overview_when_the_next_numeral_is_skipped():
    # 二、主动公开… was lost with the table caption: 一 is followed by 四, the table marks where 二 began.
    text = f"标题\n一、总体情况\n{BODY}\n{STAT_TABLE}\n四、政府信息公开行政复议、行政诉讼情况\n无。\n"
    s = split_sections(text)
    assert [x.label for x in s] == ["preamble", "overview", "proactive", "review_litigation"]
    assert s[1].text.strip() == BODY and s[2].heading == "" and s[2].text.lstrip().startswith("第二十条")
    check_partition(text)


def test_statistics_table_stays_in_an_overview_followed_by_the_next_numeral():
    # No skipped numeral: nothing says a heading was lost.
    text = f"标题\n一、总体情况\n{BODY}\n{STAT_TABLE}\n二、主动公开政府信息情况\n120条。\n"
    assert "第二十条" in spans(text)["overview"]


def test_seed_reports_against_their_checked_spans(seeds_dir):
    """The five seed reports against the offsets in experiments/sections/seeds_expected.json."""
    import json

    from giptext.eval.sections import char_f1, predicted_spans

    exp = json.loads((ROOT / "experiments" / "sections" / "seeds_expected.json").read_text(encoding="utf-8"))
    for name, e in exp.items():
        text = (seeds_dir / name).read_text(encoding="utf-8")
        p = predicted_spans(split_sections(text))
        assert char_f1(text, p["overview"], tuple(e["overview"])) >= 0.99, name
        assert char_f1(text, p["problems"], tuple(e["problems"])) >= 0.99, name


def test_bare_headings_on_a_one_line_page_with_blank_runs():
    text = f"某局2008年度政务信息公开年度报告  政务信息主动公开情况  {BODY}  存在问题与改进措施  {PROB}"
    s = split_sections(text)
    pr = next(x for x in s if x.label == "problems")
    assert pr.heading == "存在问题与改进措施" and pr.text.strip() == PROB
    check_partition(text)


def test_markdown_inline_headings_on_a_one_line_page():
    text = f"**报告解读** 摘要。 **一、报告概述** {BODY} **二、存在的问题及改进措施** {PROB}"
    h = dict(heads(text))
    assert h["overview"] == "**一、报告概述**" and h["problems"] == "**二、存在的问题及改进措施**"
    assert spans(text)["problems"].startswith("2020年")


def test_improvements_lead_in_on_a_one_line_page():
    text = f"首页 > 信息公开 某局2018年度工作总结  {BODY}  今后，我局将继续规范公开内容，提高公开质量。"
    assert spans(text)["problems"].startswith("今后，我局将")


def test_skipped_numeral_found_run_into_the_text():
    text = (
        f"一、总体情况 {BODY} 二、提高认识,及时公开 (一)加强组织领导。 "
        f"三、存在的主要问题及改进情况 {PROB}"
    )
    s = split_sections(text)
    assert [x.label for x in s] == ["preamble", "overview", "other", "problems"]
    assert s[1].text.strip() == BODY and s[2].heading.startswith("二、提高认识")
    check_partition(text)


def test_skipped_numeral_beside_a_sub_list_is_not_a_heading():
    text = f"一、总体情况\n{BODY}一、加强领导。二、完善制度。\n三、存在的主要问题\n{PROB}\n"
    assert "二、完善制度" in spans(text)["overview"]


# -- statements -----------------------------------------------------------------------------------
def test_item_sentences_become_statements_and_a_short_title_stays_with_its_sentence():
    text = (
        "五、存在的主要问题及改进情况\n" + PROB + "\n下一步，我局将：\n"
        "（一）强化责任意识。督促各科室切实履行职责。\n"
        "（二）加强电子政务建设，整合网站资源，发挥主渠道作用。增设信息查询点，逐步向村延伸。\n"
    )
    imp = [s.text for s in Report("t", text).statements("improvement")]
    assert imp == [
        "强化责任意识。督促各科室切实履行职责",
        "加强电子政务建设，整合网站资源，发挥主渠道作用",
        "增设信息查询点，逐步向村延伸",
    ]


def test_issues_enumerated_with_the_pause_mark_are_cut():
    text = "五、存在的主要问题\n报送过程中个别信息存在上网审查不严、栏目填报不完全、索取号填报不准确等问题。"
    assert [s.text for s in Report("t", text).statements()] == ["上网审查不严", "栏目填报不完全", "索取号填报不准确"]
    # one subject with short predicates stays one issue
    text = "五、存在的主要问题\n一是公开内容不全面、不及时；二是形式单一。"
    assert [s.text for s in Report("t", text).statements()] == ["公开内容不全面、不及时", "形式单一"]


def test_framing_lead_in_is_trimmed():
    text = "五、存在的主要问题及改进情况\n" + PROB + "针对以上不足，2021年我局将加大宣传力度，提高群众知晓率。"
    imp = Report("t", text).statements("improvement")
    assert [s.text for s in imp] == ["加大宣传力度，提高群众知晓率"]


def test_turn_before_a_separate_improvements_section():
    text = (
        "二、存在问题\n目前还存在公开内容不完善、录入质量不高等问题。今后将切实加强重点领域信息公开。\n"
        "三、下一步打算\n下一步将继续提高信息公开工作质量。\n"
    )
    st = Report("t", text).statements()
    kinds = {s.text: s.kind for s in st}
    assert kinds["今后将切实加强重点领域信息公开"] == "improvement"
    assert kinds["下一步将继续提高信息公开工作质量"] == "improvement"


def test_measures_listed_under_the_problems_heading_are_improvements():
    text = "六、存在的主要问题和改进情况\n1、加强学习。不断提高对信息公开工作重要性的认识。\n2、严格按照规定的范围和程序及时公开信息。\n"
    assert {s.kind for s in Report("t", text).statements()} == {"improvement"}


# -- stress evaluation on dev --------------------------------------------------------------------
def _stress():
    spec = importlib.util.spec_from_file_location("sections_stress", ROOT / "experiments" / "sections" / "stress.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_stress_floor(dev_dir):
    """Dev reports rewritten the ways real reports differ (experiments/sections/stress.py).

    Measured 0.974 / 0.994 on the mix (seed 0), ≥ 0.96 overview on every family but the
    dropped overview heading (0.93); floors leave room for honest changes.
    """
    res = _stress().run(dev_dir)
    rows = res["rows"]
    assert rows["mix (3 random per doc)"]["overview"] >= 0.95
    assert rows["mix (3 random per doc)"]["problems"] >= 0.98
    for name, r in rows.items():
        floor = 0.85 if name == "no_overview_heading" else 0.94
        assert r["overview"] >= floor, (name, r)
        assert r["problems"] >= 0.95, (name, r)
