"""Line breaks for text that lost them: where a crawled or copied page's lines were.

A crawler that saves ``element.text`` or a reader that copies a page often joins every
line of a report into one (or two) lines: ``…总计000000000000000五、存在的主要问题及改进情况2019年，…``,
``…专业技能还有待进一步提高。 六、今后改进方向1、全面落实…``. The splitter reads headings
at line starts, so on such text it sees one preamble. :func:`scan_text` gives the splitter
a *scan text*: the text with a line break inserted before every numbered heading or list
item found mid-line, plus the map back to the text (a scan offset minus the breaks
inserted before it). ``Report.text`` is never changed: sections found on the scan text are
mapped back, so they keep partitioning the text and every offset points into it.

Where a line break is inserted (all of it general: nothing is tuned to a file):

- **Only in flattened text.** A text is flattened when it has at most two line breaks
  (and at least 200 characters), or when its non-blank lines average 250 characters or
  more (a report's paragraphs and table rows average far fewer; a crawl keeps its short
  navigation lines and one body line). Only lines of 100 characters or more are re-lined.
- **Before a numeral** of the numbering grammar of headings and items: ``第一部分``/``第一章``,
  ``一、`` ``一.`` (``一 概述`` before a section name), ``（一）``, ``1、`` ``1.`` (1–20, not a decimal
  or a date), circled ``①``, judged by
  - *what precedes it* (blanks skipped): a sentence end (``。；！？：``), a blank, a closing
    bracket or quote, a table cell's end (``|``, tab, a digit or a dash: `…总计0000五、`), or the
    start of the line — a *clear* break. A Chinese character, a letter or ``》`` is a *weak*
    break: the numeral then opens a line only when the title after it names a known section
    (``…工作情况二、主动公开政府信息情况``, heading vocabulary of :mod:`.headings`) or the text
    since the last break is a heading title (``六、今后改进方向1、全面落实``: short, no sentence
    punctuation), and a weak break never restarts the outline. Never after 第, 、, a comma,
    an opening quote or bracket, nor as the 一 of a word (``第三、四季度`` ``统一、`` ``“一、``);
  - *what follows it*: a title, not another numeral or digit (``一、二级``, ``三、四季度``);
  - *outline continuity*: a numeral opens a line only when it continues its style's
    numbering (N−1 or N−2 taken before it, or a 1 that starts a list) or its title names a
    known section: a stray ``三、`` inside prose does not.
- **After a heading's title**: a blank after a short title (``一、总体公开情况 2019年，…``), or a
  statistics table run into it (``…行政诉讼情况行政复议行政诉讼结果维持…``).
- **At blanks**: after a sentence end, a closing bracket or an ellipsis; runs of two or more;
  between two words (``人民政府 2015年1月10日``) — not inside a spaced-out title (``概  述``), a
  list of keywords, a number and its unit, or between a numbering and its title.
- **Bare section titles** glued between a sentence end and their body (an enumerator, a year,
  ``我…``): ``…人数最多。存在问题与改进措施1、…``; the same strict title test as bare lines.
- **Tables and closing lines**: before the 2019 template's first statistics table
  (``第二十条第（一）项``); after the last sentence when page furniture follows (signature,
  date, footer words, a file name, ``标签：``), and before the date that ends it.

Example::

    >>> scan, breaks = scan_text("报告 " * 70 + "一、总体情况今年公开信息10条。二、存在的主要问题及改进情况人手少。")
    >>> [line[:6] for line in scan.split("\\n")][1:]
    ['一、总体情况', '二、存在的主']
"""
from __future__ import annotations

import re

from giptext.sections.tables import _CHROME, _FOOTER, _SIGNATURE
from giptext.sections.headings import _END_WORD_CHARS, _bare_ok, classify_title, cn_to_int, is_table_label

# Characters that are line breaks for the splitter and statements besides "\n": LINE and
# PARAGRAPH SEPARATOR, NEXT LINE, vertical tab, form feed (`Report.text` keeps them as they are).
LINE_SEPARATORS = "\u2028\u2029\u0085\u000b\u000c"
_SEPARATOR = re.compile(f"[{LINE_SEPARATORS}]")
_AS_NEWLINE = str.maketrans({c: "\n" for c in LINE_SEPARATORS})


