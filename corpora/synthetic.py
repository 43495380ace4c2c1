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
The grammar is compiled with numba and runs over chunks of 2,000 reports, so 100k reports take a
few minutes (timings and the checks that the distributions did not change: ``SYNTHETIC.md``).

Output: an annotated-corpus folder in the layout of ``shared/ANNOTATION.md``::

    OUT/docs/000000.txt …       the reports
    OUT/manifest.jsonl          id, agency, year, level, admin_level, format, … synthetic: true
    OUT/gold_sections.jsonl     overview/problems headings and texts (+ *_span offsets)
    OUT/gold_reuse.jsonl        planted pairs: doc_a/start_a/end_a/text_a, doc_b/…, kind, scope,
                                group (every copy of one source unit shares a group), section
    OUT/gold_templates.jsonl    template spans: id, start, end, template
    OUT/README.md               says the corpus is synthetic, with the seed and counts

:func:`score` measures reported passages (a ReuseResult's ``passages``) against the planted truth.

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
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numba import njit

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
NOUN = ["工作", "机制", "制度", "平台", "流程", "力度", "水平", "质量", "时效", "渠道", "管理", "队伍", "考核",
        "审核", "规范化", "内容", "栏目", "培训", "督查", "责任制", "措施", "体系", "信息化", "台账", "清单",
        "标准", "程序", "职责", "保障", "衔接", "协同", "监测", "通报", "反馈", "归档", "目录", "模板", "专栏",
        "窗口", "指引", "预案", "评估"]
# Domains combine with an information word into many more objects than a fixed list would give.
DOMAIN = ["财政", "预决算", "教育", "医疗", "社保", "住房", "交通", "环保", "食药", "安监", "招投标", "价格", "就业",
          "扶贫", "征地", "国资", "科研", "公共资源", "审批", "执法", "采购", "统计", "规划", "税费", "救助", "养老",
          "水务", "林草", "农业", "文旅", "应急", "人事", "编制", "审计", "司法", "档案", "气象", "殡葬", "消防",
          "市容", "防汛", "信访", "三公经费", "政务", "双随机", "惠农"]
INFOWORD = ["信息公开", "信息", "公开", "数据", "事项", "政策", "服务"]
SUPERIOR = ["上级政府", "上级主管部门", "{region}委{region}政府", "省政府办公厅", "市政府办公室", "县政府办公室",
            "区政务公开办", "{region}政务公开领导小组", "市委市政府", "县委县政府", "上级业务部门"]
STRONG = ["正确", "坚强", "有力", "统一"]
DEPLOY = ["统一部署", "工作部署", "工作要求", "有关安排", "决策部署", "年度要点"]
CENTER = ["中心工作", "重点任务", "目标任务", "工作大局", "年度目标"]
RESULTV = ["得到提升", "明显改善", "持续加强", "稳步提高", "成效明显", "不断完善", "有新进展", "进一步规范"]
PUBVERB = ["主动公开", "发布", "公开", "累计发布", "在门户网站公开", "对外发布"]
INFOTYPE = ["政府信息", "各类信息", "政务信息", "工作动态", "公开信息", "政策文件"]
PLATFORM = ["门户网站", "政务微信公众号", "政务微博", "政务服务大厅", "公开栏", "电子显示屏", "新闻发布会",
            "政务服务热线", "公共查阅点", "村务公开栏", "政务抖音号", "便民服务中心", "档案馆查阅室"]
LEADER = ["主要负责同志", "分管领导", "党组书记", "主要领导", "分管副职", "常务副职", "副局长", "主任", "副主任",
          "镇长", "副镇长", "副县长", "局长", "秘书长"]
SURNAME = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
ROLE = ["组长", "第一责任人", "牵头人"]
GROUP = ["工作领导小组", "工作专班", "领导小组", "工作小组"]
RESP = ["具体负责", "专门负责", "牵头负责", "统筹"]
DAILY = ["日常工作", "具体工作", "相关工作", "日常事务"]
STAFF = ["工作人员", "信息员", "联络员", "专干"]
FOCUS = ["重点领域", "社会关注事项", "民生热点", "群众关切", "重要事项"]
UNITWORD = ["相关信息", "类信息", "方面信息", "领域信息", "信息"]
REL = ["相关信息", "有关信息", "信息", "专题信息"]
MTG = ["专题会议", "工作推进会", "调度会", "部署会", "培训会"]
ORG = ["组织", "开展", "举办"]
TRAIN = ["业务培训", "专题学习", "交流座谈", "培训讲座", "业务辅导", "集中学习"]
FACILITY = ["社区公开栏", "便民服务中心", "政务服务站", "村务公开栏", "信息公开查阅点", "服务窗口", "片区",
            "工业园区", "示范点", "党群服务中心"]
UP = ["提升", "提高", "增强", "改善"]
OKP = ["落到实处", "取得实效", "规范有序", "常态长效", "见到成效", "平稳运行", "不断深化", "有效落实"]
EFFECT = ["工作提质增效", "信息公开规范化", "取得新进展", "再上新台阶", "落地见效", "规范运行", "提速增效", "走深走实"]
SEE = ["看得到、听得懂", "少跑腿、好办事", "及时知晓政策", "放心满意", "更好参与监督", "方便查询获取", "感受到变化",
       "得到实惠"]
WHO = ["部分科室", "个别单位", "少数工作人员", "基层单位", "部分股室", "一些下属单位", "个别乡镇",
       "部分村（社区）", "个别业务科室", "部分二级单位", "有的站所", "少数窗口单位", "个别股室", "部分干部",
       "一些窗口", "部分中心", "个别站点", "有的科室", "少数单位", "基层站所"]
AWARE = ["认识不够到位", "重视不够", "理解不深", "认识不足", "把握不准", "重视程度不高"]
WEAK = ["还不够完善", "有待进一步加强", "仍然比较薄弱", "不够规范", "不够及时", "存在短板", "还有差距",
        "相对滞后", "不够深入", "针对性不强", "亟待加强", "有所欠缺"]
LACK = ["重视程度不够", "主动性不强", "投入不足", "办法不多", "经验不足", "力量薄弱"]
ASPECT = ["深度", "广度", "针对性", "时效性", "规范性", "便民性", "互动性", "准确性", "完整性"]
UPDATE = ["更新不及时", "公开不全面", "发布不够规范", "解读不够深入", "归集不够完整", "报送不够主动", "内容较单一",
          "形式较单一"]
PUBLIC = ["人民群众", "社会公众", "办事企业", "广大群众", "服务对象", "市场主体", "辖区居民", "基层群众", "企业群众",
          "申请人", "新闻媒体", "投资者"]
NEED = ["信息获取", "办事", "监督", "参与", "查询", "咨询"]
DEG2 = ["因此受到影响", "受到一定影响", "打了折扣", "有所下降", "不够理想", "难以体现"]
AFFECT = ["影响了", "制约了", "削弱了", "降低了", "弱化了"]
RESULTN = ["成效", "实效", "效果", "质量", "水平", "公信力"]
EXPECT = ["期待", "期盼", "要求", "需求"]
GAP = ["还有差距", "尚有距离", "仍有落差", "存在差距", "有一定差距"]
NOSAT = ["不能完全满足", "难以充分满足", "未能及时回应", "无法很好满足", "不能有效满足", "还不能满足", "难以适应",
         "不能及时满足", "尚未满足", "难以契合", "不太符合", "跟不上"]
REQSRC = ["上级要求", "考核标准", "群众期望", "工作目标", "新形势要求"]
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
    ("不能完全满足", "难以完全满足"), ("难以充分满足", "无法充分满足"), ("未能及时回应", "没能及时回应"),
    ("不能有效满足", "无法有效满足"), ("难以契合", "不够契合"), ("辖区居民", "辖区群众"), ("企业群众", "企业和群众"), ("在一定程度上", "某种程度上"), ("离上级要求仍有距离", "与上级要求尚有差距"),
    ("专题会议", "专门会议"), ("组织业务培训", "开展业务培训"), ("社会关注事项", "社会关心事项"),
    ("民生热点", "民生焦点"), ("看得到、听得懂、能监督", "看得见、看得懂、可监督"), ("工作落到实处", "工作落地见效"),
    ("正确领导下", "坚强领导下"), ("统一部署", "统筹安排"), ("中心工作", "核心工作"), ("成效", "效果"),
    ("具体负责", "专门负责"), ("工作部署", "工作安排"), ("决策部署", "部署要求"), ("重点任务", "核心任务"),
    ("得到提升", "有所提升"), ("持续加强", "不断强化"), ("工作专班", "专门工作组"), ("牵头负责", "负责牵头"),
    ("信息员", "信息联络员"), ("落到实处", "落地落实"), ("取得实效", "见到实效"), ("规范有序", "有序规范"),
    ("看得到、听得懂", "看得见、看得懂"), ("少跑腿、好办事", "办事更方便"), ("理解不深", "领会不透"),
    ("把握不准", "掌握不准"), ("亟待加强", "急需加强"), ("有所欠缺", "存在不足"), ("经验不足", "经验欠缺"),
    ("力量薄弱", "力量不足"), ("内容较单一", "内容比较单一"), ("形式较单一", "形式不够多样"), ("降低了", "减弱了"),
    ("尚有距离", "还有距离"), ("存在差距", "有差距"), ("客观上", "实际上"), ("很好地", "有效"),
    ("上级要求", "上级规定"), ("考核标准", "考核要求"), ("群众期望", "群众期待"), ("工作目标", "既定目标"),
    ("新形势要求", "新形势需要"), ("工作推进会", "推进会议"), ("调度会", "调度会议"), ("培训讲座", "培训课"),
    ("业务辅导", "业务指导"), ("集中学习", "集体学习"), ("群众关切", "群众关心的问题"), ("重要事项", "重大事项"), ("工作领导小组", "领导小组"), ("成立了", "组建了"), ("确保", "保证"),
    ("围绕", "聚焦"), ("通过", "借助"), ("依托", "利用"), ("明显", "显著"), ("取得", "收到"),
]
SYN: dict[str, str] = {}
for _a, _b in _SYN_PAIRS:
    SYN.setdefault(_a, _b)
    SYN.setdefault(_b, _a)
