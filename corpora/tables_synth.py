"""Synthetic statistics tables with known values, rendered in every shape tables reach the text in.

Used to measure :mod:`giptext.tables` (``tests/test_tables_synth.py``,
``experiments/tables/run.py``, ``benchmarks/bench_tables.py``). One draw gives the three
2019-template tables of one report (first or second version of the template), arithmetically
consistent, as ``{(table, row, column): value}``; :func:`plant` breaks one cell (or the
narrative's request count) and says which; :func:`render` writes a small report around the
tables in one of :data:`SHAPES`:

``lines``       one cell per line (web pages)
``pipe_lines``  one cell per line with a trailing `` |`` and ``|||`` padding lines (seed 000's shape)
``pipes``       one row per line, cells between ``|``
``tabs``        one row per line, cells joined by TAB (``giptext.report.CELL_SEP``; the readers' shape)
``pdf``         rows of space-separated figures, long row labels wrapped onto the next line
                (the label column's width is drawn from 6 to 14 characters)
``flat``        the whole page on one line

:func:`draw` adds page noise that changes no value (:func:`noise`: full-width digits, blank
lines, ideographic-space indents). Deterministic: the same seed gives the same report.
"""
from __future__ import annotations

import random
from typing import Iterator

SHAPES = ("lines", "pipe_lines", "pipes", "tabs", "pdf", "flat")

APPLICANTS = ("natural_person", "business", "research", "public_interest", "legal_services", "other_org")
REQ_COLS = APPLICANTS + ("total",)
REV_ROWS = ("review", "litigation_direct", "litigation_after_review")
REV_COLS = ("upheld", "corrected", "other", "pending", "total")

# (group label or "", row label, key)
_REQ_ROWS_HEAD = [
    ("", "一、本年新收政府信息公开申请数量", "new"),
    ("", "二、上年结转政府信息公开申请数量", "carried_over"),
]
_OUTCOMES = [
    ("三、本年度办理结果", "（一）予以公开", "granted"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly_granted"),
    ("（三）不予公开", "1.属于国家秘密", "refused_state_secret"),
    ("", "2.其他法律行政法规禁止公开", "refused_prohibited"),
    ("", "3.危及“三安全一稳定”", "refused_three_safety"),
    ("", "4.保护第三方合法权益", "refused_third_party"),
    ("", "5.属于三类内部事务信息", "refused_internal"),
    ("", "6.属于四类过程性信息", "refused_process"),
    ("", "7.属于行政执法案卷", "refused_enforcement_file"),
    ("", "8.属于行政查询事项", "refused_query"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "unavailable_not_held"),
    ("", "2.没有现成信息需要另行制作", "unavailable_needs_creation"),
    ("", "3.补正后申请内容仍不明确", "unavailable_unclear"),
    ("（五）不予处理", "1.信访举报投诉类申请", "not_processed_petition"),
    ("", "2.重复申请", "not_processed_repeated"),
    ("", "3.要求提供公开出版物", "not_processed_publication"),
    ("", "4.无正当理由大量反复申请", "not_processed_mass"),
    ("", "5.要求行政机关确认或重新出具已获取信息", "not_processed_confirm"),
]
_OTHER_2019 = [("", "（六）其他处理", "other")]
_OTHER_2021 = [
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_overdue"),
    ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_unpaid_fee"),
    ("", "3.其他", "other_other"),
]
_REQ_TAIL = [("", "（七）总计", "total"), ("", "四、结转下年度继续办理", "carried_forward")]

_PRO = {
    "2021": [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("issued", "repealed", "in_force"),
         [("规章", "rules"), ("行政规范性文件", "normative_documents")]),
        ("第二十条第（五）项", ("本年处理决定数量",), ("decisions",), [("行政许可", "licensing")]),
        ("第二十条第（六）项", ("本年处理决定数量",), ("decisions",), [("行政处罚", "penalty"), ("行政强制", "enforcement")]),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("amount",), [("行政事业性收费", "fees")]),
    ],
    "2019": [
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         ("new_made", "new_published", "total_published"), [("规章", "rules"), ("规范性文件", "normative_documents")]),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("prior_items", "change", "decisions"),
         [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")]),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("prior_items", "change", "decisions"),
         [("行政处罚", "penalty"), ("行政强制", "enforcement")]),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("prior_items", "change"), [("行政事业性收费", "fees")]),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("procurement_items", "procurement_amount"),
         [("政府集中采购", "procurement")]),
    ],
}


