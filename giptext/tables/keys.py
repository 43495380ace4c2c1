"""Canonical row and column keys of the statistics tables, and the Chinese labels each matches.

This module is the one place where the tables' vocabulary lives: :mod:`giptext.tables.extract`
reads rows and columns with these patterns, :mod:`giptext.tables.checks` states the
template's arithmetic with these keys, and the keys are what users filter on in the tidy
DataFrame (``table``, ``row``, ``column``).

Tables (``TABLES``)
    ``proactive``           二、主动公开政府信息情况 (第二十条第（一）（五）（六）（八）（九）项)
    ``requests``            三、收到和处理政府信息公开申请情况
    ``review_litigation``   四、政府信息公开行政复议、行政诉讼情况
    ``legacy``              the pre-2019 统计表 (指标名称 / 计量单位 / 数量)

The 2019 template was issued twice. The first version (reports on 2019 and 2020) has the
proactive columns 本年新制作数量 / 本年新公开数量 / 对外公开总数量 and 上一年项目数量 /
本年增/减 / 处理决定数量, items (五) 其他对外管理服务事项 and (九) 政府集中采购, and one
``(六)其他处理`` row in the requests table; the second (国办公开办函〔2021〕30号, reports on
2021 onwards) has 本年制发件数 / 本年废止件数 / 现行有效件数, 本年处理决定数量, 本年收费金额
and three ``(六)其他处理`` sub-rows. Both are read; the keys below cover both.

Row patterns match the first words of a label too, because a PDF cell wraps its label
and only the head sits on the line with the figures. A row pattern is searched in the label text that precedes a row's figures; when several
match, the one that ends last wins (a wrapped label's tail from the row above comes first,
the row's own label last), so group labels such as ``（三）不予公开`` never shadow their
sub-rows.
"""
from __future__ import annotations

import re

TABLES = ("proactive", "requests", "review_litigation", "legacy")

# -- proactive (第二十条) -----------------------------------------------------------------
#: Proactive rows: key -> (item of 第二十条, label pattern).
PROACTIVE_ROWS: dict[str, tuple[str, str]] = {
    "rules": ("一", r"规章"),
    "normative_documents": ("一", r"规范性文件"),
    "licensing": ("五", r"行政许可"),
    "other_services": ("五", r"其他对外管理服务"),
    "penalty": ("六", r"行政处罚"),
    "enforcement": ("六", r"行政强制"),
    "fees": ("八", r"行政事业性收费"),
    "procurement": ("九", r"政府集中采购"),
}

#: Proactive columns of each item, by template version (``2019`` first issue, ``2021`` second).
PROACTIVE_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "一": ("issued", "repealed", "in_force"),  # 本年制发件数 本年废止件数 现行有效件数
        "五": ("decisions",),  # 本年处理决定数量
        "六": ("decisions",),
        "八": ("amount",),  # 本年收费金额（单位：万元）
    },
    "2019": {
        "一": ("new_made", "new_published", "total_published"),  # 本年新制作数量 本年新公开数量 对外公开总数量
        "五": ("prior_items", "change", "decisions"),  # 上一年项目数量 本年增/减 处理决定数量
        "六": ("prior_items", "change", "decisions"),
        "八": ("prior_items", "change"),
        "九": ("procurement_items", "procurement_amount"),  # 采购项目数量 采购总金额
    },
}

#: Header words that tell the version of a proactive item's columns.
PROACTIVE_VERSION_MARKS = {
    "2021": re.compile(r"制发件数|废止件数|现行有效|本年处理决定|本年收费金额|收费金额"),
    "2019": re.compile(r"本年新|新制作|新公开|对外公开总数|上一年项目|本年增|采购项目|采购总金额"),
}

