"""Readers on generated real-shaped files, on the seed reports, and on every bad input."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_make as fx  # noqa: E402

from giptext import parse_report, read_report  # noqa: E402
from giptext.errors import DecodeError, NeedsOCRError, ReadError, UnsupportedFormatError  # noqa: E402
from giptext.io.html import html_to_text  # noqa: E402
from giptext.io.text import decode_bytes  # noqa: E402


# -- text files: encodings are detected, text round-trips exactly ------------------------------
@pytest.mark.parametrize(
    "encoding, family",
    [
        ("utf-8", {"utf-8"}),
        ("utf-8-sig", {"utf-8-sig"}),
        ("utf-16", {"utf-16"}),            # with BOM
        ("utf-16-le", {"utf-16-le"}),      # no BOM
        ("utf-16-be", {"utf-16-be"}),      # no BOM
        ("gbk", {"gbk", "gb18030", "gb2312"}),
        ("gb18030", {"gbk", "gb18030", "gb2312"}),
    ],
)
def test_text_encodings_roundtrip(tmp_path, encoding, family):
    p = fx.make_text(tmp_path, f"r_{encoding}.txt", encoding)
    r = read_report(p)
    assert r.text == fx.REPORT
    assert r.encoding in family
    assert (r.format, r.id, r.path) == ("txt", p.stem, str(p))
    assert r.meta.year == 2021 and r.meta.agency == "某县商务局"


def test_big5_traditional_text_stays_as_written(tmp_path):
    trad = fx.traditional(fx.REPORT)
    assert trad != fx.REPORT  # the fixture really is Traditional
    r = read_report(fx.make_text(tmp_path, "big5.txt", "big5", trad))
    assert r.encoding in {"big5", "big5hkscs", "cp950"}
    assert r.text == trad  # never converted to Simplified
    # metadata is read on a Simplified view, so it is found all the same
    assert (r.meta.agency, r.meta.year, r.meta.level) == ("某县商务局", 2021, "department")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_only_line_endings_are_normalised(tmp_path, newline):
    text = fx.REPORT.replace("一、", "  一、\t")  # odd white space must survive
    r = read_report(fx.make_text(tmp_path, "crlf.txt", "gb18030", text, newline=newline))
    assert r.text == text
    assert "\r" not in r.text


def test_decode_bytes_rejects_binary():
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)) * 8, "x.txt")


# -- docx ---------------------------------------------------------------------------------------
def test_docx_paragraphs_and_table_cells_in_body_order(tmp_path):
    r = read_report(fx.make_docx(tmp_path))
    lines = r.text.split("\n")
    assert lines[0] == fx.TITLE
    i = lines.index("二、主动公开政府信息情况")
    # one row per line, cells joined by CELL_SEP; the merged cell written once
    assert lines[i + 1: i + 5] == ["信息内容\t本年制发件数\t本年废止件数", "规章\t0\t0", "规范性文件合计\t2",
                                   "五、存在的主要问题及改进情况"]
    loc = r.source_of(r.text.index("本年废止件数"))
    assert (loc.kind, loc.table, loc.row, loc.cell) == ("docx", 1, 1, 3)
    assert r.source_of(r.text.index("五、存在")).paragraph == 5
    assert r.format == "docx" and r.meta.year == 2021


# -- html ---------------------------------------------------------------------------------------
def test_html_visible_text_only(tmp_path):
    r = read_report(fx.make_html(tmp_path))
    for hidden in ("脚本", "样式文字", "首页", "办事服务", "门户网站", "版权所有", "隐藏的文字", "注释", "color",
                   "网站地图", "主办单位"):
        assert hidden not in r.text, hidden
    lines = r.text.split("\n")
    assert lines[0] == fx.TITLE  # kept although its div is class="header": it holds the title
    # a source line break between Chinese characters renders as nothing
    assert "2021年，某县商务局认真贯彻落实《条例》，进一步加强政府信息公开工作。" in lines
    i = lines.index("二、主动公开政府信息情况")
    assert lines[i + 1: i + 3] == ["信息内容\t本年制发件数", "规章\t0"]
    assert r.source_of(r.text.index("本年制发件数")).element == "body>div[2]>table>tr[1]>td[2]"
    # <br> breaks the line
    assert lines[-1] == "一是公开内容不够全面；二是信息更新不够及时。"
    assert (r.format, r.encoding) == ("html", "utf-8")


def test_html_declared_gb2312_read_as_gb18030(tmp_path):
    r = read_report(fx.make_html(tmp_path, "gb.htm", charset="gb2312"))
    assert r.encoding == "gb18030"
    assert r.text.split("\n")[0] == fx.TITLE


def test_html_utf8_bytes_win_over_a_stale_declaration(tmp_path):
    p = tmp_path / "resaved.html"
    p.write_bytes(fx.HTML_PAGE.format(charset="gb2312").encode("utf-8"))
    r = read_report(p)
    assert r.encoding == "utf-8" and r.text.split("\n")[0] == fx.TITLE


def test_html_title_used_for_meta_when_body_has_none():
    text, title = html_to_text("<html><head><title>某市统计局2015年政府信息公开工作年度报告</title></head>"
                               "<body><p>一、概述</p><p>今年……</p></body></html>")
    assert text == "一、概述\n今年……"
    assert title == "某市统计局2015年政府信息公开工作年度报告"


# -- pdf ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory):
    """One text-layer PDF for the module: fpdf2 parses the 19 MB CJK font collection (~6 s)."""
    return fx.make_pdf_text(tmp_path_factory.mktemp("pdf"))


@pytest.mark.slow
def test_pdf_text_layer(text_pdf):
    r = read_report(text_pdf)
    assert r.format == "pdf"
    assert r.text.split("\n") == fx.REPORT.split("\n")
    assert (r.meta.agency, r.meta.year) == ("某县商务局", 2021)


@pytest.mark.slow
def test_encrypted_pdfs(tmp_path, text_pdf):
    owner_locked = fx.make_pdf_encrypted(tmp_path, "owner.pdf", user_password="", src=text_pdf)
    assert read_report(owner_locked).text.split("\n") == fx.REPORT.split("\n")
    locked = fx.make_pdf_encrypted(tmp_path, "locked.pdf", user_password="secret", src=text_pdf)
    with pytest.raises(ReadError, match="password-protected"):
        read_report(locked)


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    p = fx.make_pdf_scan(tmp_path)
    with pytest.raises(NeedsOCRError) as err:
        read_report(p)
    msg = str(err.value)
    assert "\n" not in msg and str(p) in msg and "OCR" in msg


# -- bad input: one clear line naming the file ---------------------------------------------------
@pytest.mark.parametrize(
    "kind, error, words",
    [
        ("doc", UnsupportedFormatError, [".doc", ".docx", "supported formats"]),
        ("wps", UnsupportedFormatError, [".wps", "supported formats"]),
        ("unknown", UnsupportedFormatError, [".xyz", "supported formats: .txt, .docx, .html/.htm, .pdf"]),
        ("empty", ReadError, ["empty"]),
        ("undecodable", DecodeError, ["encoding"]),
        ("bad_docx", ReadError, ["not a valid .docx"]),
        ("bad_pdf", ReadError, ["not a readable PDF"]),
    ],
)
def test_bad_inputs_raise_one_line_errors(tmp_path, kind, error, words):
    p = fx.make_bad_files(tmp_path)[kind]
    with pytest.raises(error) as err:
        read_report(p)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(str(p) + ": ")
    for w in words:
        assert w in msg
    assert err.value.path == str(p)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="is a folder"):
        read_report(tmp_path)


def test_whitespace_only_file(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(ReadError, match="no text"):
        read_report(p)


# -- the seed reports -----------------------------------------------------------------------------
def test_seed_reports_read(seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))
    assert len(files) == 5
    for f in files:
        r = read_report(f)
        raw = f.read_bytes().decode("utf-8-sig")
        assert r.text == raw.replace("\r\n", "\n").replace("\r", "\n")
        assert r.id == f.stem and r.encoding in {"utf-8", "utf-8-sig"}
        assert "一、总体情况" in r.text


def test_parse_report_wraps_a_string():
    r = parse_report("某县商务局2021年政府信息公开工作年度报告\r\n一、总体情况\r\n……", id="x", meta={"source": "test"})
    assert r.id == "x" and r.text == "某县商务局2021年政府信息公开工作年度报告\n一、总体情况\n……"
    assert r.meta.year == 2021 and r.meta.extra["source"] == "test"


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16-le"])
def test_dev_texts_reencoded_are_detected(dev, encoding):
    """Every dev text the codec can hold, re-encoded, decodes back exactly (measured: all of them)."""
    ok = n = 0
    for text in dev.docs.values():
        src = fx.traditional(text) if encoding == "big5" else text
        try:
            data = src.encode(encoding)
        except UnicodeEncodeError:
            continue
        n += 1
        ok += decode_bytes(data)[0] == src
    assert n > 150 and ok / n >= 0.99, (ok, n)
