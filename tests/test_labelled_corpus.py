"""The hand-labelled statement corpus (corpora/labelled) is consistent with its own rules.

Loaded through giptext.annotated.load_annotated like the dev corpus; checks that every
statement's offsets point at its text, labels are codebook labels, nothing repeats a dev
gold statement, the double-labelled rows carry both passes, and no gathered page is
reserved for evaluation (check.py's hashes are re-computed when shared/exclude is present).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from giptext.annotated import load_annotated, read_jsonl, shared_dir

ROOT = Path(__file__).resolve().parent.parent / "corpora" / "labelled"
CODEBOOK = {
    "awareness", "mechanism", "content", "timeliness", "channels", "platform", "interpretation", "staff",
    "coordination", "requests", "supervision", "keyareas", "grassroots", "publicity", "confidentiality", "other",
}


@pytest.fixture(scope="module")
def corpus():
    return load_annotated(ROOT)


def test_loads_with_themes(corpus):
    assert len(corpus.docs) == len(corpus.manifest) > 0
    assert {"id", "text", "kind", "themes", "section", "start", "end", "pass"} <= set(corpus.themes.columns)
    assert set(corpus.themes["id"]) <= set(corpus.docs)
    # every kept document holds at least one statement
    assert set(corpus.themes["id"]) == set(corpus.docs)


def test_offsets_point_at_text(corpus):
    for row in corpus.themes.itertuples():
        doc = corpus.docs[row.id]
        assert doc[row.start : row.end] == row.text, (row.id, row.start, row.text)
        assert row.text == row.text.strip() and row.text


def test_labels_and_kinds(corpus):
    for row in corpus.themes.itertuples():
        assert row.themes and set(row.themes) <= CODEBOOK, row.themes
        assert len(set(row.themes)) == len(row.themes)
        assert row.kind in ("problem", "improvement")
        assert row.section in ("problems", "improvements")


def test_no_duplicate_statements(corpus):
    spans = list(zip(corpus.themes["id"], corpus.themes["start"], corpus.themes["end"]))
    assert len(spans) == len(set(spans))
    # no two statements of one document overlap
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for d, a, b in spans:
        by_doc.setdefault(d, []).append((a, b))
    for d, lst in by_doc.items():
        lst.sort()
        for (a1, b1), (a2, b2) in zip(lst, lst[1:]):
            assert b1 <= a2, (d, (a1, b1), (a2, b2))


def test_passes_recorded(corpus):
    t = corpus.themes
    assert set(t["pass"]) <= {"single", "double"}
    double = t[t["pass"] == "double"]
    assert len(double) > 0
    for row in double.itertuples():
        assert row.themes_pass2 is not None and set(row.themes_pass2) <= CODEBOOK
        if sorted(row.themes_pass1) == sorted(row.themes_pass2):
            assert row.resolution == "agreed" and sorted(row.themes) == sorted(row.themes_pass1)
        else:
            assert row.resolution == "resolved"
    single = t[t["pass"] == "single"]
    assert all(list(r.themes) == list(r.themes_pass1) for r in single.itertuples())


def _dev():
    dev = shared_dir() / "dev"
    if not (dev / "manifest.jsonl").is_file():
        pytest.skip("shared/dev not available")
    return dev


def test_no_overlap_with_dev_gold(corpus):
    dev = _dev()
    dev_urls = {m["url"].rstrip("/").lower() for m in read_jsonl(dev / "manifest.jsonl")}
    man = corpus.manifest.set_index("id")
    for doc_id, row in man.iterrows():
        if row["source"] == "page":
            assert row["url"].rstrip("/").lower() not in dev_urls, row["url"]
    gold = read_jsonl(dev / "gold_themes.jsonl")
    by_dev: dict[str, list[str]] = {}
    for g in gold:
        by_dev.setdefault(g["id"], []).append(g["text"])
    for r in corpus.themes.itertuples():
        m = man.loc[r.id]
        if m["source"] != "dev":
            continue
        dev_text = (dev / "docs" / f"{m['dev_id']}.txt").read_text(encoding="utf-8")
        assert dev_text == corpus.docs[r.id]
        for gt in by_dev.get(m["dev_id"], []):
            gs = dev_text.find(gt)
            assert gs < 0 or gs + len(gt) <= r.start or r.end <= gs, (r.id, r.text, gt)


def test_pages_not_reserved(corpus):
    man = corpus.manifest
    pages = man[man["source"] == "page"]
    assert len(pages) > 0
    assert set(pages["exclude_check"]) == {"free"}
    checks = {c["url"]: c["result"] for c in read_jsonl(ROOT / "exclude_check.jsonl")}
    for u in pages["url"]:
        assert checks.get(u) == "free", u
    check_py = shared_dir() / "exclude" / "check.py"
    if not check_py.is_file():
        pytest.skip("shared/exclude/check.py not available; the stored results were checked above")
    spec = importlib.util.spec_from_file_location("gip_exclude_check", check_py)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for row in pages.itertuples():
        assert not mod.url_reserved(row.url), row.url
        assert not mod.text_reserved(corpus.docs[row.id]), row.id


def test_manifest_fields(corpus):
    need = {"id", "url", "agency", "year", "level", "source", "title", "retrieval", "script", "is_template_site"}
    assert need <= set(corpus.manifest.columns)
    assert set(corpus.manifest["source"]) <= {"seed", "dev", "page"}
    assert corpus.manifest["id"].is_unique
    levels = {"province", "city", "county", "township", "department", "unknown"}
    for row in read_jsonl(ROOT / "manifest.jsonl"):
        assert row["level"] in levels, row
        assert row["year"] is None or (isinstance(row["year"], int) and 2000 <= row["year"] <= 2030), row
        assert (row["url"] is None) == (row["source"] == "seed"), row
