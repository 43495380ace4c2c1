"""corpora/render: the renderers write valid files, and every format round-trips through read_report
with sections that partition the text. The small reports here are SYNTHETIC (written for the tests)."""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest.importorskip("fpdf")

from corpora.render import FORMATS, gold, render, seed_docs  # noqa: E402
from corpora.render.docx import DocxStyle, render_docx  # noqa: E402
from corpora.render.flat import flat_text  # noqa: E402
from corpora.render.html import HtmlStyle, render_html, table_html  # noqa: E402
from corpora.render.model import Block, Cell, SourceDoc, Table  # noqa: E402
from corpora.render.pdf import PdfStyle, render_pdf  # noqa: E402
from corpora.render.tables import requests_table, template_tables  # noqa: E402

_P = ("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，进一步加强政府信息公开工作的组织领导，"
      "完善工作机制，拓宽公开渠道，主动回应社会关切，全年主动公开政府信息一百余条。")


def _small(i: int, n_paras: int = 3) -> SourceDoc:
    """A SYNTHETIC report in the 2019 shape: title, six numbered sections, sub-headings, a table."""
    H = lambda t: Block("heading", t, t[:2])  # noqa: E731
    S = lambda t: Block("subheading", t, t[:3])  # noqa: E731
    blocks = [Block("title", f"某县测试局{2020 + i}年政府信息公开工作年度报告"),
              Block("para", "本报告由某县测试局编制（SYNTHETIC 测试文本）。"),
              H("一、总体情况"), S("（一）主动公开情况")]
    blocks += [Block("para", f"第{k + 1}段。" + _P) for k in range(n_paras)]
    blocks += [S("（二）依申请公开情况"), Block("para", "全年未收到政府信息公开申请。"),
               H("二、主动公开政府信息情况"), Block("table", table=template_tables([1, 2, 3])[0]),
               H("三、收到和处理政府信息公开申请情况"), Block("para", "本年度未收到申请。"),
               H("四、政府信息公开行政复议、行政诉讼情况"), Block("para", "未发生行政复议和行政诉讼。"),
               H("五、存在的主要问题及改进情况"),
               Block("para", "一是公开内容不够全面；二是信息更新不够及时；三是工作人员业务能力有待提高。"),
               Block("para", "下一步，一是加强培训，提高业务能力；二是完善制度，规范公开流程。"),
               H("六、其他需要报告的事项"), Block("para", "无。")]
    return SourceDoc(id=f"small{i}", blocks=blocks, agency="某县测试局", year=2020 + i, synthetic=True,
                     origin="tests/test_render.py (SYNTHETIC)")


def _partitions(r) -> None:
    secs = r.sections
    assert secs, r.path
    assert secs[0].span_start == 0
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.span_start
    assert secs[-1].end == len(r.text)
    for s in secs:
        assert r.text[s.start:s.end] == s.text


def test_table_grid_places_merged_cells():
    t = Table.of([[Cell("a", rowspan=2), "b", "c"], ["d", "e"], [Cell("f", colspan=3)]])
    n_rows, n_cols, placed = t.grid()
    assert (n_rows, n_cols) == (3, 3)
    assert [(r, c, cell.text) for r, c, cell in placed] == [(0, 0, "a"), (0, 1, "b"), (0, 2, "c"), (1, 1, "d"),
                                                           (1, 2, "e"), (2, 0, "f")]
    assert t.row_texts() == ["a\tb\tc", "d\te", "f"]
    # the requests table of the 2019 template: 10 columns, 175 figures
    n_rows, n_cols, placed = requests_table().grid()
    assert n_cols == 10 and n_rows == 28
    assert sum(1 for _, _, c in placed if c.text == "0") == 175


