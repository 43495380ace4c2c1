"""End to end: ``giptext analyze`` on the bundled samples writes every table, figure and page."""
from __future__ import annotations

import functools
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from giptext.analyze import TABLES, Analysis, analyze, era_of
from giptext.cli import app
from giptext.report import Meta, Report

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ("themes_by_year", "themes_by_level", "themes_by_era", "theme_cooccurrence", "originality", "requests_by_outcome",
           "boilerplate_families", "reuse_network")


def sample_files() -> list[Path]:
    """The bundled sample reports (corpora/samples), or the seed reports in ../shared until they are copied."""
    from giptext.annotated import shared_dir

    for folder in (ROOT / "corpora" / "samples", shared_dir() / "seeds"):
        files = sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() in (".txt", ".docx", ".html", ".htm", ".pdf"))
        if files:
            return files
    pytest.skip("no sample reports (corpora/samples and ../shared/seeds are empty)")


@functools.lru_cache(maxsize=1)
def run_samples() -> tuple[Path, object, list[Path]]:
    """Run ``giptext analyze`` once per test session on a copy of the samples plus one unreadable file.

    Returns (output folder, CLI result, the sample files). Shared with test_dashboard.py.
    """
    files = sample_files()
    work = Path(tempfile.mkdtemp(prefix="giptext-analyze-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus / f.name)
    (corpus / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0 synthetic: a Word 97 file giptext cannot read")
    out = work / "out"
    result = CliRunner().invoke(app, ["analyze", str(corpus), "-o", str(out), "--json"])
    return out, result, files


@pytest.fixture(scope="module")
def analyzed():
    out, result, files = run_samples()
    assert result.exit_code == 0, result.output
    return out, result, files


@pytest.mark.slow
def test_cli_writes_every_table(analyzed):
    out, _, files = analyzed
    for stem in TABLES.values():
        csv, pq = out / f"{stem}.csv", out / f"{stem}.parquet"
        assert csv.stat().st_size > 100 and pq.stat().st_size > 100, stem
        assert len(pd.read_csv(csv)) == len(pd.read_parquet(pq)), stem
    reports = pd.read_parquet(out / "reports.parquet")
    assert len(reports) == len(files)
    assert reports["originality"].between(0, 1).all()
    assert (reports["n_chars"] > 500).all()
    sections = pd.read_parquet(out / "sections.parquet")
    assert set(sections["doc"]) == set(reports["id"]) and "overview" in set(sections["label"])
    statements = pd.read_parquet(out / "statements.parquet")
    assert len(statements) > 0 and set(statements["doc"]) <= set(reports["id"])
    assert statements["labels"].map(len).gt(0).all(), "every statement gets at least one theme"
    # CSV keeps the labels as JSON lists that parse back
    assert all(isinstance(json.loads(v), list) for v in pd.read_csv(out / "statements.csv")["labels"])
    families = pd.read_parquet(out / "reuse_families.parquet")
    assert len(families) > 0 and (families["n_docs"] >= 2).all()


@pytest.mark.slow
def test_cli_writes_figures_and_pages(analyzed):
    from PIL import Image

    out, _, _ = analyzed
    for name in FIGURES:
        png, svg = out / "figures" / f"{name}.png", out / "figures" / f"{name}.svg"
        with Image.open(png) as im:
            assert min(im.size) > 200, name
            assert len(np.unique(np.asarray(im.convert("L")))) > 10, f"{name} is blank"
        assert "<svg" in svg.read_text(encoding="utf-8")[:2000], name
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("data:image/png;base64,") == len(FIGURES)
    assert 'href="reuse.html' in index
    reuse = (out / "reuse.html").read_text(encoding="utf-8")
    assert len(reuse) > 2000 and "<html" in reuse.lower()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == len(analyzed[2]) and summary["skipped"] == 1


@pytest.mark.slow
def test_cli_reports_skipped_files_and_where_output_is(analyzed):
    out, result, _ = analyzed
    printed = json.loads(result.stdout)
    assert printed["out"] == str(out) and printed["skipped"] == 1
    assert "legacy.doc" in result.stderr and "skipped 1 file" in result.stderr


@pytest.mark.slow
def test_cli_plain_output_ends_with_where_the_output_is(tmp_path):
    f = sample_files()[0]
    result = CliRunner().invoke(app, ["analyze", str(f), "-o", str(tmp_path / "o"), "--no-figures", "-q"])
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert str(tmp_path / "o") in last and "index.html" in last


def test_cli_missing_corpus_is_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "nope" in result.stderr


def test_python_api_tables_join_on_ids_and_offsets():
    from giptext.io import read_report

    reports = [read_report(p) for p in sample_files()]
    a = analyze(reports, progress=False)
    texts = {r.id: r.text for r in reports}
    assert list(a.reports["id"]) == [r.id for r in reports]
    for row in a.sections.itertuples():
        assert texts[row.doc][row.start:row.end] == row.text
    for row in a.statements.itertuples():
        assert texts[row.doc][row.start:row.end] == row.text
    for row in a.passages.head(50).itertuples():
        assert texts[row.doc_a][row.start_a:row.end_a] == row.text_a
        assert texts[row.doc_b][row.start_b:row.end_b] == row.text_b
    assert a.summary()["reports"] == len(reports)


# --- pieces that need no model -------------------------------------------------------------

def test_era_rule():
    assert era_of(Report("a", "某局2016年报告", Meta(year=2016))) == "pre2019"
    assert era_of(Report("b", "某局2020年报告", Meta(year=2020))) == "2019_template"
    assert era_of(Report("c", "（一）收到和处理政府信息公开申请情况", Meta())) == "2019_template"
    assert era_of(Report("d", "某局报告", Meta())) == "unknown"


def _toy_analysis() -> Analysis:
    """A synthetic analysis (made-up rows, no corpus text) to test writing without models."""
    reports = pd.DataFrame({
        "id": ["r1", "r2", "r3"], "agency": ["甲县水利局", "乙县水利局", "甲县水利局"], "year": [2018, 2020, 2021],
        "level": ["department", "department", "township"], "era": ["pre2019", "2019_template", "2019_template"],
        "narrative_chars": [300, 250, 0], "reused_chars": [60, 60, 0], "originality": [0.8, 0.76, None],
    })
    statements = pd.DataFrame({
        "doc": ["r1", "r2", "r2"], "kind": ["problem", "problem", "improvement"], "year": [2018, 2020, 2020],
        "level": ["department"] * 3, "era": ["pre2019", "2019_template", "2019_template"],
        "text": ["公开内容不够全面", "更新<不及时>", "加强培训"], "labels": [["content"], ["timeliness"], ["staff", "mechanism"]],
        "scores": [{"content": 0.9}, {"timeliness": 0.8}, {"staff": 0.7, "mechanism": 0.6}],
    })
    passages = pd.DataFrame({
        "doc_a": ["r1"], "start_a": [0], "end_a": [20], "text_a": ["深入推行政务公开"], "doc_b": ["r2"], "start_b": [5],
        "end_b": [25], "text_b": ["深入推行政务公开"], "similarity": [1.0], "kind": ["verbatim"], "scope": ["cross"],
        "family": [0], "template": [False], "matched": [20],
    })
    families = pd.DataFrame({"family": [0], "n_occurrences": [2], "n_docs": [2], "n_agencies": [2], "years": [[2018, 2020]],
                             "first_year": [2018], "first_doc": ["r1"], "text": ["深入推行政务公开"]})
    sections = pd.DataFrame({"doc": ["r1"], "label": ["overview"], "heading": ["一、总体情况"], "heading_start": [0],
                             "start": [7], "end": [20], "chars": [13], "text": ["x"]})
    return Analysis(reports, sections, statements, passages, families, skipped=[("bad.doc", "'.doc' is not supported")],
                    source="synthetic")


@pytest.mark.slow
def test_write_without_models(tmp_path):
    written = _toy_analysis().write(tmp_path, progress=False)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    for stem in TABLES.values():
        assert {f"{stem}.csv", f"{stem}.parquet"} <= names
    assert {f"figures/{n}.png" for n in FIGURES} <= names
    assert "index.html" in names and "reuse.html" not in names  # no ReuseResult, no reviewer page
    st = pd.read_parquet(tmp_path / "statements.parquet")
    assert list(st["labels"].iloc[2]) == ["staff", "mechanism"]
    assert json.loads(pd.read_csv(tmp_path / "statements.csv")["scores"].iloc[0]) == {"content": 0.9}
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "更新&lt;不及时&gt;" in html and "bad.doc" in html


def test_giptext_analyze_is_callable_even_after_submodule_import():
    import giptext
    import giptext.analyze  # binds the package attribute to the module

    from giptext.errors import CorpusError

    with pytest.raises(CorpusError, match="no readable report"):
        giptext.analyze([])


def test_analysis_reprs():
    a = _toy_analysis()
    assert "3 reports" in repr(a) and "1 skipped" in repr(a)
    html = a._repr_html_()
    assert "<table>" in html and ".statements" in html and "synthetic" in html
