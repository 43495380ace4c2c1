"""Hostile and malformed files: every one gives a one-line ReadError naming the file (or
the right text), within bounded memory. All files are generated here, none is stored."""
from __future__ import annotations


import logging
import struct
import subprocess
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import io_make as mk  # noqa: E402

from giptext import read_report  # noqa: E402
from giptext.errors import LimitExceededError, MalformedFileError, ReadError  # noqa: E402
from giptext.io.limits import Limits  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
DOC_TAIL = b"</w:body></w:document>"


def _para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def _one_line(err, path) -> str:
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(str(path) + ": "), msg
    assert isinstance(err.value, ReadError) and err.value.path == str(path)
    return msg


def _refused(path, words: str, **limits) -> None:
    """Reading ``path`` under these limits fails with one line naming the file and ``words``."""
    with pytest.raises(LimitExceededError) as err:
        read_report(path, limits=Limits(**limits))
    assert words in _one_line(err, path)


def _package(path: Path, document: bytes | None, content_types: bytes | None = None,
             compression=zipfile.ZIP_DEFLATED) -> Path:
    """A minimal .docx: content types, package relationships, the main part."""
    ct = content_types or (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                           b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
                           b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                           b'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        if document is not None:
            z.writestr("word/document.xml", document)
    return path


# -- the zip bomb ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A valid package whose word/document.xml expands to about 1 GB (about 7 MB on disk)."""
    p = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    _package(p, None)
    chunk = _para("x" * 1000) * 1000
    with zipfile.ZipFile(p, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(DOC_HEAD)
            for _ in range(1030):
                f.write(chunk)
            f.write(DOC_TAIL)
    return p


def _run_limited(code: str, mem_bytes: int = 1 << 30) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter under an address-space limit."""
    prog = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({mem_bytes}, {mem_bytes}))
        sys.path.insert(0, {str(ROOT)!r})
    """) + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, timeout=120)


def test_zip_bomb_refused_from_the_directory_under_1_gb(bomb):
    out = _run_limited(f"""
        from giptext import read_report
        from giptext.errors import LimitExceededError
        try:
            read_report({str(bomb)!r})
        except LimitExceededError as e:
            print("REFUSED", e)
    """)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith(f"REFUSED {bomb}: the decompressed size of word/document.xml in bytes is 1,0"), lines
    assert "max_docx_part_bytes" in lines[0] and out.stderr == ""


def test_zip_directory_that_lies_about_the_size(tmp_path):
    doc = DOC_HEAD + _para("y" * 1000) * 20_000 + DOC_TAIL  # 20 MB inside
    p = _package(tmp_path / "liar.docx", doc)
    data = bytearray(p.read_bytes())
    real = struct.pack("<I", len(doc))
    fake = struct.pack("<I", 1000)
    # uncompressed size: local header offset 22, central directory offset 24
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = 0
        while (i := data.find(sig, i)) >= 0:
            if data[i + off:i + off + 4] == real:
                data[i + off:i + off + 4] = fake
            i += 4
    p.write_bytes(bytes(data))
    with pytest.raises(MalformedFileError) as err:
        read_report(p, limits=Limits(max_docx_part_bytes=1 << 20))
    assert "word/document.xml" in _one_line(err, p)


def test_part_over_a_lowered_limit_and_raising_it(tmp_path):
    p = _package(tmp_path / "big.docx", DOC_HEAD + _para("某局2021年政府信息公开工作年度报告") * 2000 + DOC_TAIL)
    _refused(p, "max_docx_part_bytes=10,000", max_docx_part_bytes=10_000)
    assert read_report(p).text.count("\n") == 1999


# -- malformed packages ---------------------------------------------------------------------------
def test_content_types_without_namespace_still_reads(tmp_path):
    p = _package(tmp_path / "nons.docx", DOC_HEAD + _para("一、总体情况") + _para("正文。") + DOC_TAIL,
                 content_types=b'<?xml version="1.0"?><Types><Default Extension="xml" ContentType="x"/></Types>')
    assert read_report(p).text == "一、总体情况\n正文。"


@pytest.mark.parametrize("case", ["truncated", "billion_laughs", "no_body", "no_document", "not_xml", "bad_zip",
                                  "encrypted_zip_member", "pdf_named_docx"])
def test_malformed_docx_one_line(tmp_path, case):
    p = tmp_path / f"{case}.docx"
    if case == "truncated":
        full = DOC_HEAD + _para("一、总体情况") * 50 + DOC_TAIL
        _package(p, full[: len(full) // 2])
    elif case == "billion_laughs":
        ents = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
        doc = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{ents}]>'
               f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
        _package(p, doc.encode())
    elif case == "no_body":
        _package(p, f'<w:document xmlns:w="{_W}"></w:document>'.encode())
    elif case == "no_document":
        _package(p, None)
    elif case == "not_xml":
        _package(p, b"\x00\x01binary garbage")
    elif case == "bad_zip":
        p.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    elif case == "encrypted_zip_member":
        _package(p, DOC_HEAD + DOC_TAIL)
        data = bytearray(p.read_bytes())
        for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" flag bit
            i = 0
            while (i := data.find(sig, i)) >= 0:
                data[i + off] |= 1
                i += 4
        p.write_bytes(bytes(data))
    else:
        p.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF")
    with pytest.raises(ReadError) as err:
        read_report(p)
    _one_line(err, p)


# -- HTML -----------------------------------------------------------------------------------------
def test_html_nested_1000_deep_reads(tmp_path):
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 1000 + "一、总体情况" + "</div>" * 1000 + "<p>深层之后的段落。</p></body></html>",
                 encoding="utf-8")
    assert read_report(p).text == "一、总体情况\n深层之后的段落。"


