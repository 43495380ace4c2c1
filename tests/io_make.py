"""Whole synthetic reports written as PDF / DOCX / HTML the way governments publish them,
for the reader tests (all content SYNTHETIC). Each maker returns the file path; the
expected reading text is ``expected_text(BLOCKS)``."""
from __future__ import annotations

from pathlib import Path

from giptext.report import CELL_SEP

# (kind, content): "title" | "h" (heading) | "p" (paragraph) | "table" (rows of cells)
BLOCKS = [
    ("title", "某县商务局2021年政府信息公开工作年度报告"),
    ("p", "本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、"
          "收到和处理政府信息公开申请情况、存在的主要问题及改进情况等内容。"),
    ("h", "一、总体情况"),
    ("p", "2021年，某县商务局认真贯彻落实《中华人民共和国政府信息公开条例》，围绕县委县政府中心工作，"
          "进一步加强政府信息公开工作，不断提高公开质量，切实保障人民群众的知情权、参与权和监督权。"),
    ("h", "（一）主动公开情况"),
    ("p", "全年主动公开政府信息120条，其中机构职能类信息8条，政策文件类信息15条，"
          "财政预决算类信息6条，其他类信息91条，做到应公开尽公开。"),
    ("h", "二、主动公开政府信息情况"),
    ("table", [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
               ["规章", "0", "0", "0"],
               ["规范性文件", "2", "0", "5"]]),
    ("h", "三、收到和处理政府信息公开申请情况"),
    ("p", "本年度共收到政府信息公开申请3件，均已在法定期限内予以答复，其中予以公开2件，"
          "部分公开1件，未发生因答复不当引发的行政复议和行政诉讼案件。"),
    ("h", "四、存在的主要问题及改进情况"),
    ("p", "一是公开内容不够全面，部分栏目信息更新不够及时；二是工作人员业务能力有待提高，"
          "对条例的理解不够深入。下一步，我局将加强培训，提高工作人员业务能力，"
          "进一步完善信息发布审核机制，确保公开信息准确及时。"),
    ("h", "五、其他需要报告的事项"),
    ("p", "本年度无其他需要报告的事项。"),
]


def expected_text(blocks=BLOCKS) -> str:
    out = []
    for kind, content in blocks:
        if kind == "table":
            out += [CELL_SEP.join(row) for row in content]
        else:
            out.append(content)
    return "\n".join(out)


