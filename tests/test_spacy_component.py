"""The spaCy pipeline: jieba tokens, Chinese sentences, section and statement span groups (synthetic text)."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

TEXT = (
    "某局2021年政府信息公开工作年度报告\n一、总体情况\n今年工作稳步推进。\n"
    "五、存在的主要问题及改进情况\n一是公开不及时；二是形式单一。\n下一步，我局将一是加强培训；二是完善制度。\n"
    "六、其他需要报告的事项\n无。"
)


@pytest.fixture(scope="module")
def nlp():
    import giptext

    return giptext.load_nlp()


def test_pipeline_shape(nlp):
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["sentencizer", "giptext_sections"]
    assert "giptext_sections" in spacy.registry.factories.get_all() or nlp.has_factory("giptext_sections")


def test_sections_span_group(nlp):
    doc = nlp(TEXT)
    labels = [s.label_ for s in doc.spans["sections"]]
    assert labels == ["preamble", "overview", "problems", "other_matters"]
    ov = [s for s in doc.spans["sections"] if s.label_ == "overview"][0]
    assert ov.text.strip() == "今年工作稳步推进。"


def test_statements_span_group(nlp):
    doc = nlp(TEXT)
    got = [(s.label_, s.text) for s in doc.spans["statements"]]
    assert ("problem", "公开不及时") in got
    assert ("improvement", "完善制度") in got
    assert {k for k, _ in got} == {"problem", "improvement"}


def test_sentences_split_on_chinese_punctuation(nlp):
    doc = nlp("第一句。第二句！第三句？")
    assert [s.text for s in doc.sents] == ["第一句。", "第二句！", "第三句？"]


def test_component_added_to_a_fresh_blank_pipeline():
    import giptext.sections.spacy_component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    nlp.add_pipe("giptext_sections", config={"sections_key": "secs"})
    doc = nlp("一、概述\n好。")
    assert [s.label_ for s in doc.spans["secs"]] == ["overview"]