_SYN_RE = re.compile("|".join(sorted(map(re.escape, SYN), key=len, reverse=True)))
_NUM_RE = re.compile(r"\d+")
_SELF_RE = re.compile(r"[我本](?:局|委|镇|乡|街道|县|区|市|省)")


# ----------------------------------------------------------------------------------------------
# The grammar, compiled: numba emits token ids for a chunk of reports, numpy turns them into text
# ----------------------------------------------------------------------------------------------
# Composing sentences word by word in Python cost ~1.5 µs per word (100k reports: 4 CPU-minutes,
# 29 min of wall time on a loaded machine). The same grammar, with the same choices and
# probabilities, runs here as compiled code writing token ids (indices into _Lex.strs) into a
# buffer; one pass then copies the tokens' characters into the chunk's text.

_POOL_NAMES = [
    "ADV", "VERB", "MOD", "NOUN", "DOMAIN", "INFOWORD", "STRONG", "DEPLOY", "CENTER", "RESULTV", "PUBVERB",
    "PLATFORM", "LEADER", "SURNAME", "ROLE", "GROUP", "RESP", "DAILY", "STAFF", "FOCUS", "UNITWORD", "REL", "MTG",
    "ORG", "TRAIN", "FACILITY", "UP", "OKP", "EFFECT", "SEE", "WHO", "AWARE", "WEAK", "LACK", "ASPECT", "UPDATE",
    "PUBLIC", "NEED", "DEG2", "RESULTN", "EXPECT", "GAP", "NOSAT", "REQSRC", "RIGHTS", "SYL", "GENERIC", "LEAD",
    "DE_OR_NOT", "AND", "VIA", "STAFFKIND", "ESP", "OPENER", "SEP",
]
# Literal words, each a one-word pool (emitted without a draw).
_LITERALS = ["在", "上", "保障", "确保", "推动", "让", "提高", "的", "与", "对", "需求", "离", "领导下", "按照", "围绕",
             "年，", "，", "。", "，全年", "条，", "和", "成立了以", "为", "调整充实了", "明确", "配备", "名", "、", "等",
             "召开", "次，", "场，", "方面", "\n"]
(_ADV, _VERB, _MOD, _NOUN, _DOMAIN, _INFOWORD, _STRONG, _DEPLOY, _CENTER, _RESULTV, _PUBVERB, _PLATFORM, _LEADER,
 _SURNAME, _ROLE, _GROUP, _RESP, _DAILY, _STAFF, _FOCUS, _UNITWORD, _REL, _MTG, _ORG, _TRAIN, _FACILITY, _UP, _OKP,
 _EFFECT, _SEE, _WHO, _AWARE, _WEAK, _LACK, _ASPECT, _UPDATE, _PUBLIC, _NEED, _DEG2, _RESULTN, _EXPECT, _GAP,
 _NOSAT, _REQSRC, _RIGHTS, _SYL_P, _GENERIC, _LEAD, _DE_OR_NOT, _AND, _VIA, _STAFFKIND, _ESP, _OPENER,
 _SEP) = range(len(_POOL_NAMES))
_L0 = len(_POOL_NAMES)
(_ZAI, _SHANG, _BAOZHANG, _QUEBAO, _TUIDONG, _RANG, _TIGAO, _DE, _YU, _DUI, _XUQIU, _LI, _LINGDAOXIA, _ANZHAO, _WEIRAO,
 _NIAN, _COMMA, _PERIOD, _QUANNIAN, _TIAO, _HE, _CHENGLI, _WEI, _TIAOZHENG, _MINGQUE, _PEIBEI, _MING, _DUN, _DENG,
 _ZHAOKAI, _CI, _CHANG, _FANGMIAN, _NL) = range(_L0, _L0 + len(_LITERALS))


@njit(cache=True, inline='always')
def _rk(m):
    return int(np.random.random() * m)


@njit(cache=True, inline='always')
def _pk(k):
    return _PT[_PO[k] + int(np.random.random() * _PN[k])]


@njit(cache=True, inline='always')
def _emit(o, p, t):
    if t:  # id 0 is the empty word
        o[p] = t
        p += 1
    return p


@njit(cache=True, inline='always')
def _lit(o, p, k):
    o[p] = _PT[_PO[k]]
    return p + 1


@njit(cache=True, inline='always')
def _num(o, p, a, b):
    o[p] = _NUM0 + a + int(np.random.random() * (b - a + 1))
    return p + 1


@njit(cache=True, inline='always')
def _topic(C, d):
    return C[d, _CX_TOP + int(np.random.random() * C[d, _CX_NTOP])]


@njit(cache=True)
def _mod(o, p):
    if np.random.random() < 0.3:
        return _emit(o, p, _pk(_MOD))
    p = _emit(o, p, _pk(_DOMAIN))
    return _emit(o, p, _pk(_INFOWORD))


@njit(cache=True)
def _clause_mod(o, p, C, d, r):
    # 15 % an agency topic, 12 % a named local place (real reports name their own villages, parks
    # and halls), else a modifier.
    if r < 0.15:
        return _emit(o, p, _topic(C, d))
    if r < 0.27:
        p = _emit(o, p, _pk(_SYL_P))
        p = _emit(o, p, _pk(_SYL_P))
        return _emit(o, p, _pk(_FACILITY))
    return _mod(o, p)