def make_pdf(folder: Path, name: str = "whole.pdf", blocks=BLOCKS, header: str | None = "某县商务局政府信息公开",
             font_size: float = 16, indent: bool = True, page_label: str = "- {n} -") -> Path:
    """A4, a CJK font at ~28 characters a line, first-line indents, centred ``- N -`` page
    numbers, a running header, a ruled table; paragraphs break across pages."""
    from fpdf import FPDF

    from fixtures_make import cjk_font_path

    class Doc(FPDF):
        def header(self):
            if header:
                self.set_font("noto", size=10)
                self.set_y(10)
                self.cell(0, 6, header, align="C")
                self.ln(12)

        def footer(self):
            self.set_y(-18)
            self.set_font("noto", size=12)
            self.cell(0, 8, page_label.format(n=self.page_no(), total="{nb}"), align="C")

    pdf = Doc(format="A4")
    pdf.alias_nb_pages("{nb}")
    pdf.set_margins(26, 24, 26)
    pdf.set_auto_page_break(True, margin=24)
    pdf.add_font("noto", "", str(cjk_font_path()), collection_font_number=2)
    pdf.add_page()
    lh = font_size * 0.55
    for kind, content in blocks:
        if kind == "title":
            pdf.set_font("noto", size=font_size + 4)
            pdf.multi_cell(0, lh + 3, content, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif kind == "h":
            pdf.set_font("noto", size=font_size)
            pdf.multi_cell(0, lh, ("\u3000\u3000" if indent else "") + content, new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":
            pdf.set_font("noto", size=font_size)
            pdf.multi_cell(0, lh, ("\u3000\u3000" if indent else "") + content, align="J",
                           new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("noto", size=11)
            with pdf.table(text_align="CENTER", first_row_as_headings=False) as t:
                for row in content:
                    r = t.row()
                    for cell in row:
                        r.cell(cell)
    p = Path(folder) / name
    pdf.output(str(p))
    return p


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{_W}">
  <w:abstractNum w:abstractNumId="7">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def _numbered(paragraph, num_id: int, ilvl: int) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def make_docx(folder: Path, name: str = "whole.docx", blocks=BLOCKS, numbered: bool = True) -> Path:
    """A Word file: headings numbered by Word's list numbering (the number is not typed),
    a Word table, a header, a footer and a comment (none of the last three is report text)."""
    import re
    import zipfile

    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：某县商务局"
    d.sections[0].footer.paragraphs[0].text = "页脚：第1页"
    for kind, content in blocks:
        if kind == "table":
            t = d.add_table(rows=len(content), cols=len(content[0]))
            for i, row in enumerate(content):
                for j, cell in enumerate(row):
                    t.cell(i, j).text = cell
            continue
        m = re.match(r"^([一二三四五六七八九十]+)、|^（([一二三四五六七八九十]+)）", content) if kind == "h" else None
        if numbered and m:
            p = d.add_paragraph(content[m.end():])
            _numbered(p, 3, 0 if m.group(1) else 1)
        else:
            p = d.add_paragraph(content)
        if kind == "p" and hasattr(d, "add_comment") and "2021年" in content:
            d.add_comment(p.runs, text="批注：请核对数字", author="审核")
    p = Path(folder) / name
    d.save(str(p))
    if numbered:  # put our numbering definitions in place of the template's
        tmp = p.with_suffix(".tmp")
        with zipfile.ZipFile(p) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            names = zin.namelist()
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "word/numbering.xml":
                    data = NUMBERING_XML.encode()
                zout.writestr(item, data)
            if "word/numbering.xml" not in names:
                raise RuntimeError("template without numbering part")
        tmp.replace(p)
    return p


CMS_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}_某县人民政府</title><script>var x="脚本";</script></head>
<body>
<div class="top-bar"><a href="/">网站首页</a> | <a href="/en">English</a></div>
<div class="nav"><ul><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<div class="main">
 <div class="article">
  <h1 class="article-title">{title}</h1>
  <div class="info">发布时间：2022-01-10 来源：县商务局 浏览次数：<span>123</span></div>
  <div class="TRS_Editor">
{body}
  </div>
  <div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
  <div class="print-close">【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</div>
 </div>
 <div class="related"><h3>相关链接</h3><ul><li><a href="/a">某县商务局2020年政府信息公开工作年度报告</a></li>
 <li><a href="/b">某县商务局2019年政府信息公开工作年度报告</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：某县人民政府办公室 网站标识码：1234567890</p><p>版权所有 某县人民政府</p></div>
</body></html>"""


def make_html(folder: Path, name: str = "whole.html", blocks=BLOCKS) -> Path:
    """A government CMS page: top bar, navigation, breadcrumbs, the title above the article
    block, a date/source line, share and print buttons, related links and a footer."""
    title = blocks[0][1]
    body = []
    for kind, content in blocks[1:]:
        if kind == "table":
            rows = "".join("<tr>" + "".join(f"<td><p>{c}</p></td>" for c in row) + "</tr>\n" for row in content)
            body.append(f'<table border="1" cellspacing="0"><tbody>\n{rows}</tbody></table>')
        elif kind == "h":
            body.append(f"<p><strong>{content}</strong></p>")
        else:  # a paragraph wrapped in the source as editors' HTML is
            half = len(content) // 2
            body.append(f'<p style="text-indent:2em">{content[:half]}\n    {content[half:]}</p>')
    p = Path(folder) / name
    p.write_text(CMS_PAGE.format(title=title, body="\n".join(body)), encoding="utf-8")
    return p
