"""PDF reports: the reading text rebuilt from character positions (pypdfium2).

A PDF has no paragraphs, only glyphs at positions. The reader

1. groups a page's characters into visual lines (by vertical position, then left to
   right) and cuts ruled tables out first: the table's grid comes from the page's path
   objects (thin lines and cell rectangles); each row of the grid becomes one line, its
   cells joined by :data:`giptext.report.CELL_SEP`. A line whose characters stand apart by
   wide gaps (a table set by column alignment, without rules) is split into cells the same way;
2. removes page furniture: page numbers (``- 2 -``, ``第2页``, ``2/10``, a bare centred
   number) at the top or bottom of a page, and running headers/footers (the same line, digits
   aside, at the same place on several pages);
3. joins wrapped lines into paragraphs: a line joins the next unless the next starts a heading
   or list item (``一、`` ``（一）`` ``1.`` ``第一`` ``①``) or is a table row, the line ends well
   short of the right margin, the next is indented like a first line (about two
   characters), the font size changes, a paragraph-sized vertical gap separates them, or (in
   a document that does not indent its paragraphs) the line ends a sentence. Paragraphs run
   on across page breaks.

A PDF whose pages carry no text (a scan) raises :class:`~giptext.errors.NeedsOCRError`:
giptext does not run OCR, and an empty report would silently vanish from every table.
Provenance: ``page`` and ``line`` (1-based; lines counted top to bottom on the page, page
furniture and table rows included).

Example::

    >>> res = read_pdf("report.pdf")              # doctest: +SKIP
    >>> res.source_map.locate(120, res.text)       # doctest: +SKIP
    SourceLocation(kind='pdf', page=1, line=6, ...)
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from pathlib import Path

from giptext.errors import MalformedFileError, NeedsOCRError, ReadError
from giptext.io._build import WIDE, ReadResult, TextBuilder
from giptext.io.limits import DEFAULT_LIMITS, Limits
from giptext.report import CELL_SEP

# A line that opens a heading, a numbered item or a list entry never continues the line above.
HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分项]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|\d{1,2}\s*[、．]|\d{1,2}\.(?![\dA-Za-z])"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽]"
    r"|[•●○■□◆◇▪·]\s*"
    r"|附件|附表)"
)
_NO_START = re.compile(r"[，。、；：！？）」』”’》〉〕】,.;:!?)]")
_TOP_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十百\d]+[章节部分])")
_SENTENCE_END = re.compile(r"[。！？!?；;：:」』”\"）)]\s*$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－~～]\s*\d{1,4}\s*[-—–－~～]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[-—–－]?\s*[ivxlc]{1,6}\s*[-—–－]?)\s*$", re.I)
_BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_DIGITS = re.compile(r"\d+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_LETTER = re.compile(r"[A-Za-z]")
_URLISH = re.compile(r"[A-Za-z0-9]*[./:@_][A-Za-z0-9./:@_-]*$|(?<![A-Za-z])[A-Za-z]{1,3}$")
_URLISH_START = re.compile(r"^[A-Za-z0-9-]*[./:@_][A-Za-z0-9]")
_WIDE = re.compile(WIDE)


# Pages with more rule crossings than this are drawings, not tables (and would cost seconds).
_MAX_RULE_PAIRS = 250_000


class _Char:
    __slots__ = ("c", "x0", "x1", "top", "bottom")

    def __init__(self, c, x0, x1, top, bottom):
        self.c, self.x0, self.x1, self.top, self.bottom = c, x0, x1, top, bottom


class _Line:
    """One visual line (or one table row) of a page, in top-down page coordinates."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "page", "no", "table", "furniture", "head_w",
                 "end_space")

    def __init__(self, text, x0, x1, top, bottom, size, page, table=False, head_w=0.0):
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.size, self.page, self.table = size, page, table
        self.head_w = head_w  # width of what a line breaker must fit to end the line above here
        self.no = 0
        self.furniture = False
        self.end_space = False  # the text layer has a space after the last character


