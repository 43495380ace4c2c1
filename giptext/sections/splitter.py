"""The section splitter: text → ordered :class:`~giptext.report.Section` list that partitions it.

Steps
0. Text that lost its line breaks (a crawled page on one line) is read through a scan text
   with a line break wherever a line ended (:mod:`giptext.sections.reline`); Unicode line
   separators count as line breaks. Sections found there are mapped back onto the text.
1. :func:`~giptext.sections.headings.find_candidates` lists every numbered line (and
   headings glued into a line, and short bare lines that name a known section), each with
   a label read from its title.
2. Table rows (``|`` runs, statistics-table vocabulary, a run of bare number cells after
   the line) are dropped: their numbering looks like a heading but they never open one.
3. The top-level headings are the best-scoring chain of one numbering style whose
   numerals increase (gaps are allowed at a cost: excerpts and pages lose headings).
   Titles that name a known section weigh more than thematic titles, so a sub-list
   numbered ``一、二、`` inside a section loses to the real outline; the outermost style
   (第一部分 > 一、 > 1. > （一）) that names a known section is the top level, unless
   positions show it is a sub-list of another style (it sits inside one of its sections,
   or restarts its numbering under its headings).
4. Bare headings (``总体情况``, ``存在問題與改進措施``) fill in labels the chain lacks.
5. Labels are made consistent (the overview is section 一 or follows only unnamed
   sections; a second overview-like heading is ``other``). Where the outline opens at 二
   after a preamble and no 一 is in sight, the narrative after the preamble is an
   ``overview`` with an empty heading.
6. Where no problems heading exists, a problems lead-in paragraph of the last section
   (``…取得了一定成效，但仍存在…``, ``存在问题：…``, ``下一步，我局将…``) opens a
   ``problems`` section with an empty heading: pages often strip headings.
7. Closing chrome (signature, date, share buttons, site footer) is split off the last
   section as an ``other`` section with an empty heading.

Example::

    >>> secs = split_sections("报告\\n一、总体情况\\n今年。\\n二、存在的主要问题\\n不足。\\n")
    >>> [(s.label, s.heading, s.text.strip()) for s in secs]
    [('preamble', '', '报告'), ('overview', '一、总体情况', '今年。'), ('problems', '二、存在的主要问题', '不足。')]
"""
from __future__ import annotations

import re

from giptext.report import Section
from giptext.sections.headings import _HTML, _PINYIN, Candidate, classify_title, find_candidates, folded
from giptext.sections._fold import view
from giptext.sections.reline import newline_view, scan_text, to_text
from giptext.sections.tables import in_table, is_chrome_line, trailing_chrome_start

_WEIGHT = {
    "overview": 2.5,
    "proactive": 3.0,
    "requests": 3.0,
    "fees": 3.0,
    "review_litigation": 3.0,
    "problems": 3.5,
    "improvements": 2.5,
    "other_matters": 3.0,
    "other": 1.0,
}
_STYLE_BONUS = {"cn": 0.5, "part": 0.5, "roman": 0.0, "ar": 0.0, "arp": 0.0, "paren": 0.0, "circ": 0.0}
_SENTENCE = re.compile(r"[。；;]|[，,].*[，,]")
_NON_BLANK = re.compile(r"\S")  # (found without copying the span: str.strip and \s share str.isspace)


def _weight(c: Candidate) -> float:
    w = _WEIGHT[c.label]
    if c.empty:
        return 0.2
    if c.label == "other":
        head = c.title[: c.end - c.title_start]
        if len(head) > 30 or _SENTENCE.search(head.rstrip("。")):
            w = 0.3  # a numbered sentence: a list item, not a section
    return w + _STYLE_BONUS.get(c.style, 0.0)


_MAX_GAP = 6
# (gap, cost of the gap - 1 numerals skipped) for the steps a chain may take
_GAP_COST = tuple((gap, 0.5 * (gap - 1)) for gap in range(1, _MAX_GAP + 1))


