"""The SYNTHETIC corpus generator (corpora/synthetic.py) and reuse detection scored on it."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora.synthetic import generate, score  # noqa: E402
from giptext.annotated import load_annotated  # noqa: E402


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            h.update(f.relative_to(folder).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def syn(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("syn") / "c120"
    generate(120, seed=7, out_dir=out)
    return out


def test_same_seed_same_bytes_other_seed_differs(syn: Path, tmp_path: Path):
    generate(120, seed=7, out_dir=tmp_path / "again")
    generate(120, seed=8, out_dir=tmp_path / "other")
    assert _digest(tmp_path / "again") == _digest(syn)
    assert _digest(tmp_path / "other") != _digest(syn)


def test_layout_loads_and_is_labelled_synthetic(syn: Path):
    ac = load_annotated(syn)
    assert len(ac.docs) == 120
    assert ac.manifest["synthetic"].all()
    assert ac.manifest["note"].str.contains("SYNTHETIC").all()
    assert "SYNTHETIC" in (syn / "README.md").read_text(encoding="utf-8")
    assert set(ac.manifest["format"]) == {"2019_template", "pre2019"}
    assert ac.manifest["year"].between(2008, 2025).all()
    assert (ac.manifest.loc[ac.manifest["year"] >= 2019, "format"] == "2019_template").all()
    assert set(ac.manifest["level"]) <= {"province", "city", "county", "township", "department"}
    lengths = ac.manifest["n_chars"]
    assert (lengths == [len(ac.docs[i]) for i in ac.manifest["id"]]).all()
    # realistic lengths: the sampled target is 1,500–8,000; assembled texts land near it
    assert lengths.between(1200, 10000).mean() > 0.95
    assert 2500 < lengths.median() < 6500


def test_gold_reuse_offsets_are_exact(syn: Path):
    ac = load_annotated(syn)
    gold = _rows(syn / "gold_reuse.jsonl")
    assert len(gold) > 20
    for g in gold:
        for side in "ab":
            text = ac.docs[g[f"doc_{side}"]]
            assert text[g[f"start_{side}"]:g[f"end_{side}"]] == g[f"text_{side}"]
            assert text.find(g[f"text_{side}"]) >= 0
        assert g["doc_a"] != g["doc_b"]
        if g["kind"] == "verbatim":
            assert g["text_a"] == g["text_b"]
        else:
            assert g["text_a"] != g["text_b"]
    kinds = {g["kind"] for g in gold}
    scopes = {g["scope"] for g in gold}
    assert kinds == {"verbatim", "near", "paraphrase"} and scopes == {"self", "cross"}
    agency = dict(zip(ac.manifest["id"], ac.manifest["agency"]))
    for g in gold:
        same = agency[g["doc_a"]] == agency[g["doc_b"]]
        assert same == (g["scope"] == "self")


def test_near_copies_change_little_and_paraphrases_change_much(syn: Path):
    from difflib import SequenceMatcher

    gold = _rows(syn / "gold_reuse.jsonl")
    ratio = {k: [SequenceMatcher(None, g["text_a"], g["text_b"]).ratio() for g in gold if g["kind"] == k]
             for k in ("near", "paraphrase")}
    assert min(ratio["near"]) > 0.75
    assert sum(ratio["paraphrase"]) / len(ratio["paraphrase"]) < sum(ratio["near"]) / len(ratio["near"]) - 0.1


def test_gold_sections_and_templates_are_substrings(syn: Path):
    ac = load_annotated(syn)
    for row in _rows(syn / "gold_sections.jsonl"):
        text = ac.docs[row["id"]]
        for key in ("overview", "problems"):
            s, e = row[f"{key}_span"]
            assert text[s:e] == row[f"{key}_text"] == row[f"{key}_text"].strip()
            assert row[f"{key}_text"]
        assert row["overview_start"] in text and row["problems_heading"] in text
        assert text.index(row["overview_start"]) < row["overview_span"][0]
        assert text.index(row["problems_heading"]) < row["problems_span"][0]
    templates = _rows(syn / "gold_templates.jsonl")
    by_name: dict[str, set] = {}
    for t in templates:
        assert 0 <= t["start"] < t["end"] <= len(ac.docs[t["id"]])
        by_name.setdefault(t["template"], set()).add(t["id"])
    # template text is shared by many reports
    assert max(len(v) for v in by_name.values()) > 30


def test_score_of_the_gold_itself_is_perfect_and_of_nothing_is_zero(syn: Path):
    gold = pd.DataFrame(_rows(syn / "gold_reuse.jsonl"))
    s = score(gold, syn)
    assert s["precision"] == 1.0 and s["recall"] == 1.0
    # swapped sides (doc_b as the earlier report) are matched too
    swapped = gold.rename(columns={"doc_a": "doc_b", "doc_b": "doc_a", "start_a": "start_b", "start_b": "start_a",
                                   "end_a": "end_b", "end_b": "end_a"})
    assert score(swapped, syn)["recall"] == 1.0
    empty = score(gold.iloc[0:0], syn)
    assert empty["recall"] == 0.0
    # a passage pointing at unrelated narrative is a false positive
    g0 = gold.iloc[0]
    wrong = pd.DataFrame([{"doc_a": g0.doc_a, "start_a": 0, "end_a": 30, "doc_b": g0.doc_b, "start_b": 0, "end_b": 30}])
    assert score(wrong, syn)["false_rows"] == 1


def test_cli_writes_a_corpus(tmp_path: Path):
    from corpora.synthetic import main

    assert main(["--n", "10", "--seed", "1", "--out", str(tmp_path / "c")]) == 0
    assert len(list((tmp_path / "c" / "docs").glob("*.txt"))) == 10
    assert main(["--n", "1", "--out", str(tmp_path / "bad")]) == 2


@pytest.mark.slow
def test_detect_precision_and_recall_on_synthetic(tmp_path: Path):
    """giptext.reuse.detect on 100 synthetic reports finds the planted verbatim and near copies,
    and what it reports is really shared text.

    Floors, not the issue's goals (≥ 0.95 each; benchmarks/bench_reuse.py measures those at
    scale): they catch regressions without failing on the sampling noise of a small corpus.
    ``precision`` counts chance runs of shared formula as correct (they are shared text);
    ``precision_planted`` does not and is not asserted here.
    """
    reuse = pytest.importorskip("giptext.reuse")
    out = tmp_path / "c100"
    generate(100, seed=11, out_dir=out)
    res = reuse.detect(load_annotated(out))
    s = score(res.passages, out)
    assert s["gold_pairs"] >= 15
    assert s["recall_verbatim_near"] >= 0.9, s
    assert s["precision"] >= 0.85, s


def test_output_does_not_depend_on_workers_or_chunking_order(tmp_path: Path, monkeypatch):
    """Chunks are drawn and written in forked workers or in-process: the same bytes either way
    (small chunks here so 120 reports make three of them)."""
    import corpora.synthetic as syn

    monkeypatch.setattr(syn, "_CHUNK", 50)
    syn.generate(120, seed=5, out_dir=tmp_path / "one", workers=1)
    syn.generate(120, seed=5, out_dir=tmp_path / "two", workers=2)
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")


def test_sections_have_realistic_item_counts_and_unit_boundaries(syn: Path):
    """Reports are built to their sampled length: problems 2–7 items, improvements 3–8, the
    overview filling the rest (checked on the gold sections of the 2019-format reports, whose
    problems part holds exactly the numbered items)."""
    import re

    rows = _rows(syn / "gold_sections.jsonl")
    man = {r["id"]: r for r in _rows(syn / "manifest.jsonl")}
    ov = [len(r["overview_text"]) for r in rows]
    assert 1500 < sum(ov) / len(ov) < 4000
    for r in rows:
        if man[r["id"]]["format"] != "2019_template" or "improvements_heading" in r:
            continue
        items = r["problems_text"].count("。")
        # 2–7 problems + 3–8 measures, each one or two sentences, plus any planted copies
        assert 5 <= items, r["id"]
    # the sentence-joining never glues two units without a boundary
    for r in rows:
        assert not re.search(r"。[，、]", r["overview_text"])


@pytest.mark.slow
def test_command_line_in_a_fresh_process(tmp_path: Path):
    """``python corpora/synthetic.py`` from another directory: the compiled grammar's on-disk cache
    must load there too (it re-imports the module by name), and the output equals generate()'s."""
    import subprocess

    out = tmp_path / "cli"
    proc = subprocess.run([sys.executable, str(ROOT / "corpora" / "synthetic.py"), "--n", "30", "--seed", "2",
                           "--out", str(out)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["n_docs"] == 30
    generate(30, seed=2, out_dir=tmp_path / "api")
    assert _digest(out) == _digest(tmp_path / "api")