def newline_view(text: str) -> str:
    """``text`` with every Unicode line separator (:data:`LINE_SEPARATORS`) read as ``\\n``.

    Same length, so offsets carry over; ``text`` itself (no copy) when it holds none.
    """
    if _SEPARATOR.search(text) is None:
        return text
    return text.translate(_AS_NEWLINE)


_FLAT_MEAN_LINE = 250
_MIN_LINE = 100
_CN = "一二三四五六七八九十"
_SP = " \t\u3000\u00a0"
_BREAK = re.compile(
    rf"(?P<part>第(?P<pnum>[{_CN}]{{1,3}})(?:部分|章))"
    rf"|(?P<cn>[{_CN}]{{1,2}})[ \t\u3000]*[、.．](?=[ \t\u3000]*[^\s、，,。；;:：.．0-9０-９{_CN}〇零）)”\"])"
    rf"|(?P<cnb>[{_CN}]{{1,2}})[ \t\u3000]+(?=[^\s、，,。；;:：.．0-9０-９{_CN}〇零])"
    rf"|[(（](?P<paren>[{_CN}]{{1,2}})[)）](?=[ \t\u3000]*[^\s、，,。；;:：0-9０-９])"
    r"|(?P<ar>(?<![0-9０-９.．])[0-9０-９]{1,2})(?:[、．]|\.(?![0-9０-９]))(?=[ \t\u3000]*[^\s、，,。；;:：0-9０-９.．%％])"
    r"|(?P<circ>[\u2460-\u2473])(?=[ \t\u3000]*[^\s、，,。；;:：])"
)
_CLEAR_BEFORE = frozenset("。；;！!？?：:.．)）】」』”\"|\t0123456789０１２３４５６７８９-—–－")
# (an opening quote or bracket, a list's comma or 、, 第: the numeral is inside a phrase)
_NEVER_BEFORE = frozenset("第、，,“「『‘《〈(（[【")
# Words that end in 一 (`统一、规范`, `单一、`): the 一 is no numeral.
_ONE_WORDS = frozenset("统統唯同单單万萬专專划劃逐合归歸整")
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！!？?]")
_TITLE = re.compile(r"[ \t\u3000]*([^\s，,。；;：:|]{2,30})")


def is_flat(text: str) -> bool:
    """True when ``text`` reads as a page that lost its line breaks (see the module doc)."""
    n = len(text)
    if n < 200:
        return False
    breaks = text.count("\n")
    if breaks <= 2 or n / (breaks + 1) >= _FLAT_MEAN_LINE:
        return True
    if n / (breaks + 1) < _FLAT_MEAN_LINE / 4:
        return False  # (most texts: even with three blank lines in four the mean stays short)
    nonblank = sum(1 for ln in text.split("\n") if ln.strip())
    return n / max(nonblank, 1) >= _FLAT_MEAN_LINE


def _style(m: re.Match) -> tuple[str, int]:
    if m.group("pnum"):
        return "part", cn_to_int(m.group("pnum"))
    if m.group("cn"):
        return "cn", cn_to_int(m.group("cn"))
    if m.group("cnb"):
        return "cnb", cn_to_int(m.group("cnb"))
    if m.group("paren"):
        return "paren", cn_to_int(m.group("paren"))
    if m.group("ar"):
        return "ar", int(m.group("ar"))
    return "circ", ord(m.group("circ")) - 0x245F


def _named(text: str, pos: int) -> bool:
    """Whether the title that starts at ``pos`` names a known section (and is no table row label).

    Blanks inside it are dropped first (`概 述`, `存在 问题`); a table run into the title
    (:func:`_table_after_title`) is not part of it.
    """
    t = _TITLE.match("".join(text[pos : pos + 40].split()))
    if t is None:
        return False
    title = t.group(1)
    cut = _table_after_title(title, 0, len(title))
    if cut is not None:
        title = title[:cut]
    return classify_title(title) != "other" and not is_table_label(title)