def _best_chain(cands: list[Candidate]) -> tuple[list[Candidate], float]:
    """Highest-weight chain of strictly increasing numerals and its score.

    Gaps of up to six numerals are allowed, each missing numeral costing 0.5. Linear in
    the number of candidates: the best chain ending in each numeral so far is kept.
    """
    n = len(cands)
    if n == 0:
        return [], 0.0
    score = [0.0] * n
    prev = [-1] * n
    best_at: dict[int, int] = {}  # numeral -> index of the best chain ending with it so far
    get = best_at.get
    for j, cj in enumerate(cands):
        w = _weight(cj)
        num = cj.number
        # Starting past 一 is normal for an excerpt, but costs a little.
        best, back = w - (0.4 if num and num > 1 else 0.0), -1
        for gap, cost in _GAP_COST:
            i = get(num - gap)
            if i is not None:
                sc = score[i] + w - cost
                if sc > best:
                    best, back = sc, i
        score[j], prev[j] = best, back
        k = get(num)
        if k is None or best > score[k]:
            best_at[num] = j
    j = score.index(max(score))  # (the first of equal scores)
    top = score[j]
    chain = []
    while j >= 0:
        chain.append(cands[j])
        j = prev[j]
    return chain[::-1], top


def top_level_headings(text: str) -> list[Candidate]:
    """The top-level headings of ``text`` in order (table rows and sub-lists removed)."""
    cands = find_candidates(text)
    numbered: dict[str, list[Candidate]] = {}
    bare: list[Candidate] = []
    for c in cands:
        if c.style == "bare":
            bare.append(c)
            continue
        if c.table:
            continue
        line_end = c.line_start + len(c.line)
        # (the cheap test first: most numbered lines that name nothing follow a sentence)
        if c.label == "other" and not _after_prose(text, c.line_start) and in_table(text, c.line_start, line_end):
            continue
        numbered.setdefault(c.style, []).append(c)
    # A heading with nothing under it, directly followed by the next numeral, is a
    # table-of-contents entry: it weighs little, so the real outline below it wins.
    # (`一、总体情况` directly followed by a sub-list `一、加强领导` is not.)
    for cs in numbered.values():
        for a, b in zip(cs, cs[1:]):
            a.empty = b.number == a.number + 1 and _NON_BLANK.search(text, a.end, b.start) is None
    chains: dict[str, tuple[list[Candidate], float]] = {}
    for style in _STYLE_ORDER:
        if style in numbered:
            chain, sc = _best_chain(numbered[style])
            if any(_known(c) for c in chain):  # else a list of items, not an outline
                chains[style] = (chain, sc)
    # `总体情况：` over loose paragraphs labels a summary, not a report section, unless a
    # numbered outline goes on at 二 after it (the numeral was lost: `概述：` … `二、…`).
    bare = [b for b in bare if not (b.label == "overview" and b.title.rstrip(" \t\u3000*#】").endswith((":", "："))
                                    and not _continuation(numbered, b, ("cn", "part")))]
    bare_ov = next((b for b in bare if b.label == "overview"), None)
    best = _pick_outline(chains, bare_ov, numbered)
    # Mixed numbering (`（一）概述` / `第一部分 概述` then `二、主动公开…`): an overview numbered 1
    # in another style, before a chain that starts past 一, is the chain's first section.
    if best and best[0].number and best[0].number > 1 and not any(c.label == "overview" for c in best):
        for cs in numbered.values():
            lead = [c for c in cs if c.start < best[0].start and c.number == 1 and c.label == "overview"]
            if lead:
                best.insert(0, lead[-1])
                break
    if bare_ov is not None and (not best or best[0].start > bare_ov.start and best[0].number and best[0].number > 2):
        cont = _continuation(numbered, bare_ov, ("cn", "part"))
        if cont and (not best or best[0] in cont):
            best = cont
    elif len(best) == 1 and best[0].number == 1 and best[0].label == "overview":
        # `一、概述` then `②主动公开…` / `（二）…`: the page mixed numbering styles after section 一.
        # Only if the run reaches sections an overview never holds (2019 overviews have
        # `（二）依申请公开情况` sub-items, never a problems or review section).
        cont = _continuation(numbered, best[0], tuple(s for s in _STYLE_ORDER if s != best[0].style))
        if any(c.label in _LATE_LABELS for c in cont):
            best += cont
    elif not best:
        # No outline names a known section, but the page's first heading of a top-level style
        # is 二: section 一 lost its heading (the overview, claimed by `_unheaded_overview` when
        # the report's top is in sight), and 二、三、 are the outline even with thematic titles.
        best = _continuation(numbered, None, ("part", "cn", "roman", "circ", "ar"))
    best += _late_sections(best, numbered)
    have = {c.label for c in best}
    first = best[0].start if best else len(text)
    last = best[-1].start if best else -1
    for b in bare:
        if b.label == "improvements":
            # A plan heading that lost its numeral: only after the whole outline, where no
            # problems section is named (else it is a part of that section).
            if b.start < last or "problems" in have or "improvements" in have:
                continue
        elif b.label == "overview":
            # A bare overview line before the whole outline opens it, whatever the outline
            # calls its later sections (`工作概述` … `二、信息公开情况`).
            if b.start > first or best and best[0].label == "overview" and best[0].number in (1, None):
                continue
        elif b.label in have:
            continue
        best.append(b)
        have.add(b.label)
    best.sort(key=lambda c: c.start)
    return _fill_gaps(text, best)