# -- characters and rules of a page ---------------------------------------------------------------
def _page_chars(page, height: float, budget: int | None = None) -> list[_Char]:
    """The page's characters with their boxes (top-down coordinates). ``budget``: the most
    characters the reader may still take; a page holding more raises ``OverflowError`` before
    any is read."""
    import pypdfium2.raw as pc

    tp = page.get_textpage()
    try:
        raw = tp.raw
        n = pc.FPDFText_CountChars(raw)
        if budget is not None and n > budget:
            raise OverflowError(n)
        rect = pc.FS_RECTF()
        out = []
        for i in range(n):
            u = pc.FPDFText_GetUnicode(raw, i)
            if u in (0, 0xFFFE, 0xFFFF, 0xFEFF, 0x0D, 0x0A, 0x02) or pc.FPDFText_IsGenerated(raw, i) == 1:
                continue
            if not pc.FPDFText_GetLooseCharBox(raw, i, rect):
                continue
            try:
                c = chr(u)
            except (ValueError, OverflowError):
                continue
            if 0xD800 <= u <= 0xDFFF:
                continue
            out.append(_Char(c, rect.left, rect.right, height - rect.top, height - rect.bottom))
        return out
    finally:
        tp.close()


def _page_rules(page, height: float, width: float) -> tuple[list, list]:
    """Horizontal ``(y, x0, x1)`` and vertical ``(x, y0, y1)`` rules drawn on the page."""
    import pypdfium2.raw as pc

    hs, vs = [], []
    thin = 2.5
    for obj in page.get_objects(filter=[pc.FPDF_PAGEOBJ_PATH], max_depth=3):
        try:
            l, b, r, t = obj.get_bounds()
        except Exception:  # noqa: BLE001 - a broken object is no rule
            continue
        top, bottom = height - t, height - b
        w, h = r - l, bottom - top
        if w < 0 or h < 0 or (w > 0.9 * width and h > 0.9 * height):
            continue
        if h <= thin and w > thin:
            hs.append(((top + bottom) / 2, l, r))
        elif w <= thin and h > thin:
            vs.append(((l + r) / 2, top, bottom))
        elif w > thin and h > thin:  # a cell rectangle: its four edges
            hs += [(top, l, r), (bottom, l, r)]
            vs += [(l, top, bottom), (r, top, bottom)]
    return hs, vs


def _merge(segs, tol=1.5):
    """Merge collinear, touching segments ``(pos, a, b)``."""
    out = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / tol), s[1])):
        if out and abs(out[-1][0] - pos) <= tol and a <= out[-1][2] + tol:
            p, a0, b0 = out[-1]
            out[-1] = (p, a0, max(b0, b))
        else:
            out.append((pos, a, b))
    return out


