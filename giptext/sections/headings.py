"""Heading vocabulary and numbering grammar of disclosure reports.

A top-level heading is a line that starts with a numeral of the top-level style
(``一、`` ``一.`` ``一 、`` ``—、`` ``一）`` ``1.`` ``1、`` ``第一部分`` ``（一）`` …, full or half
width, optionally behind page debris such as ``[bookmark: x]``, ``【`` or Markdown ``**``)
followed by a title; ``第一章`` counts as ``第一部分``; circled ``①`` and Roman ``Ⅰ`` are styles of their own). Pages also glue headings to the previous sentence (``…联系。一、概述``),
run them into the text (``二、存在的主要问题1、内容…``) or flatten the whole page into one
line (``…情况。 三、依申请公开情况 2013年…``); those are found too, but only when the
title names a known section. A heading's end is where its keyword phrase ends when a
sentence follows on the same line (run-in headings). The title is classified *by meaning*: each canonical label has a class of
keywords (``存在…问题/不足/困难`` → problems, ``概述/总体/基本情况`` → overview, …) matched
on the folded (Simplified, half-width) title, so unseen wordings of the same section
still land on the right label.

Example::

    >>> h = find_candidates("一、总体情况\\n今年……\\n五、存在的主要问題及改进情况\\n")
    >>> [(c.number, c.label) for c in h]
    [(1, 'overview'), (5, 'problems')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from giptext.sections._fold import fast_fold

# -- numbering grammar ----------------------------------------------------------------
CN_DIGITS = "零〇一二三四五六七八九十"
_CN_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_VALUE["零"] = 0

_SP = r"[ \t\u3000\u00a0]"
# Debris a page leaves in front of a heading on the same line.
# (scraped pages keep HTML: `&nbsp;` indents, `<p>`, `<br>` before a line)
_HTML = r"&(?:nbsp|emsp|ensp|#160|#12288);|</?[a-zA-Z][a-zA-Z0-9]{0,8}(?:\s[^<>\n]{0,60})?/?>"
_LEAD = rf"(?:{_SP}|\[bookmark[:：][^\]\n]*\]|\*\*|【|#{{1,4}}{_SP}?|第[一二三四五六七八九十]+[篇章]{_SP}*|{_HTML})*"
# `—` / `－` / `-` stand in for 一 in some transcriptions (`—、概述`, `-、`, `——、`).
_CN_NUM = r"[一二三四五六七八九十]{1,3}|(?:[—－―–\-]{1,2}|一)(?=[、.．])"
_AR_NUM = r"[0-9０-９]{1,2}"
_DASHES = "—－―–-"
_SEP = rf"{_SP}*[、.．,，)）]{_SP}*"

# One regex finds every line that opens with a numeral of any style.
_CANDIDATE = re.compile(
    rf"^(?P<lead>{_LEAD})"
    rf"(?:(?P<part>第(?P<pnum>[一二三四五六七八九十]{{1,3}})(?:部分|章)){_SP}*[、.．:：]?{_SP}*"
    rf"|(?P<cn>{_CN_NUM})(?:{_SEP}|{_SP}+)"
    rf"|(?P<ar>{_AR_NUM})(?:{_SP}*[、．)）]{_SP}*|\.(?![0-9]){_SP}*)"
    rf"|[(（](?P<paren>[一二三四五六七八九十]{{1,3}})[)）]{_SP}*[、.．]?{_SP}*"
    rf"|(?P<circ>[\u2460-\u2473]){_SP}*[、.．]?{_SP}*"
    rf"|(?P<roman>[\u2160-\u216b]){_SP}*[、.．]?{_SP}*)"
    rf"(?P<title>[^\n]*)$",
    re.M,
)
# `_CANDIDATE` from the line break before a line: a pattern that opens with a literal character is
# found by a fast scan for it, where `^` has the pattern tried at every position of the text.
_CANDIDATE_NL = re.compile("\n" + _CANDIDATE.pattern.removeprefix("^"), re.M)


def _numbered_lines(text: str):
    """The matches of ``_CANDIDATE.finditer(text)`` (from ``_CANDIDATE_NL`` after the first line:
    read a line's start as ``m.start("lead")``)."""
    pos = 0
    m = _CANDIDATE.match(text)
    if m is not None:
        yield m
        pos = m.end()
    yield from _CANDIDATE_NL.finditer(text, pos)


# A heading glued to the end of the previous sentence by PDF line wrapping (`…联系。一、概述`).
# or run together with the text around it (`…汇报如下。二、存在的主要问题1、内容有待完善。`).
# (The title sits in a lookahead so that one match does not swallow the next heading.)
_TAIL = re.compile(rf"(?P<cn>[一二三四五六七八九十]{{1,2}}){_SP}*[、.．]{_SP}*(?=(?P<title>[^\n]{{2,60}}))")
# A heading inside a page flattened to one line: `…情况。 三、依申请公开情况 2013年，…`.
_INLINE = re.compile(
    rf"{_SP}+(?P<open>\*\*|【)?(?P<cn>[一二三四五六七八九十]{{1,2}})(?:{_SP}*[、.．]{_SP}*|{_SP}+)"
    # a title without blanks, or a two-character word spaced out (`概 述`); may end in 。/：
    # (and in the `**` or `】` that opened it)
    rf"(?P<title>[^\s。，,；;：:*】]{{2,40}}?|[^\s。，,；;：:]{_SP}{{1,3}}[^\s。，,；;：:])[。:：]?(?P<close>\*\*|】)?(?=\s|$)"
)
# (a blank alone also separates: `… 一 概述 2010年，…`; the title must then name a section)
_NUMSEP = re.compile(rf"[一二三四五六七八九十]{{1,2}}(?:{_SP}*[、.．]|{_SP}+(?=[^\s]))")
# A glued or inline heading's numeral follows a sentence end, a blank or the `**`/`【` that opens
# it: scanning for those characters first is twice as fast as scanning for the numerals (一 is
# everywhere in running text), and no numeral after any other character is tried anyway.
_NUMSEP_AFTER = re.compile(rf"[。；;*【 \t\u3000\u00a0](?={_NUMSEP.pattern})")
_SP_CHARS = " \t\u3000\u00a0"


_CLAUSE_END = re.compile(r"[，,。；;(（\s]")
_NEXT_LINE_TITLE = re.compile(r"[ \t\u3000]*([^\s，,。；;|][^\n，,。；;|]{1,39}?[。:：]?)[ \t\u3000]*(?=\n|$)")
_ITEM_SENTENCE = re.compile(r"[。；;]|[，,][^，,]*[，,]")
_ENTITY_BEFORE = re.compile(rf"(?:{_HTML})$")
# Dot leaders and a page number: an entry of a PDF's table of contents.
_TOC_LEADER = re.compile(r"(?:[.…·•・．。_\-—]{3,}|…{2,})[ \t\u3000]*(?:第?[0-9０-９]{1,3}页?|[-—－][ \t]*[0-9]{1,3}[ \t]*[-—－])[。.]?[ \t\u3000]*$")
# (what the page number ends in; and the last characters of a title worth a look)
_PAGE_END = frozenset("0123456789０１２３４５６７８９页-—－")
_TOC_TRIGGER = _PAGE_END | frozenset("。. \t\u3000")


def _toc_entry(title: str) -> bool:
    """True when ``title`` ends in dot leaders and a page number (`总体情况……………2`)."""
    # The leader pattern cannot start its match cheaply; most titles are ruled out by their end:
    # the page number, then at most one 。 or . and blanks.
    r = title.rstrip(" \t\u3000")
    if r[-1:] in ("。", "."):
        r = r[:-1]
    return r[-1:] in _PAGE_END and _TOC_LEADER.search(title) is not None


def _debris_start(text: str, i: int) -> int:
    """Start of the `**` or `【` that opens an inline heading at ``i`` (``i`` if none)."""
    if i >= 2 and text[i - 2 : i] == "**":
        return i - 2
    if i >= 1 and text[i - 1] == "【":
        return i - 1
    return i


def _blank_run_start(text: str, i: int) -> int:
    """Start of the run of blanks that ends at ``i``."""
    while i > 0 and text[i - 1] in _SP_CHARS:
        i -= 1
    return i


# A bare title that a blank separates from the paragraph it opens (`总体情况 根据上级要求，…`).
_ENUM_START = r"[(（][一二三四五六七八九十0-9]{1,2}[)）]|[0-9]{1,2}[、.．]|[一二三四五六七八九十]是"
_BARE_RUNIN = re.compile(
    rf"^(?P<lead>{_LEAD})(?![内內]容)(?P<title>[^\s，,。；;：:|*】(（]{{2,40}}?)(?P<close>\*\*|】)?(?P<sep>[:：]{_SP}*|{_SP}+|(?={_ENUM_START}))"
    # (not a page's metadata field, `内容概述 本年度报告依据…`)
    rf"(?!本(?:年度)?(?:[报報]告|年[报報]))(?=[^\s][^\n]{{8}})", re.M
)
_FULL_OVERVIEW = re.compile(r"^(?:\d{4}年度?)?(?:政府信息公开|政务公开)?(?:工作)?(?:的)?(?:总体情况|基本情况|概述|概况)$")
_NUMBERED = r"[一二三四五六七八九十]{1,3}[、.．)）]|第[一二三四五六七八九十]"
_BARE_WRAPPED = re.compile(
    # (the second line sits in a lookahead: it may be the first line of the next match)
    rf"^(?P<lead>{_LEAD})(?!{_NUMBERED})(?P<head>[^\s，,。；;：:|*】(（0-9…]{{2,30}})"
    rf"(?=\n(?!{_NUMBERED})(?P<tail>[^\s，,。；;：:|(（0-9…]{{1,12}}[:：。]?){_SP}*$)",
    re.M,
)
# Unnumbered lines short enough to be a bare heading (`总体情况`, `存在問題與改進措施`).
_BARE = re.compile(rf"^(?P<lead>{_LEAD})(?P<title>[^\n|\t]{{2,40}}?){_SP}*$", re.M)


def cn_to_int(s: str) -> int:
    """Value of a Chinese numeral up to 99 (``'十二'`` → 12; ``'—'`` → 1)."""
    v = _ONE_NUMERAL.get(s)
    if v is not None:
        return v
    if s and not s.strip(_DASHES + "一"):
        return 1  # OCR reads 一 as a dash or two, and a dash as 一一 (no numeral is written 一一)
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_VALUE.get(a, 1) if a else 1
        return tens * 10 + (_CN_VALUE.get(b, 0) if b else 0)
    v = 0
    for c in s:
        v = v * 10 + _CN_VALUE.get(c, 0)
    return v


# Numerals of one character (most of them), read once by the rules above.
_ONE_NUMERAL: dict[str, int] = {}
_ONE_NUMERAL.update({c: cn_to_int(c) for c in CN_DIGITS + _DASHES})


# -- vocabulary (matched on folded text) -------------------------------------------------
# Every alternative opens with a literal character (`主要(…)|突出(…)`, not `(?:主要|突出)(…)`;
# `概(?<=^概)` for `^概`): the regex engine then skips to those characters instead of trying
# each alternative at every position, which makes these searches 3-8 times faster.
_PROBLEMS = re.compile(
    r"存在[的]?(?:主要|突出|一些)?[的]?(?:问题|不足|困难|差距|短板)"
    r"|主要(?:问题|不足|困难)|突出(?:问题|不足|困难)|面临的?(?:问题|不足|困难)"
    r"|问题(?:和|及|与|、)(?:不足|困难|改进|整改|建议|对策)"
    r"|困难(?:和|及|与|、)问题|不足(?:和|及|与|、)问题|发现问题|不足之处|问题$"
    r"|不足(?:和|及|与|、)|差距(?:和|及|与|、)|短板(?:和|及|与|、)|弱项(?:和|及|与|、)"
    r"|的(?:不足|差距|短板)|和(?:不足|差距|短板)|与(?:不足|差距|短板)|及(?:不足|差距|短板)"
)
_IMPROVE_WORDS = (
    r"改进|整改|改善|下一步|下步|下一年|今后|工作思路|工作计划|工作打算|工作安排|工作设想"
    r"|努力方向|工作重点|重点工作|工作措施|打算|展望"
)
_PLAN_YEAR = r"\d{4}年(?:度)?(?:工作)?(?:思路|计划|重点)"
_IMPROVE = re.compile(rf"{_IMPROVE_WORDS}|{_PLAN_YEAR}")
# (the same as two searches, the words and the year, neither of which can start where the other does:
# the year's digit would keep the words from the fast scan)
_IMPROVE_W, _IMPROVE_Y = re.compile(_IMPROVE_WORDS), re.compile(_PLAN_YEAR)
_REVIEW = re.compile(r"复议|诉讼|申诉|举报|投诉")
_FEES = re.compile(r"收费|费用|减免|缴费")
_REQUESTS = re.compile(r"依申请|申请公开|公开申请|收到和处理|处理申请|申请(?:的)?(?:情况|办理)")
_PROACTIVE = re.compile(r"主动公开")
_OTHER_MATTERS = re.compile(r"其[他它](?:需要|需|应当)?(?:报告|说明)?(?:的)?事项|其(?<=^其)[他它]$|其(?<=^其)[他它]情况")
_OVERVIEW = re.compile(
    r"概述|概况|概要|综述|总体|整体|基本情况|总结|工作情况|开展情况|进展情况|主要做法|主要工作"
    r"|工作成效|公开情况$|工作回顾|概(?<=^概) *述|概(?<=^概) *况"
)
# All of the above but the year in one pattern (the alternatives of each, joined): most titles
# hold no section word at all, and one search says so where eight would.
_ANY_SECTION_WORD = re.compile(
    "|".join(rx.pattern for rx in (_PROBLEMS, _OVERVIEW, _IMPROVE_W, _PROACTIVE, _REQUESTS, _REVIEW, _FEES, _OTHER_MATTERS))
)


def _has_section_word(s: str, end: int | None = None) -> bool:
    """Whether ``s[:end]`` holds any section keyword (two searches where nine would do)."""
    end = len(s) if end is None else end
    return _ANY_SECTION_WORD.search(s, 0, end) is not None or _IMPROVE_Y.search(s, 0, end) is not None


# Row labels of the 2019 statistics table and similar cells: never a section.
TABLE_LABEL = re.compile(
    r"本年新收|上年结转|本年度办理结果|办理结果|结转下年|申请数量|予以公开|不予公开|部分公开"
    r"|无法提供|不予处理|其他处理|总计|信息内容|本年[新制废]|第二十条|行政许可|行政处罚|行政强制"
    r"|处理决定数量|申请人情况|自然人|法人或其他组织|维持|纠正|尚未审结|收费金额"
)


@lru_cache(maxsize=65536)
def folded(s: str) -> str:
    """Folded (Simplified, half-width) view of a short string, cached: titles repeat a lot.

    Per-character mapping (:func:`giptext.sections._fold.fast_fold`), so offsets into the
    folded string are offsets into ``s``.
    """
    return fast_fold(s)


# Pinyin glosses mirror sites put inside words: `主動(dòng)公開`.
_PINYIN = re.compile(r"\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,8}\)")


def normalize_title(title: str) -> str:
    """Folded title without blanks, Markdown stars or pinyin glosses: what keywords are matched on."""
    t = folded(title)
    if "(" in t:
        t = _PINYIN.sub("", t)
    # (str.split() and the regex \s both take white space as str.isspace() does; split is the cheaper)
    return "".join(t.split()).replace("*", "").replace("】", "")


@lru_cache(maxsize=65536)
def classify_title(title: str) -> str:
    """Canonical label suggested by a heading title (raw or folded); ``'other'`` if none.

    >>> classify_title("存在的主要問題和改進措施"), classify_title("二、主动公开政府信息情况")
    ('problems', 'proactive')
    """
    t = normalize_title(title)
    if not _has_section_word(t):
        return "other"
    if _PROBLEMS.search(t):
        return "problems"
    if _OTHER_MATTERS.search(t):
        return "other_matters"
    if _REVIEW.search(t):
        return "review_litigation"
    if _FEES.search(t):
        return "fees"
    if _REQUESTS.search(t):
        return "requests"
    if _PROACTIVE.search(t):
        return "proactive"
    if _IMPROVE_W.search(t) or _IMPROVE_Y.search(t):
        return "improvements"
    if _OVERVIEW.search(t):
        return "overview"
    return "other"


_DISCLOSURE_OUTCOME = re.compile(r"予以公开|不予公开|部分公开")


@lru_cache(maxsize=65536)
def is_table_label(title: str) -> bool:
    """True when a numbered line reads like a statistics-table row label.

    Outcome words (不予公开) inside a requests heading of the old format
    (`二、依申请公开和不予公开政府信息情况`) do not make it a table row.
    """
    t = normalize_title(title)
    hits = {m.group(0) for m in TABLE_LABEL.finditer(t)}
    if hits and all(_DISCLOSURE_OUTCOME.fullmatch(h) for h in hits) and _REQUESTS.search(t):
        return False
    return bool(hits)


# -- candidates ---------------------------------------------------------------------------
@dataclass
class Candidate:
    """A line that may be a heading.

    ``line_start``: offset of the line; ``start``: where the heading proper begins (after
    leading blanks); ``title_start``: after the numeral; ``end``: where the heading ends
    (end of line, or earlier for a run-in heading); ``style``: ``cn``/``part``/``circ``/``ar``
    (``1.`` ``1、``)/``arp`` (``1）``)/``paren``/``bare``.
    """

    line_start: int
    start: int
    title_start: int
    end: int
    style: str
    number: int | None
    title: str
    label: str
    line: str
    table: bool = False
    empty: bool = False  # nothing but blanks before the next numbered line (set by the splitter)


_BLANK_LEAD = re.compile(rf"{_SP}*")


def _heading_start(m: re.Match) -> int:
    """Where the heading of a line match begins: after the blanks its ``lead`` opens with
    (page debris such as `【` or `**` stays with the heading)."""
    s = m.start("lead")
    if m.string[s] not in _SP_CHARS:
        return s  # (most lines open with their numeral or title)
    return s + _BLANK_LEAD.match(m.group("lead")).end()


@lru_cache(maxsize=65536)
def _heading_end(title: str) -> int:
    """Length of the heading part of ``title`` (the rest of the line is run-in text).

    A title that names a section ends where its keyword phrase (plus a tail such as
    ``及改进情况``) ends, if what follows is a sentence (``五、存在的主要问题2019年，我局…``);
    a short remainder (``三、发现问题，及时更改。``) stays in the heading.
    """
    t = title.rstrip()
    # Keywords are looked for in the first 40 characters: a long line (a numbered paragraph)
    # is folded whole only when its heading has a keyword or no stop in those 40.
    long = len(t) > 40
    f = fast_fold(t[:40]) if long else folded(t)
    m = None
    if _has_section_word(f, 40):
        for rx in (_PROBLEMS, _OVERVIEW, _IMPROVE_W, _IMPROVE_Y, _PROACTIVE, _REQUESTS, _REVIEW, _FEES, _OTHER_MATTERS):
            m2 = rx.search(f, 0, 40)
            # The keyword nearest the start names the heading (`概述,二、…收费…` is an overview).
            if m2 and (m is None or (m2.start(), -m2.end()) < (m.start(), -m.end())):
                m = m2
    if m is not None:
        f = fast_fold(t) if long else f
        begin = m.end()
        tail = _TAIL_WORDS.match(f, begin)
        begin = tail.end() if tail else begin
        rest = f[begin:]
        colon = _COLON.match(rest)
        after = rest[len(rest) - len(rest.lstrip(" \t\u3000:：")) :]
        if after is not rest and _ENUMERATOR.match(after):
            # `五、存在的主要问题及改进情况：(一)…` / `… (一)工作…`: the sub-list starts the body
            return begin + (colon.end() if colon else 0)
        if rest[:1].isspace() and len(rest.strip()) > 15:
            return begin  # `一、总体情况 （一）主动公开情况。…` on a page flattened to one line
        if _ENUMERATOR.match(rest) or (len(rest) > 8 and _SENTENCE_START.match(rest)):
            return begin  # `二、存在的主要问题1、内容有待完善。` / `…情况我镇成立了…`
        if len(rest) <= 15 and "。" not in rest[:-1]:
            return len(t)
        if tail and tail.end() > m.end() and f[begin - 1] in "况況施划劃算作排议議策题題足难難" and _FINAL.match(rest) is None:
            return begin  # `五、存在的主要问题及改进情况对外宣传力度不够。…`: the title's tail is complete
        stop = _FINAL.search(rest, 0, 26)
        if stop and not _CLAUSE.search(rest, 0, stop.start()):
            return begin + stop.end()  # `2、主动公开政府信息的情况。一年来，…`
        short = _FINAL.search(rest, 0, 12)
        if short and _SENTENCE_START.match(rest, short.end()):
            return begin + short.end()  # `三、发现问题，及时更改。2011年，我局…`: a short second clause
        if _CLAUSE.search(rest):
            return begin  # `五、存在的主要问题2019年，我局…`
        return len(t)
    if not long and not _CLAUSE.search(t[:-1]):
        return len(t)
    stop = _FINAL.search(f)
    if stop is None and long:
        stop = _FINAL.search(fast_fold(t), 40)
    return stop.end() if stop else len(t)


_INNER_PUNCT = re.compile(r"[，,。；;：:]")
_TAIL_WORDS = re.compile(r"(?:[和及与、]?(?:(?:政府|政务)?信息(?:公开)?(?:的)?(?=情况))?(?:改进|整改|下一步|下步)?(?:情况|措施|计划|打算|工作|安排|建议|问题|不足|困难)?)*")
_CLAUSE = re.compile(r"[。，,；;]")
_COLON = re.compile(r"[ \t\u3000]*[:：]")
_FINAL = re.compile(r"[。:：]")
_SENTENCE_START = re.compile(r"(?:我|本(?:局|镇|委|单位|部门|机关)|今年|全年|一年来|近年来|\d{4}年[，,度]?[我本全今各])")
_ENUMERATOR = re.compile(r"[0-9]{1,2}[、.]|[(（][一二三四五六七八九十0-9]{1,2}[)）]|[一二三四五六七八九十]是")


def find_candidates(text: str) -> list[Candidate]:
    """Every numbered line, plus short bare lines whose title names a known section."""
    out: list[Candidate] = []
    for m in _numbered_lines(text):
        title = m.group("title")
        pnum, cn, paren, roman, circ = m.group("pnum", "cn", "paren", "roman", "circ")
        blank = not title.strip()
        if blank and cn is None:
            continue
        if title[-1:] in _TOC_TRIGGER and _toc_entry(title):
            continue  # a table-of-contents entry (`一、总体情况……………2`), not the heading
        if pnum:
            style, num = "part", cn_to_int(pnum)
        elif cn:
            style, num = "cn", cn_to_int(cn)
        elif paren:
            style, num = "paren", cn_to_int(paren)
        elif roman:
            style, num = "roman", ord(roman) - 0x215F
        elif circ:
            style, num = "circ", ord(circ) - 0x245F
        else:
            # `1）` and `1.` are two levels where a page uses both: styles of their own.
            closing = text[m.end("ar") : m.start("title")].strip(" \t\u3000\u00a0") in (")", "）")
            style, num = "arp" if closing else "ar", int(m.group("ar"))  # (int reads full-width digits too)
            if num == 0 or num > 20:
                continue
        line_start = m.start("lead")
        start = _heading_start(m)
        title_start = m.start("title")
        if blank:
            # `一、` alone on its line, the title on the next (a PDF's two text runs)
            nxt = _NEXT_LINE_TITLE.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == "\n" else None
            if nxt is not None and classify_title(nxt.group(1)) != "other":
                title = text[m.start("title") : nxt.end(1)]
                blank = not title.strip()
        hl = 0 if blank else _heading_end(title)
        # Classify the heading proper, not the run-in text after it (`一、概述,二、…收费…`).
        label = classify_title(title[:hl]) if hl else "other"
        if hl > 30 and label != "other" and _ITEM_SENTENCE.search(title, 0, hl):
            # `2、编制《…指南》，进一步明确…，凡是…主动公开…`: a list item whose first clause names
            # no section, not a heading
            if classify_title(_CLAUSE_END.split(title, 1)[0]) == "other":
                label = "other"
        line = text[line_start : m.end()]
        if hl and hl == len(title.rstrip()) and len(title) <= 40:
            wrapped = _wrapped_title(text, m.end(), title, label)
            if wrapped is not None:
                title, label = wrapped
                hl = len(title)
        # (On a page flattened to one line, only the heading's own neighbourhood says "table".)
        table = ("|" in line if len(line) < 200 else "|" in text[start : title_start + hl + 3]) or is_table_label(title[:40])
        out.append(
            Candidate(line_start, start, title_start, title_start + hl, style, num, title, label, line, table)
        )
    # A bare reading of a line that opens with one of these is dropped for the numbered one (below).
    numbered_at = {c.start for c in out}
    # Glued and inline headings are tried only where a numeral + separator occurs (cheap scan).
    hits = [h.end() for h in _NUMSEP_AFTER.finditer(text)]
    tails = [m for m in (_TAIL.match(text, i) for i in hits if i and text[i - 1] in "。；;") if m]
    inlines = [m for m in (_INLINE.match(text, _blank_run_start(text, _debris_start(text, i)))
                           for i in hits if i and text[_debris_start(text, i) - 1] in _SP_CHARS) if m]
    for m in tails:
        title = m.group("title")
        if _toc_entry(title) or _ENTITY_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # a contents entry, or a `;` that ends an HTML entity (`&emsp;一、…`), not a sentence
        hl = _heading_end(title)
        if hl > 30:
            continue
        label = classify_title(title[:hl])
        if label == "other" or is_table_label(title[:hl]):
            continue
        # A mid-line heading: its "line" is the heading itself (no backward scan: one-line
        # pages would make that quadratic).
        out.append(
            Candidate(m.start(), m.start(), m.start("title"), m.start("title") + hl, "cn", cn_to_int(m.group("cn")),
                      title, label, text[m.start() : m.start("title") + hl])
        )
    for m in inlines:
        if m.start() == 0 or text[m.start() - 1] == "\n":
            continue  # at the start of a line: already a numbered candidate
        title = m.group("title")
        label = classify_title(title)
        if label == "other" or is_table_label(title):
            continue
        start = m.start("open") if m.group("open") else m.start("cn")
        end = m.end("close") if m.group("close") else m.end("title")
        out.append(
            Candidate(start, start, m.start("title"), end, "cn", cn_to_int(m.group("cn")),
                      title, label, text[start : m.end()])
        )
    for m in _bare_lines(text, numbered_at):
        title = m.group("title")
        label = classify_title(title)
        if label not in _BARE_LABELS or title.lstrip()[:1] in "(（":
            continue
        # (a closing bracket or Markdown stars may follow the final 。/：)
        if _INNER_PUNCT.search(title.rstrip(" \t\u3000*#】")[:-1]) or not _bare_ok(title, label):
            continue
        if _continues_line(text, m.start()):
            continue
        start = _heading_start(m)
        out.append(
            Candidate(m.start(), start, m.start("title"), m.end("title"), "bare", None, title, label, m.group(0))
        )
    for m in _on_lines(_BARE_RUNIN, text, _RUNIN_END):
        # `总体情况 根据上级要求，…`: a bare title run into its paragraph after a blank
        title = m.group("title")
        label = classify_title(title)
        if label not in ("overview", "problems") or not _TITLE_END.search(title) or not _bare_ok(title, label):
            continue
        sep = m.group("sep")
        if ":" in sep or "：" in sep:
            # `存在问题：…` and `总体情况：…` also label findings and summaries inside a section:
            # after a colon only a full section title counts (`存在的主要问题及改进情况：…`).
            full = _IMPROVE.search(folded(title)) if label == "problems" else _FULL_OVERVIEW.search(normalize_title(title))
            if not full:
                continue
        start = _heading_start(m)
        end = m.end("sep") - (len(sep) - len(sep.rstrip(_SP_CHARS)))  # closing `**` and colon stay with the heading
        out.append(Candidate(m.start(), start, m.start("title"), end, "bare", None, title, label, title))
    for m in _on_lines(_BARE_WRAPPED, text, _WRAPPED_TAIL):
        # `存在的主要问题及改` / `进情况`: a bare title a PDF wrapped, cut mid-phrase
        head, tail = m.group("head"), m.group("tail")
        if _TITLE_END.search(head) and not _CONNECTIVE.match(tail):
            continue
        title = text[m.start("head") : m.end("tail")]
        label = classify_title(title)
        if label not in ("overview", "problems") or not _TITLE_END.search(tail) or not _bare_ok(title, label):
            continue
        if _continues_line(text, m.start()):
            continue
        start = _heading_start(m)
        out.append(Candidate(m.start(), start, m.start("head"), m.end("tail"), "bare", None, title, label, title))
    out.sort(key=lambda c: (c.start, c.style == "bare"))
    # A bare line that is the second half of a wrapped numbered heading is part of it.
    kept: list[Candidate] = []
    numbered_end = -1
    for c in out:
        if c.style != "bare":
            numbered_end = max(numbered_end, c.end)
        elif c.start < numbered_end and not any(k.start == c.start for k in kept[-1:]):
            continue
        kept.append(c)
    out = kept
    # A numbered line also matched as bare: keep the numbered reading.
    dedup: list[Candidate] = []
    for c in out:
        if dedup and dedup[-1].start == c.start:
            if c.style == "bare":
                continue
            if dedup[-1].style == "bare":
                dedup[-1] = c
                continue
        dedup.append(c)
    return dedup


# Last characters of the words section titles end in (概述, 情况, 问题, 措施, 事项, 安排, 计划, 打算 …).
_END_WORD_CHARS = "述况況题題足难難施议議策向项項要排划劃算作法"
# Last characters of a complete heading title (those, 思路/展望/设想; a bracket, a colon).
_TITLE_END = re.compile(rf"[{_END_WORD_CHARS}路望想)）】:：。][ \t\u3000*#]*$")
_CONNECTIVE = re.compile(r"^[及和与與、]")
_FRAGMENT = re.compile(r"[ \t\u3000]*([^\s，,。；;：:|0-9０-９(（一二三四五六七八九十第①-⑳\[【#*][^\n，,。；;:：|]{0,18}?[。:：]?)[ \t\u3000]*$")

# `_BARE_RUNIN` and `_BARE_WRAPPED` are tried only on the lines these find (see `_on_lines`).
# A run-in title that is kept ends in a heading word (`_TITLE_END`) right before its separator
# (what follows that word: `#`, the closing `**`/`】`, or what opens a separator or an enumerator):
_RUNIN_END = re.compile(rf"[{_END_WORD_CHARS}路望想)）](?=[#*】:：{_SP_CHARS}(（0-9一二三四五六七八九十])")
# a wrapped title's second line is short (the lookahead of `_BARE_WRAPPED`, from the line break;
# possessive: giving characters back to the run could only put another one of them before `$`):
_WRAPPED_TAIL = re.compile(rf"\n(?!{_NUMBERED})[^\s，,。；;：:|(（0-9…]{{1,12}}+[:：。]?{_SP}*$", re.M)
# and `_LEAD` reaches past a line break only inside an HTML tag (`<p` / `class=…>`).
_TAG_BREAK = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,8}\n")