@njit(cache=True)
def _clause(o, p, C, d, first):
    r = np.random.random()
    if not first and np.random.random() >= 0.8:
        p = _emit(o, p, _pk(_LEAD))
    shape = _rk(6)  # several clause shapes, so sentences do not all share one skeleton
    if shape <= 2:
        p = _emit(o, p, _pk(_ADV))
        p = _emit(o, p, _pk(_VERB))
        p = _clause_mod(o, p, C, d, r)
        return _emit(o, p, _pk(_NOUN))
    if shape == 3:
        p = _emit(o, p, _pk(_VERB))
        p = _clause_mod(o, p, C, d, r)
        return _emit(o, p, _pk(_NOUN))
    if shape == 4:
        p = _lit(o, p, _ZAI)
        p = _clause_mod(o, p, C, d, r)
        p = _emit(o, p, _pk(_NOUN))
        p = _lit(o, p, _SHANG)
        p = _emit(o, p, _pk(_ADV))
        return _emit(o, p, _pk(_VERB))
    p = _clause_mod(o, p, C, d, r)
    p = _emit(o, p, _pk(_NOUN))
    return _emit(o, p, _pk(_RESULTV))


@njit(cache=True)
def _pair(k):
    """Two distinct words of pool k (``random.sample(pool, 2)``)."""
    n = _PN[k]
    i = _rk(n)
    j = _rk(n - 1)
    if j >= i:
        j += 1
    return _PT[_PO[k] + i], _PT[_PO[k] + j]


@njit(cache=True)
def _goal(o, p, C, d):
    k = _rk(6)
    if k == 0:
        p = _emit(o, p, _pk(_ADV))
        p = _emit(o, p, _pk(_UP))
        p = _mod(o, p)
        return _emit(o, p, _pk(_NOUN))
    if k == 1:
        p = _lit(o, p, _QUEBAO)
        p = _mod(o, p)
        return _emit(o, p, _pk(_OKP))
    if k == 2:
        r1, r2 = _pair(_RIGHTS)
        p = _lit(o, p, _BAOZHANG)
        p = _emit(o, p, _pk(_PUBLIC))
        p = _emit(o, p, _pk(_DE_OR_NOT))
        p = _emit(o, p, r1)
        p = _emit(o, p, _pk(_AND))
        return _emit(o, p, r2)
    if k == 3:
        p = _lit(o, p, _TUIDONG)
        p = _emit(o, p, _topic(C, d))
        return _emit(o, p, _pk(_EFFECT))
    if k == 4:
        p = _lit(o, p, _RANG)
        p = _emit(o, p, _pk(_PUBLIC))
        return _emit(o, p, _pk(_SEE))
    p = _lit(o, p, _TIGAO)
    p = _mod(o, p)
    p = _lit(o, p, _DE)
    return _emit(o, p, _pk(_ASPECT))


@njit(cache=True)
def _conseq(o, p):
    # Every variant opens with a large slot, so the run shared with another report's
    # sentence of the same shape stays short.
    k = _rk(4)
    p = _mod(o, p)
    if k == 0:
        p = _emit(o, p, _pk(_RESULTN))
        return _emit(o, p, _pk(_DEG2))
    if k == 1:
        p = _emit(o, p, _pk(_ASPECT))
        p = _lit(o, p, _YU)
        p = _emit(o, p, _pk(_PUBLIC))
        p = _emit(o, p, _pk(_EXPECT))
        return _emit(o, p, _pk(_GAP))
    if k == 2:
        p = _emit(o, p, _pk(_NOSAT))
        p = _emit(o, p, _pk(_PUBLIC))
        p = _lit(o, p, _DUI)
        p = _mod(o, p)
        p = _lit(o, p, _DE)
        p = _emit(o, p, _pk(_NEED))
        return _lit(o, p, _XUQIU)
    p = _emit(o, p, _pk(_NOUN))
    p = _lit(o, p, _LI)
    p = _emit(o, p, _pk(_REQSRC))
    return _emit(o, p, _pk(_GAP))


@njit(cache=True)
def _superior(o, p, C, d):
    e = _rk(_SUPT.shape[0])
    region = C[d, _CX_REGION]
    # The region is prefixed unless the chosen entry already names it.
    if np.random.random() < 0.6 and not C[d, _CX_SUP + e]:
        p = _emit(o, p, region)
    for j in range(_SUPT.shape[1]):
        t = _SUPT[e, j]
        p = _emit(o, p, region if t == -1 else t)
    return p


@njit(cache=True)
def _overview_unit(o, p, C, d):
    k = _rk(7)
    me = C[d, _CX_ME]
    if k == 0:
        g = _rk(3)
        p = _emit(o, p, C[d, _CX_YEAR])
        p = _lit(o, p, _NIAN)
        p = _emit(o, p, me)
        if g == 0:
            p = _lit(o, p, _ZAI)
            p = _superior(o, p, C, d)
            p = _lit(o, p, _DE)
            p = _emit(o, p, _pk(_STRONG))
            p = _lit(o, p, _LINGDAOXIA)
        elif g == 1:
            p = _lit(o, p, _ANZHAO)
            p = _superior(o, p, C, d)
            p = _emit(o, p, _pk(_DEPLOY))
        else:
            p = _lit(o, p, _WEIRAO)
            p = _emit(o, p, _topic(C, d))
            p = _emit(o, p, _pk(_CENTER))
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, False)
        p = _lit(o, p, _COMMA)
        p = _mod(o, p)
        p = _emit(o, p, _pk(_NOUN))
        p = _emit(o, p, _pk(_RESULTV))
        return _lit(o, p, _PERIOD)
    if k == 1:
        p = _emit(o, p, me)
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, False)
        p = _lit(o, p, _QUANNIAN)
        p = _emit(o, p, _pk(_PUBVERB))
        p = _mod(o, p)
        p = _emit(o, p, _pk(_UNITWORD))
        p = _num(o, p, 12, 3000)
        p = _lit(o, p, _TIAO)
        p = _clause(o, p, C, d, True)
        return _lit(o, p, _PERIOD)
    if k == 2:
        p1, p2 = _pair(_PLATFORM)
        p = _emit(o, p, me)
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _PERIOD)
        p = _emit(o, p, _pk(_VIA))
        p = _emit(o, p, p1)
        p = _lit(o, p, _HE)
        p = _emit(o, p, p2)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, False)
        return _lit(o, p, _PERIOD)
    if k == 3:
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _PERIOD)
        p = _emit(o, p, me)
        g = _rk(4)
        if g == 0:
            p = _lit(o, p, _CHENGLI)
            p = _emit(o, p, _pk(_LEADER))
            p = _emit(o, p, _pk(_SURNAME))
            p = _emit(o, p, _pk(_SYL_P))
            if np.random.random() < 0.7:
                p = _emit(o, p, _pk(_SYL_P))
            p = _lit(o, p, _WEI)
            p = _emit(o, p, _pk(_ROLE))
            p = _lit(o, p, _DE)
            p = _mod(o, p)
            p = _emit(o, p, _pk(_GROUP))
        elif g == 1:
            p = _lit(o, p, _TIAOZHENG)
            p = _emit(o, p, C[d, _CX_REGION])
            p = _mod(o, p)
            p = _emit(o, p, _pk(_GROUP))
        elif g == 2:
            p = _lit(o, p, _MINGQUE)
            p = _emit(o, p, C[d, _CX_OFFICE])
            p = _emit(o, p, _pk(_RESP))
            p = _mod(o, p)
            p = _emit(o, p, _pk(_DAILY))
        else:
            p = _lit(o, p, _PEIBEI)
            p = _num(o, p, 1, 6)
            p = _lit(o, p, _MING)
            p = _emit(o, p, _pk(_STAFFKIND))
            p = _emit(o, p, _pk(_STAFF))
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, False)
        return _lit(o, p, _PERIOD)
    if k == 4:
        p = _lit(o, p, _WEIRAO)
        p = _emit(o, p, _topic(C, d))
        p = _lit(o, p, _DUN)
        p = _emit(o, p, _pk(_GENERIC))
        p = _lit(o, p, _DENG)
        p = _emit(o, p, _pk(_FOCUS))
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, False)
        p = _lit(o, p, _COMMA)
        p = _emit(o, p, _pk(_PUBVERB))
        p = _emit(o, p, _pk(_REL))
        p = _num(o, p, 12, 3000)
        p = _lit(o, p, _TIAO)
        p = _goal(o, p, C, d)
        return _lit(o, p, _PERIOD)
    if k == 5:
        p = _lit(o, p, _ZHAOKAI)
        p = _mod(o, p)
        p = _emit(o, p, _pk(_MTG))
        p = _num(o, p, 1, 12)
        p = _lit(o, p, _CI)
        p = _emit(o, p, _pk(_ORG))
        p = _emit(o, p, _pk(_TRAIN))
        p = _num(o, p, 1, 9)
        p = _lit(o, p, _CHANG)
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, False)
        return _lit(o, p, _PERIOD)
    p = _clause(o, p, C, d, True)
    p = _lit(o, p, _COMMA)
    p = _clause(o, p, C, d, False)
    p = _lit(o, p, _COMMA)
    p = _clause(o, p, C, d, False)
    p = _lit(o, p, _COMMA)
    p = _goal(o, p, C, d)
    return _lit(o, p, _PERIOD)