_CN_NUMERAL = "一二三四五六七八九十"


def _fill_gaps(text: str, heads: list[Candidate]) -> list[Candidate]:
    """Add the heading the outline skips (一 … 三) where it sits inside a paragraph.

    Headings that name no known section are only taken at a line start; run into the
    text (`…实效。 二、提高认识,及时公开 (一)…`, a page flattened to one line) they are
    found through the numbering alone: the one numeral missing between two headings of
    the ``cn`` style, after a sentence end, once, with no 一、 beside it (which would make
    it an item of a list).
    """
    out = list(heads)
    for a, b in zip(heads, heads[1:]):
        if a.style != "cn" or b.style != "cn" or not a.number or not b.number or b.number - a.number != 2:
            continue
        n = a.number + 1
        if n > 9:
            continue
        rx = re.compile(rf"(?<=[。；;!！?？])[ \t\u3000\u00a0\n]*({_CN_NUMERAL[n - 1]})[ \t\u3000]*[、.．](?=\S)")
        hits = list(rx.finditer(text, a.end, b.start))
        if len(hits) != 1 or re.search(r"(?<![一二三四五六七八九十])一[、.．]", text[a.end : b.start]):
            continue
        m = hits[0]
        title = re.match(r"[^\s。]{1,30}", text[m.end() :])
        if title is None:
            continue
        t0 = m.end()
        out.append(Candidate(m.start(1), m.start(1), t0, t0 + title.end(), "cn", n, title.group(0),
                             classify_title(title.group(0)), text[m.start(1) : t0 + title.end()]))
    out.sort(key=lambda c: c.start)
    return out


_LATE_LABELS = frozenset({"problems", "improvements", "review_litigation", "fees", "other_matters"})


def _late_sections(best: list[Candidate], numbered: dict[str, list[Candidate]]) -> list[Candidate]:
    """Closing sections numbered in another style after the outline's last heading.

    Pages mix numbering (`第四部分 …` then `六、存在的主要问题…`; `二、…` then `（四）存在…`):
    a heading after the outline that names a section an outline closes with (problems,
    other matters, …) and carries a higher numeral than the outline's last is its next
    section, with the headings of its style after it, unless its style starts a list (a 1)
    between the outline and it.
    """
    if not best or best[-1].number is None:
        return []
    last = best[-1]
    for style in _STYLE_ORDER:
        if style == last.style:
            continue
        after = [c for c in numbered.get(style, ()) if c.start > last.start]
        k = next((i for i, c in enumerate(after) if c.label in _LATE_LABELS), None)
        if k is None or any(c.number == 1 for c in after[: k + 1]) or after[k].number <= last.number:
            continue
        out = [after[k]]
        for c in after[k + 1 :]:
            if c.number > out[-1].number:
                out.append(c)
        return out
    return []


