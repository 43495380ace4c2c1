"""``giptext split``: summary, JSON Lines and CSV output; skipped files; one-line errors."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_make as fx  # noqa: E402

from giptext.cli import app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"


def run(*args: str):
    return CliRunner().invoke(app, ["split", *map(str, args)])


def test_summary_on_the_sample_corpus():
    res = run(SAMPLES)
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "agency", "year"]
    for f in sorted(SAMPLES.glob("*.txt")):
        assert any(line.startswith(f.stem) for line in lines)
    assert "驻马店市商务局" in res.stdout and "problems" in res.stdout
    assert lines[-1] == "5 report(s) read, 0 skipped"


def test_json_lines_are_reports_with_valid_offsets():
    res = run(SAMPLES, "--json")
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 5
    for row in rows:
        assert {"id", "path", "meta", "sections", "overview", "problems", "improvements"} <= set(row)
        assert {"agency", "year", "level", "region", "title"} <= set(row["meta"])
        text = Path(row["path"]).read_text(encoding="utf-8")
        for s in row["sections"]:
            assert set(s) >= {"label", "heading", "start", "end", "text"}
            assert text[s["start"]: s["end"]] == s["text"]
        assert row["problems"] and row["problems"] in text


def test_csv_one_row_per_report():
    res = run(SAMPLES, "--csv")
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 5
    assert {"id", "agency", "year", "level", "sections", "overview", "problems", "improvements"} <= set(rows[0])
    assert all(isinstance(json.loads(r["sections"]), list) for r in rows)


def test_other_formats_and_a_batch_with_bad_files(tmp_path):
    good = [fx.make_docx(tmp_path), fx.make_html(tmp_path), fx.make_text(tmp_path, "gbk.txt", "gbk")]
    bad = fx.make_bad_files(tmp_path)
    res = run(*good, bad["doc"], bad["undecodable"], tmp_path / "missing.txt", "--json")
    assert res.exit_code == 0  # the good files were read
    ids = [json.loads(line)["id"] for line in res.stdout.splitlines()]
    assert ids == ["report.docx", "report.html", "gbk"]  # same stem: the extension tells them apart
    assert "skipped 3 file(s)" in res.stderr
    for p in (bad["doc"], bad["undecodable"], tmp_path / "missing.txt"):
        assert str(p) in res.stderr
    assert "Traceback" not in res.stderr + res.stdout


@pytest.mark.parametrize("kind", ["doc", "wps", "unknown", "empty", "undecodable", "bad_docx", "bad_pdf"])
def test_one_bad_named_file_fails_with_one_line(tmp_path, kind):
    p = fx.make_bad_files(tmp_path)[kind]
    res = run(p)
    assert res.exit_code != 0
    err = res.stderr.strip()
    assert err.startswith("giptext: error: ") and str(p) in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_scanned_pdf_and_missing_file(tmp_path):
    res = run(fx.make_pdf_scan(tmp_path))
    assert res.exit_code != 0 and "OCR" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = run(tmp_path / "nope.txt")
    assert res.exit_code != 0 and "no such file" in res.stderr


def test_folder_with_nothing_readable_fails(tmp_path):
    fx.make_bad_files(tmp_path)
    res = run(tmp_path)
    assert res.exit_code != 0
    assert "no report could be read" in res.stderr and "skipped" in res.stderr


def test_json_and_csv_are_exclusive():
    res = run(SAMPLES, "--json", "--csv")
    assert res.exit_code != 0 and "--json" in res.stderr


def test_console_script_prints_no_traceback(tmp_path):
    """The installed entry point, as a user runs it."""
    exe = Path(sys.executable).parent / "giptext"
    if not exe.exists():
        pytest.skip("console script not installed")
    p = fx.make_bad_files(tmp_path)["doc"]
    proc = subprocess.run([str(exe), "split", str(p)], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == [
        f"giptext: error: {p}: legacy Word binary (.doc) is not supported; save it as .docx or .pdf "
        "(supported formats: .txt, .docx, .html/.htm, .pdf)"
    ]
