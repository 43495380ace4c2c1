"""The skeleton's own pieces: text normalisation, errors, annotated corpus loading, eval CLI."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from giptext.annotated import load_annotated
from giptext.cli import app
from giptext.errors import CorpusError, GiptextError, UnsupportedFormatError
from giptext.textnorm import _char_t2s, fold, t2s_chars, to_halfwidth, to_simplified


def test_to_simplified_is_length_preserving_and_converts():
    s = "政府資訊公開工作年度報告，存在問題與改進措施"
    out = to_simplified(s)
    assert len(out) == len(s)
    assert out == "政府资讯公开工作年度报告，存在问题与改进措施"


def test_t2s_table_agrees_with_the_converter_on_every_cjk_character():
    table = t2s_chars()
    assert len(table) > 2000
    cjk = list(range(0x3400, 0xA000)) + list(range(0xF900, 0xFB00))
    wrong = [chr(cp) for cp in cjk if table.get(cp, chr(cp)) != _char_t2s(chr(cp))]
    assert wrong == []


def test_kangxi_radicals_fold_to_ideographs():
    s = "\u2f2f\u2f00\u2f12\u2f08"  # ⼯⼀⼒⼈ as seen in badly extracted PDFs
    assert to_simplified(s) == "工一力人"


def test_halfwidth_maps_fullwidth_ascii_and_ideographic_space():
    assert to_halfwidth("１２３ＡＢ，（一）\u3000x") == "123AB,(一) x"
    assert fold("（二）改進措施") == "(二)改进措施"


def test_error_message_is_one_line_with_path():
    err = UnsupportedFormatError("dir/a.doc", "'.doc' is not supported;\n use .docx")
    assert str(err) == "dir/a.doc: '.doc' is not supported; use .docx"
    assert isinstance(err, GiptextError)


def test_load_annotated_dev(dev):
    assert len(dev.docs) == len(dev.manifest) > 0
    # The corpus convention: every gold text field is an exact substring of its doc.
    for row in dev.themes.itertuples():
        assert row.text in dev.docs[row.id]
    for row in dev.reuse.itertuples():
        assert row.text_a in dev.docs[row.doc_a] and row.text_b in dev.docs[row.doc_b]


def test_load_annotated_rejects_bad_layout(tmp_path):
    with pytest.raises(CorpusError, match="not an annotated corpus"):
        load_annotated(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "manifest.jsonl").write_text('{"id": "001"}\n{oops\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="line 2"):
        load_annotated(tmp_path)


def test_cli_version_and_eval_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.startswith("giptext ")
    res = runner.invoke(app, ["eval", str(tmp_path / "missing")])
    assert res.exit_code == 2
    assert "no such folder" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["eval", "sections", str(tmp_path)])
    assert res.exit_code == 2 and "not an annotated corpus" in res.output