@njit(cache=True)
def _problem_part(o, p, which):
    g = _rk(4)
    if which == 0:  # the problem itself, after who has it
        p = _emit(o, p, _pk(_WHO))
        if g == 0:
            p = _lit(o, p, _DUI)
            p = _mod(o, p)
            return _emit(o, p, _pk(_AWARE))
        if g == 1:
            p = _mod(o, p)
            p = _emit(o, p, _pk(_NOUN))
            return _emit(o, p, _pk(_WEAK))
        if g == 2:
            p = _lit(o, p, _ZAI)
            p = _mod(o, p)
            p = _lit(o, p, _FANGMIAN)
            return _emit(o, p, _pk(_LACK))
        p = _emit(o, p, _pk(_LACK))
        p = _lit(o, p, _COMMA)
        p = _mod(o, p)
        p = _emit(o, p, _pk(_NOUN))
        return _emit(o, p, _pk(_WEAK))
    # its elaboration
    if g == 0:
        p = _mod(o, p)
        p = _emit(o, p, _pk(_NOUN))
        return _emit(o, p, _pk(_WEAK))
    if g == 1:
        p = _mod(o, p)
        return _emit(o, p, _pk(_UPDATE))
    if g == 2:
        p = _mod(o, p)
        p = _lit(o, p, _DE)
        p = _emit(o, p, _pk(_ASPECT))
        return _emit(o, p, _pk(_WEAK))
    p = _emit(o, p, _pk(_ESP))
    p = _mod(o, p)
    return _emit(o, p, _pk(_UPDATE))


@njit(cache=True)
def _problem_unit(o, p):
    opener = _pk(_OPENER)
    if opener:
        p = _emit(o, p, opener)
        p = _lit(o, p, _COMMA)
    swap = np.random.random() < 0.3
    p = _problem_part(o, p, 1 if swap else 0)
    p = _emit(o, p, _pk(_SEP))
    p = _problem_part(o, p, 0 if swap else 1)
    p = _lit(o, p, _COMMA)
    p = _conseq(o, p)
    return _lit(o, p, _PERIOD)


@njit(cache=True)
def _improvement_unit(o, p, C, d):
    if np.random.random() >= 0.5:
        p = _lit(o, p, _WEIRAO)
        p = _emit(o, p, _topic(C, d))
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, True)
    else:
        p = _clause(o, p, C, d, True)
        p = _lit(o, p, _COMMA)
        p = _clause(o, p, C, d, False)
    p = _lit(o, p, _COMMA)
    p = _clause(o, p, C, d, False)
    p = _lit(o, p, _COMMA)
    p = _goal(o, p, C, d)
    return _lit(o, p, _PERIOD)


@njit(cache=True)
def _chars(o, a, b, vlen):
    n = 0
    for i in range(a, b):
        n += vlen[o[i]]
    return n


@njit(cache=True)
def _nb_chunk(seed, C, vlen, budget, o, uend, ulen, counts):
    """Units of every report of a chunk, in report order; per report: problems, improvements,
    overview. Returns (tokens written, units written)."""
    np.random.seed(seed)
    p = 0
    u = 0
    for d in range(budget.shape[0]):
        if p + 12000 > o.shape[0] or u + 600 > uend.shape[0]:
            return -1, -1  # buffer too small (sized by the caller from the target lengths)
        used = 0
        for sec in range(2):
            n = 2 + _rk(6) if sec == 0 else 3 + _rk(6)
            counts[d, sec + 1] = n
            for _ in range(n):
                a = p
                p = _problem_unit(o, p) if sec == 0 else _improvement_unit(o, p, C, d)
                n_chars = _chars(o, a, p, vlen)
                used += n_chars
                p = _lit(o, p, _NL)  # units end with a newline in the chunk text (not counted in the budget)
                uend[u] = p
                ulen[u] = n_chars + 1
                u += 1
        # Real reports list a handful of problems and measures; the overview takes the rest.
        need = budget[d] - used
        size = 0
        k = 0
        while size < need or k < 2:
            a = p
            p = _overview_unit(o, p, C, d)
            n_chars = _chars(o, a, p, vlen)
            size += n_chars
            p = _lit(o, p, _NL)
            uend[u] = p
            ulen[u] = n_chars + 1
            u += 1
            k += 1
        counts[d, 0] = k
    return p, u


@njit(cache=True)
def _nb_text(o, n, char_pool, char_off, vlen, out):
    """Write the characters of tokens o[:n] (UTF-32 code points) to ``out``; return their number."""
    q = 0
    for i in range(n):
        t = o[i]
        s = char_off[t]
        for j in range(vlen[t]):
            out[q] = char_pool[s + j]
            q += 1
    return q