#: Column labels as printed, for documentation and rendering.
COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
    "decisions": "本年处理决定数量", "amount": "本年收费金额（单位：万元）",
    "new_made": "本年新制作数量", "new_published": "本年新公开数量", "total_published": "对外公开总数量",
    "prior_items": "上一年项目数量", "change": "本年增/减",
    "procurement_items": "采购项目数量", "procurement_amount": "采购总金额",
    "natural_person": "自然人", "business": "商业企业", "research": "科研机构",
    "public_interest": "社会公益组织", "legal_services": "法律服务机构", "other_org": "其他",
    "total": "总计",
    "upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
    "unit": "计量单位", "value": "数量",
}

ROW_LABELS: dict[str, str] = {
    "rules": "规章", "normative_documents": "规范性文件", "licensing": "行政许可",
    "other_services": "其他对外管理服务事项", "penalty": "行政处罚", "enforcement": "行政强制",
    "fees": "行政事业性收费", "procurement": "政府集中采购",
}

# -- requests (三、收到和处理政府信息公开申请情况) -------------------------------------------
REQUEST_COLUMNS = ("natural_person", "business", "research", "public_interest", "legal_services", "other_org", "total")
#: The applicant columns whose sum is the ``total`` column.
APPLICANT_COLUMNS = REQUEST_COLUMNS[:-1]

#: Requests rows in template order: key -> label pattern. ``other`` is the first version's
#: single 其他处理 row; ``other_overdue`` .. ``other_other`` the second version's sub-rows.
REQUEST_ROWS: dict[str, str] = {
    "new": r"本年新收",
    "carried_over": r"上年结转",
    "granted": r"予以公开",
    "partly_granted": r"部分公开",
    "refused_state_secret": r"国家秘密",
    "refused_prohibited": r"其他法律|法律行政法规|禁止公开",
    "refused_three_safety": r"三安全一稳定|危及",
    "refused_third_party": r"保护第三方|第三方",
    "refused_internal": r"三类内部|内部事务",
    "refused_process": r"四类过程|过程性",
    "refused_enforcement_file": r"行政执法",
    "refused_query": r"行政查询",
    "unavailable_not_held": r"不掌握",
    "unavailable_needs_creation": r"没有现成|另行制作",
    "unavailable_unclear": r"补正后|仍不明确",
    "not_processed_petition": r"信访|举报投诉",
    "not_processed_repeated": r"重复申请",
    "not_processed_publication": r"要求提供|公开出版物",
    "not_processed_mass": r"无正当理由大量|大量反复",
    "not_processed_confirm": r"要求行政机关确认|确认或重新|重新出具",
    "other": r"其他处理",
    "other_overdue": r"无正当理由逾期|逾期不补正",
    "other_unpaid_fee": r"逾期未按|收费通知|缴纳费",
    "other_other": r"[3３][.．、]\s*其他",
    "total": r"[（(]七[)）]\s*总计|^总计|总计$",
    "carried_forward": r"结转下年",
}

#: Row groups of the handled total (（七）总计 = the sum of these rows).
REQUEST_OUTCOME_ROWS = tuple(k for k in REQUEST_ROWS if k not in ("new", "carried_over", "total", "carried_forward"))
#: Outcome groups for summaries and the dashboard figure.
REQUEST_OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "granted": ("granted",),
    "partly_granted": ("partly_granted",),
    "refused": tuple(k for k in REQUEST_ROWS if k.startswith("refused_")),
    "unavailable": tuple(k for k in REQUEST_ROWS if k.startswith("unavailable_")),
    "not_processed": tuple(k for k in REQUEST_ROWS if k.startswith("not_processed_")),
    "other": ("other", "other_overdue", "other_unpaid_fee", "other_other"),
}

