"""SYNTHETIC corpus generator: fake disclosure annual reports with planted reuse at known offsets.

Every report this module writes is **synthetic**: built from pools of plausible sentence parts
(overview, problems, improvements, other matters) with generated agency names (no real agency),
years 2008–2025, the 2019 six-part structure (with its flattened tables) or the pre-2019 structure.
It exists to measure reuse detection at scale, where the truth is known exactly:

- *planted* reuse: a passage ("unit") of one report is copied into 1–12 other reports of the same
  agency in later years (``self``) or of other agencies (``cross``), as ``verbatim`` copies,
  ``near`` copies (a word or two, names, years and figures changed) or ``paraphrase`` copies
  (synonyms substituted throughout, clauses reordered);
- *template* boilerplate shared by many reports: the preamble, the 2019 statutory tables and a pool
  of statute formulae (以公开为常态、不公开为例外 …), listed in ``gold_templates.jsonl``.

The background text is combinatorial (adverb × verb × object × noun clauses with report-specific
topics and places), so two reports share long runs only where something was planted or templated.

Output: an annotated-corpus folder in the layout of ``shared/ANNOTATION.md``::

    OUT/docs/000000.txt …       the reports
    OUT/manifest.jsonl          id, agency, year, level, admin_level, format, … synthetic: true
    OUT/gold_sections.jsonl     overview/problems headings and texts (+ *_span offsets)
    OUT/gold_reuse.jsonl        planted pairs: doc_a/start_a/end_a/text_a, doc_b/…, kind, scope,
                                group (every copy of one source unit shares a group), section
    OUT/gold_templates.jsonl    template spans: id, start, end, template
    OUT/README.md               says the corpus is synthetic, with the seed and counts

Deterministic given ``(n, seed)``. Command line::

    python corpora/synthetic.py --n 1000 --seed 0 --out /tmp/syn1k

Example::

    >>> from corpora.synthetic import generate          # doctest: +SKIP
    >>> summary = generate(200, seed=0, out_dir="/tmp/syn200")   # doctest: +SKIP
    >>> summary["n_docs"], summary["n_pairs"] > 0       # doctest: +SKIP
    (200, True)
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

YEARS = list(range(2008, 2026))
KINDS = ("verbatim", "near", "paraphrase")
NARRATIVE = ("overview", "problems", "improvements")

# ----------------------------------------------------------------------------------------------
# Names: places from syllables (never a real list), agencies by level
# ----------------------------------------------------------------------------------------------
_SYL = list(
    "安宁江阳平清河山东西南北华兴城丰泉林川源远长永新云海明德和白石金台湖溪桥岭崇乐福泰盛富昌吉嘉通化宜峰"
    "青枫松柏桃梅兰竹望凤龙鹤鹿汇津滨沙洪黎禾田屏秀莲岚瑞祥武文"
)
_SECTORS = [
    ("教育局", "局", ["招生入学", "学生资助", "教师招聘", "校园安全", "课后服务"]),
    ("卫生健康委员会", "委", ["疫情防控", "医疗机构监管", "公共卫生", "家庭医生签约"]),
    ("市场监督管理局", "局", ["食品安全", "价格监管", "质量抽检", "市场主体登记"]),
    ("自然资源和规划局", "局", ["土地征收", "国土空间规划", "不动产登记", "矿产资源"]),
    ("人力资源和社会保障局", "局", ["就业创业", "社会保险", "职称评审", "劳动保障监察"]),
    ("住房和城乡建设局", "局", ["保障性住房", "农村危房改造", "建筑市场", "老旧小区改造"]),
    ("交通运输局", "局", ["公路建设", "城乡客运", "交通执法", "农村公路养护"]),
    ("水利局", "局", ["河湖长制", "防汛抗旱", "农村饮水安全", "水土保持"]),
    ("林业局", "局", ["森林防火", "生态公益林", "林木采伐", "野生动植物保护"]),
    ("民政局", "局", ["社会救助", "养老服务", "婚姻登记", "社会组织管理"]),
    ("财政局", "局", ["预决算公开", "惠民惠农补贴", "政府采购", "专项资金"]),
    ("统计局", "局", ["统计数据发布", "经济普查", "统计执法"]),
    ("医疗保障局", "局", ["医保基金监管", "医保待遇", "药品集中采购"]),
    ("退役军人事务局", "局", ["优抚安置", "退役军人就业", "褒扬纪念"]),
    ("商务局", "局", ["招商引资", "电子商务", "市场供应", "外贸进出口"]),
    ("发展和改革委员会", "委", ["重大项目", "价格收费", "节能降耗", "营商环境"]),
    ("农业农村局", "局", ["乡村振兴", "农产品质量安全", "高标准农田", "农机补贴"]),
    ("生态环境局", "局", ["环境监测", "环评审批", "污染防治", "环境执法"]),
    ("文化和旅游局", "局", ["文物保护", "旅游市场", "公共文化服务"]),
    ("审计局", "局", ["审计结果公告", "经济责任审计"]),
    ("司法局", "局", ["法律援助", "人民调解", "普法宣传"]),
    ("应急管理局", "局", ["安全生产", "应急救援", "防灾减灾"]),
    ("城市管理局", "局", ["市容环境", "城市管理执法", "园林绿化"]),
    ("科学技术局", "局", ["科技项目", "高新技术企业认定"]),
    ("档案局", "局", ["档案开放", "档案查阅"]),
]
_GENERIC_TOPICS = [
    "安全生产", "乡村振兴", "项目审批", "环境保护", "社会救助", "就业创业", "食品安全", "城乡建设",
    "医疗卫生", "养老服务", "河道治理", "征地拆迁", "营商环境", "公共资源交易", "市场监管",
    "价格收费", "民生实事", "财政资金", "重大建设项目", "扶贫开发", "人居环境整治", "减税降费",
]


class _Rng(random.Random):
    """``random.Random`` with cheaper ``choice``/``randint`` (float-scaled index): generating
    100k reports spends most of its time picking from pools."""

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:  # type: ignore[override]
        return a + int(self.random() * (b - a + 1))


@dataclass
class Agency:
    """One synthetic issuing body."""

    name: str
    level: str
    admin_level: str
    self_ref: str  # how the body calls itself: 我局 / 我镇 / 我县 …
    region: str
    topics: list[str]
    office: str


def _place(rng: random.Random) -> str:
    return rng.choice(_SYL) + rng.choice(_SYL)


def _make_agency(rng: random.Random) -> Agency:
    r = rng.random()
    prov, city, county, town = _place(rng), _place(rng), _place(rng), _place(rng)
    if r < 0.60:  # department of a city or county
        sector, suffix, topics = rng.choice(_SECTORS)
        if rng.random() < 0.55:
            cty = county + rng.choice(["县", "区"])
            name, admin = f"{city}市{cty}{sector}", "county"
        else:
            name, admin = f"{city}市{sector}", "city"
        self_ref = rng.choice(["我" + suffix, "本" + suffix])
        return Agency(name, "department", admin, self_ref, city, topics + rng.sample(_GENERIC_TOPICS, 2), "办公室")
    if r < 0.80:
        kind = rng.choice(["镇", "乡", "街道"])
        tail = "办事处" if kind == "街道" else "人民政府"
        name = f"{city}市{county}{rng.choice(['县', '区'])}{town}{kind}{tail}"
        return Agency(name, "township", "township", "我" + kind, town, rng.sample(_GENERIC_TOPICS, 5), "党政办公室")
    if r < 0.90:
        unit = rng.choice(["县", "区"])
        name = f"{city}市{county}{unit}人民政府"
        return Agency(name, "county", "county", "我" + unit, county, rng.sample(_GENERIC_TOPICS, 5), "政府办公室")
    if r < 0.97:
        return Agency(f"{prov}省{city}市人民政府", "city", "city", "我市", city, rng.sample(_GENERIC_TOPICS, 5), "市政府办公室")
    return Agency(f"{prov}省人民政府办公厅", "province", "province", "我省", prov, rng.sample(_GENERIC_TOPICS, 5), "政务公开办公室")


# ----------------------------------------------------------------------------------------------
# Sentence pools (background text, combinatorial so independent reports rarely share long runs)
# ----------------------------------------------------------------------------------------------
ADV = ["进一步", "切实", "不断", "认真", "积极", "持续", "扎实", "全面", "着力", "大力", "稳步",
       "有序", "深入", "及时", "严格", "主动", "逐步", "重点"]
VERB = ["加强", "规范", "完善", "推进", "健全", "落实", "优化", "拓展", "提升", "强化", "深化", "做好",
        "抓好", "创新", "改进", "丰富", "畅通", "夯实", "加大", "细化", "压实", "统筹", "理顺", "建立",
        "升级", "巩固", "保障", "推动"]
MOD = ["政府信息公开", "政务公开", "主动公开", "依申请公开", "政策解读", "门户网站", "政务新媒体",
       "信息发布", "保密审查", "重点领域信息公开", "基层政务公开", "公开目录", "公开指南", "政务服务",
       "财政预决算公开", "行政权力运行", "民生信息", "公开专栏", "互动交流", "回应关切", "政民互动",
       "舆情回应", "便民服务", "决策公开", "执行公开", "结果公开", "建议提案办理", "规范性文件", "行政许可"]
NOUN = ["工作", "机制", "制度", "平台建设", "工作流程", "力度", "水平", "质量", "时效性", "渠道", "管理",
        "队伍建设", "考核", "审核把关", "标准化规范化建设", "内容", "栏目维护", "宣传培训", "督促检查",
        "责任落实", "配套措施", "长效机制", "工作体系", "信息化建设"]
SUPERIOR = ["上级政府", "上级主管部门", "{region}委{region}政府", "省政府办公厅", "市政府办公室",
            "县政府办公室", "区政务公开办"]
GOOD = ["明显", "积极", "较好", "显著", "一定"]
PUBVERB = ["主动公开", "发布", "公开", "累计发布", "在门户网站公开"]
INFOTYPE = ["政府信息", "各类信息", "政务信息", "工作动态", "公开信息"]
PLATFORM = ["门户网站", "政务微信公众号", "政务微博", "政务服务大厅", "公开栏", "电子显示屏", "新闻发布会",
            "政务服务热线", "公共查阅点", "村务公开栏"]
LEADER = ["主要负责同志", "分管领导", "党组书记", "主要领导", "分管副职"]
WHO = ["部分科室", "个别单位", "少数工作人员", "基层单位", "部分股室", "一些下属单位", "个别乡镇",
       "部分村（社区）", "个别业务科室", "部分二级单位"]
WEAK = ["还不够完善", "有待进一步加强", "仍然比较薄弱", "不够规范", "不够及时", "存在短板", "还有差距",
        "相对滞后", "不够深入", "针对性不强"]
ASPECT = ["深度", "广度", "针对性", "时效性", "规范性", "便民性", "互动性", "准确性"]
UPDATE = ["更新不及时", "公开不全面", "发布不够规范", "解读不够深入", "归集不够完整", "报送不够主动"]
PUBLIC = ["人民群众", "社会公众", "办事企业", "广大群众", "服务对象"]
NEED = ["信息获取", "办事", "监督", "参与", "查询"]
CONSEQ = ["与{public}的期待还有一定差距", "影响了{mod}工作的整体成效", "不能完全满足{public}的{need}需求",
          "{mod}{noun}有待提高", "在一定程度上影响了公开实效", "离上级要求仍有距离"]
GOAL = ["不断提升{mod}{noun}", "确保{mod}工作落到实处", "保障{public}的{r1}和{r2}", "推动{topic}工作提质增效",
        "让{public}看得到、听得懂、能监督", "提高{mod}工作的{aspect}"]
RIGHTS = ["知情权", "参与权", "监督权", "表达权"]
FEE = ["未收取任何政府信息公开处理费", "没有收取信息处理费", "无其他需要报告的事项",
       "未发生政府信息公开收费情况", "没有需要说明的其他事项"]
CN_NUM = "一二三四五六七八九十"

# Template boilerplate shared by many reports (statute formulae and mandated phrases).
STATUTE = [
    "坚持以公开为常态、不公开为例外的原则，推进决策公开、执行公开、管理公开、服务公开、结果公开。",
    "认真贯彻落实《中华人民共和国政府信息公开条例》和《国务院办公厅关于全面推进政务公开工作的意见》精神。",
    "全年未发生因政府信息公开引起的行政复议和行政诉讼案件。",
    "按照“谁公开、谁审查，谁审查、谁负责”的原则，严格落实政府信息公开保密审查制度。",
    "政府信息公开咨询、申请和答复工作顺利开展，全年政府信息公开工作运行正常。",
    "推动政务公开工作制度化、标准化、规范化、信息化建设，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署。",
    "严格执行政府信息公开属性源头认定制度，做到应公开尽公开。",
]

# Synonyms used for near copies (one or two) and paraphrases (throughout). Bidirectional.
_SYN_PAIRS = [
    ("进一步", "更加"), ("切实", "确实"), ("不断", "持之以恒地"), ("认真", "用心"), ("积极", "踊跃"),
    ("扎实", "稳扎稳打地"), ("全面", "全方位"), ("着力", "致力于"), ("大力", "全力"), ("稳步", "平稳"),
    ("深入", "深度"), ("及时", "适时"), ("严格", "从严"), ("逐步", "渐次"), ("重点领域", "关键领域"),
    ("加强", "强化"), ("完善", "健全"), ("推进", "推动"), ("落实", "执行"), ("优化", "改善"), ("拓展", "拓宽"),
    ("提升", "提高"), ("深化", "深入推进"), ("做好", "做实"), ("抓好", "抓实"), ("创新", "革新"),
    ("丰富", "充实"), ("畅通", "疏通"), ("夯实", "筑牢"), ("加大", "增强"), ("细化", "明晰"), ("统筹", "协调"),
    ("理顺", "梳理"), ("建立", "建成"), ("升级", "改版"), ("巩固", "稳固"), ("规范", "规整"),
    ("政府信息公开", "政务信息公开"), ("门户网站", "政府网站"), ("政务新媒体", "新媒体平台"),
    ("信息发布", "信息公布"), ("保密审查", "涉密审核"), ("公开目录", "公开清单"), ("政策解读", "政策阐释"),
    ("回应关切", "回应社会关切"), ("公开指南", "公开说明"), ("便民服务", "为民服务"), ("互动交流", "沟通互动"),
    ("机制", "体制"), ("制度", "规章制度"), ("力度", "强度"), ("水平", "能力"), ("质量", "品质"),
    ("渠道", "途径"), ("管理", "管控"), ("考核", "考评"), ("工作流程", "办事流程"), ("长效机制", "常态化机制"),
    ("宣传培训", "宣传教育"), ("督促检查", "督导检查"), ("栏目维护", "栏目管护"),
    ("还不够完善", "尚不健全"), ("有待进一步加强", "仍需加强"), ("仍然比较薄弱", "依旧相对欠缺"),
    ("不够规范", "不太规范"), ("不够及时", "欠及时"), ("存在短板", "有短板"), ("还有差距", "仍有差距"),
    ("相对滞后", "比较落后"), ("不够深入", "欠深入"), ("针对性不强", "缺乏针对性"),
    ("部分科室", "有的科室"), ("个别单位", "少数单位"), ("少数工作人员", "个别干部"), ("基层单位", "基层部门"),
    ("人民群众", "老百姓"), ("社会公众", "公众"), ("广大群众", "群众"), ("服务对象", "办事群众"),
    ("全年", "一年来"), ("相关信息", "有关信息"), ("影响了", "制约了"), ("有待提高", "需要提升"),
    ("部分村（社区）", "一些村（社区）"), ("部分股室", "有的股室"), ("个别乡镇", "少数乡镇"),
    ("个别业务科室", "少数业务科室"), ("部分二级单位", "一些二级单位"), ("一些下属单位", "部分下属单位"),
    ("重视程度不够", "不够重视"), ("主动性不强", "不够主动"), ("投入不足", "投入不够"), ("办法不多", "手段欠缺"),
    ("认识不够到位", "认识不足"), ("更新不及时", "更新滞后"), ("公开不全面", "公开不够全面"),
    ("发布不够规范", "发布欠规范"), ("解读不够深入", "解读欠深入"), ("归集不够完整", "归集不全"),
    ("报送不够主动", "报送积极性不高"), ("的期待还有一定差距", "的期盼尚有距离"), ("整体成效", "总体效果"),
    ("不能完全满足", "难以充分满足"), ("在一定程度上", "某种程度上"), ("离上级要求仍有距离", "与上级要求尚有差距"),
    ("专题会议", "专门会议"), ("组织业务培训", "开展业务培训"), ("社会关注事项", "社会关心事项"),
    ("民生热点", "民生焦点"), ("看得到、听得懂、能监督", "看得见、看得懂、可监督"), ("工作落到实处", "工作落地见效"),
    ("正确领导下", "坚强领导下"), ("统一部署", "统筹安排"), ("中心工作", "核心工作"), ("成效", "效果"),
    ("具体负责", "专门负责"), ("工作领导小组", "领导小组"), ("成立了", "组建了"), ("确保", "保证"),
    ("围绕", "聚焦"), ("通过", "借助"), ("依托", "利用"), ("明显", "显著"), ("取得", "收到"),
]
SYN: dict[str, str] = {}
for _a, _b in _SYN_PAIRS:
    SYN.setdefault(_a, _b)
    SYN.setdefault(_b, _a)
_SYN_RE = re.compile("|".join(sorted(map(re.escape, SYN), key=len, reverse=True)))
_NUM_RE = re.compile(r"\d+")
_SELF_RE = re.compile(r"[我本](?:局|委|镇|乡|街道|县|区|市|省)")


def _clause(rng: random.Random, topics: list[str], first: bool = False) -> str:
    mod = rng.choice(MOD) if rng.random() < 0.8 else rng.choice(topics)
    lead = "" if first or rng.random() < 0.8 else rng.choice(["并", "同时", "还"])
    return f"{lead}{rng.choice(ADV)}{rng.choice(VERB)}{mod}{rng.choice(NOUN)}"


def _fill(s: str, rng: random.Random, ag: Agency) -> str:
    return s.format(
        public=rng.choice(PUBLIC), mod=rng.choice(MOD), noun=rng.choice(NOUN), need=rng.choice(NEED),
        topic=rng.choice(ag.topics), aspect=rng.choice(ASPECT), region=ag.region,
        r1=RIGHTS[0], r2=rng.choice(RIGHTS[1:]),
    )


def _overview_unit(rng: random.Random, ag: Agency, year: int) -> str:
    c = lambda first=False: _clause(rng, ag.topics, first)  # noqa: E731
    me, t = ag.self_ref, rng.choice(ag.topics)
    n = rng.randint(12, 3000)
    k = rng.randrange(7)
    if k == 0:
        guide = rng.choice([f"在{_fill(rng.choice(SUPERIOR), rng, ag)}的正确领导下",
                            f"按照{_fill(rng.choice(SUPERIOR), rng, ag)}的统一部署",
                            f"围绕{t}中心工作", f"紧扣{t}等重点任务"])
        res = rng.choice([f"{rng.choice(MOD)}工作取得{rng.choice(GOOD)}成效",
                          f"{rng.choice(MOD)}{rng.choice(NOUN)}得到{rng.choice(['提升', '加强', '改善'])}"])
        return f"{year}年，{me}{guide}，{c(True)}，{c()}，{res}。"
    if k == 1:
        return (f"{me}{c(True)}，{c()}，全年{rng.choice(PUBVERB)}{rng.choice(INFOTYPE)}{n}条，其中{t}类信息"
                f"{rng.randint(3, max(4, n // 3))}条、{rng.choice(ag.topics)}类信息{rng.randint(1, 200)}条。")
    if k == 2:
        p1, p2 = rng.sample(PLATFORM, 2)
        return f"{me}{c(True)}。{rng.choice(['通过', '依托', '借助', '结合'])}{p1}和{p2}，{c(True)}，{c()}。"
    if k == 3:
        lead = rng.choice([f"成立了以{rng.choice(LEADER)}为组长的{rng.choice(MOD)}工作领导小组",
                           f"调整充实了{ag.region}{rng.choice(MOD)}工作领导小组",
                           f"明确{ag.office}具体负责{rng.choice(MOD)}日常工作",
                           f"配备{rng.randint(1, 6)}名{rng.choice(['专职', '兼职'])}工作人员"])
        return f"{c(True)}。{me}{lead}，{c(True)}，{c()}。"
    if k == 4:
        return (f"围绕{t}、{rng.choice(_GENERIC_TOPICS)}等{rng.choice(['重点领域', '社会关注事项', '民生热点'])}，"
                f"{c(True)}，{c()}，{rng.choice(PUBVERB)}相关信息{n}条，{_fill(rng.choice(GOAL), rng, ag)}。")
    if k == 5:
        return (f"召开{rng.choice(MOD)}专题会议{rng.randint(1, 12)}次，组织{rng.choice(['业务培训', '专题学习', '交流座谈'])}"
                f"{rng.randint(1, 9)}场，{c()}，{c()}。")
    return f"{c(True)}，{c()}，{c()}，{_fill(rng.choice(GOAL), rng, ag)}。"


def _problem_unit(rng: random.Random, ag: Agency, year: int) -> str:
    prob = rng.choice([f"对{rng.choice(MOD)}工作认识不够到位", f"{rng.choice(MOD)}{rng.choice(NOUN)}{rng.choice(WEAK)}",
                       f"在{rng.choice(MOD)}方面{rng.choice(['重视程度不够', '主动性不强', '投入不足', '办法不多'])}"])
    elab = rng.choice([f"{rng.choice(MOD)}{rng.choice(NOUN)}{rng.choice(WEAK)}",
                       f"{rng.choice(ag.topics)}相关信息{rng.choice(UPDATE)}",
                       f"{rng.choice(MOD)}的{rng.choice(ASPECT)}{rng.choice(WEAK)}"])
    return f"{rng.choice(WHO)}{prob}，{elab}，{_fill(rng.choice(CONSEQ), rng, ag)}。"


def _improvement_unit(rng: random.Random, ag: Agency, year: int) -> str:
    c = lambda first=False: _clause(rng, ag.topics, first)  # noqa: E731
    if rng.random() < 0.5:
        return f"{c(True)}，{c()}，{c()}，{_fill(rng.choice(GOAL), rng, ag)}。"
    return f"围绕{rng.choice(ag.topics)}，{c(True)}，{c()}，{_fill(rng.choice(GOAL), rng, ag)}。"


def _other_unit(rng: random.Random, ag: Agency, year: int) -> str:
    return f"{ag.self_ref}{year}年度{rng.choice(FEE)}。"


# ----------------------------------------------------------------------------------------------
# Fixed parts: preamble and the 2019 tables (template text)
# ----------------------------------------------------------------------------------------------
def _preamble(rng: random.Random, ag: Agency, year: int, fmt: str) -> tuple[str, str]:
    if fmt == "2019_template":
        v = rng.randrange(2)
        site = f"{ag.region}政务网（www.{rng.randint(100, 999)}.gov.example）"
        tail = (f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在{site}下载。"
                f"如对本报告有任何疑问，请与{ag.name}{ag.office}联系（邮编：{rng.randint(100000, 899999)}，"
                f"电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}）。")
        if v == 0:
            head = (f"本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级关于政府信息公开工作"
                    f"年度报告的要求，由{ag.name}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息"
                    f"公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。")
        else:
            head = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布{ag.name}{year}年政府信息"
                    f"公开工作年度报告。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                    f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。")
        return head + tail, f"preamble_2019_v{v}"
    v = rng.randrange(2)
    if v == 0:
        text = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特向社会公布{year}年度{ag.name}"
                f"政府信息公开工作年度报告。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开"
                f"的收费及减免情况，因政府信息公开申请行政复议、提起行政诉讼的情况，存在的主要问题和改进措施，其他"
                f"需要报告的事项。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    else:
        text = (f"本报告依据《中华人民共和国政府信息公开条例》要求，由{ag.name}编制。本报告中所列数据的统计期限自"
                f"{year}年1月1日起至{year}年12月31日止。如对本报告有任何疑问，请与{ag.name}{ag.office}联系。")
    return text, f"preamble_pre2019_v{v}"


def _n(rng: random.Random, hi: int = 40) -> int:
    return rng.randint(0, hi) if rng.random() < 0.6 else 0


def _table_proactive(rng: random.Random) -> str:
    return (
        "第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
        f"规章 | 0 | 0 | 0\n行政规范性文件 | {_n(rng)} | {_n(rng)} | {_n(rng, 90)}\n"
        "第二十条第（五）项\n信息内容 | 本年处理决定数量\n"
        f"行政许可 | {_n(rng, 900)}\n"
        "第二十条第（六）项\n信息内容 | 本年处理决定数量\n"
        f"行政处罚 | {_n(rng, 300)}\n行政强制 | {_n(rng, 30)}\n"
        "第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元）\n"
        f"行政事业性收费 | {_n(rng, 500)}"
    )


_REQ_ROWS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理", "（七）总计", "四、结转下年度继续办理",
]


def _table_requests(rng: random.Random) -> str:
    head = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况\n"
            "自然人 | 法人或其他组织 | 总计\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他")
    rows = [f"{label} | {_n(rng, 9)} | {_n(rng, 3)} | {_n(rng, 9)}" for label in _REQ_ROWS]
    return head + "\n" + "\n".join(rows)


def _table_review(rng: random.Random) -> str:
    nums = " | ".join(str(_n(rng, 3)) for _ in range(15))
    return ("行政复议 | 行政诉讼\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉\n"
            f"{nums}")


# ----------------------------------------------------------------------------------------------
# Documents as lists of units, assembled with offsets
# ----------------------------------------------------------------------------------------------
class Unit:
    """A paragraph-level piece of a report; ``start``/``end`` are filled in at assembly."""

    __slots__ = ("text", "tag", "start", "end")

    def __init__(self, text: str, tag: str):
        self.text, self.tag, self.start, self.end = text, tag, -1, -1


@dataclass
class Doc:
    """A report being generated: metadata plus its narrative units per section."""

    id: str
    idx: int
    agency: Agency
    agency_idx: int
    year: int
    fmt: str
    target_len: int
    seed: int
    sections: dict[str, list[Unit]] = field(default_factory=dict)


def _doc_rng(seed: int, idx: int, salt: int) -> random.Random:
    return _Rng((seed * 1_000_003 + idx) * 7 + salt)


def _narrative(doc: Doc) -> None:
    rng = _doc_rng(doc.seed, doc.idx, 1)
    ag, y = doc.agency, doc.year
    fixed = 1500 if doc.fmt == "2019_template" else 700
    budget = max(600, doc.target_len - fixed)
    shares = {"overview": 0.5, "problems": 0.22, "improvements": 0.28}
    makers = {"overview": _overview_unit, "problems": _problem_unit, "improvements": _improvement_unit}
    for sec, share in shares.items():
        units, size = [], 0
        goal = budget * share
        while size < goal or len(units) < 2:
            u = Unit(makers[sec](rng, ag, y), "orig")
            units.append(u)
            size += len(u.text)
        doc.sections[sec] = units
    # Statute formulae: template text many reports share.
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        ti = rng.randrange(len(STATUTE))
        sec = "overview" if rng.random() < 0.75 else "improvements"
        lst = doc.sections[sec]
        lst.insert(rng.randint(0, len(lst)), Unit(STATUTE[ti], f"tmpl:statute_{ti}"))


def _near(text: str, rng: random.Random, src: Doc, dst: Doc) -> str:
    """A few characters/words changed: names and years swapped, one or two synonyms, figures."""
    out = text.replace(f"{src.year}年", f"{dst.year}年")
    out = _SELF_RE.sub(dst.agency.self_ref, out)
    if src.agency.region != dst.agency.region:
        out = out.replace(src.agency.region, dst.agency.region)
    hits = list(_SYN_RE.finditer(out))
    for m in sorted(rng.sample(hits, min(len(hits), rng.choice([1, 1, 2]))), key=lambda m: -m.start()):
        out = out[: m.start()] + SYN[m.group()] + out[m.end():]
    if rng.random() < 0.5:
        out = _NUM_RE.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)) if len(m.group()) < 4 else m.group(), out)
    if out == text:  # no synonym found: change one function word so it is not verbatim
        out = out.replace("，", "，并", 1) if "，" in out else out[:-1] + "等。"
    return out


def _paraphrase(text: str, rng: random.Random, dst: Doc) -> str:
    """Same meaning, little shared wording: synonyms throughout and clauses reordered."""
    out = _SYN_RE.sub(lambda m: SYN[m.group()], text)
    out = _SELF_RE.sub(dst.agency.self_ref, out)
    sents = [s for s in out.split("。") if s]
    new = []
    for s in sents:
        parts = s.split("，")
        if len(parts) >= 3:  # keep the opening clause (often the subject), reorder the rest
            mid = parts[1:]
            k = rng.randrange(1, len(mid))
            parts = [parts[0]] + mid[k:] + mid[:k]
        new.append("，".join(parts))
    if len(new) > 1 and rng.random() < 0.5:
        new.reverse()
    return "。".join(new) + "。"


_ENUMS = {
    "yishi": lambda i: f"{CN_NUM[i] if i < 10 else i + 1}是",
    "paren": lambda i: f"（{CN_NUM[i] if i < 10 else i + 1}）",
    "arabic": lambda i: f"{i + 1}.",
    "none": lambda i: "",
}


def _assemble(doc: Doc) -> tuple[str, dict[str, Any], list[tuple[int, int, str]]]:
    """Return text, gold_sections row and template spans; set unit offsets."""
    rng = _doc_rng(doc.seed, doc.idx, 2)
    ag, y = doc.agency, doc.year
    parts: list[str] = []
    pos = 0
    templates: list[tuple[int, int, str]] = []

    def put(s: str) -> int:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start

    def put_units(units: list[Unit], enum: str, sep: str) -> tuple[int, int]:
        start = pos
        for i, u in enumerate(units):
            if i:
                put(sep)
            put(_ENUMS[enum](i) if not u.tag.startswith("tmpl") else "")
            u.start = put(u.text)
            u.end = pos
            if u.tag.startswith("tmpl:"):
                templates.append((u.start, u.end, u.tag[5:]))
        return start, pos

    put(f"{ag.name}{y}年政府信息公开工作年度报告\n")
    pre, pre_id = _preamble(rng, ag, y, doc.fmt)
    s = put(pre)
    templates.append((s, pos, pre_id))
    put("\n")
    gold: dict[str, Any] = {"id": doc.id}
    ov = doc.sections["overview"]
    if doc.fmt == "2019_template":
        heading = "一、总体情况"
        put(heading + "\n")
        # Sub-headings of the 2019 overview split its units into groups.
        subs = ["（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）平台建设情况",
                "（五）监督保障情况"]
        ngroups = min(len(subs), max(1, len(ov) // 2))
        cuts = sorted(rng.sample(range(1, len(ov)), ngroups - 1)) if ngroups > 1 else []
        groups = [ov[a:b] for a, b in zip([0] + cuts, cuts + [len(ov)])]
        ostart = pos
        for gi, grp in enumerate(groups):
            if gi:
                put("\n")
            put(subs[gi] + "\n")
            put_units(grp, "none", rng.choice(["", "\n"]))
        oend = pos
        put("\n二、主动公开政府信息情况\n")
        s = put(_table_proactive(rng))
        templates.append((s, pos, "table_proactive"))
        put("\n三、收到和处理政府信息公开申请情况\n")
        s = put(_table_requests(rng))
        templates.append((s, pos, "table_requests"))
        put("\n四、政府信息公开行政复议、行政诉讼情况\n")
        s = put(_table_review(rng))
        templates.append((s, pos, "table_review"))
        put("\n")
        nums = ["五", "六"]
        split_pi = False
    else:
        heading = rng.choice(["一、概述", "一、概述", "一、基本情况", "一、总体情况"])
        put(heading + "\n")
        ostart, oend = put_units(ov, "none", "\n")
        put("\n二、主动公开政府信息情况\n")
        put(f"{y}年，{ag.self_ref}共主动公开政府信息{rng.randint(10, 900)}条，"
            f"其中通过{rng.choice(PLATFORM)}公开{rng.randint(5, 400)}条。")
        put("\n三、依申请公开政府信息情况\n")
        put(f"{y}年，{ag.self_ref}共受理政府信息公开申请{rng.randint(0, 30)}件，均已按期答复。")
        put("\n四、政府信息公开的收费及减免情况\n")
        put(f"{ag.self_ref}{y}年度{rng.choice(FEE[:2])}。")
        put("\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n")
        put(f"{y}年，{ag.self_ref}未发生因政府信息公开申请行政复议、提起行政诉讼的情况。\n")
        split_pi = rng.random() < 0.3
        nums = ["六", "八" if split_pi else "七"]
    gold.update(overview_start=heading, overview_text=(ostart, oend),
                overview_span=[ostart, oend])
    enum = rng.choice(["yishi", "paren", "arabic"])
    sep = rng.choice(["", "\n"])
    if split_pi:
        ph = f"{nums[0]}、{rng.choice(['存在的不足', '存在的主要问题', '存在问题'])}"
        ih = f"七、{rng.choice(['下一步工作打算', '改进措施', '下一步工作措施'])}"
        put(ph + "\n")
        pstart, _ = put_units(doc.sections["problems"], enum, sep)
        put("\n" + ih + "\n")
        _, pend = put_units(doc.sections["improvements"], enum, sep)
        gold["improvements_heading"] = ih
    else:
        ph = f"{nums[0]}、{rng.choice(['存在的主要问题及改进情况', '存在的主要问题及改进措施', '存在的主要问题和改进措施'])}"
        put(ph + "\n")
        pstart = put(rng.choice(["（一）存在的主要问题\n", "（一）存在问题\n"]))
        put_units(doc.sections["problems"], enum, sep)
        put(rng.choice(["\n（二）改进措施\n", "\n（二）下一步工作打算\n"]))
        _, pend = put_units(doc.sections["improvements"], enum, sep)
    gold.update(problems_heading=ph, problems_text=(pstart, pend), problems_span=[pstart, pend])
    put(f"\n{nums[1]}、其他需要报告的事项\n")
    put(_other_unit(rng, ag, y))
    put(f"\n{ag.name}\n{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日\n")
    text = "".join(parts)
    for key in ("overview_text", "problems_text"):  # offsets until the text existed
        a, b = gold[key]
        gold[key] = text[a:b]
    return text, gold, templates


# ----------------------------------------------------------------------------------------------
# The plan: agencies, reports, planted groups
# ----------------------------------------------------------------------------------------------
def _plan_docs(n: int, seed: int) -> list[Doc]:
    rng = _Rng(seed)
    width = max(3, len(str(n - 1)))
    docs: list[Doc] = []
    ai = 0
    while len(docs) < n:
        ag = _make_agency(rng)
        k = min(n - len(docs), rng.choice([1, 1, 2, 3, 3, 4, 5, 6, 8]))
        years = sorted(rng.sample(YEARS, k))
        for y in years:
            fmt = "2019_template" if y >= 2019 else "pre2019"
            lo, hi = (2800, 8000) if fmt == "2019_template" else (1500, 7000)
            tl = int(math.exp(rng.uniform(math.log(lo), math.log(hi))))
            i = len(docs)
            docs.append(Doc(f"{i:0{width}d}", i, ag, ai, y, fmt, tl, seed))
        ai += 1
    # Interleave agencies so ids do not group one agency's reports together.
    order = list(range(n))
    rng.shuffle(order)
    width_docs = [None] * n
    for new_i, old_i in enumerate(order):
        d = docs[old_i]
        d.idx, d.id = new_i, f"{new_i:0{width}d}"
        width_docs[new_i] = d
    return width_docs  # type: ignore[return-value]


@dataclass
class Group:
    """One source unit and its planted copies."""

    gid: int
    src: Doc
    section: str
    unit: Unit
    copies: list[tuple[Doc, Unit, str, str]] = field(default_factory=list)  # (doc, unit, kind, scope)


def _plan_plants(docs: list[Doc], seed: int, rate: float, kinds: tuple[float, float, float]) -> list[Group]:
    rng = _Rng(seed + 977)
    by_agency: dict[int, list[Doc]] = {}
    for d in docs:
        by_agency.setdefault(d.agency_idx, []).append(d)
    n = len(docs)
    groups: list[Group] = []
    used: set[int] = set()
    n_groups = max(1, round(n * rate))
    tries = 0
    while len(groups) < n_groups and tries < n_groups * 20:
        tries += 1
        src = docs[rng.randrange(n)]
        sec = rng.choice(NARRATIVE)
        cands = [u for u in src.sections[sec] if u.tag == "orig" and id(u) not in used and 40 <= len(u.text) <= 220]
        if not cands:
            continue
        unit = rng.choice(cands)
        used.add(id(unit))
        g = Group(len(groups), src, sec, unit)
        fan = rng.choices([1, 2, 3, 4, 5, 8, 12], weights=[45, 22, 12, 8, 6, 5, 2])[0]
        later_same = [d for d in by_agency[src.agency_idx] if d.year > src.year]
        seen = {src.idx}
        for _ in range(fan):
            if later_same and rng.random() < 0.45:
                dst, scope = rng.choice(later_same), "self"
            else:
                dst, scope = None, "cross"
                for _t in range(20):
                    c = docs[rng.randrange(n)]
                    if c.agency_idx != src.agency_idx and c.year >= src.year:
                        dst = c
                        break
                if dst is None:
                    continue
            if dst.idx in seen:
                continue
            seen.add(dst.idx)
            kind = rng.choices(KINDS, weights=kinds)[0]
            if kind == "verbatim":
                text = unit.text
            elif kind == "near":
                text = _near(unit.text, rng, src, dst)
            else:
                text = _paraphrase(unit.text, rng, dst)
            cu = Unit(text, f"copy:{g.gid}")
            lst = dst.sections[sec]
            lst.insert(rng.randint(0, len(lst)), cu)
            g.copies.append((dst, cu, kind, scope))
        if g.copies:
            groups.append(g)
    return groups


def generate(n: int, seed: int = 0, out_dir: str | Path = "synthetic_corpus", *, plant_rate: float = 0.12,
             kinds: tuple[float, float, float] = (0.4, 0.4, 0.2)) -> dict[str, Any]:
    """Write a SYNTHETIC annotated corpus of ``n`` reports to ``out_dir``; return a summary dict.

    ``plant_rate`` is the number of planted groups (source units copied elsewhere) per report;
    ``kinds`` the weights of verbatim / near / paraphrase copies. Deterministic given (n, seed).

    Example::

        >>> generate(50, seed=1, out_dir="/tmp/syn50")["n_docs"]   # doctest: +SKIP
        50
    """
    if n < 2:
        raise ValueError(f"{out_dir}: n must be at least 2 (got {n})")
    t0 = time.perf_counter()
    out = Path(out_dir)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    docs = _plan_docs(n, seed)
    for d in docs:
        _narrative(d)
    groups = _plan_plants(docs, seed, plant_rate, kinds)
    texts_len = 0
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as mf, \
            open(out / "gold_sections.jsonl", "w", encoding="utf-8") as sf, \
            open(out / "gold_templates.jsonl", "w", encoding="utf-8") as tf:
        for d in docs:
            text, gold, templates = _assemble(d)
            texts_len += len(text)
            (out / "docs" / f"{d.id}.txt").write_text(text, encoding="utf-8")
            ag = d.agency
            mf.write(json.dumps({
                "id": d.id, "url": f"synthetic://giptext/{seed}/{d.id}", "agency": ag.name, "year": d.year,
                "level": ag.level, "admin_level": ag.admin_level, "format": d.fmt, "has_overview": True,
                "has_problems": True, "is_template_site": False, "script": "simplified",
                "note": f"SYNTHETIC report generated by corpora/synthetic.py (seed={seed})", "synthetic": True,
                "agency_id": d.agency_idx, "n_chars": len(text),
            }, ensure_ascii=False) + "\n")
            sf.write(json.dumps(gold, ensure_ascii=False) + "\n")
            for a, b, tid in templates:
                tf.write(json.dumps({"id": d.id, "start": a, "end": b, "template": tid}, ensure_ascii=False) + "\n")
    n_pairs = 0
    counts = {k: 0 for k in KINDS}
    with open(out / "gold_reuse.jsonl", "w", encoding="utf-8") as gf:
        for g in groups:
            for dst, cu, kind, scope in g.copies:
                n_pairs += 1
                counts[kind] += 1
                gf.write(json.dumps({
                    "doc_a": g.src.id, "start_a": g.unit.start, "end_a": g.unit.end, "text_a": g.unit.text,
                    "doc_b": dst.id, "start_b": cu.start, "end_b": cu.end, "text_b": cu.text,
                    "kind": kind, "scope": scope, "group": g.gid, "section": g.section,
                    "note": "SYNTHETIC planted copy",
                }, ensure_ascii=False) + "\n")
    summary = {
        "n_docs": n, "seed": seed, "n_groups": len(groups), "n_pairs": n_pairs, "pairs_by_kind": counts,
        "n_agencies": len({d.agency_idx for d in docs}), "mean_chars": round(texts_len / n),
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (out / "README.md").write_text(
        "# SYNTHETIC corpus — not real reports\n\n"
        f"Generated by `corpora/synthetic.py --n {n} --seed {seed}`. Every report, agency name and figure is "
        "made up from sentence pools; reuse was planted at known offsets (`gold_reuse.jsonl`, with "
        "start/end offsets) and template boilerplate is listed in `gold_templates.jsonl`.\n\n"
        f"```\n{json.dumps(summary, ensure_ascii=False, indent=1)}\n```\n",
        encoding="utf-8",
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python corpora/synthetic.py --n 1000 --seed 0 --out DIR``."""
    ap = argparse.ArgumentParser(description="Write a SYNTHETIC annotated corpus with planted reuse.")
    ap.add_argument("--n", type=int, default=1000, help="number of reports")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--plant-rate", type=float, default=0.12, help="planted groups per report")
    args = ap.parse_args(argv)
    try:
        summary = generate(args.n, args.seed, args.out, plant_rate=args.plant_rate)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
