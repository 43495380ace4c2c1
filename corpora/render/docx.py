"""Render a :class:`SourceDoc` as a Word document (python-docx), the way offices save reports.

- headings: on documents with ``auto_numbering``, the top-level headings (``一、``) and, when they
  run 一, 二, 三 … under every heading, the sub-headings (``（一）``) are numbered by Word's automatic
  list numbering: ``numbering.xml`` gets an abstract numbering with ``chineseCounting`` levels
  (``%1、`` and ``（%2）``) and the heading paragraphs carry its ``numId``; their text is written
  WITHOUT the number (python-docx's ``paragraph.text`` then lacks it, as in real files);
- paragraphs with a first-line indent of two characters; the title centred;
- tables as Word tables with merged cells (``draw_table`` takes any
  :class:`~corpora.render.model.Table`);
- a header (the running-header text, when the style has one) and a footer with a centred
  ``- PAGE -`` field.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from corpora.render.model import Block, SourceDoc, Table

_CN = "一二三四五六七八九十"
COMMENT = "此处表述请再核实，建议与上年报告对照修改"


@dataclass(frozen=True)
class DocxStyle:
    """Per-document choices: ``auto_numbering`` (Word list numbering on headings), ``header``
    (header text or None), ``bold_headings``, ``centre_headings``, ``comment`` (a reviewer's
    comment anchored on the first problems paragraph)."""

    auto_numbering: bool = False
    header: str | None = None
    bold_headings: bool = True
    centre_headings: bool = False
    comment: bool = False
    synthetic: bool = False


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


def _numbered_runs(blocks: list[Block]) -> tuple[bool, bool, str]:
    """(top-level headings run 一、二、三…; sub-headings run （一）（二）… under every heading; the
    sub-heading number pattern, full- or half-width brackets as the source writes them)."""
    tops = [b for b in blocks if b.kind == "heading"]
    top_ok = bool(tops) and all(b.number == f"{_cn(i + 1)}、" for i, b in enumerate(tops))
    sub_ok, k, seen = True, 0, False
    subs = [b.number for b in blocks if b.kind == "subheading"]
    half = bool(subs) and subs[0].startswith("(")
    for b in blocks:
        if b.kind == "heading":
            k = 0
        elif b.kind == "subheading":
            k += 1
            seen = True
            if b.number != (f"({_cn(k)})" if half else f"（{_cn(k)}）"):
                sub_ok = False
    return top_ok, top_ok and sub_ok and seen, "(%2)" if half else "（%2）"


def _add_numbering(document, sub_text: str = "（%2）") -> int:
    """Add an abstract numbering (level 0 ``%1、``, level 1 ``（%2）``, both chineseCounting) and a
    num using it to the document's numbering part; return the numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abs_ids = [int(a.get(_q("w:abstractNumId"))) for a in numbering.findall(_q("w:abstractNum"))]
    num_ids = [int(n.get(_q("w:numId"))) for n in numbering.findall(_q("w:num"))]
    aid, nid = max(abs_ids, default=0) + 1, max(num_ids, default=0) + 1
    lvl = ('<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
           '<w:lvlText w:val="{t}"/><w:lvlJc w:val="left"/>'
           '<w:pPr><w:ind w:firstLine="640"/></w:pPr></w:lvl>')
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
                         '<w:multiLevelType w:val="multilevel"/>'
                         + lvl.format(i=0, t="%1、") + lvl.format(i=1, t=sub_text) + "</w:abstractNum>")
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>')
    first_num = numbering.find(_q("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements precede num elements
    else:
        numbering.append(abstract)
    numbering.append(num)
    return nid


def _q(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _set_num(paragraph, num_id: int, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _page_field(paragraph) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph.add_run("- ")
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    paragraph.add_run(" -")


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member dated 1980-01-01, so one input gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def draw_table(document, table: Table):
    """Add ``table`` to ``document`` as a Word table (grid style, merged cells merged); return it."""
    n_rows, n_cols, placed = table.grid()
    t = document.add_table(rows=n_rows, cols=n_cols)
    t.style = "Table Grid"
    for r, c, cell in placed:
        target = t.cell(r, c)
        if cell.colspan > 1 or cell.rowspan > 1:
            target = target.merge(t.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = cell.text
    return t


def render_docx(doc: SourceDoc, path: str | Path, style: DocxStyle | None = None) -> dict:
    """Write ``doc`` as a .docx at ``path``; return ``{"path", "numbered", "furniture"}``
    (``numbered``: how many heading paragraphs carry Word numbering instead of written numbers)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    style = style or DocxStyle()
    d = docx.Document()
    cp = d.core_properties
    cp.title = doc.title
    cp.comments = "SYNTHETIC report (not real)" if style.synthetic else f"rendered from {doc.origin}"
    cp.author = "giptext corpora/render"
    cp.created = cp.modified = datetime(2024, 1, 1, tzinfo=timezone.utc)
    cp.last_modified_by = "giptext"
    cp.revision = 1
    top_ok, sub_ok, sub_text = _numbered_runs(doc.blocks) if style.auto_numbering else (False, False, "")
    num_id = _add_numbering(d, sub_text) if top_ok else None
    numbered = 0
    commented = seen_problems = False
    for b in doc.blocks:
        if b.kind == "table":
            draw_table(d, b.table)
            continue
        auto = (b.kind == "heading" and top_ok) or (b.kind == "subheading" and sub_ok)
        p = d.add_paragraph()
        run = p.add_run(b.body if auto else b.text)
        run.font.size = Pt(16)
        pf = p.paragraph_format
        if b.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(22)
            run.bold = True
        elif b.kind in ("heading", "subheading"):
            run.bold = style.bold_headings
            if b.kind == "heading" and style.centre_headings:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                pf.first_line_indent = Pt(32)
        elif b.kind == "signature":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            pf.first_line_indent = Pt(32)
        if auto:
            _set_num(p, num_id, 0 if b.kind == "heading" else 1)
            numbered += 1
        if style.comment and not commented and b.kind == "para" and seen_problems:
            d.add_comment(run, text=COMMENT, author="审核人", initials="SH")
            commented = True
        if b.kind == "heading" and "问题" in b.text:
            seen_problems = True
    section = d.sections[0]
    furniture = [COMMENT] if commented else []
    if style.header:
        section.header.paragraphs[0].text = style.header
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        furniture.append(style.header)
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(fp)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    buf = io.BytesIO()
    d.save(buf)
    tmp.write_bytes(_fixed_zip(buf.getvalue()))
    tmp.replace(path)
    return {"path": str(path), "numbered": numbered, "furniture": furniture}


__all__ = ["DocxStyle", "render_docx", "draw_table"]
