"""Reading the statistics tables out of ``Report.text``: cells with canonical keys and offsets.

Tables reach the reading text in many shapes: one cell per line (web pages), ``|`` rows,
rows of TAB-joined cells (:data:`giptext.report.CELL_SEP`, what the PDF/DOCX/HTML readers
emit), PDF rows of space-separated figures with wrapped row labels, and whole pages
flattened to one line. All of them are read the same way: the table's stretch of text is
cut into a stream of tokens (labels, figures, blank cells), each row label is recognised
by the patterns of :mod:`giptext.tables.keys`, and the figures that follow it are given to
the row's columns in template order. The layout never matters, only the order of tokens.

Figures that ran together with nothing between them (``110024001510102``) are split only
when the split is unique: as many digits as cells, a one-cell row, or — in the requests and
review rows, whose last cell is the sum of the others — exactly one split in which the parts
add up to the total (the same repairs a number that a PDF line's character spacing broke in
two, ``11 8`` for 118). Otherwise the row's cells are left empty and the ``note`` says why;
a cell read with the row's total says so, and the check of that total is then not counted
(it could not fail). A row with fewer figures than columns is left empty the same way:
which cell is missing cannot be told.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from giptext.tables import keys as K

NA = float("nan")


class Cell(NamedTuple):
    """One table cell: canonical keys, value (``nan`` when blank or unreadable), offsets, note."""

    table: str
    row: str | None
    column: str | None
    value: float
    raw: str
    start: int
    end: int
    note: str


class _Tok(NamedTuple):
    """The fields of a token; tokens themselves are plain tuples in this order (speed)."""

    kind: str  # 'label' | 'num' | 'blank'
    text: str
    start: int
    end: int
    glued: bool  # a digit run glued to the label before it
    value: float = NA


_FW = str.maketrans("０１２３４５６７８９．，－＋／", "0123456789.,-+/")
_NUM = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
_ZERO = re.compile(r"未增未减|未增减|无增减|不增不减|无变化|持平")  # written for a change of 0
_BLANK = re.compile(r"[/\\\-—–~～]+|无|空")
_WS = re.compile(r"[^\s\u3000\xa0]+")
_HAS_WS = re.compile(r"[\s\u3000\xa0]")
# A digit run glued to a label: after a non-digit, before the end of the word or before a
# character that cannot follow a quantity (a unit or an ordinal would).
_GLUED = re.compile(r"(?<=[^\d\s.,．，+\-])(\d+(?:\.\d+)?)(?=$|[^\d.,%％位年月日条件项个次人万元号届期篇家份\s]|[1-8][.．、]\D)")


def _number(w: str) -> float:
    if _ZERO.fullmatch(w):
        return 0.0
    return float(w.replace(",", "").rstrip("%"))


def _pieces(raw: str) -> tuple:
    """How one white-space-free word splits into tokens: (kind, text, start, end, glued, value)."""
    w = raw.translate(_FW)
    if _NUM.fullmatch(w) or _ZERO.fullmatch(w):
        return (("num", raw, 0, len(w), False, _number(w)),)  # raw: as written (full-width digits kept)
    if _BLANK.fullmatch(w):
        return (("blank", raw, 0, len(w), False, NA),)
    out = []
    pos = 0
    for g in _GLUED.finditer(w):
        if g.start() > pos:
            out.append(("label", w[pos : g.start()], pos, g.start(), False, NA))
        out.append(("num", raw[g.start():g.end()], g.start(), g.end(), True, float(g.group(1))))
        pos = g.end()
    if pos < len(w):
        out.append(("label", w[pos:], pos, len(w), False, NA))
    return tuple(out)


_CACHE: dict[str, tuple] = {}


def _words(text: str, a: int, b: int, out: list[_Tok]) -> None:
    """Tokens of ``text[a:b]`` split on white space."""
    cache = _CACHE
    for m in _WS.finditer(text, a, b):
        w = m.group()
        p = cache.get(w)
        if p is None:
            if len(cache) > 20000:  # bounded: a corpus of odd words cannot grow it without end
                cache.clear()
            p = cache[w] = _pieces(w)
        s = m.start()
        for kind, t, ds, de, glued, value in p:
            out.append((kind, t, s + ds, s + de, glued, value))


def _cells(text: str, a: int, b: int, sep: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The cells of the line ``text[a:b]`` split on ``sep`` (spans), and which are filled."""
    parts = []
    cs = a
    while True:
        ce = text.find(sep, cs, b)
        ce = b if ce < 0 else ce
        parts.append((cs, ce))
        if ce >= b:
            break
        cs = ce + 1
    return parts, [i for i, (s, e) in enumerate(parts) if text[s:e].strip()]