def _table_after_title(text: str, pos: int, hi: int) -> int | None:
    """Where a statistics table run into a heading title begins, or ``None``.

    `四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持…` (joined with nothing): the
    title ends on a heading word (情况, 问题 …) and the next characters are table labels.
    """
    end = min(hi, pos + 40)
    for j in range(pos + 2, end):
        if text[j - 1] in _TITLE_LAST and is_table_label(text[j : j + 20]) and not is_table_label(text[pos:j]):
            return j
        if text[j] in "。；;":
            return None
    return None


# A section title without a numeral run in between a sentence end and its body
# (`…人数最多。存在问题与改进措施1、…`, `…公开。工作存在的主要问题2017年，我局…`).
_BARE_AFTER = re.compile(r"(?<=[。；;！!？?])[^\s，,。；;：:、|()（）《》“”0-9０-９]{4,24}")
_BODY_START = re.compile(
    r"[ \t\u3000]*(?:[0-9０-９]{1,2}[、.．]|[(（][一二三四五六七八九十0-9]{1,2}[)）]|[一二三四五六七八九十]是"
    r"|\d{4}年|我|本(?:局|镇|委|单位|部门|机关|年)|今年|全年|一年来|近年来|[:：])"
)
_TITLE_LAST = frozenset(_END_WORD_CHARS + "路望想")


def _bare_breaks(text: str, lo: int, hi: int) -> list[int]:
    """Both ends of bare section titles glued between a sentence end and their body."""
    out = []
    for m in _BARE_AFTER.finditer(text, lo, hi):
        a = m.start()
        for j in range(a + 4, m.end() + 1):
            if text[j - 1] not in _TITLE_LAST or _BODY_START.match(text, j) is None:
                continue
            title = text[a:j]
            label = classify_title(title)
            if label in ("overview", "problems", "improvements") and _bare_ok(title, label):
                out.append(a)
                if j < hi:
                    out.append(j)
                break
    return out