def test_table_pdf_draws_any_table(tmp_path):
    from pypdf import PdfReader

    from corpora.render.pdf import table_pdf

    t = Table.of([[Cell("指标", rowspan=2), Cell("数量", colspan=2)], ["本年", "上年"], ["申请", "12", "7"]])
    info = table_pdf(t, tmp_path / "t.pdf", title="测试表格")
    text = "".join(PdfReader(info["path"]).pages[0].extract_text().split())
    for cell in ("测试表格", "指标", "数量", "本年", "上年", "申请", "12", "7"):
        assert cell in text


def test_pdf_has_text_layer_page_numbers_and_header(tmp_path):
    from pypdf import PdfReader

    doc = _small(0, n_paras=14)  # long enough for a page break inside the overview
    info = render_pdf(doc, tmp_path / "a.pdf", PdfStyle(header="某县人民政府办公室", centre_headings=True))
    reader = PdfReader(info["path"])
    assert len(reader.pages) == info["pages"] >= 2
    pages = [p.extract_text() for p in reader.pages]
    assert "\x00" not in "".join(pages)  # codes are CIDs with Identity-H: pypdf decodes them
    assert "- 1 -" in pages[0] and "- 2 -" in pages[1]
    assert "某县人民政府办公室" in pages[1]
    flat = "".join("".join(p.split()) for p in pages)
    assert "".join(doc.title.split()) in flat
    assert "行政规范性文件" in flat and "第二十条第（五）项" in flat
    # a paragraph is broken over lines of about 28 characters
    longest = max(len(line.strip()) for p in pages for line in p.splitlines())
    assert 24 <= longest <= 31


def test_pdf_justified_lines_and_furniture_after_text(tmp_path):
    from pypdf import PdfReader

    doc = _small(9, n_paras=14)
    doc.blocks.insert(5, Block("para", "全年共主动公开政府信息824条，电子化率达100%，其中通过网站公开264条，" * 3))
    plain = render_pdf(doc, tmp_path / "plain.pdf", PdfStyle(justify=False))
    just = render_pdf(doc, tmp_path / "just.pdf", PdfStyle(justify=True, furniture_last=True))
    # character spacing (Tc) is set only for justified lines
    assert b" Tc" not in _content(plain["path"]) and b" Tc" in _content(just["path"])
    pages = [p.extract_text() for p in PdfReader(just["path"]).pages]
    first = pages[0].strip().splitlines()
    assert first[-1].strip() == "- 1 -"  # page number written after the page's text
    assert "".join(PdfReader(plain["path"]).pages[0].extract_text().split()).replace("-1-", "") == \
        "".join(pages[0].split()).replace("-1-", "")


def _content(path) -> bytes:
    from pypdf import PdfReader

    return b"".join(p.get_contents().get_data() for p in PdfReader(path).pages)


def test_renderers_are_deterministic(tmp_path):
    doc = _small(1)
    a = render_pdf(doc, tmp_path / "a.pdf", PdfStyle(header="页眉"))
    b = render_pdf(doc, tmp_path / "b.pdf", PdfStyle(header="页眉"))
    assert Path(a["path"]).read_bytes() == Path(b["path"]).read_bytes()
    a = render_docx(doc, tmp_path / "a.docx", DocxStyle(auto_numbering=True))
    b = render_docx(doc, tmp_path / "b.docx", DocxStyle(auto_numbering=True))
    assert Path(a["path"]).read_bytes() == Path(b["path"]).read_bytes()


