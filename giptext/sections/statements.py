"""Problems vs improvements inside a report, and their enumerated statements.

:func:`parts` returns the character spans of the problems part and the improvements part:
the improvements are either a separate section (``六、改进措施``) or the second half of the
problems section, opened by a sub-heading (``(二)改进措施``, ``改进措施：``) or a lead-in
sentence (``下一步，我局将…``, ``为此，…``, ``针对上述问题，…``, ``…从以下几个方面改进：``).
Where a wider section holds other material first (``四、主要措施、存在的问题及下一步打算``),
the problems part starts at its ``存在的主要问题`` sub-label.

:func:`statements_in` cuts a part into its enumerated items: ``一是…``, ``（一）…``, ``1.…``,
``一要…``; without enumerators, into sentences. A problem item that is a run-on list of
issues (``主要体现在A不够及时，B有待提高``, ``存在A不严、B不完全等问题``) is cut into one
statement per issue (:func:`split_issue_list`); an item of several sentences gives one
statement per sentence, a short title sentence staying with the next
(:func:`split_sentences`); framing lead-ins are trimmed (:func:`trim_lead_in`); a
problems-part item that reads as an order and names no issue is a measure; and
rectification reports' ``存在问题：…`` / ``整改措施：…`` lines keep their own kinds. Each
statement is an exact span of the report text, without its enumerator and final ``。``/``；``.

Lines that only wrap a paragraph (plain text copied from a PDF: ``疑难问题协`` / ``调处理机制尚需完善``)
do not end a statement (:func:`paragraph_view`), and list items run into the text before
them on a page that lost its line breaks (``…提高人员素质3、完善考核机制``) are items when
they continue the numbering around them.

Example::

    >>> from giptext.report import Report
    >>> r = Report("x", "五、存在的主要问题及改进情况\\n一是公开不及时；二是形式单一。\\n下一步，我局将一是加强培训；二是完善制度。")
    >>> [(s.kind, s.text) for s in extract_statements(r)]
    [('problem', '公开不及时'), ('problem', '形式单一'), ('improvement', '加强培训'), ('improvement', '完善制度')]
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from giptext.report import Section, Statement
from giptext.sections._fold import view
from giptext.sections.headings import classify_title, cn_to_int
from giptext.sections.reline import newline_view

if TYPE_CHECKING:  # pragma: no cover
    from giptext.report import Report

_CN = "一二三四五六七八九十"
# Where the improvements half of a problems section begins (matched on the folded text).
_IMPROVE_START = re.compile(
    # a sub-heading line: `（二）改进措施`, `下一步工作打算：`
    # (a numeral the page lost leaves `（）改进措施`)
    r"(?m)^[ \t\u3000]*(?:(?:[(（][二三四2-4]?[)）]|[二三四2-4][)）]?)[、.．]?\s*)?"
    r"(?:改进|整改|下一步|下步|今后|努力方向|工作打算|工作计划|工作措施|对策|措施|建议)"
    r"[^\n。；]{0,20}?(?:$|[:：]|措施|打算|计划|方向|情况|思路|建议)"
    # a run-in label: `改进措施：一是…`
    r"|改进(?:措施|情况|方向)\**[:：]|整改(?:措施|情况)\**[:：]"
    # a sentence that turns to what will be done: `下一步，…` `为此，…` `针对上述问题，…`
    r"|(?:^|(?<=[。；;!?！？]))[ \t\u3000]*(?:下一步|下步|今后|接下来|为此|对此"
    r"|(?:针对|对于|对照)[^。\n]{0,20}?(?:问题|不足|情况)"
    # a sentence in the future tense: `我们将在今后的工作中…`
    r"|我(?:们|局|委|镇|乡|办|县|区|市|街道|单位)?(?:将|拟)(?!来))"
    r"|(?:^|(?<=[。；;!?！？]))[ \t\u3000]*(?:\d{4}年度?|明年|新的一年)[,，]?[^。\n]{0,20}?"
    r"(?:将|拟|准备|重点做好|(?<![按照求需主重必])要(?![求点]))"
    # a sentence that announces the fixes: `结合工作中存在的问题，考虑从以下几个方面进一步改进：`
    r"|(?:^|(?<=[。；;!?！？]))[^。\n]{0,30}?(?:以下|如下)[^。\n]{0,12}?"
    r"(?:改进|整改|加强|推进|做好|着力|努力|措施|工作)[^。\n]{0,6}?[:：。]"
)


def _improvement_offset(text: str, start: int, end: int) -> int | None:
    """Offset where improvements begin inside ``text[start:end]`` (``None`` if they don't)."""
    m = _IMPROVE_START.search(view(text[start:end]))
    if not m:
        return None
    pos = start + m.start()
    # Skip the blanks a line-anchored match begins with.
    while pos < end and text[pos] in " \t\u3000\n":
        pos += 1
    return pos


# A sub-label that opens the problems proper inside a wider section
# (`四、主要措施、存在的主要问题及下一步打算` → `（二）存在的主要问题：一是…`).
_PROBLEMS_LABEL = re.compile(
    r"(?m)^[ \t\u3000]*(?:[(（][一二三四五六七八九十0-9]{1,2}[)）]|[0-9]{1,2}[、.．])?[ \t\u3000]*"
    r"(?:存在的?(?:主要)?(?:问题|不足)|主要问题)"
)


def _problems_start(text: str, start: int, end: int) -> int:
    """Where the problems proper begin in ``text[start:end]``: at a sub-label after other text, else ``start``."""
    m = _PROBLEMS_LABEL.search(view(text[start:end]))
    if m is None or not text[start : start + m.start()].strip():
        return start
    return start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))