def _continuation(numbered: dict[str, list[Candidate]], lead: Candidate | None,
                  styles: tuple[str, ...]) -> list[Candidate]:
    """The outline that an overview heading (`概述`, numeral lost; or `一、概述` alone) is section 一 of.

    When the first numbered line of one of ``styles`` after it (``lead=None``: on the page)
    is 二, that style's chain from there on is the rest of the outline, even if its titles
    name no known section (`二、主要措施`, `三、信息公开情况`): a sub-list of the overview
    would start at 一.
    """
    after = -1 if lead is None else lead.start
    for style in styles:
        cs = [c for c in numbered.get(style, ()) if c.start > after]
        if cs and cs[0].number == 2:
            chain, _ = _best_chain(cs)
            if chain and chain[0] is cs[0]:
                return chain
    return []


# Official outline order is 第一部分 > 一、 > 1. > （一）. Circled ① come right after 一、: pages that
# number sections ①②③ use 1./（一） below them, and a ① list under 1. sits inside one of its sections.
# Roman `Ⅰ、` sits with 一、 for the same reason.
# `1）` is its own style after `1.`: a page using both has them on two levels, and the
# position rules (:func:`_encloses`) tell which is outer.
_STYLE_ORDER = ("part", "cn", "roman", "circ", "ar", "arp", "paren")


def _known(c: Candidate) -> bool:
    return c.label != "other" or _overview_like(c)


def _pick_outline(
    chains: dict[str, tuple[list[Candidate], float]],
    lead: Candidate | None = None,
    numbered: dict[str, list[Candidate]] | None = None,
) -> list[Candidate]:
    """The top-level chain among the numbering styles' best chains.

    The outermost style that names a known section is the top level, its inner styles
    being sub-items of its sections ((（一） comes last: it is the top level only of pages
    that lost the 一、 outline). Two exceptions, both read off positions rather than style:
    one ``第一部分`` line above another outline is a title, not the outline; and a chain
    that sits wholly inside one section of another style's outline (after one of its
    headings, with none of them between its own first and last heading) is that section's
    sub-list, so the enclosing style is the top level (`（一）概述` then `1.… 2.…`; `（三）…`
    `1.… 2.…` `（四）…`), or whose numbering starts again after one of its headings
    (`1.… 2.…` `（三）…` `1.…`: ``numbered`` holds every candidate per style). A bare
    overview line (``lead``, `总体情况`) above a chain that starts at 1 encloses it the
    same way: the outline is then the chain of another style that continues after it
    (`二、主动公开…`), if any.
    """
    every = [s for s in _STYLE_ORDER if s in chains]
    styles = list(every)
    part = chains["part"][0] if "part" in chains else []
    if len(part) == 1 and len(styles) > 1 and all(part[0].start < chains[s][0][0].start for s in styles if s != "part"):
        styles.remove("part")  # `第一部分 …报告` above a 一、二、三 outline, unless it encloses it
    if not styles:
        return []
    named = [s for s in styles if any(c.label != "other" for c in chains[s][0])]
    top = named[0] if named else max(styles, key=lambda s: chains[s][1])
    # The enclosing outline may itself sit in a third one (`① 总体情况` over `（一）…` over `1.…`).
    seen = {top}
    moved = True
    while moved:
        moved = False
        for outer in every:
            if outer in seen:
                continue
            o = chains[outer][0]
            if _encloses(o, chains[top][0]) or (
                numbered is not None and o[0].start < numbered[top][0].start and _restarts_under(numbered[top], o)
            ):
                top = outer
                seen.add(top)
                moved = True
                break
    chain = chains[top][0]
    if lead is not None and lead.start < chain[0].start and chain[0].number == 1:
        rest = [s for s in named if s != top and chains[s][0][0].number and chains[s][0][0].number > 1
                and chains[s][0][0].start > lead.start]
        return list(chains[rest[0]][0]) if rest else []
    return list(chain)


def _encloses(outer: list[Candidate], inner: list[Candidate]) -> bool:
    """True when ``inner`` lies inside one section of the ``outer`` outline (see :func:`_pick_outline`)."""
    if inner[0].number != 1:
        return False  # a sub-list restarts at 1 under its heading; `三、…` after `（五）…` does not
    a, z = inner[0].start, inner[-1].start
    before = [c for c in outer if c.start < a]
    if not before or any(a < c.start < z for c in outer):
        return False
    host = before[-1]
    # (an unnamed host still belongs to an outline when known sections precede it: `三、公开政府信息办理情况`)
    if host.empty or not (_known(host) or sum(_known(c) for c in before) >= 2):
        return False
    # Closed on the right by a later heading, or under an outline whose headings have bodies:
    # a table of contents above an outline (entries with nothing under them but the last) is neither.
    if any(c.start > z for c in outer):
        return True
    if len(outer) == 1:
        return host.number in (1, 2)
    return not all(c.empty for c in outer[:-1])