def _on_lines(rx: re.Pattern, text: str, hint: re.Pattern):
    """``rx.finditer(text)`` for a line-anchored ``rx``, tried only on lines where ``hint`` matches.

    Trying ``rx`` at every line start is what costs; ``hint`` is a cheap scan for something
    every wanted match has on its line. The other lines only ever gave matches that were
    dropped, and none of those reaches the next line unless an HTML tag breaks there
    (`_TAG_BREAK`), so those lines are tried too: the matches that matter are the same.
    """
    hits = [m.start() for m in hint.finditer(text)]
    if "<" in text:
        breaks = [m.start() for m in _TAG_BREAK.finditer(text)]
        if breaks:
            hits = sorted(hits + breaks)
    end = 0
    tried = -1
    for i in hits:
        ls = text.rfind("\n", 0, i) + 1
        if ls == tried or ls < end:
            continue
        tried = ls
        m = rx.match(text, ls)
        if m:
            end = m.end()
            yield m


def _wrapped_title(text: str, eol: int, title: str, label: str) -> tuple[str, str] | None:
    """``(title, label)`` of a heading that a PDF wrapped onto the next line, or ``None``.

    `二、存在的主要问题及改` / `进情况`: the next line is a short fragment without inner
    punctuation or numbering. It continues the title when the whole names a section the
    first half does not (`一、基本工作` + `情况`), or when the first half already names it
    but stops mid-phrase, not on a word that ends headings (`二、主动公开政府` + `信息情况`);
    a fragment opening with 及/和 (`及改进措施`) continues any title. A line that names a
    section under a complete title (`一、总体情况` / `主动公开情况`) is a sub-heading.
    """
    if eol >= len(text) or text[eol] != "\n":
        return None
    nl = text.find("\n", eol + 1)
    nl = len(text) if nl < 0 else nl
    if nl - eol > 21 and text[eol + 1] not in " \t\u3000" and text[nl - 1] not in " \t\u3000":
        return None  # (most next lines: no blank around more than the 20 characters a fragment has)
    frag = _FRAGMENT.match(text, eol + 1, nl)
    if frag is None:
        return None
    piece = frag.group(1)
    joined = title + text[eol : frag.end(1)]
    new = classify_title(joined)
    if new == "other" or is_table_label(piece):
        return None
    continues = _CONNECTIVE.match(piece) is not None
    complete = _TITLE_END.search(title) is not None
    if complete and not continues and classify_title(piece) != "other":
        return None  # a sub-heading under a complete title, not its tail
    if label == "other":
        return joined, new
    # (the tail then ends on a heading word: `信息情况`, not a sentence such as `加强学习。`)
    if new == label and (not complete or continues) and _TITLE_END.search(piece):
        return joined, new
    return None