def _cell_tokens(cell: str, s0: int, out: list) -> None:
    """Tokens of one white-space-free cell that starts at ``s0`` in the text."""
    p = _CACHE.get(cell)
    if p is None:
        p = _pieces(cell)
        if len(_CACHE) <= 20000:
            _CACHE[cell] = p
    for kind, t, ds, de, glued, value in p:
        out.append((kind, t, s0 + ds, s0 + de, glued, value))


def _row(text: str, line: str, pos: int, parts, filled: set, i0: int, i1: int, out: list) -> None:
    """Tokens of the cells ``i0``..``i1`` of a row line starting at ``pos`` (empty ones are blank)."""
    for i in range(i0, i1):
        s, e = parts[i]
        if i not in filled:
            out.append(("blank", "", pos + s, pos + s, False, NA))
            continue
        cell = line[s:e].strip()
        if _HAS_WS.search(cell):
            _words(text, pos + s, pos + e, out)
            continue
        _cell_tokens(cell, pos + line.index(cell, s), out)


def tokenize(text: str, a: int, b: int) -> list[_Tok]:
    """Tokens of ``text[a:b]``: labels, figures and blank cells, with offsets into ``text``.

    A line of TAB-joined cells (two or more filled) is a row whose empty cells after the
    first filled one are blank cells; a line with one filled cell is that cell (leading TABs
    are indentation). In ``|`` text a line that
    is one lone ``|`` is an empty cell (one cell per line); runs like ``|||`` are padding of
    merged cells; inside a ``|`` row, empty cells between filled ones are blank cells.
    """
    out: list[_Tok] = []
    region = text[a:b]
    if "\t" not in region and "|" not in region:
        _words(text, a, b, out)
        return out
    pos = a
    for line in region.split("\n"):
        le = pos + len(line)
        bar = line.find("|")
        if bar >= 0 and "\t" not in line and line.find("|", bar + 1) < 0 and not line[bar + 1 :].strip():
            cell = line[:bar].strip()  # `cell |`: one cell per line
            if cell and not _HAS_WS.search(cell):
                _cell_tokens(cell, pos + line.index(cell), out)
            elif cell:
                _words(text, pos, pos + bar, out)
            elif line.strip() == "|":
                i = pos + bar
                out.append(("blank", "", i, i, False, NA))
        elif bar < 0 and "\t" not in line:
            _words(text, pos, le, out)
        elif "\t" in line:
            parts, filled = _cells(line, 0, len(line), "\t")
            if len(filled) <= 1:  # an indented single cell, or an empty line
                _words(text, pos, le, out)
            else:  # a row: empty cells after the first filled one are blank cells
                _row(text, line, pos, parts, set(filled), filled[0], len(parts), out)
        else:  # `|` in the line
            if not line.replace("|", "").strip():
                if line.strip() == "|":
                    i = pos + line.index("|")
                    out.append(("blank", "", i, i, False, NA))
            else:
                parts, filled = _cells(line, 0, len(line), "|")
                _row(text, line, pos, parts, set(filled), filled[0], filled[-1] + 1, out)
        pos = le + 1
    return out


@dataclass
class _Hit:
    key: str
    label: str
    start: int
    values: list


_SUBITEM = re.compile(r"(?<![0-9])[1-9][.．、](?!\d)|[（(][一二三四五六七八九十][)）]")


def _matcher(patterns: dict[str, str]) -> re.Pattern:
    return re.compile("|".join(f"(?P<{k}>{p})" for k, p in patterns.items()))