class _Lex:
    """Token vocabulary: pool words, literals, numbers 0–3000 and every two-syllable place name
    (plus agency words interned per chunk), the pool arrays the compiled grammar reads, and every
    token's characters for turning token ids into text."""

    def __init__(self) -> None:
        self.strs: list[str] = [""]
        self.ids: dict[str, int] = {"": 0}
        src = {"SYL": _SYL, "GENERIC": _GENERIC_TOPICS, "LEAD": ["并", "同时", "还"], "DE_OR_NOT": ["的", ""],
               "AND": ["和", "、", "与"], "VIA": ["通过", "依托", "借助", "结合"], "STAFFKIND": ["专职", "兼职", "专兼职"],
               "ESP": ["尤其是", "特别是", "其中"], "OPENER": ["", "", "", "目前", "从实际情况看", "总体来看", "对照要求", "从检查情况看"],
               "SEP": ["，", "，", "；", "，且"]}
        pools = [[self.t(w) for w in (src[name] if name in src else globals()[name])] for name in _POOL_NAMES]
        pools += [[self.t(w)] for w in _LITERALS]
        self.pool_tokens = np.array([t for pl in pools for t in pl], dtype=np.int64)
        self.pool_size = np.array([len(pl) for pl in pools], dtype=np.int64)
        self.pool_off = np.cumsum(self.pool_size) - self.pool_size
        # Numbers get contiguous ids so a drawn value v is the token NUM0 + v (duplicates are harmless).
        self.NUM0 = len(self.strs)
        self.strs.extend(str(v) for v in range(3001))
        for x in _SYL:  # every place name _place can make, so a report's region is always a token
            for y in _SYL:
                self.t(x + y)
        # SUPERIOR entries as token rows (0-padded); -1 is the report's region.
        rows = [[self.t(x) if x != "{region}" else -1 for x in re.split(r"(\{region\})", e) if x] for e in SUPERIOR]
        self.sup = np.zeros((len(rows), max(map(len, rows))), dtype=np.int64)
        for i, r in enumerate(rows):
            self.sup[i, :len(r)] = r
        self.sup_plain = [e if "{region}" not in e else None for e in SUPERIOR]
        self._frozen = 0

    def t(self, s: str) -> int:
        """The id of a word (interned on first use)."""
        i = self.ids.get(s)
        if i is None:
            i = self.ids[s] = len(self.strs)
            self.strs.append(s)
        return i

    def freeze(self) -> None:
        """(Re)build the per-token arrays after new words (agency offices, topics) were interned."""
        if self._frozen == len(self.strs):
            return
        self.vlen = np.array([len(x) for x in self.strs], dtype=np.int64)
        self.char_off = np.cumsum(self.vlen) - self.vlen
        self.char_pool = np.frombuffer("".join(self.strs).encode("utf-32-le"), dtype=np.uint32)
        self._frozen = len(self.strs)

    def context(self, docs: list["Doc"]) -> np.ndarray:
        """Per-report slots of a chunk as one int array (columns ``_CX_*``): self-reference, region,
        office, year, number of topics, topics, and whether each SUPERIOR entry names the region.
        One array rather than a tuple: the compiled code reads it without reference counting."""
        ctx = np.zeros((len(docs), _CX_SUP + len(SUPERIOR)), dtype=np.int64)
        for i, d in enumerate(docs):
            ag = d.agency
            tp = ag.topics
            ctx[i, :_CX_TOP] = [self.t(ag.self_ref), self.t(ag.region), self.t(ag.office), self.NUM0 + d.year, len(tp)]
            ctx[i, _CX_TOP:_CX_TOP + len(tp)] = [self.t(x) for x in tp]
            ctx[i, _CX_SUP:] = [e is None or ag.region in e for e in self.sup_plain]
        self.freeze()
        return ctx


# The static vocabulary is built once: the compiled grammar reads its pools as constants.
_LEX = _Lex()
_PT, _PO, _PN, _SUPT, _NUM0 = _LEX.pool_tokens, _LEX.pool_off, _LEX.pool_size, _LEX.sup, _LEX.NUM0
_CX_ME, _CX_REGION, _CX_OFFICE, _CX_YEAR, _CX_NTOP, _CX_TOP = range(6)
_CX_SUP = _CX_TOP + 7  # an agency has at most 7 topics


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




# The 2019 statutory tables: fixed text with numbered slots, filled from one numpy draw per chunk.

_TABLE_PROACTIVE = (
    "第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
    "规章 | 0 | 0 | 0\n行政规范性文件 | {} | {} | {}\n"
    "第二十条第（五）项\n信息内容 | 本年处理决定数量\n"
    "行政许可 | {}\n"
    "第二十条第（六）项\n信息内容 | 本年处理决定数量\n"
    "行政处罚 | {}\n行政强制 | {}\n"
    "第二十条第（八）项\n信息内容 | 本年收费金额（单位：万元）\n"
    "行政事业性收费 | {}"
)
_HI_PROACTIVE = [40, 40, 90, 900, 300, 30, 500]

_REQ_ROWS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理", "（七）总计", "四、结转下年度继续办理",
]
_TABLE_REQUESTS = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况\n"
    "自然人 | 法人或其他组织 | 总计\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他\n"
    + "\n".join(f"{label} | {{}} | {{}} | {{}}" for label in _REQ_ROWS)
)
_HI_REQUESTS = [9, 3, 9] * len(_REQ_ROWS)

_TABLE_REVIEW = ("行政复议 | 行政诉讼\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉\n"
                 + " | ".join(["{}"] * 15))
_HI_REVIEW = [3] * 15
_HI_ALL = np.array(_HI_PROACTIVE + _HI_REQUESTS + _HI_REVIEW, dtype=np.int64)
_CUT1, _CUT2 = len(_HI_PROACTIVE), len(_HI_PROACTIVE) + len(_HI_REQUESTS)


def _table_numbers(g: np.random.Generator, n: int) -> list[list[int]]:
    """Per report, the table figures: 0–hi in 60 % of cells, else 0 (most offices report few cases)."""
    vals = np.floor(g.random((n, len(_HI_ALL))) * (_HI_ALL + 1)).astype(np.int64)
    vals[g.random((n, len(_HI_ALL))) >= 0.6] = 0
    return vals.tolist()


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
    """A report being generated: metadata plus its narrative units per section.

    Original units are kept compactly until assembly: ``narr`` is the report's narrative units,
    each followed by a newline, and ``uend`` their end offsets in it (after the newline); a section list holds the index of such a
    unit (an int) or a :class:`Unit` (statute formulae, planted copies, and sources of copies)."""

    id: str
    idx: int
    agency: Agency
    agency_idx: int
    year: int
    fmt: str
    target_len: int
    seed: int
    sections: dict[str, list] = field(default_factory=dict)
    narr: str = ""
    uend: Any = None

    def unit_span(self, i: int) -> tuple[int, int]:
        """Offsets of original unit ``i`` in ``narr`` (without its newline)."""
        return (int(self.uend[i - 1]) if i else 0), int(self.uend[i]) - 1


# Reports are generated in chunks of this many (one numpy stream per chunk, so outputs depend on it).
_CHUNK = 2000


class _Buffers:
    """Work arrays reused from chunk to chunk (fresh pages are slow to touch on some machines)."""

    def __init__(self) -> None:
        self.o = np.zeros(0, dtype=np.int32)
        self.chars = np.zeros(0, dtype=np.uint32)
        self.uend = np.zeros(0, dtype=np.int64)
        self.ulen = np.zeros(0, dtype=np.int64)

    def get(self, name: str, n: int) -> np.ndarray:
        a = getattr(self, name)
        if len(a) < n:
            a = np.zeros(int(n * 1.2), dtype=a.dtype)
            setattr(self, name, a)
        return a