# -- review and litigation (四、行政复议、行政诉讼) ------------------------------------------
REVIEW_ROWS = ("review", "litigation_direct", "litigation_after_review")  # 行政复议 / 未经复议直接起诉 / 复议后起诉
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# -- legacy (pre-2019 统计表) ----------------------------------------------------------------
#: Legacy rows with a canonical key (others keep their label, prefixed ``label:``).
LEGACY_ROWS: dict[str, str] = {
    "proactive_total": r"主动公开政府信息数",
    "proactive_normative": r"主动公开规范性文件数",
    "normative_issued": r"制发规范性文件总数",
    "requests_received": r"收到申请数",
    "requests_closed": r"申请办结数",
    "requests_answered": r"申请答复数",
    "review_total": r"政府信息公开行政复议数量|行政复议数量",
    "litigation_total": r"政府信息公开行政诉讼数量|行政诉讼数量",
    "complaints_total": r"举报投诉数量",
    "fees_collected": r"收取的费用",
}
LEGACY_COLUMNS = ("value",)
LEGACY_UNITS = r"条|件|次|个|人|万元|元|项|篇|期|场|人次|家|份"

# -- figures stated in the narrative -----------------------------------------------------
_N = r"\s*([0-9０-９][0-9０-９,，]*)\s*"  # full-width digits too
#: Narrative statements compared with the table: name -> (pattern with one number group,
#: (table, row, column) whose value it should equal).
_RECEIVED = (r"(?:受理|收到|接收|新收|共收到|共受理)(?:了)?(?:各类|本年度|全年)?(?:政府信息公开|信息公开|依申请公开)?"
             r"(?:政府信息)?申请(?:共计|共|总计|合计)?" + _N + r"(?:件|条|宗|个)")
NARRATIVE_FIGURES: dict[str, tuple[str, tuple[str, str, str]]] = {
    "requests_new": (_RECEIVED, ("requests", "new", "total")),
    "requests_received_legacy": (_RECEIVED, ("legacy", "requests_received", "value")),
    "requests_carried_forward": (r"结转(?:到|至)?下(?:一)?年度?(?:继续办理)?(?:的)?(?:申请)?" + _N + r"件", ("requests", "carried_forward", "total")),
    "requests_granted": (r"(?:予以公开|同意公开)" + _N + r"件", ("requests", "granted", "total")),
    "requests_partly_granted": (r"部分公开" + _N + r"件", ("requests", "partly_granted", "total")),
    "licensing": (r"行政许可(?:决定)?(?:共|总计)?" + _N + r"件", ("proactive", "licensing", "decisions")),
    "penalty": (r"行政处罚(?:决定|案件)?(?:共|总计)?" + _N + r"(?:件|起)", ("proactive", "penalty", "decisions")),
    "review_total": (r"(?:政府信息公开)?行政复议(?:案件)?(?:共|总计)?" + _N + r"(?:件|起)", ("review_litigation", "review", "total")),
    "proactive_total_legacy": (r"主动公开(?:政府)?信息(?:共|总计|合计)?" + _N + r"条", ("legacy", "proactive_total", "value")),
}
#: Statements that no request was received (compared with a new total of 0).
NO_REQUESTS = (r"(?:未|没有|暂未|暂时未|无)(?:收到|受理|接到)(?:任何)?"
               r"(?:(?:政府信息公开|信息公开)(?:的)?申请|依申请公开(?:的)?(?:申请)?|申请)")


def compiled(patterns: dict[str, str]) -> list[tuple[str, re.Pattern]]:
    """``[(key, compiled pattern)]`` in the dict's order."""
    return [(k, re.compile(p)) for k, p in patterns.items()]


__all__ = [
    "APPLICANT_COLUMNS", "COLUMN_LABELS", "LEGACY_COLUMNS", "LEGACY_ROWS", "LEGACY_UNITS", "NARRATIVE_FIGURES",
    "NO_REQUESTS", "PROACTIVE_COLUMNS", "PROACTIVE_ROWS", "PROACTIVE_VERSION_MARKS", "REQUEST_COLUMNS",
    "REQUEST_OUTCOME_GROUPS", "REQUEST_OUTCOME_ROWS", "REQUEST_ROWS", "REVIEW_COLUMNS", "REVIEW_ROWS", "ROW_LABELS",
    "TABLES", "compiled",
]
