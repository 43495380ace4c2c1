"""Corpus: reading folders and annotated corpora, skipping bad files, ids, parallel map, frames."""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_make as fx  # noqa: E402

from giptext import Corpus, parse_report  # noqa: E402
from giptext.corpus import FRAME_COLUMNS, PARALLEL_MIN_ITEMS, SECTION_COLUMNS, parallel_map  # noqa: E402
from giptext.errors import ConfigError, CorpusError  # noqa: E402


@pytest.fixture()
def mixed_dir(tmp_path):
    """A folder of good reports in several formats, bad files, and files that are not reports."""
    root = tmp_path / "mixed"
    (root / "sub").mkdir(parents=True)
    fx.make_text(root, "a_gbk.txt", "gbk")
    fx.make_text(root / "sub", "b_big5.txt", "big5", fx.traditional(fx.REPORT))
    fx.make_docx(root / "sub", "c.docx")
    fx.make_html(root, "d.html")
    fx.make_bad_files(root / "sub")
    (root / "README.md").write_text("# not a report", encoding="utf-8")
    (root / ".hidden.txt").write_text(fx.REPORT, encoding="utf-8")
    return root


def test_from_dir_reads_good_files_and_skips_bad_ones(mixed_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # broken.docx/broken.pdf share a stem but neither is read
        c = Corpus.from_dir(mixed_dir, n_jobs=1)
    assert c.ids == ["a_gbk", "d", "b_big5", "c"]  # sorted by relative path
    assert all(r.meta.year == 2021 for r in c)
    skipped = dict((Path(p).name, why) for p, why in c.skipped)
    # report-like formats are reported; notes.xyz / README.md / hidden files are not reports
    assert set(skipped) == {"old.doc", "draft.wps", "empty.txt", "binary.txt", "broken.docx", "broken.pdf"}
    assert all("\n" not in why and why for why in skipped.values())
    assert "supported formats" in skipped["old.doc"]
    assert c.root == mixed_dir


def test_duplicate_stems_get_unique_ids_and_a_warning(tmp_path):
    for sub in ("b", "a"):
        (tmp_path / sub).mkdir()
        fx.make_text(tmp_path / sub, "report.txt", "utf-8")
    fx.make_text(tmp_path, "other.txt", "utf-8")
    with pytest.warns(UserWarning, match="share a file name"):
        c = Corpus.from_dir(tmp_path, n_jobs=1)
    assert c.ids == ["a/report", "b/report", "other"]
    assert c.renamed == {"a/report": "report", "b/report": "report"}
    # deterministic: the same folder gives the same ids
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert Corpus.from_dir(tmp_path, n_jobs=1).ids == c.ids


def test_same_stem_two_formats_in_one_folder(tmp_path):
    fx.make_text(tmp_path, "r.txt", "utf-8")
    fx.make_html(tmp_path, "r.html")
    with pytest.warns(UserWarning):
        c = Corpus.from_dir(tmp_path, n_jobs=1)
    assert sorted(c.ids) == ["r.html", "r.txt"]


def test_from_paths_mixes_files_and_folders(tmp_path, mixed_dir):
    extra = fx.make_text(tmp_path, "extra.txt", "utf-16")
    c = Corpus.from_paths([extra, mixed_dir / "sub", tmp_path / "missing.txt"], n_jobs=1)
    assert c.ids == ["extra", "b_big5", "c"]
    assert any(p.endswith("missing.txt") and "no such file" in why for p, why in c.skipped)


def test_annotated_corpus_uses_manifest_meta(tmp_path):
    root = tmp_path / "ann"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "001.txt").write_text(fx.REPORT, encoding="utf-8")
    (root / "docs" / "000.txt").write_text("一、总体情况\n2019年,我局……", encoding="utf-8")
    rows = [
        {"id": "001", "agency": "(某县某局)", "year": None, "level": "department", "url": "http://example.invalid/1"},
        {"id": "000", "agency": "某市统计局", "year": 2019, "level": "department"},
    ]
    (root / "manifest.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    c = Corpus.from_dir(root, n_jobs=1)
    assert Corpus.from_paths([root], n_jobs=1)["001"].meta == c["001"].meta  # same reading either way
    assert c.ids == ["001", "000"]  # manifest order
    assert c["001"].meta.agency == "(某县某局)"
    assert c["001"].meta.year is None  # the annotator's "unknown" beats the title's 2021
    assert c["001"].meta.extra["url"] == "http://example.invalid/1"
    assert c["000"].meta.year == 2019


def test_annotated_corpus_with_missing_doc_is_skipped(tmp_path):
    root = tmp_path / "ann"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "a.txt").write_text(fx.REPORT, encoding="utf-8")
    (root / "manifest.jsonl").write_text('{"id": "a"}\n{"id": "b"}\n', encoding="utf-8")
    c = Corpus.from_dir(root, n_jobs=1)
    assert c.ids == ["a"] and len(c.skipped) == 1 and "no such file" in c.skipped[0][1]