def parts(text: str, sections: list[Section]) -> dict[str, tuple[int, int] | None]:
    """Spans (start, end) of the ``problems`` and ``improvements`` parts, or ``None``."""
    out: dict[str, tuple[int, int] | None] = {}
    for name, spans in _part_spans(text, sections).items():
        out[name] = (spans[0][0], spans[-1][1]) if spans else None
    return out


def _part_spans(text: str, sections: list[Section]) -> dict[str, list[tuple[int, int]]]:
    """The pieces each part is made of: the improvements may be the end of the problems
    section (`…不足。今后将…`) followed by a separate section (`三、下一步打算`)."""
    prob = next((s for s in sections if s.label == "problems"), None)
    imp = next((s for s in sections if s.label == "improvements"), None)
    out: dict[str, list[tuple[int, int]]] = {"problems": [], "improvements": []}
    if prob is not None:
        cut = _improvement_offset(text, prob.start, prob.end)
        if imp is not None and imp.span_start >= prob.end:
            out["problems"] = [(prob.start, prob.end)]
            if cut is not None and imp.span_start == prob.end and cut > prob.start:
                out["problems"] = [(prob.start, cut)]
                out["improvements"] = [(cut, prob.end)]
        elif cut is not None and cut < prob.end:
            out["problems"] = [(_problems_start(text, prob.start, cut), cut)]
            out["improvements"] = [(cut, prob.end)]
        else:
            out["problems"] = [(_problems_start(text, prob.start, prob.end), prob.end)]
    if imp is not None:
        # Consecutive improvement sections (二、整改措施 / 三、下一步打算) form one part.
        end = imp.end
        for sec in sections:
            if sec.span_start == end and sec.label == "improvements":
                end = sec.end
        out["improvements"].append((imp.start, end))
    return out


# -- statements ---------------------------------------------------------------------------
_ENUM = re.compile(
    # `一是/二要` enumerate even mid-sentence (`我局将一是…`); `统一是` is not one.
    r"(?<![统唯同单万专划])[一二三四五六七八九十]{1,2}(?:是|要)(?![否])"
    r"|(?:^|(?<=[。；;：:！!？?\s]))[ \t\u3000]*"
    r"(?:[一二三四五六七八九十]{1,2}(?:则|方面)|要(?=进一步|加强|按照|通过|切实|继续|不断|把|对|在)"
    r"|[(（][一二三四五六七八九十0-9]{1,2}[)）]是?"
    r"|[0-9]{1,2}(?:[、.．](?![0-9])|[)）])"
    r"|[一二三四五六七八九十]{1,2}[、.．])[ \t\u3000]*",
    re.M,
)
_SUBHEADING_LINE = re.compile(
    r"\s*(?:[(（][一二三四五六七八九十0-9]{1,2}[)）]|[一二三四五六七八九十0-9]{1,2}[、.．])?\s*(?P<t>[^\n。；;]{2,16}?)[:：]?[ \t\u3000]*(?:\n|$)"
)
_TRIM = "。；;，,、：: \t\u3000\n"