# Bare headings end in one of those words' last characters, or in a closing bracket
# (`（2020年）`, `【总体情况】`), 1 to 58 characters into a line.
_SHORT_LINE_END = re.compile(rf"[{_END_WORD_CHARS})）】][。:：]?[ \t\u3000*#]*$", re.M)


# A line cut mid-phrase by a fixed-width wrap ends on an ordinary character, not on the
# punctuation, heading word or title word (报告, 总结) that ends a paragraph or a heading.
# (a line ending in digits or ASCII, `联系电话：0432-6204`, ends a paragraph as often as not)
_OPEN_END = re.compile(rf"(?![{_END_WORD_CHARS}路望想告报報结結])[\u4e00-\u9fff]$")


def _continues_line(text: str, line_start: int) -> bool:
    """True when the line at ``line_start`` is the wrapped tail of a long line above it."""
    if line_start == 0 or text[line_start - 1] != "\n":
        return False
    prev = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1].rstrip()
    # (the pattern is one character before the end: searching a long line from its start would be wasted)
    return len(prev) >= 20 and _OPEN_END.search(prev, len(prev) - 1) is not None


def _bare_lines(text: str, numbered_at: set[int] | frozenset[int] = frozenset()):
    """`_BARE` matches, tried only on short lines (the full pattern is slow on long ones).

    Lines whose heading would start where a numbered candidate starts (``numbered_at``; a line
    that opens with no blank starts its heading at its first character) are left out: their
    bare reading is dropped for the numbered one, and most short lines are numbered headings.
    """
    # (found from their ends: a scan for the end word is far cheaper than one from every line
    # start; past blanks and stars, the end word is the only character that can end the line)
    for end in _SHORT_LINE_END.finditer(text):
        i = end.start()
        line_start = text.rfind("\n", 0, i) + 1
        if 1 <= i - line_start <= 58 and not (line_start in numbered_at and text[line_start] not in _SP_CHARS):
            m = _BARE.match(text, line_start, end.end())
            if m:
                yield m