def test_dev_corpus(dev_dir, dev):
    c = Corpus.from_dir(dev_dir)
    assert len(c) == len(dev.manifest) and not c.skipped
    for row in dev.manifest.head(20).itertuples():
        r = c[row.id]
        assert r.text == dev.docs[row.id]
        assert r.meta.agency == row.agency and r.meta.level == row.level


def test_bad_folders(tmp_path):
    with pytest.raises(CorpusError, match="no such folder"):
        Corpus.from_dir(tmp_path / "nope")
    f = fx.make_text(tmp_path, "x.txt", "utf-8")
    with pytest.raises(CorpusError, match="not a folder"):
        Corpus.from_dir(f)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert len(Corpus.from_dir(empty)) == 0  # an empty folder is an empty corpus, not an error


def test_container_protocol():
    reports = [parse_report(fx.REPORT, id=f"r{i}") for i in range(3)]
    c = Corpus(reports)
    assert len(c) == 3 and list(c) == reports
    assert c["r1"] is reports[1] and c[2] is reports[2]
    assert "r0" in c and "zz" not in c
    with pytest.raises(KeyError, match="zz"):
        c["zz"]
    with pytest.raises(CorpusError, match="twice"):
        Corpus([reports[0], reports[0]])


def test_parallel_map_matches_sequential_and_keeps_order():
    # enough reports to take the process-pool path
    reports = [parse_report(fx.REPORT + "\n" * i, id=f"r{i:03d}") for i in range(PARALLEL_MIN_ITEMS + 10)]
    c = Corpus(reports)
    seq = c.map(len, n_jobs=1)
    par = c.map(len, n_jobs=2, progress=False)
    assert par == seq == [len(r.text) for r in reports]
    with pytest.raises(ConfigError):
        parallel_map(len, [1], n_jobs=0)
    with pytest.warns(UserWarning, match="cannot be sent"):
        assert c.map(lambda r: r.id, n_jobs=2) == c.ids  # a lambda runs here, not in workers


def test_to_frame(seeds_dir):
    c = Corpus.from_dir(seeds_dir)
    df = c.to_frame()
    assert list(df.columns) == list(FRAME_COLUMNS) + list(SECTION_COLUMNS)
    assert list(df["id"]) == c.ids
    assert str(df["year"].dtype) == "Int64" and df["year"].notna().all()
    assert (df["n_chars"] == [len(r.text) for r in c]).all()
    # section texts come from the splitter; every seed has a problems section
    for r, problems in zip(c, df["problems"]):
        assert problems == r.problems and problems in r.text
    assert (df["problems"].str.len() > 0).all()
    slim = c.to_frame(sections=False)
    assert list(slim.columns) == list(FRAME_COLUMNS)


def test_named_files_with_one_stem_in_two_folders(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        fx.make_text(tmp_path / sub, "report.txt", "utf-8")
    with pytest.warns(UserWarning):
        c = Corpus.from_paths([tmp_path / "y" / "report.txt", tmp_path / "x" / "report.txt"], n_jobs=1)
    assert c.ids == ["y/report", "x/report"]  # the order given is kept


def test_corpus_themes_labels_every_statement_of_every_report(seeds_dir):
    from giptext import Corpus

    corpus = Corpus.from_dir(seeds_dir)
    frame = corpus.themes()
    expected = sum(len(r.statements()) for r in corpus)
    assert len(frame) == expected > 0
    assert set(frame["doc"]) <= set(corpus.ids)
    assert frame["labels"].map(len).gt(0).all()