def _restarts_under(inner: list[Candidate], outer: list[Candidate]) -> bool:
    """True when ``inner``'s numbering starts again after a heading of ``outer`` (1. 2. 3. （二） 1. 2.)."""
    for p, n in zip(inner, inner[1:]):
        if n.number is not None and p.number is not None and n.number <= p.number:
            if any(p.start < c.start < n.start for c in outer):
                return True
    return False


def _after_prose(text: str, pos: int) -> bool:
    """True when the last non-blank line before ``pos`` ends a sentence (or a `…报告如下：` lead-in):
    a heading that opens a section whose body starts with a table, not a row inside the table."""
    prev = text[max(0, pos - 300) : pos].rstrip()
    return prev.endswith(("。", "；", ";", "！", "？", "：", ":"))


_THEMATIC_OVERVIEW = re.compile(r"^(?:政府信息公开|政务公开|信息公开|政务信息公开)工作")


def _overview_like(h: Candidate) -> bool:
    """`一、政府信息公开工作成效显著`: a first section about the disclosure work as a whole."""
    if h.number not in (1, None):
        return False
    t = re.sub(r"\s+", "", folded(h.title[: h.end - h.title_start]))
    return bool(_THEMATIC_OVERVIEW.match(t)) and len(t) <= 20 and not _ASSESSMENT.search(t)


# A numbered line that judges rather than names (`…规范性有待进一步加强；`) is a list item.
_ASSESSMENT = re.compile(r"[；;，,]|有待|不够|不足|需要|加强$|提高$")


def _labels(heads: list[Candidate]) -> list[str]:
    labels = [h.label for h in heads]
    seen_body = False
    seen_overview = False
    for i, h in enumerate(heads):
        lab = labels[i]
        if lab == "overview":
            # The overview is section 一 (or unnumbered), or comes after only unnamed sections
            # (`一、前言`, FAQ items); `二、基本情况` opening an excerpt is not known to be it.
            after_unnamed = i > 0 and all(lab2 == "other" for lab2 in labels[:i])
            if seen_overview or seen_body or (h.number not in (1, None) and not after_unnamed):
                labels[i] = "other"
            seen_overview = True
        elif i == 0 and lab == "other" and _overview_like(h):
            labels[i] = "overview"
            seen_overview = True
        if labels[i] not in ("overview", "other"):
            seen_body = True
    # `improvements` only right after problems (a separate 六、改进措施); otherwise it stands alone.
    return labels


def split_sections(text: str) -> list[Section]:
    """Split a report into ordered sections that partition ``text``.

    Every character belongs to exactly one section's heading (``heading_start``..``start``)
    or body (``start``..``end``); the first section is the ``preamble`` (possibly empty).

    Example::

        >>> [s.label for s in split_sections("一、概述\\n好。\\n二、主动公开政府信息情况\\n多。")]
        ['preamble', 'overview', 'proactive']

    A page flattened to one line is read with its runs of blanks as line breaks (where
    paragraphs were), and with a line break before every numbered heading or item found
    mid-line (:mod:`giptext.sections.reline`), so bare and numbered headings there are found
    as on a page with lines; the sections are mapped back onto ``text``. Unicode line
    separators (U+2028, U+2029, U+0085, VT, FF) are line breaks too.
    """
    scan, breaks = scan_text(newline_view(text))
    if not breaks:
        scan = _pseudo_lines(scan)
    sections = _split(scan)
    if scan is text:
        return sections
    if not breaks:
        return [Section(s.label, text[s.span_start : s.start], s.start, s.end, text[s.start : s.end], s.heading_start)
                for s in sections]
    out = []
    for s in sections:
        hs, a, b = to_text(s.span_start, breaks), to_text(s.start, breaks), to_text(s.end, breaks)
        out.append(Section(s.label, text[hs:a], a, b, text[a:b], hs))
    return out