def test_docx_word_numbering_on_headings(tmp_path):
    import docx

    doc = _small(2)
    info = render_docx(doc, tmp_path / "a.docx", DocxStyle(auto_numbering=True, header="某县人民政府办公室"))
    assert info["numbered"] == 6 + 2  # six headings, two sub-headings
    d = docx.Document(info["path"])
    texts = [p.text for p in d.paragraphs]
    assert "总体情况" in texts and "一、总体情况" not in texts  # the number lives in numbering.xml
    assert "主动公开情况" in texts
    with zipfile.ZipFile(info["path"]) as z:
        numbering = z.read("word/numbering.xml").decode()
        body = z.read("word/document.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        header = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert 'w:numFmt w:val="chineseCounting"' in numbering and "%1、" in numbering and "（%2）" in numbering
    assert body.count("<w:numPr>") == 8
    assert "PAGE" in footer and "某县人民政府办公室" in header
    assert len(d.tables) == 1 and d.tables[0].cell(0, 0).text == "第二十条第（一）项"


def test_docx_comment_stays_out_of_the_body(tmp_path):
    import docx

    from corpora.render.docx import COMMENT

    info = render_docx(_small(12), tmp_path / "c.docx", DocxStyle(comment=True))
    assert info["furniture"] == [COMMENT]
    with zipfile.ZipFile(info["path"]) as z:
        assert COMMENT in z.read("word/comments.xml").decode()
    assert all(COMMENT not in p.text for p in docx.Document(info["path"]).paragraphs)


def test_docx_without_numbering_writes_numbers(tmp_path):
    import docx

    info = render_docx(_small(3), tmp_path / "b.docx", DocxStyle(auto_numbering=False))
    assert info["numbered"] == 0
    assert "一、总体情况" in [p.text for p in docx.Document(info["path"]).paragraphs]


def test_html_cms_page(tmp_path):
    from bs4 import BeautifulSoup

    doc = _small(4)
    info = render_html(doc, tmp_path / "a.html", HtmlStyle(br_paragraphs=True, site="某县人民政府"))
    soup = BeautifulSoup(Path(info["path"]).read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == doc.title
    article = soup.find(id="zoom")
    assert "五、存在的主要问题及改进情况" in article.get_text()
    assert article.find("table") is not None and article.find("br") is not None
    assert "网站标识码" in soup.find(class_="footer").get_text()
    assert soup.find(class_="position") is not None and soup.find(class_="share") is not None
    assert 'colspan="4"' in table_html(template_tables()[0])


def test_html_spans_and_space_indent_keep_the_text(tmp_path):
    from bs4 import BeautifulSoup

    doc = _small(13)
    info = render_html(doc, tmp_path / "s.html", HtmlStyle(spans=True, space_indent=True, seed=1))
    soup = BeautifulSoup(Path(info["path"]).read_text(encoding="utf-8"), "html.parser")
    article = soup.find(id="zoom")
    assert len(article.find_all("span")) >= 3
    paras = ["".join(p.get_text().split()) for p in article.find_all("p")]
    assert "".join(("第2段。" + _P).split()) in paras
    assert any(p.get_text().startswith("\u3000\u3000") for p in article.find_all("p"))


def test_flat_variants_keep_every_character():
    doc = _small(5)
    src = "".join(doc.text().split())
    one = flat_text(doc, "one_line")
    two = flat_text(doc, "two_lines", seed=3)
    assert "\n" not in one and two.count("\n") == 1
    assert "".join(one.split()) == src and "".join(two.split()) == src


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_sections_partition(tmp_path, fmt):
    import giptext

    for i in (6, 7):
        info = render(_small(i), fmt, tmp_path, seed=i)
        r = giptext.read_report(info["path"])
        _partitions(r)
        assert "".join(r.text.split()).count("总体情况") >= 1


def test_benchmark_scores_identity_and_furniture(tmp_path):
    """The benchmark's scores: the source's own reading text scores 1.0 everywhere; a page number
    dropped into the overview costs furniture characters and section precision."""
    import giptext
    from giptext.sections.statements import extract_statements_from

    import giptext.eval.formats as bf

    doc = _small(8)
    g = gold(doc)
    p = tmp_path / "same.txt"
    p.write_text(g["text"], encoding="utf-8")
    r = giptext.read_report(p)
    d = bf.Aligned(g, r.text)
    assert bf.score_sections(d, r.sections) == 1.0
    st = bf.score_statements(d, extract_statements_from(r.text, r.sections))
    assert st["n_gold"] > 0 and st["exact"] == 1.0 and st["lenient"] == 1.0
    assert bf.score_paragraphs(d) == 1.0
    assert bf.furniture_chars(d, r.sections, ["某县人民政府办公室"]) == 0
    # page furniture inside the overview, paragraphs joined into one line
    at = g["text"].index("第2段")
    bad = g["text"][:at] + "- 3 -\n某县人民政府办公室\n" + g["text"][at:]
    r2 = giptext.parse_report(bad)
    d2 = bf.Aligned(g, r2.text)
    assert bf.furniture_chars(d2, r2.sections, ["某县人民政府办公室"]) == len("-3-") + len("某县人民政府办公室")
    assert bf.score_sections(d2, r2.sections) < 1.0
    # text moved within its section (a merged cell read in another row) is not lost
    moved_text = g["text"].replace("第二十条第（一）项\n", "").replace("规章\t", "规章\t第二十条第（一）项\t")
    assert moved_text != g["text"]
    r3 = giptext.parse_report(moved_text)
    assert bf.score_sections(bf.Aligned(g, r3.text), r3.sections) == 1.0
    joined = giptext.parse_report(g["text"].replace("\n第2段", "第2段"))
    assert bf.score_paragraphs(bf.Aligned(g, joined.text)) < 1.0


def _seeds_or_skip():
    from giptext.annotated import shared_dir

    if not (shared_dir() / "seeds").is_dir():
        pytest.skip("shared/seeds not present")
    return seed_docs()


def test_seed_gold_matches_reading_text():
    docs = _seeds_or_skip()
    assert len(docs) == 5
    for doc in docs:
        g = gold(doc)  # refuses a seed whose reading text changed since its gold was checked
        secs = g["sections"]
        assert secs[0]["span_start"] == 0 and secs[-1]["end"] == len(g["text"])
        assert all(a["end"] == b["span_start"] for a, b in zip(secs, secs[1:]))
        assert {"overview", "problems"} <= {s["label"] for s in secs}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_seed(tmp_path, fmt):
    import giptext

    doc = _seeds_or_skip()[4]
    info = render(doc, fmt, tmp_path)
    _partitions(giptext.read_report(info["path"]))


def test_eval_formats_cli_on_a_rendered_folder(tmp_path):
    """``bench_formats.render_folder`` writes files + formats_gold.jsonl; ``giptext eval formats``
    scores them, one row per file; a missing or broken file is a row with its error, not a crash."""
    import json

    from typer.testing import CliRunner

    from giptext.cli import app

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_formats

    import corpora.render as cr

    real_seed_docs = cr.seed_docs
    try:  # two small SYNTHETIC reports instead of the seeds keep this fast
        cr.seed_docs = lambda: [_small(10), _small(11)]
        rows = bench_formats.render_folder(0, 0, ("html", "flat2"), tmp_path, progress=False)
    finally:
        cr.seed_docs = real_seed_docs
    assert len(rows) == 4 and (tmp_path / "formats_gold.jsonl").is_file()
    (tmp_path / rows[0]["path"]).write_bytes(b"")  # an empty file: a read error, the rest goes on
    res = CliRunner().invoke(app, ["eval", "formats", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)[0]["summary"]
    assert summary["html_errors"] == 1 and summary["html_n"] == 2
    assert summary["flat2_errors"] == 0 and 0.0 < summary["flat2_sections"] <= 1.0
    missing = CliRunner().invoke(app, ["eval", "formats", str(tmp_path / "nope")])
    assert missing.exit_code != 0 and "no such folder" in missing.output


@pytest.mark.slow
def test_synthetic_docs_template_share():
    from corpora.render import synthetic_docs

    docs = synthetic_docs(4, seed=1, template_share=0.5)
    assert len(docs) == 4 and all(d.synthetic and "SYNTHETIC" in d.origin for d in docs)
    assert sum(any(b.kind == "table" for b in d.blocks) for d in docs) == 2
    assert [d.id for d in docs] == sorted(d.id for d in docs)
    for d in docs:  # the gold of a synthetic report is the splitter's sections of its reading text
        g = gold(d)
        assert g["sections"][-1]["end"] == len(g["text"]) and g["statements"]