def _narrative_chunk(docs: list[Doc], L: _Lex, seed: int, ci: int, buf: _Buffers | None = None) -> None:
    """Write the narrative units of a chunk of reports (compiled grammar) and place statute formulae."""
    buf = buf or _Buffers()
    nd = len(docs)
    C = L.context(docs)
    fixed = np.array([1500 if d.fmt == "2019_template" else 700 for d in docs], dtype=np.int64)
    target = np.array([d.target_len for d in docs], dtype=np.int64)
    budget = np.maximum(600, target - fixed)
    # Token and unit buffers sized from the targets; the kernel stops short rather than overrun.
    o = buf.get("o", int(target.sum()) + 12000 * 2 + 4000 * nd)
    uend = buf.get("uend", 1200 + 300 * nd)
    ulen = buf.get("ulen", len(uend))
    counts = np.zeros((nd, 3), dtype=np.int64)
    ss = np.random.SeedSequence([seed, ci, 1])
    p, u = _nb_chunk(int(ss.generate_state(1)[0]), C, L.vlen, budget, o, uend, ulen, counts)
    if p < 0:
        raise RuntimeError("synthetic: token buffer too small")  # a sizing bug, never data
    ulen = ulen[:u].copy()
    chars = buf.get("chars", int(ulen.sum()))
    q = _nb_text(o, p, L.char_pool, L.char_off, L.vlen, chars)
    text = chars[:q].tobytes().decode("utf-32-le")
    ends = np.cumsum(ulen)
    per_doc = counts.sum(1)
    first = np.cumsum(per_doc) - per_doc
    doc_start = ends[first] - ulen[first]
    rel_end = ends - np.repeat(doc_start, per_doc)
    # Statute formulae: template text many reports share.
    g = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, ci, 3])))
    n_stat = np.array([0, 0, 1, 1, 2])[g.integers(0, 5, nd)].tolist()
    stat_i = g.integers(0, len(STATUTE), (nd, 2)).tolist()
    stat_sec = (g.random((nd, 2)) < 0.75).tolist()
    stat_pos = g.random((nd, 2)).tolist()
    ds, fu, pd_, cl = doc_start.tolist(), first.tolist(), per_doc.tolist(), counts.tolist()
    for i, d in enumerate(docs):
        d.uend = rel_end[fu[i]:fu[i] + pd_[i]]
        d.narr = text[ds[i]:ds[i] + int(d.uend[-1])]
        c0, c1, c2 = cl[i]  # units were written problems, improvements, overview
        d.sections = {"overview": list(range(c1 + c2, c1 + c2 + c0)), "problems": list(range(c1)),
                      "improvements": list(range(c1, c1 + c2))}
        for s in range(n_stat[i]):
            ti = stat_i[i][s]
            lst = d.sections["overview" if stat_sec[i][s] else "improvements"]
            lst.insert(int(stat_pos[i][s] * (len(lst) + 1)), Unit(STATUTE[ti], f"tmpl:statute_{ti}"))


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
_ENUM_STR = {k: [f(i) for i in range(100)] for k, f in _ENUMS.items()}


def _assemble(doc: Doc, rng: random.Random, nums: list[int]) -> tuple[str, dict[str, Any], list[tuple[int, int, str]]]:
    """Return text, gold_sections row and template spans; set unit offsets.

    ``rng`` draws the report's layout choices; ``nums`` are its table figures (:func:`_table_numbers`)."""
    ag, y = doc.agency, doc.year
    narr, uend = doc.narr, doc.uend.tolist()
    ustart = [0] + uend[:-1]
    parts: list[str] = []
    pos = 0
    templates: list[tuple[int, int, str]] = []

    def put(s: str) -> int:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start

    def put_units(units: list, enum: str, sep: str) -> tuple[int, int]:
        # Runs of original units are consecutive in ``narr`` (newline-separated), so an unnumbered
        # run is one slice; only Unit objects (sources, copies, statute formulae; few) need offsets.
        nonlocal pos
        start = pos
        if not units:
            return start, pos
        if enum == "none":
            pieces: list = []
            k0 = 0
            for b in [k for k, u in enumerate(units) if type(u) is not int] + [len(units)]:
                if b > k0:
                    seg = narr[ustart[units[k0]]:uend[units[b - 1]] - 1]
                    pieces.append(seg if sep == "\n" else seg.replace("\n", sep))
                if b < len(units):
                    pieces.append(units[b])
                k0 = b + 1
            pre = [""] * len(pieces)
        else:
            pieces = [narr[ustart[u]:uend[u] - 1] if type(u) is int else u for u in units]
            enums = _ENUM_STR[enum] if len(units) <= 100 else [_ENUMS[enum](i) for i in range(len(units))]
            pre = [("" if type(u) is not int and u.tag.startswith("tmpl") else e) for u, e in zip(units, enums)]
        texts = [p if type(p) is str else p.text for p in pieces]
        if any(type(p) is not str for p in pieces):
            at = pos
            for p, e, t in zip(pieces, pre, texts):
                if type(p) is not str:
                    p.start = at + len(e)
                    p.end = p.start + len(t)
                    if p.tag.startswith("tmpl:"):
                        templates.append((p.start, p.end, p.tag[5:]))
                at += len(e) + len(t) + len(sep)
        s = sep.join([e + t for e, t in zip(pre, texts)]) if enum != "none" else sep.join(texts)
        parts.append(s)
        pos += len(s)
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
        s = put(_TABLE_PROACTIVE.format(*nums[:_CUT1]))
        templates.append((s, pos, "table_proactive"))
        put("\n三、收到和处理政府信息公开申请情况\n")
        s = put(_TABLE_REQUESTS.format(*nums[_CUT1:_CUT2]))
        templates.append((s, pos, "table_requests"))
        put("\n四、政府信息公开行政复议、行政诉讼情况\n")
        s = put(_TABLE_REVIEW.format(*nums[_CUT2:]))
        templates.append((s, pos, "table_review"))
        put("\n")
        nums_h = ["五", "六"]
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
        nums_h = ["六", "八" if split_pi else "七"]
    gold.update(overview_start=heading, overview_text=(ostart, oend),
                overview_span=[ostart, oend])
    enum = rng.choice(["yishi", "paren", "arabic"])
    sep = rng.choice(["", "\n"])
    if split_pi:
        ph = f"{nums_h[0]}、{rng.choice(['存在的不足', '存在的主要问题', '存在问题'])}"
        ih = f"七、{rng.choice(['下一步工作打算', '改进措施', '下一步工作措施'])}"
        put(ph + "\n")
        pstart, _ = put_units(doc.sections["problems"], enum, sep)
        put("\n" + ih + "\n")
        _, pend = put_units(doc.sections["improvements"], enum, sep)
        gold["improvements_heading"] = ih
    else:
        ph = f"{nums_h[0]}、{rng.choice(['存在的主要问题及改进情况', '存在的主要问题及改进措施', '存在的主要问题和改进措施'])}"
        put(ph + "\n")
        pstart = put(rng.choice(["（一）存在的主要问题\n", "（一）存在问题\n"]))
        put_units(doc.sections["problems"], enum, sep)
        put(rng.choice(["\n（二）改进措施\n", "\n（二）下一步工作打算\n"]))
        _, pend = put_units(doc.sections["improvements"], enum, sep)
    gold.update(problems_heading=ph, problems_text=(pstart, pend), problems_span=[pstart, pend])
    put(f"\n{nums_h[1]}、其他需要报告的事项\n")
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
    n_groups = max(1, round(n * rate))
    tries = 0
    while len(groups) < n_groups and tries < n_groups * 20:
        tries += 1
        src = docs[rng.randrange(n)]
        sec = rng.choice(NARRATIVE)
        lst = src.sections[sec]
        # Candidates: original units not yet used as a source (a used one became a Unit object).
        cands = []
        for u in lst:
            if type(u) is int:
                a, b = src.unit_span(u)
                if 40 <= b - a <= 220:
                    cands.append(u)
        if not cands:
            continue
        ui = rng.choice(cands)
        a, b = src.unit_span(ui)
        unit = Unit(src.narr[a:b], "orig")
        lst[lst.index(ui)] = unit
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
            dl = dst.sections[sec]
            dl.insert(rng.randint(0, len(dl)), cu)
            g.copies.append((dst, cu, kind, scope))
        if g.copies:
            groups.append(g)
    return groups


# Work shared with forked worker processes (set before the pool starts, read by the jobs).
_JOB: dict[str, Any] = {}