@pytest.mark.parametrize("depth, limits, words", [(1000, Limits(max_html_depth=100), "max_html_depth=100"),
                                                  (5000, None, "2,048")])
def test_html_too_deep_refused(tmp_path, depth, limits, words):
    p = tmp_path / "deeper.html"
    p.write_text("<html><body>" + "<span>" * depth + "字" + "</span>" * depth + "</body></html>", encoding="utf-8")
    with pytest.raises(LimitExceededError) as err:
        read_report(p, limits=limits)
    assert words in _one_line(err, p)


def test_html_entity_bomb_is_just_text(tmp_path):
    p = tmp_path / "ents.html"
    p.write_text('<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                 "<html><body><p>一、总体情况 &b;&b;</p></body></html>", encoding="utf-8")
    r = read_report(p)
    assert len(r.text) < 200


# -- size limits ----------------------------------------------------------------------------------
def test_char_and_file_limits(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("一、总体情况\n" + "正文。" * 1000, encoding="utf-8")
    _refused(p, "max_chars=500", max_chars=500)
    _refused(p, "max_file_bytes", max_file_bytes=100)
    assert len(read_report(p, limits=Limits(max_chars=5000)).text) == 3007


def test_limits_are_validated():
    from giptext.errors import ConfigError

    with pytest.raises(ConfigError):
        Limits(max_chars=0)
    with pytest.raises(ConfigError):
        read_report(__file__, limits={"max_chars": 5})


# -- PDF ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["garbage", "truncated", "no_eof"])
def test_broken_pdfs(tmp_path, case, capfd):
    p = tmp_path / f"{case}.pdf"
    if case == "garbage":
        p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    else:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, "Annual report 2021. " * 40)
        data = bytes(pdf.output())
        p.write_bytes(data[: len(data) // 2] if case == "truncated" else data.replace(b"%%EOF", b""))
    try:
        r = read_report(p)
    except ReadError as e:
        assert "\n" not in str(e) and str(e).startswith(str(p))
    else:
        assert "Annual report" in r.text
    out, errtxt = capfd.readouterr()
    assert out == "" and errtxt == ""  # nothing stray on the terminal


def test_third_party_warnings_attach_to_the_report(tmp_path, monkeypatch, capfd):
    import giptext.io.text as text_mod

    real = text_mod.read_text_file

    def noisy(path):
        logging.getLogger("pypdf").warning("EOF marker not found")
        warnings.warn("odd byte sequence", UserWarning)
        return real(path)

    monkeypatch.setattr(text_mod, "read_text_file", noisy)
    p = tmp_path / "w.txt"
    p.write_text("某局2021年报告\n一、总体情况", encoding="utf-8")
    r = read_report(p)
    assert r.warnings == ["pypdf: EOF marker not found", "UserWarning: odd byte sequence"]
    assert r.to_dict()["warnings"] == r.warnings
    assert capfd.readouterr().err == ""


def test_scanned_pdf_needs_ocr(tmp_path):
    import fixtures_make as fx
    from giptext.errors import NeedsOCRError

    p = fx.make_pdf_scan(tmp_path)
    with pytest.raises(NeedsOCRError) as err:
        read_report(p)
    assert "OCR" in _one_line(err, p)


@pytest.mark.parametrize("ext, data", [(".docx", b""), (".html", b"\x00" * 10), (".pdf", b"\x00" * 10),
                                       (".htm", bytes(range(256)) * 10)])
def test_empty_and_binary(tmp_path, ext, data):
    p = tmp_path / f"x{ext}"
    p.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_report(p)
    _one_line(err, p)


def test_docx_of_real_shape_inside_bounded_memory(tmp_path):
    """An ordinary whole report reads under the same 1 GB address-space limit."""
    p = mk.make_docx(tmp_path)
    out = _run_limited(f"""
        from giptext import read_report
        print(len(read_report({str(p)!r}).text))
    """)
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout) == len(mk.expected_text())




def test_pdf_page_and_char_limits(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for _ in range(3):
        pdf.add_page()
        pdf.multi_cell(0, 8, "Annual report 2021. " * 60)
    p = tmp_path / "three.pdf"
    pdf.output(str(p))
    _refused(p, "max_pdf_pages=2", max_pdf_pages=2)
    _refused(p, "max_chars=1,000", max_chars=1000)
    r = read_report(p)
    assert r.text.count("Annual report 2021.") == 180 and r.source_of(len(r.text) - 1).page == 3


def test_docx_alt_chunk_is_reported_not_silently_lost(tmp_path):
    doc = DOC_HEAD + _para("一、总体情况") + b'<w:altChunk xmlns:r="x" r:id="rId9"/>' + DOC_TAIL
    r = read_report(_package(tmp_path / "alt.docx", doc))
    assert r.text == "一、总体情况"
    assert len(r.warnings) == 1 and "altChunk" in r.warnings[0]
