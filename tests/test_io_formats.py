"""Whole reports in each format read back to the same reading text, with provenance.

The files are generated at test time (tests/io_make.py, SYNTHETIC content) the way
governments publish them: PDF with wrapped lines, page numbers, a running header and a
ruled table; Word with list-numbered headings, a table, header, footer and comment; a CMS
web page with navigation, breadcrumbs, share buttons, related links and a footer.
"""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import io_make as mk  # noqa: E402

from giptext import parse_report, read_report  # noqa: E402
from giptext.report import CELL_SEP, SourceLocation, SourceMap  # noqa: E402

EXPECTED = mk.expected_text()


def _assert_partition(r):
    secs = r.sections
    assert secs and secs[0].span_start == 0 and secs[-1].end == len(r.text)
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.span_start
    for s in secs:
        assert r.text[s.start:s.end] == s.text


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("whole")
    long_blocks = mk.BLOCKS[:1] + mk.BLOCKS[1:] * 4  # several pages, paragraphs broken across pages
    return {
        "pdf": mk.make_pdf(d),
        "pdf_long": mk.make_pdf(d, "long.pdf", blocks=long_blocks),
        "pdf_plain": mk.make_pdf(d, "plain.pdf", blocks=long_blocks, header=None, indent=False, font_size=14),
        "docx": mk.make_docx(d),
        "html": mk.make_html(d),
        "long_blocks": long_blocks,
    }


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_round_trip_gives_the_source_paragraphs(files, fmt):
    r = read_report(files[fmt])
    assert r.text == EXPECTED
    assert r.format == fmt and r.warnings == []
    assert (r.meta.agency, r.meta.year) == ("某县商务局", 2021)
    _assert_partition(r)
    labels = [s.label for s in r.sections]
    assert "overview" in labels and "problems" in labels
    # the problems paragraph is one unit: no statement ends at a visual line break
    st = [s.text for s in r.statements()]
    assert any(s.startswith("公开内容不够全面") for s in st), st


@pytest.mark.slow
@pytest.mark.parametrize("name", ["pdf_long", "pdf_plain"])
def test_pdf_paragraphs_run_across_pages_and_furniture_is_gone(files, name):
    r = read_report(files[name])
    assert r.text == mk.expected_text(files["long_blocks"])
    assert "- 2 -" not in r.text and "政府信息公开\n" not in r.text
    pages = {r.source_of(i).page for i in range(0, len(r.text), 50)}
    assert len(pages) >= 4


@pytest.mark.slow
def test_pdf_provenance_page_and_line(files):
    r = read_report(files["pdf"])
    loc = r.source_of(0)
    assert loc == SourceLocation(kind="pdf", page=1, line=2)  # line 1 is the running header
    last = r.source_of(r.text.index("本年度无其他"))
    assert last.kind == "pdf" and last.page == 2
    assert str(last).startswith("p. 2, line ")
    # the table row is its own line of the page
    row = r.source_of(r.text.index("规章" + CELL_SEP))
    assert row.page == 1 and row.line > loc.line


@pytest.mark.slow
def test_pdf_wrapped_line_joins(files):
    """A paragraph that wraps mid-word in the PDF comes back whole, and each of its PDF lines
    keeps its own provenance."""
    r = read_report(files["pdf"])
    para = next(line for line in r.text.split("\n") if line.startswith("2021年"))
    start = r.text.index(para)
    lines = {r.source_of(start + k).line for k in range(len(para))}
    assert len(lines) >= 3  # one paragraph, several PDF lines


def test_docx_numbered_headings_and_cells(files):
    r = read_report(files["docx"])
    for h in ("一、总体情况", "（一）主动公开情况", "二、主动公开政府信息情况", "五、其他需要报告的事项"):
        assert h in r.text.split("\n")
    for furniture in ("页眉", "页脚", "批注"):
        assert furniture not in r.text
    loc = r.source_of(r.text.index("现行有效件数"))
    assert (loc.kind, loc.table, loc.row, loc.cell) == ("docx", 1, 1, 4)
    assert str(loc) == "table 1, row 1, cell 4"
    assert r.source_of(r.text.index("一、总体情况")).paragraph == 3


def test_docx_numbering_formats():
    from giptext.io.docx import format_number

    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV" and format_number(28, "lowerLetter") == "bb"


def test_docx_numbering_restarts_below_a_higher_level(tmp_path):
    blocks = [("title", "某局2022年政府信息公开工作年度报告"), ("h", "一、总体情况"), ("h", "（一）主动公开"),
              ("h", "（二）依申请公开"), ("h", "二、存在的问题"), ("h", "（一）问题")]
    r = read_report(mk.make_docx(tmp_path, blocks=blocks))
    assert r.text.split("\n") == [c for _, c in blocks]