def _clean_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def statements_in(text: str, start: int, end: int, kind: str, section: str) -> list[Statement]:
    """Enumerated statements of ``text[start:end]`` (see the module docstring)."""
    # A leading sub-heading line (`（二）改进措施`, `存在的主要问题：`) labels the part; skip it.
    m = _SUBHEADING_LINE.match(text, start, end)
    if m and classify_title(m.group("t")) in ("problems", "improvements"):
        start = m.end()
    seg = text[start:end]
    marks = _with_run_in_items(seg, list(_ENUM.finditer(seg)))
    out: list[Statement] = []
    if marks:
        for k, m in enumerate(marks):
            a = start + m.end()
            b = start + (marks[k + 1].start() if k + 1 < len(marks) else len(seg))
            # An item ends at its paragraph's end.
            nl = text.find("\n", a, b)
            if nl >= 0 and nl > a:
                b = nl
            a, b = _clean_span(text, a, b)
            if b - a >= 4:
                out.append(Statement(text[a:b], a, b, kind, section))
        return out
    # No enumerators: every clause-final sentence is a statement, except lead-ins that
    # only announce a list (`…采取以下措施：`) and sentences without content.
    for m in _SENTENCE.finditer(seg):
        a, b = _clean_span(text, start + m.start(), start + m.end())
        if b - a < 4 or seg[m.end() - 1 : m.end()] in "：:":
            continue
        out.append(Statement(text[a:b], a, b, kind, section))
    return out


_SENTENCE = re.compile(r"[^。；;！!？?\n：:]+(?:[。；;！!？?：:]|$)", re.M)
# A list item run into the text before it (`…提高人员素质3、完善考核机制`, `…方向1、全面落实`):
# an enumerator after any character but a digit, a point, 第 or a list comma.
_RUN_IN_ITEM = re.compile(
    r"(?<![0-9０-９.．第、，,])(?P<n>[0-9０-９]{1,2})(?:[、．]|\.(?=[\u4e00-\u9fff]))(?=[\u4e00-\u9fff“《])"
    r"|(?<!第)[(（](?P<p>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})[)）](?=[\u4e00-\u9fff])"
)
_ITEM_NUMBER = re.compile(r"([(（])?([0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})(?=[、.．)）])")


def _item_number(m: re.Match) -> tuple[str, int] | None:
    """(style, number) of an enumerator match (`1、` `1.` `（1）` `（一）`), else ``None``."""
    d = _ITEM_NUMBER.match(m.group(0).strip(" \t\u3000"))
    if d is None:
        return None
    n = d.group(2)
    return ("p" if d.group(1) else "n"), (int(n) if n.isdigit() else cn_to_int(n))


def _with_run_in_items(seg: str, marks: list[re.Match]) -> list[re.Match]:
    """``marks`` plus the list items run into the text before them, in order.

    Text that lost its line breaks runs items into each other (`1、全面落实…。2、加强…素质3、完善…`):
    a run-in enumerator counts when it continues the numbering of the items around it (its
    number minus one or plus one is an item of the same style), so `共1、2季度` and a stray
    `3、` inside a sentence do not.
    """
    extra = [m for m in _RUN_IN_ITEM.finditer(seg)]
    if not extra:
        return marks
    have = {m.start() for m in marks} | {m.end() for m in marks}
    pool = [(m, _item_number(m)) for m in marks] + [(m, _item_number(m))
                                                    for m in extra if m.start() not in have and m.end() not in have]
    pool = [(m, k) for m, k in pool if k is not None]
    pool.sort(key=lambda x: x[0].start())
    added = []
    for i, (m, (style, n)) in enumerate(pool):
        if any(m is x for x in marks):
            continue
        prev = next((k for _, k in reversed(pool[:i]) if k[0] == style), None)
        nxt = next((k for _, k in pool[i + 1 :] if k[0] == style), None)
        if prev == (style, n - 1) or nxt == (style, n + 1):
            added.append(m)
    if not added:
        return marks
    return sorted(marks + added, key=lambda m: m.start())