def request_rows(version: str) -> list[tuple[str, str, str]]:
    """The requests table's rows (group label, row label, key) in the given template version."""
    return _REQ_ROWS_HEAD + _OUTCOMES + (_OTHER_2021 if version == "2021" else _OTHER_2019) + _REQ_TAIL


def make_values(rng: random.Random, version: str) -> dict[tuple[str, str, str], float]:
    """One report's tables, arithmetically consistent."""
    v: dict[tuple[str, str, str], float] = {}
    for _item, _heads, cols, rows in _PRO[version]:
        for _label, key in rows:
            for c in cols:
                if c in ("amount", "procurement_amount"):
                    x = round(rng.choice([0, 0, rng.uniform(0, 500)]), rng.choice([0, 1, 2, 4]))
                elif c == "change":
                    x = rng.randint(-5, 5)
                else:
                    x = rng.choice([0, 0, rng.randint(0, 40), rng.randint(0, 3000)])
                v[("proactive", key, c)] = float(x)
    outcomes = [k for _g, _l, k in request_rows(version)[2:-2]]
    busy = rng.random()
    for c in APPLICANTS:
        hi = 0 if rng.random() < 0.4 else (3 if busy < 0.5 else 60)
        new, over = rng.randint(0, hi), rng.randint(0, max(0, hi // 4))
        fwd = rng.randint(0, (new + over) // 3) if new + over else 0
        handled = new + over - fwd
        split = [0] * len(outcomes)
        for _ in range(handled):
            split[min(int(rng.expovariate(0.6)), len(outcomes) - 1) if rng.random() < 0.8 else rng.randrange(len(outcomes))] += 1
        for k, x in zip(outcomes, split):
            v[("requests", k, c)] = float(x)
        v[("requests", "new", c)], v[("requests", "carried_over", c)] = float(new), float(over)
        v[("requests", "total", c)], v[("requests", "carried_forward", c)] = float(handled), float(fwd)
    for _g, _l, k in request_rows(version):
        v[("requests", k, "total")] = sum(v[("requests", k, c)] for c in APPLICANTS)
    for r in REV_ROWS:
        parts = [float(rng.choice([0, 0, 0, rng.randint(0, 6)])) for _ in range(4)]
        for c, x in zip(REV_COLS, parts + [sum(parts)]):
            v[("review_litigation", r, c)] = x
    return v


def plant(rng: random.Random, values: dict, version: str) -> tuple[dict, dict]:
    """A copy of ``values`` with one inconsistency planted, and what was planted.

    Kinds: ``cell`` (a requests or review cell moved by 1–9, so at least one sum breaks)
    and ``narrative`` (the narrative's request count differs from the table's new total, and
    from new + carried over, which the check accepts as a reading).
    """
    v = dict(values)
    if rng.random() < 0.8:
        keys = [k for k in v if k[0] in ("requests", "review_litigation")]
        k = rng.choice(sorted(keys))
        v[k] = v[k] + rng.randint(1, 9)
        return v, {"kind": "cell", "cell": k}
    # A stated count equal to new + carried over is a legitimate reading (giptext.tables.checks),
    # so the planted figure differs from both.
    over = int(v[("requests", "carried_over", "total")])
    offset = rng.choice([k for k in range(1, 11) if k != over])
    return v, {"kind": "narrative", "cell": ("requests", "new", "total"), "offset": offset}


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _rows(values: dict, version: str) -> Iterator[tuple[str, list]]:
    """(kind, cells) rows of the three tables in reading order; kind 'head' or 'data'."""
    yield "title", ["二、主动公开政府信息情况"]
    for item, heads, cols, rows in _PRO[version]:
        yield "head", [item]
        yield "head", ["信息内容", *heads]
        for label, key in rows:
            yield "data", [("", label), *[values.get(("proactive", key, c)) for c in cols]]
    yield "title", ["三、收到和处理政府信息公开申请情况"]
    yield "head", ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    yield "head", ["自然人", "法人或其他组织", "总计"]
    yield "head", ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for group, label, key in request_rows(version):
        yield "data", [(group, label), *[values.get(("requests", key, c)) for c in REQ_COLS]]
    yield "title", ["四、政府信息公开行政复议、行政诉讼情况"]
    yield "head", ["行政复议", "行政诉讼"]
    yield "head", ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]
    yield "head", ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    yield "data", [("", ""), *[values.get(("review_litigation", r, c)) for r in REV_ROWS for c in REV_COLS]]


def _cell(x, blank: str) -> str:
    return blank if x is None or x != x else _fmt(x)


def _wrap(label: str, width: int) -> tuple[str, str]:
    return (label, "") if len(label) <= width else (label[:width], label[width:])


def render_tables(values: dict, version: str, shape: str, *, blank: str = "/", wrap: int = 12) -> str:
    """The three tables in one shape (a cell whose value is NaN or missing is written ``blank``)."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}, got {shape!r}")
    out: list[str] = []
    for kind, cells in _rows(values, version):
        if kind in ("title", "head"):
            if kind == "title" or shape in ("pdf", "flat"):
                out.append((" " if shape in ("pdf", "flat") else "\n").join(cells) if kind == "head" else cells[0])
            elif shape == "lines":
                out.extend(cells)
            elif shape == "pipe_lines":
                out.extend(c + " |" for c in cells)
                out.append("|" * 4)
            elif shape == "pipes":
                out.append(" | ".join(cells) + " |")
            else:  # tabs
                out.append("\t".join(cells))
            continue
        (group, label), figs = cells[0], [_cell(x, blank) for x in cells[1:]]
        labels = [x for x in (group, label) if x]
        if shape == "lines":
            out.extend(labels + figs)
        elif shape == "pipe_lines":
            out.extend(c + " |" for c in labels + figs)
            if rng_pad(label):
                out.append("||")
        elif shape == "pipes":
            out.append(" | ".join(labels + figs) + " |")
        elif shape == "tabs":
            out.append("\t".join([group, label, *figs]) if group or version == "2021" else "\t".join([label, *figs]))
        elif shape == "pdf":
            head, tail = _wrap(label, wrap)
            out.append(" ".join([x for x in (group, head) if x] + figs))
            if tail:
                out.append(tail)
        else:  # flat
            out.append(" ".join(labels + figs))
    sep = " " if shape == "flat" else "\n"
    return sep.join(out)


def rng_pad(label: str) -> bool:
    """Whether a ``|``-padding line follows a row (fixed by the label, so renders are stable)."""
    return len(label) % 3 == 0


def render(values: dict, version: str, shape: str, *, agency: str = "某县某局", year: int | None = None,
           narrative_requests: float | None = None, blank: str = "/", wrap: int = 12) -> str:
    """A small report (title, overview with the request count, the tables, problems)."""
    year = year or (2022 if version == "2021" else 2019)
    n = values.get(("requests", "new", "total"), 0.0) if narrative_requests is None else narrative_requests
    head = (f"{agency}{year}年政府信息公开工作年度报告\n一、总体情况\n"
            f"{year}年，我局认真贯彻落实《条例》，全年共受理政府信息公开申请{_fmt(n)}件，均按时答复。\n")
    tail = "\n五、存在的主要问题及改进情况\n一是公开内容不够丰富。二是人员培训不足。\n六、其他需要报告的事项\n无。\n"
    tables = render_tables(values, version, shape, blank=blank, wrap=wrap)
    if shape == "flat":
        return (head + tables + tail).replace("\n", " ")
    return head + tables + tail


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def noise(text: str, shape: str, rng: random.Random) -> str:
    """Page noise that changes no value: full-width digits in some lines, and (outside TAB rows and
    flattened pages) blank lines and ideographic-space indents as web pages and PDFs have them."""
    out = []
    for line in text.split("\n"):
        if rng.random() < 0.1:
            line = line.translate(_FULL)
        if shape not in ("tabs", "flat"):
            if rng.random() < 0.1:
                line = "\u3000\u3000" + line
            if rng.random() < 0.1:
                out.append("")
        out.append(line)
    return "\n".join(out)


def draw(seed: int, shape: str, *, planted: bool = False, version: str | None = None) -> dict:
    """One synthetic report: ``{"text", "values", "version", "shape", "planted"}``."""
    rng = random.Random(f"{seed}:{shape}:{planted}")
    version = version or rng.choice(["2019", "2021"])
    values = make_values(rng, version)
    truth = values
    plan = None
    narrative = None
    if planted:
        values, plan = plant(rng, values, version)
        if plan["kind"] == "narrative":
            narrative = values[("requests", "new", "total")] + plan["offset"]
    text = noise(render(values, version, shape, narrative_requests=narrative, wrap=rng.randint(6, 14)), shape, rng)
    return {"text": text, "values": values, "consistent": truth, "version": version, "shape": shape, "planted": plan}


__all__ = ["SHAPES", "draw", "make_values", "noise", "plant", "render", "render_tables", "request_rows"]