def test_html_article_only(files):
    r = read_report(files["html"])
    for chrome in ("网站首页", "政务公开", "当前位置", "发布时间", "分享到", "打印本页", "相关链接", "2020年政府信息",
                   "主办单位", "版权所有", "脚本"):
        assert chrome not in r.text, chrome
    loc = r.source_of(r.text.index("本年废止件数"))
    assert loc.kind == "html" and loc.element.endswith("tr[1]>td[3]")
    assert r.source_of(0).element.endswith("h1")


def test_text_and_string_provenance_by_line(seeds_dir):
    f = sorted(seeds_dir.glob("*.txt"))[0]
    r = read_report(f)
    k = r.text.index("一、总体情况")
    assert r.source_of(k) == SourceLocation(kind="txt", line=r.text[:k].count("\n") + 1)
    s = parse_report("标题\n一、总体情况\n正文")
    assert s.source_map is None and s.source_of(len(s.text)).line == 3
    with pytest.raises(IndexError):
        s.source_of(len(s.text) + 1)


def test_reports_with_source_maps_pickle(files):
    for fmt in ("docx", "html"):
        r = read_report(files[fmt])
        r2 = pickle.loads(pickle.dumps(r))
        assert r2.source_map == r.source_map
        k = r.text.index("本年废止件数")
        assert r2.source_of(k) == r.source_of(k)


def test_source_map_runs():
    m = SourceMap("pdf")
    m.add(0, (1, 1))
    m.add(5, (1, 2))
    m.add(5, (1, 3))  # an empty run is replaced
    m.add(9, (2, 1))
    text = "x" * 12
    assert [m.locate(i, text).line for i in (0, 4, 5, 8)] == [1, 1, 3, 3]
    assert m.locate(11, text).page == 2 and len(m) == 3
    with pytest.raises(ValueError):
        m.add(3, (1, 1))


@pytest.mark.slow
@pytest.mark.parametrize("label", ["第{n}页", "第 {n} 页 共 {total} 页", "{n}/{total}", "{n}", "— {n} —"])
def test_pdf_page_number_styles(tmp_path, label):
    blocks = mk.BLOCKS[:1] + mk.BLOCKS[1:] * 3
    r = read_report(mk.make_pdf(tmp_path, blocks=blocks, header=None, page_label=label))
    assert r.text == mk.expected_text(blocks)


def test_docx_numbering_from_the_paragraph_style(tmp_path):
    """Numbering set on a heading style (not on the paragraph) is resolved through styles.xml."""
    import zipfile

    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_paragraph("某局2022年政府信息公开工作年度报告")
    for text in ("总体情况", "主动公开政府信息情况"):
        d.add_paragraph(text, style="Heading 1")
        d.add_paragraph("正文。")
    style = d.styles["Heading 1"].element
    ppr = style.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{mk._W}"><w:numId w:val="3"/></w:numPr>'))
    p = tmp_path / "styled.docx"
    d.save(str(p))
    tmp = tmp_path / "styled2.docx"
    with zipfile.ZipFile(p) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, mk.NUMBERING_XML.encode() if item.filename == "word/numbering.xml" else data)
    assert read_report(tmp).text.split("\n") == ["某局2022年政府信息公开工作年度报告", "一、总体情况", "正文。",
                                                  "二、主动公开政府信息情况", "正文。"]


@pytest.mark.slow
def test_pdf_table_by_column_alignment_without_rules(tmp_path):
    from fpdf import FPDF

    from fixtures_make import cjk_font_path

    pdf = FPDF(format="A4")
    pdf.add_font("noto", "", str(cjk_font_path()), collection_font_number=2)
    pdf.add_page()
    pdf.set_font("noto", size=12)
    pdf.multi_cell(0, 8, "二、主动公开政府信息情况", new_x="LMARGIN", new_y="NEXT")
    rows = [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "0", "0"], ["规范性文件", "2", "1"]]
    for row in rows:
        for cell in row:
            pdf.cell(60, 8, cell)
        pdf.ln(8)
    pdf.multi_cell(0, 8, "三、收到和处理政府信息公开申请情况", new_x="LMARGIN", new_y="NEXT")
    p = tmp_path / "aligned.pdf"
    pdf.output(str(p))
    r = read_report(p)
    assert r.text.split("\n") == ["二、主动公开政府信息情况"] + [CELL_SEP.join(row) for row in rows] + [
        "三、收到和处理政府信息公开申请情况"]