# Rectification reports pair each finding with its fix: `存在问题：…` / `整改措施：…`.
_LABELLED = re.compile(r"(?m)^[ \t\u3000]*(?P<lab>存在问题|问题|整改措施|改进措施|整改情况|措施)[:：][ \t\u3000]*(?P<body>[^\n]+)")


def _labelled_items(text: str, start: int, end: int, section: str) -> list[Statement] | None:
    found = list(_LABELLED.finditer(view(text[start:end])))
    kinds = {("problem" if m.group("lab") in ("存在问题", "问题") else "improvement") for m in found}
    if len(found) < 2 or len(kinds) < 2:
        return None
    out = []
    for m in found:
        a, b = _clean_span(text, start + m.start("body"), start + m.end("body"))
        if b - a >= 4:
            kind = "problem" if m.group("lab") in ("存在问题", "问题") else "improvement"
            out.append(Statement(text[a:b], a, b, kind, section))
    return out


def _is_subheading(s: Statement) -> bool:
    """`（一）存在的主要问题` / `（二）下步整改措施`: a label for what follows, not a statement."""
    return len(s.text) <= 14 and classify_title(s.text) in ("problems", "improvements")


# -- reading lines as paragraphs ------------------------------------------------------------
# A line that ends a sentence (or a clause that opens a list, `：`), closes a quote or bracket
# after one, or ends in an ellipsis.
_LINE_END = re.compile(r"[。；;！!？?：:…](?:[”」』)）】\"'])?[ \t\u3000]*$")
# A line that opens a heading, a list item or a table row.
_LINE_OPENS = re.compile(
    r"[ \t\u3000]*(?:[(（][一二三四五六七八九十0-9０-９]{1,2}[)）]|[一二三四五六七八九十]{1,3}[、.．是要]"
    r"|[0-9０-９]{1,2}(?:[、．)）]|\.(?![0-9]))|第[一二三四五六七八九十]{1,3}[部章]|[\u2460-\u2473\u2160-\u216b]|[|*#【\[]"
    r"|(?:下一步|下步|今后|存在的?问题|主要问题|整改措施|改进措施)[，,:：]?)"
)
# What a wrapped line break becomes in the statement view: a character that is no break, no
# blank and no punctuation, so that a sentence or an item runs on across it.
_JOINER = "\u2060"


