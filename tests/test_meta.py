"""Metadata extraction: worked examples, the seed reports, and agreement with the dev manifest."""
from __future__ import annotations

import re

import pytest

from giptext.meta import extract_meta, level_of, region_of


@pytest.mark.parametrize(
    "text, agency, year, level, region",
    [
        ("驻马店市商务局2021年政府信息公开工作年度报告\n一、总体情况", "驻马店市商务局", 2021, "department", "驻马店市"),
        ("2017年顺庆区教育局政府信息公开工作年度报告\n发布时间:2018-02-13", "顺庆区教育局", 2017, "department", "顺庆区"),
        # the government's name runs into the phrase 政府信息公开
        ("2008年张义镇人民政府信息公开工作年度报告\n……", "张义镇人民政府", 2008, "township", "张义镇"),
        ("连云港市连云区连岛街道办事处2019年度政府信息公开工作报告", "连云港市连云区连岛街道办事处", 2019, "township",
         "连云港市连云区连岛街道"),
        ("山阳县人民政府2021年度政府信息公开工作年度报告", "山阳县人民政府", 2021, "county", "山阳县"),
        ("四川省2019年政府信息公开工作年度报告", "四川省", 2019, "province", "四川省"),
        ("重庆市人民政府2012年政府信息公开工作年度报告", "重庆市人民政府", 2012, "province", "重庆市"),
        ("随州市2013年政府信息公开工作年度报告", "随州市", 2013, "city", "随州市"),
        ("石柱土家族自治县卫生健康委员会2021年政府信息公开工作年度报告", "石柱土家族自治县卫生健康委员会", 2021,
         "department", "石柱土家族自治县"),
        ("亳州市谯城区住房和城乡建设局2015年政府信息公开工作年度报告", "亳州市谯城区住房和城乡建设局", 2015,
         "department", "亳州市谯城区"),
        # year after the phrase, Chinese-numeral year, a flattened page-header cell
        ("武汉市统计局政府信息公开报告(2016年)", "武汉市统计局", 2016, "department", "武汉市"),
        ("二〇一三年某市统计局政府信息公开工作年度报告", "某市统计局", 2013, "department", None),
        ("索 引 号: | S0033 | 主题分类: | 其他 |\n名 称: | 漯河市商务局2022年政府信息公开工作年度报告 | ||",
         "漯河市商务局", 2022, "department", "漯河市"),
        # Traditional script and pinyin glosses from mirror sites
        ("張店區(qū)退役軍人局2020年政府信息公開工作年度報告", "张店区退役军人局", 2020, "department", "张店区"),
    ],
)
def test_worked_examples(text, agency, year, level, region):
    m = extract_meta(text)
    assert (m.agency, m.year, m.level, m.region) == (agency, year, level, region)
    assert m.title is not None and m.title in text  # the title is returned as written


@pytest.mark.parametrize(
    "text",
    [
        "额济纳旗工业商务和信息化局2021年度\n  政府信息公开工作年度报告\n本年度报告根据……",
        "额济纳旗工业商务和信息化局\n2021年度政府信息公开工作年度报告\n一、总体情况",
    ],
)
def test_title_wrapped_over_two_lines(text):
    m = extract_meta(text)
    assert (m.agency, m.year) == ("额济纳旗工业商务和信息化局", 2021)
    assert m.title == "额济纳旗工业商务和信息化局2021年度政府信息公开工作年度报告"


def test_wrapped_title_needs_a_whole_name_on_the_first_line():
    m = extract_meta("目录\n黄思湾街道政府信息公开工作年度报告")
    assert m.agency == "黄思湾街道" and m.title == "黄思湾街道政府信息公开工作年度报告"
    assert extract_meta("共印5份\n2011年政府信息公开年度报告").title == "2011年政府信息公开年度报告"


def test_unknown_is_none_not_a_guess():
    m = extract_meta("一、总体情况\n今年，我们继续推进有关工作。")
    assert (m.agency, m.year, m.region, m.title) == (None, None, None, None)
    assert extract_meta("") == extract_meta("   ")


def test_publication_date_is_not_the_report_year():
    text = "发布日期:2022-01-27\n来源:2022年01月27日\n本报告中所列数据的统计期限自2021年1月1日至2021年12月31日止。"
    assert extract_meta(text).year == 2021


def test_cited_notice_is_not_the_title():
    text = ("根据政府办《关于做好全县政府信息公开年度报告编制工作的通知》要求,"
            "现将文化和旅游局2021年度政府信息公开情况汇报如下:\n一、总体情况")
    m = extract_meta(text)
    assert m.agency == "文化和旅游局" and m.year == 2021


