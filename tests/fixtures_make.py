"""Real-shaped report files generated at test time (all content here is SYNTHETIC).

The text is written for the tests in the shape of a 2019-template annual report (title,
the six numbered sections, enumerated problems); it is not a real agency's report.
Each ``make_*`` function writes one file into a folder and returns its path.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

# SYNTHETIC report text (not a real report).
TITLE = "某县商务局2021年政府信息公开工作年度报告"
BODY = """一、总体情况
2021年，某县商务局认真贯彻落实《中华人民共和国政府信息公开条例》，进一步加强政府信息公开工作。
（一）主动公开情况。全年主动公开政府信息120条。
二、主动公开政府信息情况
本年度新制作规范性文件2件。
三、收到和处理政府信息公开申请情况
本年度未收到政府信息公开申请。
四、政府信息公开行政复议、行政诉讼情况
未发生行政复议和行政诉讼。
五、存在的主要问题及改进情况
一是公开内容不够全面；二是信息更新不够及时。下一步，我局将加强培训，提高工作人员业务能力。
六、其他需要报告的事项
无。"""
REPORT = TITLE + "\n" + BODY


@lru_cache(maxsize=1)
def _s2t():
    from opencc_purepy import OpenCC

    return OpenCC("s2t")


def traditional(text: str) -> str:
    """The same text in Traditional characters (OpenCC s2t), as on Taiwan/HK mirror sites."""
    return _s2t().convert(text)


def make_text(folder: Path, name: str, encoding: str, text: str = REPORT, newline: str = "\n") -> Path:
    """A .txt report in ``encoding`` (``utf-8-sig`` writes a BOM, ``utf-16`` a BOM too)."""
    p = Path(folder) / name
    p.write_bytes(text.replace("\n", newline).encode(encoding))
    return p


def make_docx(folder: Path, name: str = "report.docx") -> Path:
    """A .docx with title, paragraphs, a table (one merged cell) and a paragraph after it."""
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph("一、总体情况")
    d.add_paragraph("2021年，某县商务局认真贯彻落实《条例》。")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).text = "信息内容"
    t.cell(0, 1).text = "本年制发件数"
    t.cell(0, 2).text = "本年废止件数"
    t.cell(1, 0).text = "规章"
    t.cell(1, 1).text = "0"
    t.cell(1, 2).text = "0"
    merged = t.cell(2, 0).merge(t.cell(2, 1))
    merged.text = "规范性文件合计"
    t.cell(2, 2).text = "2"
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph("一是公开内容不够全面；二是信息更新不够及时。")
    p = Path(folder) / name
    d.save(str(p))
    return p


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>某县商务局2021年政府信息公开工作年度报告_某县人民政府</title>
<style>.x {{ color: red }} body::before {{ content: "样式文字" }}</style>
<script>var menu = "脚本里的文字";</script></head>
<body>
<header><div class="logo">某县人民政府门户网站</div></header>
<nav><ul><li>首页</li><li>政务公开</li><li>办事服务</li></ul></nav>
<div class="nav top"><a href="/">网站地图</a></div>
<div class="content">
<div class="header"><h1>某县商务局2021年政府信息公开工作年度报告</h1></div>
<p>一、总体情况</p>
<p>2021年，某县商务局认真贯彻落实《条例》，
   进一步加强政府信息公开工作。</p>
<div style="display:none">隐藏的文字</div>
<p>二、主动公开政府信息情况</p>
<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
<p>五、存在的主要问题及改进情况<br>一是公开内容不够全面；二是信息更新不够及时。</p>
<!-- 注释里的文字 -->
</div>
<footer>版权所有：某县人民政府 网站标识码</footer>
<div id="footer">主办单位：某县人民政府办公室</div>
<script>document.write("又一段脚本");</script>
</body></html>"""


def make_html(folder: Path, name: str = "report.html", charset: str = "utf-8") -> Path:
    """A saved government web page: header, nav, scripts, a hidden div, a table, a footer."""
    p = Path(folder) / name
    p.write_bytes(HTML_PAGE.format(charset=charset).encode("gb18030" if charset.lower().startswith("gb") else charset))
    return p


def cjk_font_path() -> Path:
    """The Noto Sans CJK collection shipped by the ``noto-cjk-sans-otc`` package."""
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


def make_pdf_text(folder: Path, name: str = "report.pdf", text: str = REPORT) -> Path:
    """A PDF with a real text layer (fpdf2 embedding the Noto Sans CJK SC face)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    # Face 2 of the collection is Simplified Chinese; any face has the glyphs we use.
    pdf.add_font("noto", "", str(cjk_font_path()), collection_font_number=2)
    pdf.set_font("noto", size=11)
    for line in text.split("\n"):
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    p = Path(folder) / name
    pdf.output(str(p))
    return p


def make_pdf_encrypted(folder: Path, name: str = "locked.pdf", user_password: str = "",
                       src: Path | None = None) -> Path:
    """A text PDF (``src``, or a new one), AES-encrypted: with an empty user password (an
    owner-only lock, common on government sites) it opens without a password; with one it
    cannot be read."""
    from pypdf import PdfReader, PdfWriter

    plain = src or make_pdf_text(folder, "_plain_for_" + name)
    w = PdfWriter(clone_from=PdfReader(str(plain)))
    w.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    p = Path(folder) / name
    w.write(str(p))
    if src is None:
        plain.unlink()
    return p


def make_pdf_scan(folder: Path, name: str = "scan.pdf") -> Path:
    """A PDF whose only page is an image (what a scanner produces): no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(img).rectangle([20, 20, 380, 60], fill=0)  # stands in for scanned print
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(buf, x=10, y=10, w=180)
    p = Path(folder) / name
    pdf.output(str(p))
    return p


def make_bad_files(folder: Path) -> dict[str, Path]:
    """Files every reader must refuse with a one-line error, keyed by what is wrong."""
    folder = Path(folder)
    out = {
        "doc": folder / "old.doc",
        "wps": folder / "draft.wps",
        "unknown": folder / "notes.xyz",
        "empty": folder / "empty.txt",
        "undecodable": folder / "binary.txt",
        "bad_docx": folder / "broken.docx",
        "bad_pdf": folder / "broken.pdf",
    }
    # An OLE2 header, as a real .doc/.wps starts.
    out["doc"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    out["wps"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    out["unknown"].write_text(REPORT, encoding="utf-8")
    out["empty"].write_bytes(b"")
    out["undecodable"].write_bytes(bytes(range(256)) * 8)
    out["bad_docx"].write_bytes(b"PK\x03\x04 this is not a zip archive")
    out["bad_pdf"].write_bytes(b"%PDF-1.4\n garbage without objects \n%%EOF")
    return out


__all__ = [
    "TITLE", "BODY", "REPORT", "HTML_PAGE", "traditional", "make_text", "make_docx", "make_html",
    "cjk_font_path", "make_pdf_text", "make_pdf_encrypted", "make_pdf_scan", "make_bad_files",
]