def rows(tokens: list[_Tok], matcher: re.Pattern, window: int = 160) -> list[_Hit]:
    """Row hits: each recognised row label with the figures and blanks that follow it.

    The label text before a run of figures is searched for row patterns; the match that
    ends last names the row (a wrapped label's tail from the row above comes first).
    Figures after a label that names no row are kept aside: when the next label's first
    words complete a row pattern (a label wrapped in its PDF cell), they belong to that row;
    otherwise they are dropped.
    """
    hits: list[_Hit] = []
    labels: list[_Tok] = []
    cur: _Hit | None = None
    orphan: _Hit | None = None  # figures under a label that named no row (yet)
    for t in tokens:
        if t[0] == "label":
            if cur is not None and cur.values:
                if cur.key:
                    hits.append(cur)
                else:
                    orphan = cur
                cur = None
            labels.append(t)
            continue
        if labels:
            text = "".join(x[1] for x in labels)[-window:]
            if orphan is not None:
                # A label wrapped in its cell: its tail came after the figures.
                joined = orphan.label + text
                cut = len(orphan.label)
                for m in matcher.finditer(joined):
                    if m.start() < cut < m.end():
                        orphan.key = m.lastgroup
                        hits.append(orphan)
                        text = joined[m.end():]
                        break
                orphan = None
            best = None
            for m in matcher.finditer(text):
                best = m
            if best is not None and _SUBITEM.search(text, best.end()):
                best = None  # a group label, then a sub-row whose own label is cut short
            if cur is not None and cur.values:
                hits.append(cur)
            cur = _Hit(best.lastgroup if best is not None else "", text, labels[0][2], [])
            labels = []
        if cur is not None:
            cur.values.append(t)
    if cur is None and orphan is not None and labels:  # the last row's wrapped tail
        cur = orphan
        joined = cur.label + "".join(x[1] for x in labels)
        for m in matcher.finditer(joined):
            if m.start() < len(cur.label) < m.end():
                cur.key = m.lastgroup
                break
    if cur is not None and cur.key:
        hits.append(cur)
    hits.sort(key=lambda h: h.start)
    return hits


def _solve(atoms: list[tuple[str, bool]], n: int, sums: tuple, limit: int = 20000) -> list[list[int]]:
    """The ways to read ``atoms`` (digit strings; ``True`` where the atom may join the one
    before it) as ``n`` numbers that satisfy ``sums`` (``(parts, total)`` index groups).

    Each number is one or more consecutive atoms joined; no number but 0 starts with 0.
    Returns up to two solutions as lists of atom counts per number (two means: ambiguous).
    """
    total_at = {t: parts for parts, t in sums}
    found: list[list[int]] = []
    steps = 0

    def dfs(i: int, j: int, taken: list[int], vals: list[int]) -> None:
        nonlocal steps
        steps += 1
        if len(found) > 1 or steps > limit:
            return
        if j == n:
            if i == len(atoms):
                found.append(list(taken))
            return
        left = n - j - 1
        s = ""
        for k in range(i, len(atoms) - left):
            if k > i and not atoms[k][1]:
                break
            s += atoms[k][0]
            if len(s) > 1 and s[0] == "0":
                break
            if len(s) > 9:
                break
            v = int(s)
            if j in total_at and sum(vals[p] for p in total_at[j]) != v:
                continue
            taken.append(k - i + 1)
            vals.append(v)
            dfs(k + 1, j + 1, taken, vals)
            taken.pop()
            vals.pop()

    dfs(0, 0, [], [])
    return found if steps <= limit else found + [[]] * 2