def test_short_name_expanded_only_from_the_text():
    title = "县交通运输局2016年政府信息公开工作年度报告\n"
    assert extract_meta(title + "……\n和硕县交通运输局\n2017年1月").agency == "和硕县交通运输局"
    # a sentence before the short name is not a place name
    assert extract_meta(title + "本年报是由县交通运输局编制。").agency == "县交通运输局"
    assert extract_meta(title + "……").agency == "县交通运输局"


def test_self_reference_gives_level_without_agency():
    assert extract_meta("一、总体情况\n2020年,我镇认真贯彻落实《条例》。我镇共公开信息50条。").level == "township"
    assert extract_meta("一、总体情况\n2020年,我局认真贯彻落实《条例》。").level == "department"


def test_filename_and_hints_are_fallbacks():
    m = extract_meta("一、总体情况\n……", filename="某县商务局2021年政府信息公开工作年度报告.docx")
    assert (m.agency, m.year) == ("某县商务局", 2021)
    assert m.region is None  # 某县 is a withheld name, not a region
    m = extract_meta("一、总体情况\n……", hints=["额济纳旗工业商务和信息化局2021年度政府信息公开工作年度报告_首页"])
    assert (m.agency, m.year, m.region) == ("额济纳旗工业商务和信息化局", 2021, "额济纳旗")


@pytest.mark.parametrize(
    "agency, level",
    [("大英县人民政府办公室", "department"), ("广州市荔湾区冲口街道办事处", "township"), ("花鸟乡人民政府", "township"),
     ("黑龙江省人民政府", "province"), ("牡丹江市人民政府", "city"), ("宣汉县人民政府", "county"),
     ("珠海市不动产登记中心", "department"), ("国家统计局湖北调查总队", "department"), (None, None), ("其他", None)],
)
def test_level_of(agency, level):
    assert level_of(agency) == level


def test_region_of_stops_before_the_body():
    assert region_of("湛江市城市管理和综合执法局") == "湛江市"
    assert region_of("长沙市望城区月亮岛街道办事处") == "长沙市望城区月亮岛街道"
    assert region_of("大兴安岭地区气象局") == "大兴安岭地区"
    assert region_of("广州市白云区人民政府嘉禾街道办事处") == "广州市白云区嘉禾街道"
    assert region_of("质检总局") is None


# -- the seeds (agency/year read off each text by hand: corpora/samples/provenance.csv) ------------
SEEDS = {
    "000": ("驻马店市商务局", 2021),
    "001": ("城步苗族自治县商务局", 2019),  # title 县商务局…; the full name is in the signature
    "002": (None, 2020),  # no title; the body never names the bureau
    "003": ("额济纳旗工业商务和信息化局", 2021),
    "004": ("漯河市商务局", 2022),
}


def test_seed_reports(seeds_dir):
    for f in sorted(seeds_dir.glob("*.txt")):
        m = extract_meta(f.read_text(encoding="utf-8"))
        agency, year = SEEDS[f.name[:3]]
        assert (m.agency, m.year) == (agency, year), f.name
        assert m.level == "department", f.name


# -- agreement with the dev manifest ----------------------------------------------------------------
def _canon(agency: str) -> str:
    """Compare bodies, not spellings: drop remarks in brackets and government suffixes."""
    a = re.sub(r"\(.*?\)", "", agency)
    a = a.replace("人民政府", "").replace("街道办事处", "街道")
    return re.sub(r"(?:政府|办事处)$", "", a)


def _same_body(pred: str, gold: str) -> bool:
    p, g = _canon(pred), _canon(gold)
    # the manifest often adds the city/county the page came from: 南充市顺庆区教育局 vs 顺庆区教育局
    return len(p) >= 2 and (g.endswith(p) or p.endswith(g))


def test_agreement_with_dev_manifest(dev):
    """Floors set a little under what was measured (see the final report of issue 2):
    year 214/214 where given (coverage 214/226), level 204/212 (212/226), agency 136/154 (154/226).
    The manifest's year is itself a title/first-year heuristic, so year agreement is not accuracy.
    """
    n = len(dev.manifest)
    y_given = y_ok = l_given = l_ok = a_given = a_ok = 0
    for row in dev.manifest.itertuples():
        m = extract_meta(dev.docs[row.id])
        gold_year = None if row.year is None or row.year != row.year else int(row.year)
        if m.year is not None:
            y_given += 1
            y_ok += m.year == gold_year
        if m.level is not None:
            l_given += 1
            l_ok += m.level == row.level
        if m.agency is not None:
            a_given += 1
            a_ok += _same_body(m.agency, row.agency)
    assert y_given / n >= 0.90 and y_ok / y_given >= 0.97, (y_ok, y_given)
    assert l_given / n >= 0.85 and l_ok / l_given >= 0.92, (l_ok, l_given)
    assert a_given / n >= 0.60 and a_ok / a_given >= 0.82, (a_ok, a_given)