_BLANK_RUN = re.compile(r"(?<![ \t\u3000\u00a0])[ \t\u3000\u00a0](?=[ \t\u3000\u00a0])")


def _pseudo_lines(text: str) -> str:
    """``text`` with the first blank of every run of two or more made a line break, on a one-line page.

    Same length, so offsets carry over; ``text`` itself when it has lines of its own.
    """
    if text.count("\n") > 2 or "  " not in text and "\u3000\u3000" not in text and "\u3000 " not in text:
        return text
    return _BLANK_RUN.sub("\n", text)


def _split(text: str) -> list[Section]:
    """:func:`split_sections` on a text whose lines are what they seem."""
    heads = top_level_headings(text)
    labels = _labels(heads)
    bounds: list[tuple[str, str, int, int]] = []  # label, heading, heading_start, body_start
    for k, (h, lab) in enumerate(zip(heads, labels)):
        # A heading never runs into the next one (a run-in title can reach past it on a garbled line).
        end = min(h.end, heads[k + 1].start) if k + 1 < len(heads) else h.end
        bounds.append((lab, text[h.start : end], h.start, end))
    sections: list[Section] = []
    first = bounds[0][2] if bounds else len(text)
    ov = _unheaded_overview(text, heads, labels)
    if ov is None:
        sections.append(Section("preamble", "", 0, first, text[:first], 0))
    else:
        sections.append(Section("preamble", "", 0, ov, text[:ov], 0))
        sections.append(Section("overview", "", ov, first, text[ov:first], ov))
    for k, (lab, heading, hs, bs) in enumerate(bounds):
        end = bounds[k + 1][2] if k + 1 < len(bounds) else len(text)
        sections.append(Section(lab, heading, bs, end, text[bs:end], hs))
    sections = _lost_section_tables(text, sections, heads, labels)
    if not any(s.label in ("problems", "improvements") for s in sections):
        sections = _unheaded_problems(text, sections)
    last = sections[-1]
    if last.label != "preamble" or len(sections) == 1:
        cut = trailing_chrome_start(text, last.start, last.end)
        if last.start <= cut < last.end and text[cut : last.end].strip():
            sections[-1] = Section(last.label, last.heading, last.start, cut, text[last.start : cut], last.heading_start)
            sections.append(Section("other", "", cut, last.end, text[cut : last.end], cut))
    return sections


# The first statistics table of the 2019 template (`第二十条第（一）项 | 信息内容 | …`), whether
# its cells are on lines of their own, `|`-separated or run together on a one-line page.
_STAT_TABLE = re.compile(r"第二十条第[(（][一二三四五六七八九十]{1,2}[)）]项[\s|]*信息内容")


def _lost_section_tables(text: str, sections: list[Section], heads: list[Candidate], labels: list[str]) -> list[Section]:
    """Close an overview at a statistics table when the outline shows its next heading was lost.

    The 2019 template puts its statistics tables under 二、主动公开政府信息情况 and later
    sections, never in the overview. When the numbered overview is followed by a heading
    whose numeral skips one or more (一 then 四: pages drop table captions and the headings
    sitting next to them), a statistics table inside the overview marks where the lost
    section began: from there on is ``proactive`` with an empty heading. Without a skipped
    numeral nothing says a heading was lost, and the overview keeps what it holds.
    """
    for k, h in enumerate(heads[:-1]):
        nxt = heads[k + 1]
        if labels[k] != "overview" or h.number is None or nxt.number is None or nxt.number - h.number < 2:
            continue
        i = next((j for j, s in enumerate(sections) if s.heading_start == h.start and s.label == "overview"), None)
        if i is None:
            return sections
        ov = sections[i]
        m = _STAT_TABLE.search(view(ov.text))
        if m is None:
            return sections
        cut = ov.start + m.start()
        # The lost section starts on the table's first line (its leading tabs and `|` included).
        line = text.rfind("\n", ov.start, cut) + 1
        cut = line if line > ov.start and not text[line:cut].strip(" \t\u3000|") else cut
        head = Section("overview", ov.heading, ov.start, cut, text[ov.start : cut], ov.heading_start)
        return sections[:i] + [head, Section("proactive", "", cut, ov.end, text[cut : ov.end], cut)] + sections[i + 1 :]
    return sections


