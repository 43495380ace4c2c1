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
             font_size: float = 16, indent: bool = True) -> Path:
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
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Doc(format="A4")
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