def _narr_job(ci: int) -> list[tuple[str, Any, dict]]:
    """Narrative of chunk ``ci`` (in a worker: returned to the parent, which plans the plants)."""
    chunk = _JOB["chunks"][ci]
    _narrative_chunk(chunk, _LEX, _JOB["seed"], ci, _JOB.setdefault("buf", _Buffers()))
    return [(d.narr, d.uend, d.sections) for d in chunk]


def _asm_job(ci: int) -> tuple[str, str, str, list[tuple[int, int]], int]:
    """Assemble and write the reports of chunk ``ci``; return its manifest, gold_sections and
    gold_templates lines, the offsets of its planted units (sources and copies, in section order)
    and its number of characters."""
    chunk, seed = _JOB["chunks"][ci], _JOB["seed"]
    docs_dir, note = _JOB["docs_dir"], _JOB["note"]
    rng = _Rng(seed * 1_000_003 + ci * 7 + 2)
    tables = _table_numbers(np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, ci, 2]))), len(chunk))
    man, sec, tmpl, offs = [], [], [], []
    planted = _JOB["planted"]
    n_chars = 0
    for d, nums in zip(chunk, tables):
        text, gold, templates = _assemble(d, rng, nums)
        n_chars += len(text)
        fd = os.open(docs_dir / f"{d.id}.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
        ag = d.agency
        # JSON lines written by hand in json.dumps' layout (ensure_ascii=False): json.dumps of the
        # long section texts was a tenth of the run time.
        man.append(f'{{"id": "{d.id}", "url": "synthetic://giptext/{seed}/{d.id}", "agency": {_jstr(ag.name)}, '
                   f'"year": {d.year}, "level": "{ag.level}", "admin_level": "{ag.admin_level}", '
                   f'"format": "{d.fmt}", "has_overview": true, "has_problems": true, '
                   f'"is_template_site": false, "script": "simplified", "note": {note}, "synthetic": true, '
                   f'"agency_id": {d.agency_idx}, "n_chars": {len(text)}}}\n')
        sec.append("{" + ", ".join(f'"{k}": {_jval(v)}' for k, v in gold.items()) + "}\n")
        # Same bytes as json.dumps of the row (ids and template names need no escaping).
        tmpl.extend(f'{{"id": "{d.id}", "start": {a}, "end": {b}, "template": "{tid}"}}\n' for a, b, tid in templates)
        if d.idx in planted:
            offs.extend((u.start, u.end) for u in _planted_units(d))
        d.narr, d.uend = "", None  # written: free the narrative
    return "".join(man), "".join(sec), "".join(tmpl), offs, n_chars


def _planted_units(d: Doc):
    """The Unit objects of a report that gold_reuse refers to (sources and copies), in a fixed order."""
    for name in NARRATIVE:
        for u in d.sections[name]:
            if type(u) is not int and not u.tag.startswith("tmpl"):
                yield u


def _run(job, n_jobs: int, workers: int):
    """``job(i)`` for i < n_jobs in order: in this process, or in forked workers (the jobs read the
    parent's state from ``_JOB``; results come back in order, so output does not depend on workers)."""
    if workers <= 1 or n_jobs <= 1:
        yield from map(job, range(n_jobs))
        return
    import multiprocessing as mp

    with mp.get_context("fork").Pool(min(workers, n_jobs)) as pool:
        yield from pool.imap(job, range(n_jobs))


def generate(n: int, seed: int = 0, out_dir: str | Path = "synthetic_corpus", *, plant_rate: float = 0.12,
             kinds: tuple[float, float, float] = (0.4, 0.4, 0.2), workers: int | None = None) -> dict[str, Any]:
    """Write a SYNTHETIC annotated corpus of ``n`` reports to ``out_dir``; return a summary dict.

    ``plant_rate`` is the number of planted groups (source units copied elsewhere) per report;
    ``kinds`` the weights of verbatim / near / paraphrase copies. Deterministic given (n, seed):
    the output does not depend on ``workers`` (forked processes drawing and writing the chunks of
    2,000 reports; on the shared 2-core machine two were slower than one, so the default is 1).
    The grammar is compiled with numba (tens of seconds the first time after an edit, then cached
    under ``corpora/__pycache__``); SYNTHETIC.md has timings.

    Example::

        >>> generate(50, seed=1, out_dir="/tmp/syn50")["n_docs"]   # doctest: +SKIP
        50
    """
    if n < 2:
        raise ValueError(f"{out_dir}: n must be at least 2 (got {n})")
    t0 = time.perf_counter()
    workers = 1 if workers is None else workers
    out = Path(out_dir)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    docs = _plan_docs(n, seed)
    chunks = [docs[a:a + _CHUNK] for a in range(0, n, _CHUNK)]
    _JOB.clear()
    _JOB.update(chunks=chunks, seed=seed, docs_dir=out / "docs",
                note=_jstr(f"SYNTHETIC report generated by corpora/synthetic.py (seed={seed})"))
    try:
        for ci, res in enumerate(_run(_narr_job, len(chunks), workers)):
            for d, (narr, uend, sections) in zip(chunks[ci], res):
                d.narr, d.uend, d.sections = narr, uend, sections
        _JOB.pop("buf", None)
        groups = _plan_plants(docs, seed, plant_rate, kinds)
        planted = _JOB["planted"] = {d.idx for g in groups for d in [g.src] + [c[0] for c in g.copies]}
        texts_len = 0
        with open(out / "manifest.jsonl", "w", encoding="utf-8") as mf, \
                open(out / "gold_sections.jsonl", "w", encoding="utf-8") as sf, \
                open(out / "gold_templates.jsonl", "w", encoding="utf-8") as tf:
            for ci, (man, sec, tmpl, offs, n_chars) in enumerate(_run(_asm_job, len(chunks), workers)):
                mf.write(man)
                sf.write(sec)
                tf.write(tmpl)
                texts_len += n_chars
                units = [u for d in chunks[ci] if d.idx in planted for u in _planted_units(d)]
                assert len(units) == len(offs)
                for u, (a, b) in zip(units, offs):
                    u.start, u.end = a, b
                for d in chunks[ci]:
                    d.narr, d.uend, d.sections = "", None, {}  # written: free the narrative
    finally:
        _JOB.clear()
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
    }
    (out / "README.md").write_text(
        "# SYNTHETIC corpus — not real reports\n\n"
        f"Generated by `corpora/synthetic.py --n {n} --seed {seed}`. Every report, agency name and figure is "
        "made up from sentence pools; reuse was planted at known offsets (`gold_reuse.jsonl`, with "
        "start/end offsets) and template boilerplate is listed in `gold_templates.jsonl`.\n\n"
        f"```\n{json.dumps(summary, ensure_ascii=False, indent=1)}\n```\n",
        encoding="utf-8",
    )
    # Timing stays out of README.md so the folder is byte-identical for a given (n, seed).
    return {**summary, "seconds": round(time.perf_counter() - t0, 2)}


def _jstr(s: str) -> str:
    """``json.dumps(s, ensure_ascii=False)`` for generated text. Its characters all come from the
    word pools and fixed text of this module, whose only control character is the newline (and
    str.replace runs at memory speed; the json encoder and a regex check do not)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _jval(v: Any) -> str:
    if isinstance(v, str):
        return _jstr(v)
    if isinstance(v, list):  # the [start, end] spans
        return "[" + ", ".join(map(str, v)) + "]"
    return json.dumps(v, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python corpora/synthetic.py --n 1000 --seed 0 --out DIR``."""
    ap = argparse.ArgumentParser(description="Write a SYNTHETIC annotated corpus with planted reuse.")
    ap.add_argument("--n", type=int, default=1000, help="number of reports")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--plant-rate", type=float, default=0.12, help="planted groups per report")
    ap.add_argument("--workers", type=int, default=None, help="processes (default 1; the output is the same)")
    args = ap.parse_args(argv)
    try:
        summary = generate(args.n, args.seed, args.out, plant_rate=args.plant_rate, workers=args.workers)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    # Run the module imported as corpora.synthetic, not as __main__: numba's on-disk cache records
    # the module of the compiled functions and re-imports it by that name when loading them.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from corpora.synthetic import main as _main

    raise SystemExit(_main())