# Paragraphs that belong to the preamble of a report: what the report is and how it was
# made, its parts, its data period, where to get it or ask about it (`本报告根据《条例》…编制`
# `全文包括…` `如对本报告有疑问…`), and page metadata.
_PREAMBLE_MARK = re.compile(
    r"本(?:年度)?(?:报告|年报)|(?:报告|年报)(?:由|包括|内容|分为|主要内容)|全文(?:包括|共|分|由)|部分组成"
    r"|(?:编制|编写|制作)[^。]{0,30}(?:报告|年报)|统计期限|统计时间|数据统计|统计数据|如对本|有任何疑问|有疑问|如有其他需求"
    r"|联系(?:电话|方式|地址)?[:：]|邮编|电子版|(?:网站|网上|网)[^。]{0,16}(?:查阅|下载)|查阅下载|下载查阅"
    r"|现将|现(?:予以?)?公布|特公布|予以公布|向社会公布|特此|以下简称"
    r"|发布(?:时间|日期|机构)|索引号|主题分类|来源[:：]|浏览|字号|当前位置|您的位置|所在的?位置|首页"
)
_FIRST_NUMERAL = re.compile(r"(?:^|(?<=\s))一[ \t\u3000]*[、.．]")
_ITEM_START = re.compile(r"[0-9０-９]{1,2}[.、．]|[(（][一二三四五六七八九十0-9０-９]{1,2}[)）]|[一二三四五六七八九十]{1,2}[是要、]")
_SPACES = re.compile(r"\s+")
_TITLE_LINE = re.compile(r"(?:报告|年报|总结|汇报)\s*$")
_YEAR_START = re.compile(r"(?:\d{4}|今)年(?:度|以来)?[，,]|一年来|近年来")
_SEGMENT = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")
_NARRATIVE = re.compile(r"[，,；;、][^\n]*[。！？!?]|[^\s]{25,}")


def _unheaded_overview(text: str, heads: list[Candidate], labels: list[str]) -> int | None:
    """Start of an overview that has no heading, or ``None``.

    Reports that drop the overview heading start the narrative right after the preamble
    and number the next section 二 (`…特此公告。\n2020年，我局…\n二、主动公开政府信息情况`).
    When the outline opens at numeral 2 with no overview, the overview runs from the first
    narrative paragraph that is not preamble (report title, metadata, `本报告根据…编制`,
    `全文包括…`, `如对本报告有疑问…`; judged by a paragraph's first sentence, since overviews
    may end with the data period) up to that heading. Something must show that the text
    starts at the top of the report (a preamble paragraph or a title line; for an outline
    numbered 2. or （二）, page chrome is not enough): an excerpt that starts inside the
    overview is not claimed. On a page without line breaks sentences stand for paragraphs.
    """
    if not heads or "overview" in labels or heads[0].number != 2 or heads[0].style == "bare":
        return None
    # Pages number sub-items 2. / （二） far more often than sections: there only the report
    # title or a preamble paragraph, not page chrome, shows the top.
    chrome_top = heads[0].style in ("cn", "part", "roman", "circ")
    first = heads[0].start
    region = view(text[:first])
    if _FIRST_NUMERAL.search(region):
        return None  # section 一 is there, under a title that names no section (`一、加强组织领导`)
    if region.count("\n") >= 2:
        units = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", region)]
    else:
        units = [(m.start(), m.end()) for m in _SEGMENT.finditer(region) if m.end() > m.start()]
    top = False
    seen = 0
    for a, b in units:
        seg = region[a:b].strip()
        if not seg:
            continue
        seen += 1
        if not top and seen > 6:
            return None  # the report's top is its first lines, not somewhere further down
        lead = _SEGMENT.match(seg).group(0)  # a paragraph is judged by its first sentence
        if "(" in lead:
            lead = _PINYIN.sub("", lead)  # mirror sites gloss words in pinyin: `以下简(jiǎn)称`
        # (an enumerated item, `（5）…主要统计数据`, is inside a report whatever words it holds)
        # (`2020年，我局…（以下简称《条例》）…` opens an overview, whatever preamble words it holds)
        if not _ITEM_START.match(seg) and not (_YEAR_START.match(lead) and len(seg) >= 40) and (
            _PREAMBLE_MARK.search(lead) or (len(seg) <= 60 and _TITLE_LINE.search(_SPACES.sub("", seg)))
        ):
            top = True
            continue
        if is_chrome_line(seg):
            top = top or (chrome_top and seen <= 3)  # page chrome or the agency's name above the text: the page top
            continue
        if len(seg) >= 12 and _NARRATIVE.search(seg) and not is_chrome_line(seg):
            if not top:
                return None
            while text[a] in " \t\u3000\n":
                a += 1
            return a
    return None


