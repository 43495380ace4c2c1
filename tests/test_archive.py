"""The reuse archive (:mod:`giptext.reuse.archive`): same answers as ``detect``, incremental
adds, removal, snapshots, version and damage checks.

The agreement tests are leave-one-out: an archive of the whole corpus checks each sampled
report against all the others (``check`` leaves out an archived report's own entry), and
``detect`` over the whole corpus is exactly ``detect(others + [report])``; the passages of
the report found by both are compared by character coverage (per source report).
"""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from giptext.annotated import load_annotated  # noqa: E402
from giptext.report import Meta, Report  # noqa: E402
from giptext.reuse import Archive, ArchiveError, detect  # noqa: E402

#: Least agreement of passages (characters of the report covered, per source report,
#: |both| / |either|) between ``check`` and ``detect`` that the tests accept (issue 18).
AGREEMENT = 0.99


def _cover(passages, rid: str, only_template: bool = False) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for r in passages.itertuples():
        if only_template and not r.template:
            continue
        if r.doc_b == rid:
            src, s, e = r.doc_a, r.start_b, r.end_b
        elif r.doc_a == rid:
            src, s, e = r.doc_b, r.start_a, r.end_a
        else:
            continue
        out.update((src, i) for i in range(s, e))
    return out


def _report(corpus, rid: str) -> Report:
    m = corpus.manifest.set_index("id").loc[rid]
    year = None if m.get("year") != m.get("year") else int(m.get("year"))
    return Report(id=rid, text=corpus.docs[rid], meta=Meta(agency=m.get("agency"), year=year, level=m.get("level")))