# ----------------------------------------------------------------------------------------------
# Scoring reported passages against the planted truth
# ----------------------------------------------------------------------------------------------
_NORM_DROP = re.compile(r"[\s\W_]+")


def _similar(x: str, y: str, min_ratio: float = 0.7) -> bool:
    """Normalised texts (punctuation and white space dropped, digits masked) mostly the same."""
    if not x or not y:
        return False
    if x == y:
        return True
    from difflib import SequenceMatcher

    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= min_ratio


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def score(passages, corpus_dir: str | Path, min_cover: float = 0.5) -> dict[str, Any]:
    """Precision and recall of reported passages against a synthetic corpus's planted reuse.

    ``passages``: a DataFrame (or list of dicts) with ``doc_a, start_a, end_a, doc_b, start_b,
    end_b`` and optionally ``template`` (bool) and ``family``. A reported row is a true positive
    when, on both sides, at least ``min_cover`` of its span lies in copies of one planted group;
    a row that is mostly gold template text on both sides is counted apart (``template_text_rows``),
    and rows the detector flagged ``template`` are left out of precision. A row outside planted
    and template text whose two normalised texts are still alike (difflib ratio ≥ 0.7: a chance
    run of formulaic wording) is ``incidental``: ``precision`` counts it as correct (the text
    really is shared), ``precision_planted`` does not. A planted pair is
    recalled when one reported row, or one family, covers at least ``min_cover`` of both gold
    spans (families matter because an engine lists each copy against the earliest one).

    Example::

        >>> score(result.passages, "/tmp/syn500")["recall"]     # doctest: +SKIP
        0.97
    """
    import pandas as pd

    root = Path(corpus_dir)
    gold = [json.loads(l) for l in open(root / "gold_reuse.jsonl", encoding="utf-8") if l.strip()]
    tmpl: dict[str, list[tuple[int, int]]] = {}
    tfile = root / "gold_templates.jsonl"
    if tfile.is_file():
        for line in open(tfile, encoding="utf-8"):
            if line.strip():
                t = json.loads(line)
                tmpl.setdefault(str(t["id"]), []).append((t["start"], t["end"]))
    planted: dict[str, list[tuple[int, int, int]]] = {}
    seen_span: set[tuple[str, int, int]] = set()
    for g in gold:
        for d, s, e in ((g["doc_a"], g["start_a"], g["end_a"]), (g["doc_b"], g["start_b"], g["end_b"])):
            if (str(d), s, e) not in seen_span:
                seen_span.add((str(d), s, e))
                planted.setdefault(str(d), []).append((s, e, g["group"]))

    df = passages if isinstance(passages, pd.DataFrame) else pd.DataFrame(list(passages))
    n_rows = len(df)
    cols = ["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b"]
    da, sa, ea, db, sb, eb = (df[c].tolist() if n_rows else [] for c in cols)
    flagged = df["template"].fillna(False).astype(bool).tolist() if "template" in df.columns else [False] * n_rows
    fam = [None if pd.isna(f) else f for f in df["family"].tolist()] if "family" in df.columns else [None] * n_rows

    def groups_cov(d: str, s: int, e: int) -> dict[int, int]:
        out: dict[int, int] = {}
        for gs, ge, gid in planted.get(d, ()):
            ov = _overlap(s, e, gs, ge)
            if ov:
                out[gid] = out.get(gid, 0) + ov
        return out

    def tmpl_cov(d: str, s: int, e: int) -> int:
        return sum(_overlap(s, e, ts, te) for ts, te in tmpl.get(d, ()))

    docs_cache: dict[str, str] = {}

    def norm(d: str, s: int, e: int) -> str:
        if d not in docs_cache:
            f = root / "docs" / f"{d}.txt"
            docs_cache[d] = f.read_text(encoding="utf-8") if f.is_file() else ""
        return _NORM_DROP.sub("", _NUM_RE.sub("0", docs_cache[d][s:e]))

    tp = fp = tmpl_rows = incidental = flagged_rows = flagged_on_template = 0
    occ: dict[str, list[tuple[int, int, int, Any]]] = {}  # doc -> (start, end, row, family)
    fp_examples = []
    for i in range(n_rows):
        a, b = str(da[i]), str(db[i])
        occ.setdefault(a, []).append((sa[i], ea[i], i, fam[i]))
        occ.setdefault(b, []).append((sb[i], eb[i], i, fam[i]))
        la, lb = max(1, ea[i] - sa[i]), max(1, eb[i] - sb[i])
        if flagged[i]:
            flagged_rows += 1
            if tmpl_cov(a, sa[i], ea[i]) >= min_cover * la:
                flagged_on_template += 1
            continue
        ga, gb = groups_cov(a, sa[i], ea[i]), groups_cov(b, sb[i], eb[i])
        if any(ga[g] >= min_cover * la and gb.get(g, 0) >= min_cover * lb for g in ga):
            tp += 1
        elif tmpl_cov(a, sa[i], ea[i]) >= min_cover * la and tmpl_cov(b, sb[i], eb[i]) >= min_cover * lb:
            tmpl_rows += 1
        elif _similar(norm(a, sa[i], ea[i]), norm(b, sb[i], eb[i])):
            incidental += 1  # really shared text the generator did not plant (chance runs)
        else:
            fp += 1
            if len(fp_examples) < 5:
                fp_examples.append({c: df.iloc[i][c] for c in cols})

    def hits(d: str, s: int, e: int) -> tuple[set[int], set[Any]]:
        rows, fams = set(), set()
        need = min_cover * (e - s)
        for os_, oe, i, f in occ.get(d, ()):
            if _overlap(s, e, os_, oe) >= need:
                rows.add(i)
                if f is not None:
                    fams.add(f)
        return rows, fams

    by_kind: dict[str, list[int]] = {}
    by_scope: dict[str, list[int]] = {}
    missed = []
    for g in gold:
        ra, fa = hits(str(g["doc_a"]), g["start_a"], g["end_a"])
        rb, fb = hits(str(g["doc_b"]), g["start_b"], g["end_b"])
        ok = bool(ra & rb) or bool(fa & fb)
        by_kind.setdefault(g["kind"], []).append(int(ok))
        by_scope.setdefault(g.get("scope", "?"), []).append(int(ok))
        if not ok and len(missed) < 5:
            missed.append({k: g[k] for k in ("doc_a", "start_a", "doc_b", "start_b", "kind")})
    found = sum(sum(v) for v in by_kind.values())
    judged = tp + fp + incidental
    vn = by_kind.get("verbatim", []) + by_kind.get("near", [])
    return {
        "rows": n_rows,
        "precision": (tp + incidental) / judged if judged else float("nan"),
        "precision_planted": tp / judged if judged else float("nan"),
        "recall": found / len(gold) if gold else float("nan"),
        "recall_verbatim_near": sum(vn) / len(vn) if vn else float("nan"),
        "recall_by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        "recall_by_scope": {k: sum(v) / len(v) for k, v in sorted(by_scope.items())},
        "gold_pairs": len(gold),
        "true_rows": tp,
        "false_rows": fp,
        "incidental_rows": incidental,
        "template_text_rows": tmpl_rows,
        "flagged_template_rows": flagged_rows,
        "flagged_template_on_gold_template": flagged_on_template,
        "fp_examples": fp_examples,
        "missed_examples": missed,
    }