def _grids(hs, vs, tol=2.0):
    """Connected groups of rules with at least two of each direction: one per ruled table."""
    hs, vs = _merge(hs), _merge(vs)
    if len(hs) < 2 or len(vs) < 2 or len(hs) * len(vs) > _MAX_RULE_PAIRS:
        return []  # no grid, or a drawing (a chart, a map) rather than a table: read as lines
    segs = [("h",) + s for s in hs] + [("v",) + s for s in vs]
    parent = list(range(len(segs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ki, pi, ai, bi) in enumerate(segs):
        if ki != "h":
            continue
        for j, (kj, pj, aj, bj) in enumerate(segs):
            if kj == "v" and ai - tol <= pj <= bi + tol and aj - tol <= pi <= bj + tol:
                parent[find(i)] = find(j)
    groups = defaultdict(list)
    for i, s in enumerate(segs):
        groups[find(i)].append(s)
    out = []
    for g in groups.values():
        gh = [s[1:] for s in g if s[0] == "h"]
        gv = [s[1:] for s in g if s[0] == "v"]
        if len(gh) >= 2 and len(gv) >= 2:
            out.append((gh, gv))
    return out


def _join_text(chars: list[_Char]) -> str:
    """Characters of one line, left to right. A space is written where the text layer has a
    space glyph in a real gap between two characters, or between Latin letters set apart by
    a word gap; justified CJK spreads its glyphs apart, which is no space."""
    ink = [c for c in chars if not c.c.isspace()]
    spaces = [((c.x0 + c.x1) / 2, c.c) for c in chars if c.c.isspace()]
    out = []
    for k, ch in enumerate(ink):
        if k:
            prev = ink[k - 1]
            gap = ch.x0 - prev.x1
            h = max(prev.bottom - prev.top, 1)
            glyph = next((c for x, c in spaces if prev.x0 < x < ch.x1), None) if gap > 0.08 * h else None
            if glyph is not None:
                out.append(glyph)  # the text layer's own space (a no-break space stays one)
            elif gap > 0.3 * h and _LETTER.match(ch.c) and _LETTER.match(prev.c):
                out.append(" ")
        out.append(ch.c)
    return "".join(out)


def _group_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Visual lines: characters clustered by vertical centre, each line sorted left to right."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    lines: list[list[_Char]] = []
    cur: list[_Char] = []
    cy = h = 0.0
    for ch in chars:
        y = (ch.top + ch.bottom) / 2
        hh = max(ch.bottom - ch.top, 1.0)
        if cur and abs(y - cy) <= 0.45 * max(h, hh):
            cur.append(ch)
            cy += (y - cy) / len(cur)
            h = max(h, hh)
        else:
            if cur:
                lines.append(cur)
            cur, cy, h = [ch], y, hh
    lines.append(cur)
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _em(chars: list[_Char]) -> float:
    """The line's character size: the median advance of its CJK characters (which are
    square), else 0.6 of its glyph-box height."""
    wide = [c.x1 - c.x0 for c in chars if _WIDE.match(c.c) and c.x1 > c.x0]
    if wide:
        return _median(wide, 10.0)
    return 0.6 * _median([c.bottom - c.top for c in chars if not c.c.isspace()], 16.0)


def _median(xs, default=0.0):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else default


def _cluster(values, tol=2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _table_rows(grid, chars: list[_Char], page: int) -> tuple[list[_Line], set[int]]:
    """Rows of one ruled table as lines; the ids of the characters it consumed.

    The rules cut the table's box into grid units; neighbouring units with no rule between
    them belong to one (merged) cell. A cell is written once, in the row where it starts,
    so a row lists the cells that start in it (the convention of HTML's rowspan).
    """
    gh, gv = grid
    ys = _cluster(y for y, _, _ in gh)
    xs = _cluster(x for x, _, _ in gv)
    if len(ys) < 2 or len(xs) < 2:
        return [], set()
    n_r, n_c = len(ys) - 1, len(xs) - 1

    def ruled_h(y, x):  # a horizontal rule at height y passing over x
        return any(abs(p - y) <= 2 and a - 1 <= x <= b + 1 for p, a, b in gh)

    def ruled_v(x, y):
        return any(abs(p - x) <= 2 and a - 1 <= y <= b + 1 for p, a, b in gv)

    parent = list(range(n_r * n_c))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_r):
        ym = (ys[r] + ys[r + 1]) / 2
        for c in range(n_c - 1):
            if not ruled_v(xs[c + 1], ym):
                parent[find(r * n_c + c + 1)] = find(r * n_c + c)
    for c in range(n_c):
        xm = (xs[c] + xs[c + 1]) / 2
        for r in range(n_r - 1):
            if not ruled_h(ys[r + 1], xm):
                parent[find((r + 1) * n_c + c)] = find(r * n_c + c)
    first: dict[int, tuple[int, int]] = {}
    tall: set[int] = set()
    for r in range(n_r):
        for c in range(n_c):
            root = find(r * n_c + c)
            if first.setdefault(root, (r, c))[0] != r:
                tall.add(root)
    content: dict[int, list[_Char]] = defaultdict(list)
    used: set[int] = set()
    for ch in chars:
        xm, ym = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (xs[0] - 1 <= xm <= xs[-1] + 1 and ys[0] - 1 <= ym <= ys[-1] + 1):
            continue
        r = min(max(bisect_right(ys, ym) - 1, 0), n_r - 1)
        c = min(max(bisect_right(xs, xm) - 1, 0), n_c - 1)
        content[find(r * n_c + c)].append(ch)
        used.add(id(ch))
    starts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for root, (r, c) in first.items():
        starts[r].append((c, root))
    rows: list[_Line] = []
    for r in range(n_r):
        # an empty box over several rows is the rest of a merged cell cut by a page break
        cells = [root for _, root in sorted(starts.get(r, [])) if content.get(root) or root not in tall]
        if not cells:
            continue
        texts = []
        for root in cells:
            s = ""
            for part in (_join_text(line) for line in _group_lines(content.get(root, []))):
                if s and part and not (_WIDE.match(s[-1]) or _WIDE.match(part[0])):
                    s += " "
                s += part
            texts.append(s.replace(CELL_SEP, " "))
        if not any(texts):
            continue
        ink = [ch for root in cells for ch in content.get(root, [])]
        size = _em(ink)
        rows.append(_Line(CELL_SEP.join(texts), xs[0], xs[-1], ys[r], ys[r + 1], size, page, table=True))
    return rows, used


def _split_gaps(line: list[_Char], size: float) -> list[str] | None:
    """Cells of a line set by column alignment (runs apart by gaps of over two characters)."""
    cells, cur, prev = [], [], None
    for ch in line:
        if ch.c.isspace():
            continue
        if prev is not None and ch.x0 - prev.x1 > 2.0 * size:
            cells.append(cur)
            cur = []
        cur.append(ch)
        prev = ch
    cells.append(cur)
    if len(cells) < 2:
        return None
    return [_join_text(c) for c in cells]


def _page_lines(page, index: int, budget: int | None = None) -> tuple[list[_Line], int]:
    """All lines of one page (body, furniture and table rows), top to bottom; char count."""
    width, height = page.get_size()
    chars = _page_chars(page, height, budget)
    n_chars = sum(1 for c in chars if not c.c.isspace())
    rows: list[_Line] = []
    if chars:
        hs, vs = _page_rules(page, height, width)
        used: set[int] = set()
        for grid in _grids(hs, vs):
            r, u = _table_rows(grid, chars, index)
            if len(r) >= 1:
                rows += r
                used |= u
        if used:
            chars = [c for c in chars if id(c) not in used]
    lines = list(rows)
    for group in _group_lines(chars):
        if all(c.c.isspace() for c in group):
            continue
        size = _em(group)
        gaps = _split_gaps(group, size)
        text = CELL_SEP.join(gaps) if gaps else _join_text(group)
        if not text.strip():
            continue
        ink = [c for c in group if not c.c.isspace()]
        head = ink[:2] if len(ink) > 1 and _NO_START.match(ink[1].c) else ink[:1]
        lines.append(_Line(text, ink[0].x0, ink[-1].x1, min(c.top for c in ink), max(c.bottom for c in ink),
                           size, index, table=bool(gaps), head_w=head[-1].x1 - head[0].x0))
        lines[-1].end_space = group[-1].c.isspace()
    lines.sort(key=lambda ln: ((ln.top + ln.bottom) / 2, ln.x0))
    for k, ln in enumerate(lines, 1):
        ln.no = k
    return lines, n_chars


# -- page furniture -------------------------------------------------------------------------------
def _mark_furniture(pages: list[list[_Line]], widths: list[float]) -> None:
    edge = 3  # lines at each end of a page that may be furniture
    for lines, width in zip(pages, widths):
        body = [ln for ln in lines if not ln.table]
        ends = body[:2] + body[-2:]
        for ln in ends:
            text = ln.text.strip()
            centre = (ln.x0 + ln.x1) / 2
            if _PAGE_NUMBER.match(text) or (_BARE_NUMBER.match(text) and abs(centre - width / 2) < 0.2 * width):
                ln.furniture = True
    # running heads: the same text (digits aside) near the same height on several pages
    seen: dict[str, list[_Line]] = defaultdict(list)
    for lines, width in zip(pages, widths):
        body = [ln for ln in lines if not ln.table and not ln.furniture]
        for ln in body[:edge] + body[-edge:] if len(body) > 2 * edge else body:
            if ln.x1 - ln.x0 < 0.6 * width:  # a running head is short; a full line is text
                seen[_DIGITS.sub("#", re.sub(r"\s+", "", ln.text))].append(ln)
    n_pages = sum(1 for p in pages if p)
    for key, lns in seen.items():
        if len(key) < 2 and not key.strip("#"):
            continue
        tops = _median([ln.top for ln in lns])
        near = [ln for ln in lns if abs(ln.top - tops) <= 6]
        if len({ln.page for ln in near}) >= max(2, 0.3 * n_pages):
            for ln in near:
                ln.furniture = True


def _continued_tables(pages: list[list[_Line]]) -> None:
    """A table cut by a page break repeats the boxes of its merged cells, empty, at the top of
    the next page; drop those leading empty cells from the continued table's first row."""
    prev_last = None
    for lines in pages:
        body = [ln for ln in lines if not ln.furniture]
        if body and prev_last is not None and prev_last.table and body[0].table:
            body[0].text = body[0].text.lstrip(CELL_SEP)
        if body:
            prev_last = body[-1]


# -- paragraphs -----------------------------------------------------------------------------------
def _geometry(lines: list[_Line]) -> tuple[float, float, float, bool]:
    """Left margin, right margin, body character size, and whether paragraphs are indented."""
    body = [ln for ln in lines if not ln.table]
    if not body:
        return 0.0, 0.0, 10.0, False
    size = _median([ln.size for ln in body], 10.0)
    lefts = Counter(round(ln.x0 / 2) * 2 for ln in body)
    # the leftmost start shared by several lines (where paragraphs are indented, the
    # indented first lines may outnumber the flush continuation lines)
    common = [x for x, n in lefts.items() if n >= max(2, 0.05 * len(body))]
    left = min(common) if common else min(x for x, n in lefts.items() if n == max(lefts.values()))
    long_rights = [ln.x1 for ln in body if ln.x1 - ln.x0 > 10 * size]
    right = sorted(long_rights)[int(0.9 * (len(long_rights) - 1))] if long_rights else max(ln.x1 for ln in body)
    indented = sum(1 for ln in body if 1.2 * size < ln.x0 - left < 4.5 * size)
    return left, right, size, indented >= max(2, 0.03 * len(body))


def _breaks(prev: _Line, nxt: _Line, geo, gap_typ: float) -> bool:
    left, right, size, indents = geo
    if prev.table or nxt.table:
        return True
    if HEADING_START.match(nxt.text):
        # "2." or "（二）" at the start of a flush-left line after a full line, in a document
        # that indents its paragraphs, is an inline item that wrapped, not a new paragraph
        inline = (indents and not _TOP_HEADING.match(nxt.text) and right - prev.x1 <= nxt.head_w + 0.25 * size
                  and nxt.x0 - left <= 0.5 * size)
        if not inline:
            return True
    # a title set larger than the body, or set centred on both lines, may wrap (an indented
    # first line is not centred: its right end reaches the margin)
    prev_c = abs((prev.x0 - left) - (right - prev.x1)) < 0.6 * size and (
        prev.x0 - left > 2.5 * size or prev.size > 1.1 * size)
    next_c = nxt.x0 - left > 1.2 * size and abs((nxt.x0 - left) - (right - nxt.x1)) < 0.6 * size
    if prev_c and next_c and abs(nxt.size - prev.size) <= 0.15 * max(prev.size, 1) \
            and not _SENTENCE_END.search(prev.text) and prev.x1 - prev.x0 > 0.6 * (right - left) \
            and (nxt.page != prev.page or nxt.top - prev.bottom < 1.2 * max(prev.size, 1)):
        return False  # a centred title wrapped onto a second centred line
    if right - prev.x1 > nxt.head_w + 0.25 * size:
        return True  # the next line's first character (with a mark that may not start a
        #              line) would have fitted: the line ended on purpose
    if nxt.x0 - left > 1.2 * size:  # first-line indent (or a centred line)
        return True
    if prev.x0 - left > 4.5 * size:  # a centred or far-indented line stands alone
        return True
    if abs(nxt.size - prev.size) > 0.15 * max(prev.size, 1):
        return True
    if nxt.page == prev.page and gap_typ > 0 and nxt.top - prev.bottom > 1.8 * gap_typ + 0.3 * size:
        return True
    if not indents and _SENTENCE_END.search(prev.text):
        return True
    return False


def _latin_space(before: str, after: str, end_space: bool) -> bool:
    """Whether joining two wrapped lines needs a space: Latin words wrap at a space, a web or
    mail address (and CJK text, digits included) wraps anywhere."""
    a, b = before[-1:], after[:1]
    if not (b.isascii() and b.isalnum()) or not a.isascii() or a.isspace():
        return False
    if end_space:
        return True
    if a.isdigit() and b.isdigit():
        return False  # a number broken by a CJK line breaker
    if a.isalnum():
        return not (_URLISH.search(before) or _URLISH_START.match(after))
    if a in ".,;:!?)" and before[-2:-1].isascii() and before[-2:-1].isalnum() and _LETTER.match(b):
        return not _URLISH_START.match(after)
    return False


def read_pdf(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read a PDF into its reading text and source map (see the module docstring)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise ReadError(path, "PDF is password-protected; giptext cannot open it") from None
        raise MalformedFileError(path, f"not a readable PDF ({msg})") from None
    try:
        n = len(pdf)
        limits.check(path, "max_pdf_pages", n, "the page count")
        pages, widths = [], []
        n_chars = 0
        for i in range(n):
            page = pdf[i]
            try:
                # glyphs (spaces and marks included) may run to twice the text limit
                lines, k = _page_lines(page, i + 1, budget=2 * limits.max_chars - n_chars)
                widths.append(page.get_size()[0])
            except OverflowError as exc:
                limits.check(path, "max_chars", n_chars + exc.args[0], f"the number of glyphs on pages 1-{i + 1}")
                raise
            finally:
                page.close()
            n_chars += k
            limits.check(path, "max_chars", n_chars, "the number of characters on the pages")
            pages.append(lines)
    finally:
        pdf.close()
    if n_chars == 0:
        raise NeedsOCRError(path, f"PDF has no text layer ({n} page(s), scanned images?); it needs OCR first")
    _mark_furniture(pages, widths)
    _continued_tables(pages)
    body = [ln for lines in pages for ln in lines if not ln.furniture]
    geo = _geometry(body)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:])
            if a.page == b.page and not a.table and not b.table and b.top > a.bottom]
    gap_typ = _median(gaps, 0.0)
    b = TextBuilder("pdf", path, limits)
    para: list[tuple[str, tuple]] = []
    prev = None
    for ln in body:
        if prev is not None and _breaks(prev, ln, geo, gap_typ):
            b.add_line(para)
            para = []
        text = ln.text
        if para and _latin_space(para[-1][0], text, prev.end_space):
            text = " " + text
        para.append((text, (ln.page, ln.no)))
        prev = ln
    b.add_line(para)
    return ReadResult(b.text(), b.map)


def read_pdf_file(path: str | Path) -> str:
    """The reading text of a PDF (kept for callers of the earlier API)."""
    return read_pdf(path).text


__all__ = ["HEADING_START", "read_pdf", "read_pdf_file"]
