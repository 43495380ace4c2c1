"""Render a :class:`SourceDoc` as a government-style PDF (fpdf2, the bundled Noto Sans CJK SC face).

The layout of a printed 公文-style report: A4, 16 pt text, 28 characters a line (a 448 pt text
block), about 22 lines a page, first-line indent of two characters, centred ``- N -`` page
numbers, optionally a running header with a rule under it; headings bold and/or centred on some
documents; the statistics tables as ruled grids (merged cells drawn merged, cell text wrapped
inside its cell, rows breaking across pages). Lines are broken by character width with the
usual rule that closing punctuation never starts a line. Text is written line by line (a PDF has
no paragraphs), so page breaks fall inside sections and inside paragraphs wherever the page ends.

``draw_table(pdf, table, pager, …)`` draws any :class:`~corpora.render.model.Table` and is
reusable for other table shapes; ``table_pdf(table, path)`` writes a PDF holding one table.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from corpora.render.model import Block, SourceDoc, Table

PT_A4 = (595.28, 841.89)
FONT = 16.0
CHARS_PER_LINE = 28
TEXT_W = FONT * CHARS_PER_LINE
LEFT = (PT_A4[0] - TEXT_W) / 2
TOP = 100.0
BOTTOM = PT_A4[1] - 90.0
LINE_H = 28.9
# characters that may not start a line (pulled up onto the line before)
_NO_START = set("，。、；：？！）》」』”’】〕,.;:?!)%％")


@dataclass(frozen=True)
class PdfStyle:
    """Per-document choices. ``header``: running-header text (None: no header); ``header_first``:
    whether page 1 carries it too; ``bold_headings`` / ``centre_headings``: heading typography;
    ``furniture_last``: page number and header written after the page's text in the content
    stream (as some producers do) instead of before it; ``justify``: paragraph lines spread to
    both edges by character spacing (Word's default for Chinese text)."""

    header: str | None = None
    header_first: bool = False
    bold_headings: bool = True
    centre_headings: bool = False
    furniture_last: bool = False
    justify: bool = True
    synthetic: bool = False


def cjk_font_path() -> Path:
    """The Noto Sans CJK collection shipped by the ``noto-cjk-sans-otc`` package."""
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


def new_pdf():
    """An A4 fpdf2 document in points with the CJK face registered as ``noto``."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, TOP, PT_A4[0] - LEFT - TEXT_W)
    pdf.add_font("noto", "", str(cjk_font_path()), collection_font_number=2)  # face 2: Simplified Chinese
    _codes_are_cids(pdf.fonts["noto"].subset)
    pdf.set_font("noto", size=FONT)
    return pdf


def _codes_are_cids(subset) -> None:
    """Make fpdf2 write each glyph's own CID as its character code.

    fpdf2 numbers the glyphs of a CFF (OpenType/CJK) face 1, 2, 3 … in order of use and writes an
    embedded encoding CMap from those codes to CIDs; pypdf decodes that encoding wrongly (a
    NUL before every character, wrong characters once codes reach printable ASCII). Word and WPS
    write ``Identity-H`` with code = CID instead; with codes equal to CIDs the two are the same
    mapping, and :func:`_identity_h` swaps the embedded CMap for the name."""
    def pick_glyph(glyph):
        if glyph is None:
            return None
        cid = subset._char_id_per_glyph.get(glyph)
        if cid is None:
            cid = subset._char_id_per_glyph[glyph] = glyph.glyph_id
        return cid

    subset.pick_glyph = pick_glyph


def _identity_h(data: bytes, path: Path) -> None:
    """Write the PDF ``data`` to ``path`` with every Type0 font's encoding set to ``/Identity-H``
    (see :func:`_codes_are_cids`), atomically."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in w.pages:
        for f in page["/Resources"].get("/Font", {}).values():
            f = f.get_object()
            if f.get("/Subtype") == "/Type0":
                f[NameObject("/Encoding")] = NameObject("/Identity-H")
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        w.write(fh)
    tmp.replace(path)


_WIDTHS: dict[float, dict[str, float]] = {}  # font size -> character -> width (one face only)


def wrap(pdf, text: str, width: float, first_indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` at the current font (the first line
    ``first_indent`` narrower); closing punctuation is kept off the start of a line."""
    lines: list[str] = []
    cur = ""
    w = 0.0
    avail = width - first_indent
    widths = _WIDTHS.setdefault(pdf.font_size_pt, {})
    for ch in text:
        cw = widths.get(ch)
        if cw is None:
            cw = widths[ch] = pdf.get_string_width(ch)
        if cur and w + cw > avail + 0.01 and ch not in _NO_START:
            lines.append(cur)
            cur, w, avail = "", 0.0, width
        cur += ch
        w += cw
    if cur or not lines:
        lines.append(cur)
    return lines


class _Pager:
    """Page flow: adds pages with their furniture (page number, running header) as text goes down."""

    def __init__(self, pdf, style: PdfStyle):
        self.pdf, self.style = pdf, style
        self.y = BOTTOM + 1  # forces the first page
        self.pages = 0

    def new_page(self) -> None:
        """Start a page; its furniture is drawn first, or (``furniture_last``) when the page is done."""
        if self.pages and self.style.furniture_last:
            self._furniture()
        self.pdf.add_page()
        self.pages += 1
        if not self.style.furniture_last:
            self._furniture()
        self.y = TOP

    def finish(self) -> None:
        """Draw the last page's furniture when it comes after the text."""
        if self.pages and self.style.furniture_last:
            self._furniture()

    def _furniture(self) -> None:
        pdf = self.pdf
        size = pdf.font_size_pt
        pdf.set_font("noto", size=12)
        label = f"- {self.pages} -"
        pdf.text((PT_A4[0] - pdf.get_string_width(label)) / 2, PT_A4[1] - 50, label)
        if self.style.header and (self.pages > 1 or self.style.header_first):
            pdf.set_font("noto", size=10.5)
            pdf.text((PT_A4[0] - pdf.get_string_width(self.style.header)) / 2, 58, self.style.header)
            pdf.set_line_width(0.8)
            pdf.line(LEFT, 66, LEFT + TEXT_W, 66)
        pdf.set_font("noto", size=size)

    def need(self, h: float) -> None:
        if self.y + h > BOTTOM:
            self.new_page()


def _text_line(pdf, x: float, y: float, s: str, bold: bool) -> None:
    from fpdf.enums import TextMode

    if bold:  # the face has one weight; bold as Word fakes it: fill plus a thin stroke
        pdf.text_mode = TextMode.FILL_STROKE
        pdf.set_line_width(0.35)
    pdf.text(x, y, s)
    if bold:
        pdf.text_mode = TextMode.FILL


def _paragraph(pager: _Pager, text: str, *, size: float = FONT, indent_chars: float = 2, align: str = "left",
               bold: bool = False, line_h: float = LINE_H, justify: bool = False) -> None:
    pdf = pager.pdf
    pdf.set_font("noto", size=size)
    indent = indent_chars * size if align == "left" else 0.0
    lines = wrap(pdf, text, TEXT_W, indent)
    for k, line in enumerate(lines):
        pager.need(line_h)
        w = pdf.get_string_width(line)
        if align == "centre":
            x = LEFT + (TEXT_W - w) / 2
        elif align == "right":
            x = LEFT + TEXT_W - w - 2 * size
        else:
            x = LEFT + (indent if k == 0 else 0.0)
        spacing = 0.0
        if justify and align == "left" and k < len(lines) - 1 and len(line) > 1:
            # 两端对齐: a full line short of the right edge (half-width digits, a pulled-up comma)
            # is spread by character spacing, as Word does by default
            spacing = max(0.0, (LEFT + TEXT_W - x - w) / (len(line) - 1))
            if spacing > size:
                spacing = 0.0
        if spacing:
            pdf.set_char_spacing(spacing)
        _text_line(pdf, x, pager.y + size, line, bold)
        if spacing:
            pdf.set_char_spacing(0)
        pager.y += line_h
    pdf.set_font("noto", size=FONT)


def _col_widths(pdf, table: Table, n_cols: int, placed, width: float, pad: float) -> list[float]:
    nat = [0.0] * n_cols
    for _, c, cell in placed:
        if cell.colspan == 1:
            nat[c] = max(nat[c], min(pdf.get_string_width(cell.text), 12 * pdf.font_size_pt) + 2 * pad)
    base = 2 * pdf.font_size_pt + 2 * pad
    nat = [max(v, base) for v in nat]
    total = sum(nat)
    return [v * width / total for v in nat]


def draw_table(pdf, table: Table, pager: _Pager | None = None, *, x: float = LEFT, width: float = TEXT_W,
               size: float = 10.5, line_h: float = 14.0, pad: float = 3.0) -> None:
    """Draw ``table`` as a ruled grid at the pager's current height, breaking between rows across pages.

    Merged cells are drawn as one box (split at a page break, text in the first part, vertically
    centred there); cell text is wrapped inside its cell and centred. Cells are written row by row,
    left to right, so the content stream's order is the reading order of :meth:`Table.row_texts`."""
    pager = pager or _Pager(pdf, PdfStyle())
    pdf.set_font("noto", size=size)
    n_rows, n_cols, placed = table.grid()
    widths = _col_widths(pdf, table, n_cols, placed, width, pad)
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    wrapped = {}
    row_h = [line_h + 2 * pad] * n_rows
    for r, c, cell in placed:
        cw = xs[c + cell.colspan] - xs[c] - 2 * pad
        wrapped[(r, c)] = wrap(pdf, cell.text, cw) if cell.text else []
        need = len(wrapped[(r, c)]) * line_h + 2 * pad
        if cell.rowspan == 1:
            row_h[r] = max(row_h[r], need)
    for r, c, cell in placed:
        if cell.rowspan > 1:
            need = len(wrapped[(r, c)]) * line_h + 2 * pad
            have = sum(row_h[r:r + cell.rowspan])
            if need > have:
                row_h[r + cell.rowspan - 1] += need - have
    # layout: (page offset, y) of every row
    pos: list[tuple[int, float]] = []
    page, y = 0, pager.y
    if y + row_h[0] > BOTTOM:
        page, y = 1, TOP
    for r in range(n_rows):
        if y + row_h[r] > BOTTOM and y > TOP:
            page, y = page + 1, TOP
        pos.append((page, y))
        y += row_h[r]
    by_row: dict[int, list] = {}
    for r, c, cell in placed:
        by_row.setdefault(r, []).append((c, cell))
    pdf.set_line_width(0.5)
    cur_page = 0
    for r in range(n_rows):
        while cur_page < pos[r][0]:
            pager.new_page()
            pdf.set_font("noto", size=size)
            pdf.set_line_width(0.5)
            cur_page += 1
        for c, cell in sorted(by_row.get(r, []), key=lambda t: t[0]):
            rows = range(r, min(n_rows, r + cell.rowspan))
            x0, x1 = xs[c], xs[c + cell.colspan]
            # one box per page the cell covers; text in the first
            segs: list[list[int]] = []
            for rr in rows:
                if segs and pos[rr][0] == pos[segs[-1][0]][0]:
                    segs[-1].append(rr)
                else:
                    segs.append([rr])
            first = segs[0]
            y0 = pos[first[0]][1]
            h = sum(row_h[rr] for rr in first)
            lines = [] if isinstance(cell, _Continuation) else wrapped[(r, c)]
            ty = y0 + (h - len(lines) * line_h) / 2
            for k, line in enumerate(lines):
                lw = pdf.get_string_width(line)
                pdf.text(x0 + (x1 - x0 - lw) / 2, ty + k * line_h + size, line)
            pdf.rect(x0, y0, x1 - x0, h)
            for seg in segs[1:]:  # parts on later pages are drawn when the flow reaches them
                by_row.setdefault(seg[0], []).append((c, _Continuation(cell, len(seg))))
        pager.y = pos[r][1] + row_h[r]
    pdf.set_font("noto", size=FONT)


class _Continuation:
    """The part of a merged cell that continues on a later page (box only, no text)."""

    def __init__(self, cell, rows: int):
        self.text = ""
        self.colspan = cell.colspan
        self.rowspan = rows


def render_pdf(doc: SourceDoc, path: str | Path, style: PdfStyle | None = None) -> dict:
    """Write ``doc`` as a PDF at ``path``; return ``{"path", "pages", "furniture"}`` where
    ``furniture`` lists the strings printed around the text (page numbers, running header)."""
    style = style or PdfStyle()
    pdf = new_pdf()
    pdf.set_title(doc.title)
    pdf.set_subject("SYNTHETIC report (not real)" if style.synthetic else f"rendered from {doc.origin}")
    pdf.set_creator("giptext corpora/render")
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=timezone.utc))  # fixed: same input, same bytes
    pager = _Pager(pdf, style)
    pager.new_page()
    for b in doc.blocks:
        _block(pager, b, style)
    pager.finish()
    path = Path(path)
    _identity_h(bytes(pdf.output()), path)
    furniture = [f"- {k} -" for k in range(1, pager.pages + 1)]
    if style.header:
        furniture.append(style.header)
    return {"path": str(path), "pages": pager.pages, "furniture": furniture}


def table_pdf(table: Table, path: str | Path, *, title: str | None = None, size: float = 10.5) -> dict:
    """Write a PDF holding just ``table`` (under an optional centred ``title``), e.g. to test a
    table reader on a shape of its own; return ``{"path", "pages"}``."""
    pdf = new_pdf()
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=timezone.utc))
    pager = _Pager(pdf, PdfStyle())
    pager.new_page()
    if title:
        _paragraph(pager, title, align="centre", indent_chars=0)
    draw_table(pdf, table, pager, size=size)
    path = Path(path)
    _identity_h(bytes(pdf.output()), path)
    return {"path": str(path), "pages": pager.pages}


def _block(pager: _Pager, b: Block, style: PdfStyle) -> None:
    if b.kind == "title":
        pager.y += 10
        _paragraph(pager, b.text, size=22, align="centre", indent_chars=0, line_h=34)
        pager.y += LINE_H / 2
    elif b.kind == "heading":
        _paragraph(pager, b.text, align="centre" if style.centre_headings else "left",
                   bold=style.bold_headings, indent_chars=0 if style.centre_headings else 2)
    elif b.kind == "subheading":
        _paragraph(pager, b.text, bold=style.bold_headings)
    elif b.kind == "signature":
        _paragraph(pager, b.text, align="right", indent_chars=0)
    elif b.kind == "table":
        pager.y += 4
        draw_table(pager.pdf, b.table, pager)
        pager.y += 8
    else:
        _paragraph(pager, b.text, justify=style.justify)


__all__ = ["PdfStyle", "render_pdf", "draw_table", "table_pdf", "new_pdf", "wrap", "cjk_font_path"]