def _by_total(table: str, keys, vals: list, n: int, sums: tuple, why: str) -> list[Cell] | None:
    """Cells read with the row's own sums (None unless exactly one reading fits)."""
    atoms: list[tuple[str, bool]] = []
    spans: list[tuple[int, int]] = []
    prev_end = None
    for v in vals:
        digits = v[1].translate(_FW)
        if v[0] != "num" or not digits.isascii() or not digits.isdigit():
            return None
        if v[4] and len(digits) > 1:  # a glued run: every digit is an atom
            for i, d in enumerate(digits):
                atoms.append((d, i > 0 or (prev_end is not None and v[2] - prev_end <= 2)))
                spans.append((v[2] + i, v[2] + i + 1))
        else:
            atoms.append((digits, prev_end is not None and v[2] - prev_end <= 2))
            spans.append((v[2], v[3]))
        prev_end = v[3]
    if len(atoms) > 40:
        return None
    sol = _solve(atoms, n, sums)
    if len(sol) != 1:
        return None
    note = (f"{why}; read with the row's own total, the only reading in which the parts add up" if sums
            else f"{why}; the only split in which no figure but 0 begins with 0")
    out, i = [], 0
    for (r, c), k in zip(keys, sol[0]):
        a, b = spans[i][0], spans[i + k - 1][1]
        raw = " ".join(x[0] for x in atoms[i:i + k]) if not vals[0][4] else "".join(x[0] for x in atoms[i:i + k])
        out.append(Cell(table, r, c, float("".join(x[0] for x in atoms[i:i + k])), raw, a, b, note))
        i += k
    return out


def assign(table: str, row: str, values: list[_Tok], columns: tuple[str, ...],
           pairs: tuple[tuple[str, str], ...] | None = None, sums: tuple = ()) -> list[Cell]:
    """Give a row's figures to its columns; leave the cells empty (with a note) when that
    would be a guess. ``pairs`` replaces ``(row, column)`` for a one-line table (复议/诉讼)."""
    keys = pairs or tuple((row, c) for c in columns)
    n = len(keys)
    vals = list(values)
    # A lone run of digits glued to the label, in a row of several cells.
    if n > 1 and len(vals) >= 1 and vals[0][4] and (len(vals) == 1 or vals[1][2] - vals[0][3] > 1 or vals[1][4]):
        g = vals[0]
        digits = g[1]
        why = f"figures ran together ({digits})"
        solved = _by_total(table, keys, vals, n, sums, why) if len(digits) != n or sums else None
        if solved is not None:
            return solved
        if digits.isdigit() and len(digits) == n:
            note = f"{why}; split into single digits, the only way to fill {n} cells"
            return [Cell(table, r, c, float(d), d, g[2] + i, g[2] + i + 1, note)
                    for i, ((r, c), d) in enumerate(zip(keys, digits))]
        note = f"{why}; the {n} cells cannot be told apart"
        return [Cell(table, r, c, NA, "", g[2], g[3], note) for r, c in keys]
    while len(vals) > n and vals[-1][0] == "blank" and vals[-1][1] == "":
        vals.pop()
    note = ""
    if len(vals) > n and sums and all(v[0] == "num" for v in vals):
        solved = _by_total(table, keys, vals, n, sums, f"{len(vals)} figures for {n} cells")
        if solved is not None:
            return solved
    if len(vals) > n:
        extra = " ".join(v[1] or "''" for v in vals[n:])
        note = f"{len(vals) - n} cell(s) after the row's {n} ignored: {extra[:60]}"
        vals = vals[:n]
    if len(vals) < n:
        found = " ".join(v[1] or "''" for v in vals)
        span = (vals[0][2], vals[-1][3]) if vals else (0, 0)
        note = f"{len(vals)} figure(s) for {n} cells ({found[:60]}); which cells they belong to cannot be told"
        return [Cell(table, r, c, NA, "", span[0], span[1], note) for r, c in keys]
    return [Cell(table, r, c, v[5], v[1], v[2], v[3], note) for (r, c), v in zip(keys, vals)]


# -- finding the tables ------------------------------------------------------------------
def _loose(*words: str) -> re.Pattern:
    """Words that a PDF cell may have wrapped: white space allowed between their characters."""
    return re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in words))


_ITEM = re.compile(r"第\s*二\s*十\s*条\s*第?\s*[(（]\s*([一五六八九])\s*[)）]\s*项?")
# A header cell, not prose: 信息内容 after a line start, a separator or its 第二十条 item (checked
# apart: a look-behind in front would cost the regex its fast literal scan).
_CONTENT = re.compile(r"信\s*息\s*内\s*容(?=[\s|]|本年|上一年|采购)")