def leave_one_out(corpus, tmp: Path, sample: int, **kw) -> dict[str, float]:
    """Agreement of ``check`` with ``detect`` over ``sample`` reports (every k-th id)."""
    res = detect(corpus, **kw)
    arc = Archive.create(tmp / "arc", **kw)
    arc.add(corpus)
    ids = sorted(corpus.docs)
    ids = ids[:: max(1, len(ids) // sample)][:sample]
    both = either = t_both = t_either = 0
    for rid in ids:
        hit = arc.check(_report(corpus, rid))
        b, c = _cover(res.passages, rid), _cover(hit.passages, rid)
        both += len(b & c)
        either += len(b | c)
        bt, ct = _cover(res.passages, rid, True), _cover(hit.passages, rid, True)
        t_both += len(bt & ct)
        t_either += len(bt | ct)
    arc.close()
    return {"agreement": both / either if either else 1.0, "covered": either, "reports": len(ids),
            "template_agreement": t_both / t_either if t_either else 1.0}


def test_check_agrees_with_detect_on_the_dev_corpus(dev, tmp_path):
    out = leave_one_out(dev, tmp_path, 24, sections="all")
    print("dev leave-one-out", out)
    assert out["covered"] > 20_000, out  # enough reuse to measure
    assert out["agreement"] >= AGREEMENT, out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from corpora.synthetic import generate

    d = tmp_path_factory.mktemp("syn") / "corpus"
    generate(240, seed=18, out_dir=d)
    return load_annotated(d)


@pytest.mark.slow
def test_check_agrees_with_detect_on_a_synthetic_corpus(synthetic, tmp_path):
    out = leave_one_out(synthetic, tmp_path, 40)
    print("synthetic leave-one-out", out)
    assert out["covered"] > 2_000, out
    assert out["agreement"] >= AGREEMENT, out


TEXTS = {
    "2020_a": "一、总体情况\n我局认真贯彻落实《条例》，强化组织领导，完善工作机制，依法及时公开各类政府信息。"
              "二、存在的主要问题\n本单位信息公开工作人员变动频繁，业务培训不足，公开内容不够及时。",
    "2021_b": "一、总体情况\n我镇认真贯彻落实《条例》，强化组织领导，完善工作机制，依法及时公开各类政府信息。"
              "二、存在的主要问题\n乡镇财力有限，网站栏目建设滞后，群众获取信息渠道单一。",
    "2021_c": "一、总体情况\n今年我办围绕重点领域推进公开。"
              "二、存在的主要问题\n本单位信息公开工作人员变动频繁，业务培训不足，公开内容不够及时。",
}


AGENCY = {"2020_a": "乙局", "2021_b": "丙镇", "2021_c": "甲局"}


def _small(tmp_path: Path) -> Archive:
    arc = Archive.create(tmp_path / "arc", sections="all")
    arc.add([Report(id=k, text=v, meta=Meta(agency=AGENCY[k], year=int(k[:4])))
             for k, v in TEXTS.items() if k != "2021_c"])
    return arc


def test_incremental_adds_give_the_answers_of_one_add(tmp_path):
    one = Archive.create(tmp_path / "one", sections="all")
    one.add({k: v for k, v in TEXTS.items() if k != "2021_b"})
    two = Archive.create(tmp_path / "two", sections="all")
    two.add({"2020_a": TEXTS["2020_a"]})
    two.add({"2021_c": TEXTS["2021_c"]})
    assert two.info()["segments"] == 2 and len(two) == 2
    p1 = one.check(("2021_b", TEXTS["2021_b"])).passages
    p2 = two.check(("2021_b", TEXTS["2021_b"])).passages
    assert len(p1) == 1 and p1.equals(p2)
    full = detect(TEXTS, sections="all").for_report("2021_b")
    assert p1[["doc_a", "start_a", "end_a", "start_b", "end_b", "kind"]].equals(
        full[["doc_a", "start_a", "end_a", "start_b", "end_b", "kind"]])


def test_check_names_sources_scope_and_originality(tmp_path):
    arc = _small(tmp_path)
    hit = arc.check(Report(id="2021_c", text=TEXTS["2021_c"], meta=Meta(agency="甲局", year=2021)))
    assert hit.sources["source"].tolist() == ["2020_a"]
    assert hit.passages["scope"].tolist() == ["cross"]
    assert 0.0 < hit.originality < 1.0
    assert hit.result.reports["id"].tolist() == ["2021_c"]
    # an archived report is checked against the others, never against itself
    self_hit = arc.check(("2020_a", TEXTS["2020_a"]))
    assert "2020_a" not in set(self_hit.sources["source"])
    assert self_hit.sources["source"].tolist() == ["2021_b"]


def test_remove_withdraws_a_source_and_adds_skip_known_ids(tmp_path):
    arc = _small(tmp_path)
    assert arc.add({"2020_a": TEXTS["2020_a"]}) == 0  # already there
    assert arc.remove(["2020_a", "nope"]) == 1
    assert len(arc) == 1 and arc.check(("2021_c", TEXTS["2021_c"])).passages.empty
    assert arc.add({"2020_a": TEXTS["2020_a"]}) == 1
    assert len(arc.check(("2021_c", TEXTS["2021_c"])).passages) == 1


def test_a_reader_keeps_its_snapshot_until_refresh(tmp_path):
    arc = _small(tmp_path)
    reader = Archive.open(tmp_path / "arc")
    arc.add({"2021_c": TEXTS["2021_c"]})
    assert len(reader) == 2 and reader.check(("x", TEXTS["2021_c"])).sources["source"].tolist() == ["2020_a"]
    reader.refresh()
    assert len(reader) == 3
    assert sorted(reader.check(("x", TEXTS["2021_c"])).sources["source"]) == ["2020_a", "2021_c"]


def test_a_half_written_add_is_never_read(tmp_path):
    arc = _small(tmp_path)
    seg = tmp_path / "arc" / "segments"
    # a crashed add leaves segment files that no committed manifest lists
    for f in list(seg.iterdir()):
        (seg / ("999999" + f.name[6:])).write_bytes(f.read_bytes())
    again = Archive.open(tmp_path / "arc")
    assert again.info()["segments"] == 1 and len(again) == 2


def test_an_archive_of_another_version_is_refused(tmp_path):
    _small(tmp_path).close()
    db = tmp_path / "arc" / "archive.sqlite"
    with sqlite3.connect(db) as c:
        c.execute("UPDATE meta SET value = ? WHERE key = 'giptext_version'", (json.dumps("0.0.1"),))
    with pytest.raises(ArchiveError, match="made by giptext 0.0.1"):
        Archive.open(tmp_path / "arc")
    with sqlite3.connect(db) as c:
        c.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", (json.dumps(99),))
    with pytest.raises(ArchiveError, match="format 99"):
        Archive.open(tmp_path / "arc")


def test_damage_is_detected_and_named(tmp_path):
    _small(tmp_path).close()
    seg = sorted((tmp_path / "arc" / "segments").glob("*.low.npy"))[0]
    raw = bytearray(seg.read_bytes())
    raw[-3] ^= 0xFF
    seg.write_bytes(bytes(raw))
    with pytest.raises(ArchiveError, match="checksum") as exc:
        Archive.open(tmp_path / "arc")
    assert seg.name in str(exc.value)
    # a damaged report record is refused when it is read
    seg.unlink()
    with pytest.raises(ArchiveError, match="missing"):
        Archive.open(tmp_path / "arc")


def test_a_damaged_record_is_refused(tmp_path):
    _small(tmp_path).close()
    db = tmp_path / "arc" / "archive.sqlite"
    with sqlite3.connect(db) as c:
        c.execute("UPDATE docs SET crc = crc + 1 WHERE id = '2020_a'")
    arc = Archive.open(tmp_path / "arc")
    with pytest.raises(ArchiveError, match="damaged record of report '2020_a'"):
        arc.check(("2021_c", TEXTS["2021_c"]))
    with pytest.raises(ArchiveError, match="damaged record of report '2020_a'"):
        arc.verify()


def test_verify_reads_everything(tmp_path):
    arc = _small(tmp_path)
    assert arc.verify() == {"segment_files": 4, "records": 2}


def test_not_an_archive(tmp_path):
    with pytest.raises(ArchiveError, match="not a giptext archive"):
        Archive.open(tmp_path)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "f").write_text("x")
    with pytest.raises(ArchiveError, match="not an empty folder"):
        Archive.create(tmp_path / "x")


def test_cli_build_add_info_check(tmp_path):
    from typer.testing import CliRunner

    from giptext.cli import app

    run = CliRunner().invoke
    src = tmp_path / "src"
    src.mkdir()
    for k in ("2020_a", "2021_b"):
        (src / f"{k}.txt").write_text(TEXTS[k], encoding="utf-8")
    new = tmp_path / "new"
    new.mkdir()
    (new / "2021_c.txt").write_text(TEXTS["2021_c"], encoding="utf-8")
    (new / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    arc = tmp_path / "arc"
    r = run(app, ["index", "build", str(src), "-o", str(arc), "--all-text", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert "2 reports" in r.output
    r = run(app, ["index", "build", str(src), "-o", str(arc)])
    assert r.exit_code == 2 and "already exists" in r.output
    r = run(app, ["check", str(new), "--index", str(arc), "--json", "--html", str(tmp_path / "pages")])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert [x["id"] for x in rows] == ["2021_c"]
    assert [s["source"] for s in rows[0]["sources"]] == ["2020_a"]
    assert "broken.pdf" in r.output  # named and skipped, the batch went on
    assert (tmp_path / "pages" / "2021_c.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = run(app, ["index", "add", str(arc), str(new), "-j", "1"])
    assert r.exit_code == 0 and "added 1 report(s)" in r.output, r.output
    r = run(app, ["index", "info", str(arc), "--json"])
    assert json.loads(r.stdout)["reports"] == 3
    r = run(app, ["index", "remove", str(arc), "2021_c", "nope"])
    assert r.exit_code == 0 and "removed 1 report(s) of 2 named; 2 reports remain" in r.output, r.output
    r = run(app, ["index", "info", str(tmp_path)])
    assert r.exit_code == 2 and "not a giptext archive" in r.output


def _writer(path: str, n: int) -> None:
    arc = Archive.open(path)
    for k in range(n):
        arc.add({f"w{k}": TEXTS["2021_c"].replace("今年", f"第{k}年")})


def test_readers_check_while_a_process_adds(tmp_path):
    import multiprocessing as mp

    arc = _small(tmp_path)
    p = mp.get_context("fork").Process(target=_writer, args=(str(tmp_path / "arc"), 6))
    p.start()
    seen = []
    while p.is_alive() or len(seen) < 3:
        r = Archive.open(tmp_path / "arc")  # every open verifies the committed segments
        hit = r.check(("x", TEXTS["2021_c"]))
        # every report of the snapshot is a complete add (record and postings): each is found
        assert set(hit.sources["source"]) == {"2020_a"} | {i for i in r.ids if i.startswith("w")}
        seen.append(len(r))
        r.close()
    p.join()
    assert p.exitcode == 0
    assert seen == sorted(seen) and len(Archive.open(tmp_path / "arc")) == 8


def test_a_large_add_is_split_into_segments_in_one_transaction(tmp_path, monkeypatch):
    import giptext.reuse.archive as archive

    monkeypatch.setattr(archive, "SEGMENT_REPORTS", 1)
    arc = Archive.create(tmp_path / "arc", sections="all")
    assert arc.add(TEXTS) == 3
    assert arc.info()["segments"] == 3
    assert sorted(arc.check(("x", TEXTS["2021_c"])).sources["source"]) == ["2020_a", "2021_c"]


def test_a_failed_add_leaves_the_archive_as_it_was(tmp_path, monkeypatch):
    import giptext.reuse.archive as archive

    arc = _small(tmp_path)
    monkeypatch.setattr(archive, "SEGMENT_REPORTS", 1)

    def boom(*a, **k):
        raise OSError("disk full")

    calls = []
    real = archive._write_array

    def flaky(path, arr):
        calls.append(path)
        if len(calls) > 4:  # the first segment is written, the second fails
            boom()
        return real(path, arr)

    monkeypatch.setattr(archive, "_write_array", flaky)
    with pytest.raises(OSError, match="disk full"):
        arc.add({"n1": TEXTS["2021_c"], "n2": TEXTS["2021_c"] + "。"})
    again = Archive.open(tmp_path / "arc")
    assert len(again) == 2 and again.info()["segments"] == 1
    monkeypatch.setattr(archive, "_write_array", real)
    assert again.add({"n1": TEXTS["2021_c"]}) == 1 and len(again) == 3
