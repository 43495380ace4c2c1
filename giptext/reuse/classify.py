"""What kind of reuse a passage is: verbatim/near/paraphrase, template or copied, self or cross.

* ``kind``: ``verbatim`` when the two source spans are the same text once white space
  is ignored (script variants, changed figures or words make it ``near``); ``paraphrase``
  comes from sentence embeddings, never from here.
* ``template``: the passage is mostly mandated wording (the 2019 template's table labels,
  the regulation's formulas such as 以公开为常态、不公开为例外), or its family is used by
  a large share of the corpus's agencies.
* ``scope``: ``self`` when both reports come from the same agency, ``cross`` when the
  agencies differ, ``unknown`` when either agency is not known.

Example::

    >>> kind_of("公开 形式的便民性", "公开形式的便民性")
    'verbatim'
    >>> scope_of("甲县林业局", "甲县民政局")
    'cross'
    >>> round(template_coverage("坚持以公开为常态、不公开为例外的原则"), 2)
    0.71
"""
from __future__ import annotations

import re
from functools import lru_cache

from giptext.reuse.view import view_text

_WS = re.compile(r"\s+")

#: Mandated wording: the regulation's formulas, the 2019 template's section titles and
#: table labels, and the standard notes under its tables. Matched on the normalised view.
TEMPLATE_PHRASES: tuple[str, ...] = (
    # the regulation and its formulas
    "中华人民共和国政府信息公开条例",
    "以公开为常态不公开为例外",
    "以公开为常态以不公开为例外",
    "公正公平合法便民",
    "保障公民法人和其他组织依法获取政府信息",
    "提高政府工作的透明度",
    "充分发挥政府信息对人民群众生产生活和经济社会活动的服务作用",
    "本报告中所列数据的统计期限自",
    "本报告所列数据的统计期限自",
    "如对本报告有任何疑问",
    "本年度报告的电子版可在",
    # 2019 template section titles
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
    # 2019 template table labels
    "第二十条第",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "处理决定数量",
    "本年收费金额",
    "采购项目数量",
    "采购总金额",
    "行政规范性文件",
    "行政事业性收费",
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "本年度办理结果",
    "予以公开",
    "部分公开区分处理的",
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及三安全一稳定",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
    "本机关不掌握相关政府信息",
    "没有现成信息需要另行制作",
    "补正后申请内容仍不明确",
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
    "申请人无正当理由逾期不补正",
    "申请人逾期未按收费通知要求缴纳费用",
    "结转下年度继续办理",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "本列数据的勾稽关系为",
    "第一项加第二项之和等于第三项加第四项之和",
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
)


@lru_cache(maxsize=1)
def _phrases() -> tuple[str, ...]:
    out = {view_text(p) for p in TEMPLATE_PHRASES}
    return tuple(sorted((p for p in out if p), key=len, reverse=True))


def template_coverage(text: str, normalised: bool = False) -> float:
    """Share of the normalised characters of ``text`` covered by mandated template phrases."""
    v = text if normalised else view_text(text)
    if not v:
        return 0.0
    return _coverage(v)


@lru_cache(maxsize=65536)
def _coverage(v: str) -> float:
    # cached: boilerplate passages recur word for word across a corpus
    covered = bytearray(len(v))
    for p in _phrases():
        i = v.find(p)
        while i >= 0:
            covered[i : i + len(p)] = b"\x01" * len(p)
            i = v.find(p, i + 1)
    return sum(covered) / len(v)


def kind_of(text_a: str, text_b: str) -> str:
    """``'verbatim'`` if the raw spans are equal ignoring white space, else ``'near'``."""
    if text_a == text_b:  # common (boilerplate), and needs no white-space pass
        return "verbatim"
    return "verbatim" if _WS.sub("", text_a) == _WS.sub("", text_b) else "near"


def scope_of(agency_a: str | None, agency_b: str | None) -> str:
    """``'self'`` (same agency), ``'cross'`` (different) or ``'unknown'`` (either missing)."""
    if not agency_a or not agency_b:
        return "unknown"
    return "self" if _agency_key(agency_a) == _agency_key(agency_b) else "cross"


@lru_cache(maxsize=65536)
def _agency_key(name: str) -> str:
    return view_text(name, mask_digits=False)


__all__ = ["TEMPLATE_PHRASES", "template_coverage", "kind_of", "scope_of"]