def _cell_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in " \t\n\u3000\xa0|项"
_REQ_START = _loose("本列数据的勾稽关系", "申请人情况", "本年新收政府信息公开申请")
_REQ_LATE = re.compile(r"本年度办理结果|予以公开\s*[|\t\n]|要求提供公开出版物|结转下年度继续办理")  # an excerpt cut above the head
_PRO_ROW = _loose("规章", "行政许可", "规范性文件")
_REVIEW = re.compile(r"结\s*果\s*维\s*持[\s|]*结\s*果\s*纠\s*正")  # header cells side by side, not prose
_REVIEW_HEAD = _loose("行政复议")
_LEGACY = _loose("指标名称", "统计指标")
_LEGACY_ROW = re.compile(r"主动公开政府信息数|收到申请数|申请答复数|主动公开规范性文件数")
_NEXT_PART = re.compile(r"\n\s*[五六]\s*[、.．]\s*\S|\n\s*[(（]?[一二]\s*[)）]?\s*[、.．]?\s*存在的?主要问题")

_PRO_MATCH = _matcher({k: p for k, (_, p) in K.PROACTIVE_ROWS.items()})
_REQ_MATCH = _matcher(K.REQUEST_ROWS)
_REV_MATCH = _matcher({"head": r"结果维持|结果纠正|其他结果|尚未审结|总计|直接起诉|复议后起诉"})


@lru_cache(maxsize=16)  # extract and check ask for the same text's regions one after the other
def regions(text: str) -> dict[str, tuple[int, int]]:
    """The stretch of ``text`` each table occupies (only the tables found; do not mutate)."""
    out: dict[str, tuple[int, int]] = {}
    n = len(text)
    p0 = None
    for m in _ITEM.finditer(text):
        c = _CONTENT.search(text, m.end(), m.end() + 80)
        if c and _cell_start(text, c.start()):
            p0 = m.start()
            break
    for m in _CONTENT.finditer(text, 0, n if p0 is None else p0):
        if _cell_start(text, m.start()) and _PRO_ROW.search(text, m.end(), m.end() + 200):
            p0 = m.start()  # a header with no 第二十条 line above it
            break
    q = _REQ_START.search(text, p0 or 0) or _REQ_LATE.search(text, p0 or 0)
    r0 = q.start() if q else None
    v = _REVIEW.search(text, r0 or p0 or 0)
    v0 = None
    if v:
        heads = list(_REVIEW_HEAD.finditer(text, max(0, v.start() - 300), v.start()))
        v0 = heads[-1].start() if heads else v.start()
        if r0 is not None and v0 < r0:
            v0 = None
    if p0 is not None:
        end = min(x for x in (r0, v0, n) if x is not None)
        if end > p0:
            out["proactive"] = (p0, min(end, p0 + 6000))
    if r0 is not None:
        end = v0 if v0 is not None else n
        m = _NEXT_PART.search(text, r0, end)
        out["requests"] = (r0, min(m.start() if m and v0 is None else end, r0 + 12000))
    if v0 is not None:
        m = _NEXT_PART.search(text, v.end())
        out["review_litigation"] = (v0, min(m.start() if m else n, v0 + 3000))
    lg = _LEGACY.search(text)
    if lg and not _LEGACY_ROW.search(text, lg.end(), lg.end() + 600):
        lg = None
    if lg and not out:
        m = _NEXT_PART.search(text, lg.end())
        out["legacy"] = (lg.start(), min(m.start() if m else n, lg.start() + 8000))
    return out


def _version(text: str) -> str | None:
    a = K.PROACTIVE_VERSION_MARKS["2021"].search(text)
    b = K.PROACTIVE_VERSION_MARKS["2019"].search(text)
    if a and not b:
        return "2021"
    if b and not a:
        return "2019"
    return None