_BARE_STRICT = {
    # A bare line must *be* a heading, not a sentence that mentions one.
    "overview": re.compile(
        r"^(?:[\w()（）]{0,16})?(?:概述|概况|总体情况|基本情况|工作概述|总体概况)(?:\([^)]{0,30}\))?$"
        # or a short overview title that is not the page title (no agency, no 报告)
        r"|^(?!.*(?:报告|年报|人民政府|局|委员会|办公室|中心|镇|乡|街道|厅|院|我|将|了)).{2,16}$"
    ),
    # any problems title (`存在的主要问题及下步工作安排`) that is not a sentence about one
    "problems": re.compile(r"^(?!.*(?:我|将|了|但|虽然|是否|报告|年报))(?=.*(?:问题|不足|困难|差距|短板)).{2,40}$"),
    "other_matters": re.compile(r"^其[他它](?:需要)?报告的?事项$"),
    # a plan title (`下一步工作计划`, `今后工作打算`), not a sentence that announces one
    "improvements": re.compile(r"^(?!.*(?:我|将|了|要|继续|进一步|加强))(?:下一步|下步|今后|\d{4}年|明年)?[^，,。；;]{0,8}"
                               r"(?:计划|打算|思路|安排|设想|措施|方向)$"),
}
_BARE_LABELS = frozenset(_BARE_STRICT)


def _bare_ok(title: str, label: str) -> bool:
    t = normalize_title(title).strip("#").rstrip("。")
    if label == "problems" and any(rx.search(t) for rx in (_OTHER_MATTERS, _REQUESTS, _PROACTIVE, _REVIEW)):
        return False  # a table-of-contents line naming several sections
    if _BARE_STRICT[label].search(t):
        return True
    # `2022年政府信息公开工作总体情况`: the year and the subject say nothing about the heading.
    rest = _SUBJECT_PREFIX.sub("", t, count=1)
    return len(rest) >= 4 and rest != t and bool(_BARE_STRICT[label].search(rest))


_SUBJECT_PREFIX = re.compile(r"^(?:\d{4}年度?)(?:政府信息公开|政务公开|政务信息公开|信息公开)?(?:工作)?(?:的)?")


__all__ = ["Candidate", "find_candidates", "classify_title", "is_table_label", "cn_to_int", "folded"]