# The paragraph that opens a problems part whose heading the page lost:
# `2013年，我局…取得了一定成效，但仍存在一些问题：` / `今后，我局将…`.
_PROBLEM_LEADIN = re.compile(
    r"(?:取得了?|有了)[^\n。]{0,12}?(?:成效|成绩|进展|成果|效果)"
    # (the sentence may run over a line break where a PDF wrapped it)
    r"[^\n]{0,6}?[。，,；;]?[^\n]{0,4}?(?:但|然而|不过)[^。]{0,60}?(?:存在|差距|不足|问题|有待)"
)
# `存在问题：…` lines of a rectification report (finding / fix pairs under `(一)…方面`).
# (a line's indent may be scraped HTML: `&emsp;&emsp;今后，…`)
_INDENT = rf"(?:[ \t\u3000]|{_HTML})*"
_INDENT_RX = re.compile(_INDENT)
_FINDING_WORDS = r"(?:存在的?(?:主要)?问题|主要问题)[:：]"
_IMPROVE_WORDS = r"(?:今后|下一步|下步)[，,][^\n]{0,10}?(?:将|要)"
_FINDING = re.compile(rf"^{_INDENT}{_FINDING_WORDS}", re.M)
_SUBHEAD_LINE = re.compile(r"[ \t\u3000]*(?:[(（][一二三四五六七八九十0-9]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|[0-9]{1,2}[、.])[^\n]{0,40}\n$")
_IMPROVE_LEADIN = re.compile(rf"^{_INDENT}{_IMPROVE_WORDS}", re.M)
# (on a page flattened to one line: after a blank or a sentence end instead of a line start)
_FINDING_INLINE = re.compile(rf"(?:^|(?<=[ \t\u3000。])){_FINDING_WORDS}")
_IMPROVE_LEADIN_INLINE = re.compile(rf"(?:^|(?<=[ \t\u3000])){_IMPROVE_WORDS}")


def _unheaded_problems(text: str, sections: list[Section]) -> list[Section]:
    """Open a headingless ``problems`` section at a problems lead-in paragraph of the last section."""
    last = sections[-1]
    if last.label not in ("preamble", "overview", "other"):
        return sections
    body = view(text[last.start : last.end])
    found = None
    for m in _PROBLEM_LEADIN.finditer(body):
        # The lead-in sentence starts at most 60 characters before `取得…`.
        s0 = max(body.rfind("。", 0, m.start()), body.rfind("\n", 0, m.start())) + 1
        if m.start() - s0 <= 60:
            found = s0  # the last one: a 导读 teaser repeats the paragraph earlier
    one_line = "\n" not in body.strip()
    if found is None:
        # On a page flattened to one line, a sentence or a blank-separated run stands for a line.
        m = (_FINDING_INLINE if one_line else _FINDING).search(body)
        if m is not None:
            found = m.start()
            # Start at the item heading the finding belongs to (`（一）重点领域方面`).
            prev = body.rfind("\n", 0, max(found - 1, 0)) + 1
            if found > 0 and _SUBHEAD_LINE.fullmatch(body, prev, found):
                found = prev
    if found is None:
        for m in (_IMPROVE_LEADIN_INLINE if one_line else _IMPROVE_LEADIN).finditer(body):
            found = m.start()
    if found is None:
        return sections
    cut = last.start + found
    cut = _INDENT_RX.match(text, cut).end()
    head = Section(last.label, last.heading, last.start, cut, text[last.start : cut], last.heading_start)
    return sections[:-1] + [head, Section("problems", "", cut, last.end, text[cut : last.end], cut)]


__all__ = ["split_sections", "top_level_headings"]