def _proactive(text: str, a: int, b: int) -> list[Cell]:
    toks = tokenize(text, a, b)
    table_version = _version(text[a:b])
    item_version: dict[str, str] = {}
    out: list[Cell] = []
    seen: set[str] = set()
    for h in rows(toks, _PRO_MATCH):
        if h.key in seen:
            continue
        seen.add(h.key)
        item = K.PROACTIVE_ROWS[h.key][0]
        v = _version(h.label) or item_version.get(item) or table_version
        if v is None or item not in K.PROACTIVE_COLUMNS[v]:
            filled = sum(1 for t in h.values if t[0] == "num" or t[1])
            fits = [w for w, cols in K.PROACTIVE_COLUMNS.items() if len(cols.get(item, ())) == filled]
            v = fits[0] if len(fits) == 1 else ("2019" if item == "九" else v or "2021")
        item_version[item] = v
        out.extend(assign("proactive", h.key, h.values, K.PROACTIVE_COLUMNS[v][item]))
    return out


def _requests(text: str, a: int, b: int) -> list[Cell]:
    out: list[Cell] = []
    seen: set[str] = set()
    for h in rows(tokenize(text, a, b), _REQ_MATCH):
        if h.key in seen:
            continue
        seen.add(h.key)
        out.extend(assign("requests", h.key, h.values, K.REQUEST_COLUMNS, sums=_REQ_SUMS))
    return out


_REVIEW_PAIRS = tuple((r, c) for r in K.REVIEW_ROWS for c in K.REVIEW_COLUMNS)
_REQ_SUMS = ((tuple(range(6)), 6),)  # the six applicant columns add up to 总计
_REV_SUMS = ((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)


def _review(text: str, a: int, b: int) -> list[Cell]:
    hits = rows(tokenize(text, a, b), _REV_MATCH)
    if not hits:
        return []
    return assign("review_litigation", "", hits[0].values, (), pairs=_REVIEW_PAIRS, sums=_REV_SUMS)


_UNIT = re.compile(K.LEGACY_UNITS)
_LEG_KEYS = _matcher(K.LEGACY_ROWS)


def _legacy(text: str, a: int, b: int) -> list[Cell]:
    out: list[Cell] = []
    labels: list[_Tok] = []
    seen: set[str] = set()
    toks = tokenize(text, a, b)
    i = 0
    while i < len(toks):
        t = toks[i]
        if t[0] == "label":
            labels.append(t)
            i += 1
            continue
        vals = []
        while i < len(toks) and toks[i][0] != "label":
            vals.append(toks[i])
            i += 1
        names = [x[1] for x in labels if not _UNIT.fullmatch(x[1])]
        labels = []
        if not names or all(v[0] == "blank" for v in vals):
            continue  # a group heading (its cells are dashes)
        label = names[-1]
        m = None
        for m in _LEG_KEYS.finditer(label):
            pass
        key = m.lastgroup if m else "label:" + label[:40]
        if key in seen:
            continue
        seen.add(key)
        out.extend(assign("legacy", key, vals[:1] if vals and vals[0][0] == "num" else vals, K.LEGACY_COLUMNS))
    return out


_TABLEISH = re.compile(r"\||\t|\n[ \u3000]*[0-9]+[ \u3000]*(?=\n|$)")
_READERS = {"proactive": _proactive, "requests": _requests, "review_litigation": _review, "legacy": _legacy}


def extract_cells(text: str) -> list[Cell]:
    """Every table cell found in ``text`` (the fast path under :func:`giptext.tables.extract`).

    A table whose stretch is found but whose rows cannot be read gives one cell with empty
    keys and a note, never an exception.
    """
    out: list[Cell] = []
    for table, (a, b) in regions(text).items():
        try:
            cells = _READERS[table](text, a, b)
        except Exception as exc:  # a table that cannot be read never stops the report
            cells = []
            note = f"table could not be read ({type(exc).__name__})"
        else:
            note = "table found but no row could be read"
            if not cells and not _TABLEISH.search(text, a, b):
                continue  # the anchor words stood in prose, not in a table
        out.extend(cells or [Cell(table, None, None, NA, "", a, b, note)])
    return out


__all__ = ["Cell", "assign", "extract_cells", "regions", "rows", "tokenize"]