# The closing lines of a page (signature, date, links) after its last sentence: the last
# sentence end with at most 80 characters after it,
_LAST_SENTENCE_END = re.compile(r"[。！!？?…](?=[^。！!？?…]{1,80}$)")
# a page's label field at the very end (`标签：`, `附件：`),
_TRAILING_LABEL = re.compile(r"(?:标签|附件|关键词|关键字|相关链接|分享到?)[:：]?[ \t\u3000]*$")
# clause punctuation, which makes a tail a sentence unless a page note says otherwise,
_CLAUSES = re.compile(r"[，,；;]")
_PAGE_NOTE = re.compile(r"本文共\d+字|仅供")
# a file name or the report's title repeated, and a date that ends the page.
_FILE_OR_TITLE = re.compile(r"\.(?:docx?|pdf|xlsx?|wps|png|jpe?g)(?![A-Za-z])|^[^，,；;：:]{4,40}(?:报告|年报)$")
_DATE_AT_END = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九○O]{4})年[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日[ \t\u3000]*$")


def _closing_breaks(text: str, lo: int, hi: int) -> list[int]:
    """After the line's last sentence end when a short tail follows that is page furniture
    (chrome or footer words, a file name, the report's title, a signature), and before a date
    that closes the tail (`…成效。三亚市海棠区人民政府2015年3月15日`). A tail that is none of
    these is the page's last sentence, cut short: it stays."""
    out: list[int] = []
    m = _LAST_SENTENCE_END.search(text, max(lo, hi - 82), hi)
    if m is None:
        return out
    lab = _TRAILING_LABEL.search(text, m.end(), hi)
    if lab is not None and lab.start() > m.end():
        out.append(lab.start())  # `…工作报告.docx标签：`: a page's label field closes it
        hi = lab.start()
    d = _DATE_AT_END.search(text, m.end(), hi)
    tail = "".join(text[m.end() : d.start() if d else hi].split())
    # (a tail that is none of these is the page's last sentence, cut short: it stays)
    # (a tail with clauses is a sentence unless footer words say otherwise: `本文共875字，仅供…`)
    chrome = _CHROME.search(tail) if not _CLAUSES.search(tail) else _PAGE_NOTE.search(tail)
    if d is not None or chrome or _FOOTER.search(tail) or _FILE_OR_TITLE.search(tail) or (
        len(tail) >= 5 and _SIGNATURE.match(tail)
    ):
        out.append(m.end())
        if d is not None and d.start() > m.end():
            out.append(d.start())
    return out


def line_breaks(text: str) -> list[int]:
    """Offsets of ``text`` before which a flattened page had a line break (see the module doc).

    ``[]`` when ``text`` is not flattened (:func:`is_flat`).
    """
    if not is_flat(text):
        return []
    out: list[int] = []
    pos = 0
    for line in text.split("\n"):
        if len(line) >= _MIN_LINE:
            out.extend(_line_breaks(text, pos, pos + len(line)))
        pos += len(line) + 1
    return out


_BLANKS = re.compile(r"[ \t\u3000\u00a0]+")
_ENDS = frozenset("。；;！!？?：:…)）】」』”")
_NUMBERING_END = re.compile(
    r"(?:第[一二三四五六七八九十]{1,3}(?:部分|章)|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十0-9]{1,2}[)）]"
    r"|(?<![0-9])[0-9]{1,2}[、.．])$"
)
_YEAR = re.compile(r"\d{4}[年\-/.]")


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"



def _blank_breaks(text: str, lo: int, hi: int) -> list[int]:
    """Offsets after the runs of blanks of ``text[lo:hi]`` that stand for a lost line break.

    Chinese prose puts no blank between words, so in flattened text a blank is where a line
    ended: after a sentence end, a closing bracket or an ellipsis; a run of two or more; between
    two words of two characters or more (`人民政府 2015年1月10日`, `…docx 标签：`) or before a year
    after a comma. Not inside a spaced-out title (`概  述`, `索 引 号`: single characters on both
    sides) nor between digits and units (`共 120 条`) or table cells (`| 0 |`), nor inside a list of
    three or more short words (keywords, tags).
    """
    runs = [(m.start(), m.end()) for m in _BLANKS.finditer(text, lo, hi)]
    # Lengths of the words between blanks: three or more short ones in a row are a list of
    # keywords or tags (`关键词： 黑龙江省 政府信息公开 工作报告 基本情况`), not lines.
    seg = [b - a for a, b in zip([lo] + [e for _, e in runs], [s for s, _ in runs] + [hi])]
    short = [n <= 8 for n in seg]
    listed = [False] * len(seg)
    k = 0
    while k < len(seg):
        j = k
        while j < len(seg) and short[j]:
            j += 1
        if j - k >= 3:
            for i in range(k, j):
                listed[i] = True
        k = max(j, k + 1)
    out = []
    for r, (s, e) in enumerate(runs):
        if s == lo or e >= hi:
            continue
        left, right = text[s - 1], text[e]
        if left in "分章、.．)）" and _NUMBERING_END.search(text, max(lo, s - 8), s):
            continue  # the blank between a numbering and its title (`第一部分 总体情况`)
        if _cjk(left) and (s - 2 < lo or not _cjk(text[s - 2]) or left in _CN) and (_cjk(right) or right in _CN):
            continue  # a spaced-out title (`概  述`, `一 概述`)
        word_left = (_cjk(left) or left.isascii() and left.isalpha()) and s - 2 >= lo and (
            _cjk(text[s - 2]) or text[s - 2].isascii() and text[s - 2].isalnum())
        word_right = _cjk(right) and e + 1 < hi and not text[e + 1].isspace() or _YEAR.match(text, e) is not None
        word = word_left and word_right and not (listed[r] and listed[r + 1])
        if left in _ENDS or e - s >= 2 and left != "|" and right != "|" or word or (
            left in "，,、" and _YEAR.match(text, e) is not None
        ):
            out.append(e)
    return out


# The first statistics table of the 2019 template opens its own line (`…情况第二十条第（一）项`).
_TABLE_START = re.compile(r"第二十条第[(（]一[)）]项")


def _line_breaks(text: str, lo: int, hi: int) -> list[int]:
    out = set(_numbered_breaks(text, lo, hi))
    out.update(_blank_breaks(text, lo, hi))
    out.update(_bare_breaks(text, lo, hi))
    out.update(_closing_breaks(text, lo, hi))
    out.update(m.start() for m in _TABLE_START.finditer(text, lo, hi) if m.start() > lo)
    return sorted(out)


def _numbered_breaks(text: str, lo: int, hi: int) -> list[int]:
    last: dict[str, int] = {}  # style -> number of the last numeral taken
    out: list[int] = []
    prev_break = lo
    for m in _BREAK.finditer(text, lo, hi):
        a = m.start()
        if a == lo:
            continue
        style, num = _style(m)
        if num < 1 or (style == "ar" and num > 20):
            continue
        b = a
        while b > lo and text[b - 1] in _SP:
            b -= 1
        blank = b < a
        before = text[b - 1] if b > lo else ""
        if before in _NEVER_BEFORE or style in ("cn", "cnb") and before in _CN + "〇零":
            continue  # part of a longer numeral, `第三、四季度`, `统一、`, a quoted or listed numeral
        named = None if style != "circ" else False  # (looked up only where it decides)
        if blank or b == lo or before in _CLEAR_BEFORE:
            if style == "ar" and before in "0123456789０１２３４５６７８９-—–－." and not blank:
                continue
            clear = True
        else:
            # A weak break (after a Chinese character, a letter, `》`): a section name after it,
            # or a heading title since the last break (`六、今后改进方向1、全面落实`).
            if style == "ar" and before.isascii() and before.isalnum():
                continue
            after_title = a - prev_break <= 40 and _SENTENCE_PUNCT.search(text, prev_break, a) is None and prev_break > lo
            if not after_title:
                named = _named(text, m.end()) if named is None else named
                if not named:
                    continue
            clear = False
        if not clear and style in ("cn", "cnb", "part") and (
            num == 1 and before in _ONE_WORDS or num <= last.get("cn" if style == "cnb" else style, 0)
        ):
            continue  # `统一、`, `单一、`; and a weak break never restarts the outline's numbering
        if style == "cnb":
            named = _named(text, m.end()) if named is None else named
            if not named:
                continue  # `一 概述`: a blank alone separates the numeral only before a section name
            style = "cn"
        p = last.get(style)
        continues = (p is not None and num - p in (1, 2)) or num == 1
        if not continues or not clear and style == "cn" and num != 1 and p is None:
            named = _named(text, m.end()) if named is None else named
            if not named:
                continue
        last[style] = num
        out.append(a)
        prev_break = a
        if style in ("cn", "part"):
            cut = _table_after_title(text, m.end(), hi)
            if cut is not None:
                out.append(cut)  # the table run into the heading opens its own line
                continue
        # A blank after a short title ends the heading's line (`一、总体公开情况 2019年，…`).
        t = _TITLE.match(text, m.end())
        if t is not None and t.end() < hi and text[t.end()] in _SP:
            e = t.end()
            while e < hi and text[e] in _SP:
                e += 1
            if e < hi and text[e] not in "。，,；;：:、.．)）":
                out.append(e)
    return out


def scan_text(text: str) -> tuple[str, list[int]]:
    """``(scan, breaks)``: ``text`` with a ``\\n`` inserted before each offset of :func:`line_breaks`
    (``text`` itself and ``[]`` when there are none); see :func:`to_text` for the way back."""
    breaks = line_breaks(text)
    if not breaks:
        return text, []
    parts = []
    pos = 0
    for b in breaks:
        parts.append(text[pos:b])
        parts.append("\n")
        pos = b
    parts.append(text[pos:])
    return "".join(parts), breaks


def to_text(scan_offset: int, breaks: list[int]) -> int:
    """The text offset of a scan-text offset: breaks inserted before it are taken off.

    The break inserted before text offset ``b`` sits at scan offset ``b + k`` (``k`` breaks
    before it); a scan offset at or past it counts it.
    """
    lo, hi = 0, len(breaks)
    while lo < hi:  # first k with breaks[k] + k >= scan_offset + 1, i.e. breaks before scan_offset
        mid = (lo + hi) // 2
        if breaks[mid] + mid < scan_offset:
            lo = mid + 1
        else:
            hi = mid
    return scan_offset - lo


__all__ = ["LINE_SEPARATORS", "is_flat", "line_breaks", "newline_view", "scan_text", "to_text"]
