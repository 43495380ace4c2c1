"""Property test: sections partition any text, and statements are exact spans of it.

Inputs are arbitrary strings and strings assembled from heading fragments, numerals,
table cells and chrome (all synthetic), the material most likely to confuse the splitter.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from giptext.report import SECTION_LABELS, Report
from giptext.sections import extract_statements, split_sections

FRAGMENTS = [
    "一、", "二、", "三. ", "五 、", "—、", "1.", "２、", "第一部分", "(一)", "（二）", "**", "[bookmark: x]",
    "总体情况", "概述", "概 述", "總體情況", "主动公开政府信息情况", "依申请公开", "收到和处理政府信息公开申请情况",
    "收费及减免", "行政复议、行政诉讼", "存在的主要问题及改进情况", "存在問題", "改进措施：", "下一步，我局将",
    "其他需要报告的事项", "本年新收政府信息公开申请数量", "结转下年度继续办理", "全文包括概述、存在的主要问题",
    "一是", "二是", "；", "。", "，", ":", "\n", "\n\n", " ", "\t", "|", " | ", "0", "2019年", "取得了一定成效，但存在",
    "扫一扫", "2020年1月1日", "某某局", "\u3000", "\r", "進(jìn)一步",
    "一）", "1）", "【", "】", "第三部分", "本报告根据条例编制。", "如对本报告有疑问", "工作年度报告", "存在的主要问题及下步工作安排",
    "当前进展情况", "(一)是", "针对以上不足，", "我们将", "**改进措施**:", "加强学习。", "第二十条第（一）项",
]

fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
any_texts = st.text(max_size=300)


def assert_partition(text: str) -> None:
    secs = split_sections(text)
    assert secs and secs[0].label == "preamble" and secs[0].span_start == 0
    pos = 0
    for s in secs:
        assert s.label in SECTION_LABELS
        assert s.span_start == pos, (s, pos)
        assert s.span_start <= s.start <= s.end
        assert text[s.span_start : s.start] == s.heading
        assert text[s.start : s.end] == s.text
        pos = s.end
    assert pos == len(text)
    assert "".join(s.heading + s.text for s in secs) == text


def assert_statements(text: str) -> None:
    for s in extract_statements(Report("p", text)):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.kind in ("problem", "improvement")


@settings(max_examples=300, deadline=None)
@given(any_texts)
def test_partition_arbitrary_strings(text):
    assert_partition(text)
    assert_statements(text)


@settings(max_examples=400, deadline=None)
@given(fragment_texts)
def test_partition_heading_fragments(text):
    assert_partition(text)
    assert_statements(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS[:30]), st.text(max_size=40)), max_size=12))
def test_partition_headings_on_their_own_lines(pairs):
    text = "".join(f"{h}\n{body}\n" for h, body in pairs)
    assert_partition(text)
    assert_statements(text)