def paragraph_view(text: str) -> str:
    """``text`` with the line breaks that only wrap a paragraph read as no break (same length).

    Plain text copied from a PDF keeps the PDF's visual lines (`疑难问题协` / `调处理机制尚需完善`).
    A line break is a wrap when the line before it is long for the text (at least 0.7 of the
    75th percentile of line lengths, 12 characters or more), holds no table cell, and ends no
    sentence, and the line after it is not blank and opens no heading, list item or table row.
    Unicode line separators (U+2028 …) count as line breaks. Offsets are unchanged: a wrap
    becomes U+2060 WORD JOINER, which the statement patterns treat as running text.
    """
    text = newline_view(text)
    if "\n" not in text:
        return text
    lines = text.split("\n")
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    if len(lengths) < 2:
        return text
    full = max(12, 0.7 * lengths[(3 * len(lengths)) // 4])
    out = list(text)
    pos = 0
    for ln, nxt in zip(lines, lines[1:]):
        pos += len(ln)
        body = ln.strip()
        if (len(body) >= full and nxt.strip() and not _LINE_END.search(ln) and "|" not in ln and "\t" not in body
                and "|" not in nxt and "\t" not in nxt.strip() and not _LINE_OPENS.match(nxt)):
            out[pos] = _JOINER
        pos += 1
    return "".join(out)


def extract_statements_from(text: str, sections: list[Section]) -> list[Statement]:
    """Statements of the problems and improvements parts of a split text.

    Lines that only wrap a paragraph (plain text copied from a PDF) do not end a statement
    (:func:`paragraph_view`); each statement's text is still the exact span of ``text``.
    """
    spans = [(s.span_start, s.end) for s in sections if s.label in ("problems", "improvements")]
    if not spans:
        return []  # (nothing to cut: the view is not worth building)
    # (only the parts are read: the view is built for them, from the line lengths found there)
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    seg = text[lo:hi]
    part = paragraph_view(seg)
    if part == seg:
        return _extract(text, sections)
    view_ = text[:lo] + part + text[hi:]
    return [Statement(text[s.start : s.end], s.start, s.end, s.kind, s.section) for s in _extract(view_, sections)]


def _extract(text: str, sections: list[Section]) -> list[Statement]:
    pieces = _part_spans(text, sections)
    out: list[Statement] = []
    spans = [v for vs in pieces.values() for v in vs]
    if spans:
        lo, hi = min(v[0] for v in spans), max(v[1] for v in spans)
        labelled = _labelled_items(text, lo, hi, "problems")
        if labelled is not None:
            return labelled
    for name, kind in (("problems", "problem"), ("improvements", "improvement")):
        for a, b in pieces[name]:
            sec = "improvements" if any(s.label == "improvements" and s.start == a for s in sections) else "problems"
            for st in statements_in(text, a, b, kind, sec):
                if _is_subheading(st):
                    continue
                for piece in split_sentences(text, trim_lead_in(text, st)):
                    out.extend(split_issue_list(text, piece) if kind == "problem" else [piece])
    return [_as_measure(s) for s in out]


# A measure reads as an order: it opens with an action verb (`加强学习。…`, `进一步梳理…`).
_MEASURE = re.compile(
    r"(?:进一步|继续|不断|切实|认真|积极|着力|努力|持续|全面|尽量)?"
    r"(?:加强|加大|加快|推进|完善|健全|建立|强化|规范|拓宽|拓展|丰富|创新|落实|严格|做好|抓好|注重|深化|扩大|优化|增设"
    r"|提高|提升|梳理|整合|开展|组织|坚持|强化|改进|更新)"
)


def _as_measure(st: Statement) -> Statement:
    """A 'problem' that opens with an action verb and names no issue is a measure (the page
    listed its fixes under the problems heading without a turn such as `下一步`)."""
    if st.kind != "problem" or not _MEASURE.match(view(st.text)) or _ISSUE.search(view(st.text)):
        return st
    return Statement(st.text, st.start, st.end, "improvement", st.section)


# A short first sentence (`强化信息公开责任意识。督促…`, `认真梳理，逐步扩大公开内容。我局将…`)
# is the item's title: it belongs to the sentence after it.
# (at most one comma: a sentence of several clauses is an item of its own)
_RUN_IN_TITLE = re.compile(r"(?=[^。]{2,25}。)[^；;：:。，,]+(?:[，,][^；;：:。，,]+)?。")


def split_sentences(text: str, st: Statement) -> list[Statement]:
    """Cut an item of several sentences (`…作用。增设完善信息查询点…`) into one statement per sentence.

    A short title sentence (`强化信息公开责任意识。`) stays with the sentence after it, and a
    piece too short to be an item of its own (< 6 characters) stays with the one before.
    """
    body = st.text
    if "。" not in body.rstrip("。"):
        return [st]
    cuts = [m.end() for m in re.finditer(r"。+", body) if m.end() < len(body)]
    pieces: list[tuple[int, int]] = []
    pos = 0
    for c in cuts + [len(body)]:
        if pos < c:
            pieces.append((pos, c))
        pos = c
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and (
            (len(merged) == 1 and _RUN_IN_TITLE.fullmatch(body, *merged[-1])) or b - a < 6 or _ELABORATION.match(body, a)
        ):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    out = []
    for a, b in merged:
        a, b = _clean_span(text, st.start + a, st.start + b)
        if b - a >= 4:
            out.append(Statement(text[a:b], a, b, st.kind, st.section))
    return out or [st]


# What opens a part or its first item without being part of it: `下一步，我局将…`,
# `针对以上不足，…将…`, `接下来，我们会…`; `…取得了一定成绩，但仍存在…` before the issue.
_IMPROVE_LEAD = re.compile(
    r"^(?:[^。，,；;]{0,14}[，,])?[ \t\u3000]*(?:下一步|下步|接下来|今后|为此|对此|针对[^。，,]{0,16}|对于[^。，,]{0,16})"
    r"[，,]?[^。；;]{0,30}?(?:将|要|会|拟)(?:继续)?(?:[，,])?"
)
_PROBLEM_LEAD = re.compile(
    r"^[^。；;]{0,80}?(?:取得|做了)[^。；;]{0,40}?[，,][ \t\u3000]*(?=但|然而|不过)"
    r"(?:(?:但|然而|不过)是?(?:同时)?[也还仍]*(?:存在(?:着)?|有)(?=[^。；;]{6,}))?"
)


def trim_lead_in(text: str, st: Statement) -> Statement:
    """``st`` without a lead-in clause that frames the item (see ``_IMPROVE_LEAD`` / ``_PROBLEM_LEAD``)."""
    rx = _IMPROVE_LEAD if st.kind == "improvement" else _PROBLEM_LEAD
    m = rx.match(view(st.text))
    if m is None or len(st.text) - m.end() < 6 or not re.search(r"[，,]", m.group(0)):
        return st  # a bare `下一步将…` is part of the item; a framing clause (`针对…，`) is not
    a, b = _clean_span(text, st.start + m.end(), st.end)
    return Statement(text[a:b], a, b, st.kind, st.section)


# A lead-in that announces the list of issues: what follows it is the list.
_LIST_LEADIN = re.compile(r"(?:主要|具体)?(?:体现|表现)(?:在|为)[:：]?|主要(?:是|有)[:：]?|如下[:：]|[:：]")
# Words that make a clause an issue of its own (`…有待提高`, `…不够及时`, `…较慢`).
_ISSUE = re.compile(
    r"有待|不够|不足|不强|不高|不及时|不全面|不到位|不规范|不完善|不深入|不明确|不均衡|不平衡|较慢|较少|偏少|单一"
    r"|滞后|缺乏|欠缺|薄弱|陈旧|需要|需进一步|还需|未能|未按|没有|尚未|不严|差距|问题|慢|较低|偏低|较弱|较窄|狭窄"
    # any 不 + quality (`不完全`, `不准确`), but not 不断/不予/不得/不同 …; 未 + verb (`未建立`)
    r"|不(?![断予得是同少仅过论管再但光止久])[\u4e00-\u9fff]|未(?![来经])[\u4e00-\u9fff]"
    r"|短板|弱项|提升空间|改进空间|仍需|尚需|亟需|亟待|流于形式|超期|无法"
)


# A clause that explains the one before it (`…更新不及时，尤其是…`, `…不够，尚未实现…`) is not an issue of its own.
_ELABORATION = re.compile(
    r"[ \t\u3000]*(?:尤其|特别|如|例如|比如|因而|因此|故|所以|导致|造成|致使|以致|从而|甚至|其中|主要(?:是|表现|体现)|包括|即|尚未实现)"
)


def split_issue_list(text: str, st: Statement) -> list[Statement]:
    """Cut a run-on list of issues (`…主要体现在A不够及时，B有待提高，C单一`) into one statement per issue.

    The list is cut at `，`/`；` only when at least two clauses each name an issue; a clause
    without an issue word, or one that explains the clause before it, stays with that
    clause; issues enumerated with 、 are cut too (:func:`_split_enumeration`). Otherwise
    ``[st]`` is returned.
    """
    body = view(st.text)
    if "。" in body.rstrip("。"):
        return [st]  # several sentences (a title and its explanation): an item, not a list
    lead = None
    for m in _LIST_LEADIN.finditer(body):
        lead = m
    base = lead.end() if lead is not None and lead.end() < len(body) - 4 else 0
    pieces: list[tuple[int, int]] = []
    pos = base
    for m in re.finditer(r"[，,；;]", body[base:] + ","):
        a, b = pos, base + m.start()
        pos = base + m.end()
        if b - a <= 0:
            continue
        if pieces and (not _ISSUE.search(body, a, b) or _ELABORATION.match(body, a)):
            pieces[-1] = (pieces[-1][0], b)
        else:
            pieces.append((a, b))
    pieces = [q for p in pieces for q in _split_enumeration(body, *p)]
    issues = [p for p in pieces if _ISSUE.search(body, *p)]
    if len(pieces) < 2 or len(issues) < 2:
        return [st]
    # Clauses before the first issue are a lead-in (`2014年我镇完成了任务，但…`).
    while pieces and not _ISSUE.search(body, *pieces[0]):
        head = pieces.pop(0)
        if pieces and body[head[0] : head[1]].rstrip().endswith("方面"):
            pieces[0] = (head[0], pieces[0][1])  # a topic label (`政策法规方面，…`) stays with its issue
    out = []
    for a, b in pieces:
        a, b = _clean_span(text, st.start + a, st.start + b)
        if b - a >= 3:
            out.append(Statement(text[a:b], a, b, st.kind, st.section))
    return out or [st]


_EXIST = re.compile(r"存在(?:着)?")
_ETC = re.compile(r"等(?:方面的?)?(?:问题|情况|现象)?(?:和不足)?$")


def _split_enumeration(body: str, a: int, b: int) -> list[tuple[int, int]]:
    """A clause that enumerates issues with 、 (`信息公开不全面、不及时、不充分`,
    `…存在审查不严、填报不完全等问题`) as one piece per issue, else ``[(a, b)]``.

    A part without an issue word joins the part after it (`意识、认识有待提高` is one issue).
    """
    if "、" not in body[a:b]:
        return [(a, b)]
    parts: list[tuple[int, int]] = []
    pending = a
    for m in re.finditer("、", body[a:b] + "、"):
        end = a + m.start()
        if _ISSUE.search(body, pending, end) and not _ETC.fullmatch(body, pending, end):
            parts.append((pending, end))
            pending = a + m.end()
    if pending < b and parts:
        parts[-1] = (parts[-1][0], b)
    if len(parts) < 2:
        return [(a, b)]
    tails = [body[x:y] for x, y in parts[1:]]
    if all(len(_ETC.sub("", t)) <= 4 and t[:1] in "不未没" for t in tails):
        return [(a, b)]  # one subject with short predicates (`内容不全面、不及时`): one issue
    first_a, first_b = parts[0]
    ex = None
    for m in _EXIST.finditer(body, first_a, first_b):
        ex = m
    if ex is not None and first_b - ex.end() >= 3:
        parts[0] = (ex.end(), first_b)  # `报送信息存在上网公开审查不严` → the issue itself
    last_a, last_b = parts[-1]
    etc = _ETC.search(body, last_a, last_b)
    if etc is not None and etc.start() - last_a >= 3:
        parts[-1] = (last_a, etc.start())
    return parts


def extract_statements(report: "Report") -> list[Statement]:
    """Enumerated problem and improvement statements of ``report`` (in text order)."""
    return extract_statements_from(report.text, report.sections)


def section_part(report: "Report", name: str) -> str:
    """``'overview'``, ``'problems'`` (problems part only) or ``'improvements'`` text; ``""`` when absent."""
    if name == "overview":
        s = report.section("overview")
        return s.text.strip() if s else ""
    if name not in ("problems", "improvements"):
        from giptext.errors import ConfigError

        raise ConfigError(None, f"unknown part {name!r} (overview, problems, improvements)")
    span = parts(report.text, report.sections)[name]
    return report.text[span[0] : span[1]].strip() if span else ""


__all__ = [
    "parts",
    "statements_in",
    "extract_statements",
    "extract_statements_from",
    "paragraph_view",
    "section_part",
    "split_issue_list",
    "split_sentences",
    "trim_lead_in",
]
