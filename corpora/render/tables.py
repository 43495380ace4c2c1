"""The 2019 template's statutory tables (国务院办公厅政府信息公开年度报告格式, 2019) as :class:`Table` s.

Three tables, with the merged cells of the published template:

- ``proactive_table`` (二、主动公开政府信息情况): four sub-tables under 第二十条第（一）/（五）/（六）/（八）项 — 10 figures;
- ``requests_table`` (三、收到和处理政府信息公开申请情况): 3 label columns, 7 applicant columns — 175 figures;
- ``review_table`` (四、政府信息公开行政复议、行政诉讼情况): 15 figures.

Each takes the figures in reading order (row by row, left to right); missing figures are 0.
``template_tables(figures)`` splits one list of figures over the three.
"""
from __future__ import annotations

from corpora.render.model import Cell, Table

PROACTIVE_SLOTS = 10
REQUESTS_SLOTS = 175
REVIEW_SLOTS = 15

_REQ_HEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# (group label or None, row label) for the 22 rows under 三、本年度办理结果
_REQ_RESULT_ROWS: list[tuple[str | None, list[str]]] = [
    (None, ["（一）予以公开"]),
    (None, ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
    ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                   "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]),
    ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
    ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                   "5.要求行政机关确认或重新出具已获取信息"]),
    ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                   "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]),
    (None, ["（七）总计"]),
]


def _take(figures: list, n: int) -> list[str]:
    vals = [str(v) for v in list(figures)[:n]]
    return vals + ["0"] * (n - len(vals))


def proactive_table(figures: list | None = None) -> Table:
    """二、主动公开政府信息情况: the four sub-tables as one 4-column grid (captions span the width)."""
    f = iter(_take(figures or [], PROACTIVE_SLOTS))
    rows: list[list] = [
        [Cell("第二十条第（一）项", colspan=4)],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", next(f), next(f), next(f)],
        ["行政规范性文件", next(f), next(f), next(f)],
        [Cell("第二十条第（五）项", colspan=4)],
        ["信息内容", Cell("本年处理决定数量", colspan=3)],
        ["行政许可", Cell(next(f), colspan=3)],
        [Cell("第二十条第（六）项", colspan=4)],
        ["信息内容", Cell("本年处理决定数量", colspan=3)],
        ["行政处罚", Cell(next(f), colspan=3)],
        ["行政强制", Cell(next(f), colspan=3)],
        [Cell("第二十条第（八）项", colspan=4)],
        ["信息内容", Cell("本年收费金额（单位：万元）", colspan=3)],
        ["行政事业性收费", Cell(next(f), colspan=3)],
    ]
    return Table.of(rows)


def requests_table(figures: list | None = None) -> Table:
    """三、收到和处理政府信息公开申请情况: 10 columns (3 label, 7 figures), merged as in the template."""
    f = iter(_take(figures or [], REQUESTS_SLOTS))
    rows: list[list] = [
        [Cell(_REQ_HEAD, colspan=3, rowspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        [Cell("一、本年新收政府信息公开申请数量", colspan=3)] + [next(f) for _ in range(7)],
        [Cell("二、上年结转政府信息公开申请数量", colspan=3)] + [next(f) for _ in range(7)],
    ]
    n_result = sum(len(labels) for _, labels in _REQ_RESULT_ROWS)
    first = True
    for group, labels in _REQ_RESULT_ROWS:
        for i, label in enumerate(labels):
            row: list = []
            if first:
                row.append(Cell("三、本年度办理结果", rowspan=n_result))
                first = False
            if group is None:
                row.append(Cell(label, colspan=2))
            else:
                if i == 0:
                    row.append(Cell(group, rowspan=len(labels)))
                row.append(label)
            rows.append(row + [next(f) for _ in range(7)])
    rows.append([Cell("四、结转下年度继续办理", colspan=3)] + [next(f) for _ in range(7)])
    return Table.of(rows)


def review_table(figures: list | None = None) -> Table:
    """四、政府信息公开行政复议、行政诉讼情况: 15 columns under 行政复议 (5) and 行政诉讼 (5 + 5)."""
    f = _take(figures or [], REVIEW_SLOTS)
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows: list[list] = [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [Cell(t, rowspan=2) for t in results] + [Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        results + results,
        f,
    ]
    return Table.of(rows)


def template_tables(figures: list | None = None) -> tuple[Table, Table, Table]:
    """The three tables, filled from one list of figures in reading order (missing ones are 0)."""
    figs = list(figures or [])
    a, b = PROACTIVE_SLOTS, PROACTIVE_SLOTS + REQUESTS_SLOTS
    return proactive_table(figs[:a]), requests_table(figs[a:b]), review_table(figs[b:])


__all__ = ["proactive_table", "requests_table", "review_table", "template_tables",
           "PROACTIVE_SLOTS", "REQUESTS_SLOTS", "REVIEW_SLOTS"]
