"""Hostile input: what a user trying to break giptext would feed it (issue 17).

Every file is generated here (no large fixtures): a model file that runs code, file names that
are not UTF-8, an ``analyze`` stopped half way (an exception in a writer, a SIGKILL), ``analyze``
run twice over a folder holding its own output, and the earlier bad files (wrong encodings, a
scan without text layer, ``.doc``, binary junk named ``.txt``, an empty file). Each must give
one line naming the file, while the rest of the batch is processed and reported at the end.
"""
from __future__ import annotations

import builtins
import hashlib
import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_make as fx  # noqa: E402

import giptext  # noqa: E402
from giptext._atomic import OUTPUT_MARKER, atomic_dir  # noqa: E402
from giptext._escape import escape_name  # noqa: E402
from giptext.cli import app  # noqa: E402
from giptext.corpus import Corpus  # noqa: E402
from giptext.errors import ConfigError, GiptextError, ModelNotAvailableError, ReadError  # noqa: E402
from giptext.themes import _trust  # noqa: E402
from giptext.themes import load_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) → SHA-1 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def corpus_dir(tmp_path: Path, n: int = 3, name: str = "corpus") -> Path:
    d = tmp_path / name
    d.mkdir()
    for f in SAMPLES[:n]:
        shutil.copy(f, d / f.name)
    return d


# == 1. model files ==========================================================================
def evil_model(path: Path, flag: Path) -> Path:
    """A skops file whose ``predict_proba`` creates ``flag``: Pipeline(FunctionTransformer(
    numpy.full_like → the payload text, builtins.min → one string, builtins.exec)) + a classifier.
    Every type in it starts with a prefix the old trust rule accepted (numpy., builtins., sklearn.)."""
    import skops.io as sio
    from sklearn.dummy import DummyClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    payload = f"__import__('pathlib').Path({str(flag)!r}).touch()"
    pipe = Pipeline([
        ("fill", FunctionTransformer(np.full_like, kw_args={"fill_value": payload, "dtype": object})),
        ("one", FunctionTransformer(builtins.min)),
        ("run", FunctionTransformer(builtins.exec)),
        ("clf", DummyClassifier().fit([[0], [1]], [0, 1])),
    ])
    sio.dump(pipe, path)
    return path


def test_hostile_model_would_run_code_and_is_refused_everywhere(tmp_path):
    import skops.io as sio

    flag = tmp_path / "PWNED"
    evil = evil_model(tmp_path / "evil.skops", flag)
    untrusted = sio.get_untrusted_types(file=evil)
    old_prefixes = ("giptext.themes.", "sklearn.", "numpy.", "scipy.", "builtins.", "collections.")
    assert "builtins.exec" in untrusted and all(t.startswith(old_prefixes) for t in untrusted)

    # Control: loaded by a loader that trusts its types, using it runs the payload.
    with pytest.raises(Exception):
        sio.load(evil, trusted=untrusted).predict_proba(["信息公开不及时"])
    assert flag.exists()
    flag.unlink()

    with pytest.raises(ConfigError, match=r"evil\.skops.*builtins\.exec"):
        load_model(evil)
    with pytest.raises(ConfigError, match="builtins.exec"):
        giptext.themes.load(str(evil))
    with pytest.raises(ConfigError, match="builtins.exec"):
        giptext.analyze(corpus_dir(tmp_path, 2, "api"), themes_model=evil, progress=False)  # a Path
    texts = tmp_path / "texts.txt"
    texts.write_text("信息公开不及时\n", encoding="utf-8")
    res = cli("themes", "--texts", texts, "--model", evil)
    assert res.exit_code == 2 and "builtins.exec" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output
    res = cli("analyze", corpus_dir(tmp_path, 2), "-o", tmp_path / "out", "--themes-model", evil, "-q")
    assert res.exit_code == 2 and "builtins.exec" in res.stderr
    assert not flag.exists()
    assert not (tmp_path / "out").exists()  # refused before anything was read or written


def _schema(path: Path) -> dict:
    return json.loads(zipfile.ZipFile(path).read("schema.json"))


def test_allow_list_is_exactly_the_types_giptext_models_hold(tmp_path):
    from test_themes import SYNTH_G, SYNTH_X, SYNTH_Y

    from giptext.themes import LexiconThemeClassifier, TermMiner, TfidfThemeClassifier
    from giptext.themes.embedding import EmbeddingThemeClassifier
    from giptext.themes.ensemble import EnsembleThemeClassifier
    from giptext.themes.zeroshot import ZeroShotThemeClassifier

    estimators = {
        "lexicon": LexiconThemeClassifier(),
        "tfidf": TfidfThemeClassifier(cv=3),
        "tfidf-mined": TfidfThemeClassifier(words=False, seed_weight=1.0, seeds="mined",
                                            miner=TermMiner(min_docs=1), cv=3),
        "ensemble": EnsembleThemeClassifier([("lexicon", LexiconThemeClassifier()),
                                             ("tfidf", TfidfThemeClassifier(cv=3))], cv=3),
        "embedding": EmbeddingThemeClassifier("static-zh", cv=3),
        "zeroshot": ZeroShotThemeClassifier("static-zh"),
    }
    types: set[str] = set()
    loaders: set[str] = set()
    for name, est in estimators.items():
        path = est.fit(SYNTH_X, SYNTH_Y, groups=SYNTH_G).save(tmp_path / f"{name}.skops")
        t, k = _trust.schema_types(_schema(path))
        types |= t
        loaders |= k
        back = load_model(path)
        assert type(back) is type(est)
    shipped, shipped_loaders = _trust.schema_types(_schema(ROOT / "models" / "themes-default" / "model.skops"))
    assert shipped <= _trust.MODEL_TYPES and shipped_loaders <= _trust.MODEL_LOADERS
    assert types | shipped == _trust.MODEL_TYPES  # exact: nothing listed that no model holds
    assert loaders == _trust.MODEL_LOADERS


def _forge(path: Path, schema: dict) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("schema.json", json.dumps(schema))
    return path


def test_other_hostile_model_files_are_refused_in_one_line(tmp_path, monkeypatch):
    # a node kind that calls things, naming only an allowed type
    p = _forge(tmp_path / "reduce.skops", {"__class__": "dict", "__module__": "builtins", "__loader__": "ReduceNode",
                                           "protocol": 2, "_skops_version": "0.16.0"})
    with pytest.raises(ConfigError, match="ReduceNode"):
        load_model(p)
    # a schema nested far deeper than any model
    with zipfile.ZipFile(tmp_path / "deep.skops", "w") as z:
        z.writestr("schema.json", '{"x":' * 50_000 + "{}" + "}" * 50_000)
    with pytest.raises(ConfigError, match="deep.skops"):
        load_model(tmp_path / "deep.skops")
    # a zip bomb posing as a model: refused by counting, with bounded memory
    monkeypatch.setattr(_trust, "MAX_MODEL_UNPACKED", 8 * 2**20)
    bomb = tmp_path / "bomb.skops"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("schema.json", "w") as f:
            for _ in range(64):
                f.write(b" " * 2**20)
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError, match="over 8,388,608 bytes"):
            load_model(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 24 * 2**20
    monkeypatch.undo()
    # a schema too large to parse safely (the limit lowered so the file stays small)
    monkeypatch.setattr(_trust, "MAX_SCHEMA_BYTES", 2**20)
    with zipfile.ZipFile(tmp_path / "big.skops", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("schema.json", json.dumps({"__loader__": "ListNode", "content": [{}] * 2**19}))
    with pytest.raises(ConfigError, match="big.skops: refused: the model's schema.json is over 1,048,576 bytes"):
        load_model(tmp_path / "big.skops")
    # something that is not a model at all
    (tmp_path / "junk.skops").write_bytes(os.urandom(4096))
    with pytest.raises(ConfigError, match="junk.skops: not a skops model file"):
        load_model(tmp_path / "junk.skops")


def _raw_zip(path: Path, name: str, comp: bytes, declared: int) -> Path:
    """A one-member zip holding the raw deflate stream ``comp``, declaring ``declared`` bytes unpacked."""
    import struct

    n = name.encode()
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(comp), declared, len(n), 0) + n
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, 0, len(comp), declared,
                          len(n), 0, 0, 0, 0, 0, 0) + n
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(comp), 0)
    path.write_bytes(local + comp + central + end)
    return path


BOMB_RUN = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space in all
    from giptext.errors import GiptextError
    from giptext.themes import load_model
    for path in sys.argv[1:]:
        try:
            load_model(path)
            print("LOADED", path)
        except GiptextError as err:
            print(err)
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as Linux enforces it")
def test_a_model_zip_bomb_is_refused_under_a_1gib_address_space(tmp_path):
    import zlib

    # 2 GiB of spaces as a 2 MB deflate stream (one compressed MiB repeated after full flushes)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(b" " * 2**20) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(b" " * 2**20) + c.flush(zlib.Z_FULL_FLUSH)
    comp = first + block * 2047 + c.flush()
    honest = _raw_zip(tmp_path / "honest.skops", "schema.json", comp, 2**31)  # says 2 GiB
    liar = _raw_zip(tmp_path / "liar.skops", "schema.json", comp, 1000)  # says 1,000 bytes
    env = {**ENV, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    res = subprocess.run([PY, "-c", BOMB_RUN, str(honest), str(liar)], env=env, capture_output=True, text=True,
                         timeout=600)
    lines = res.stdout.splitlines()
    assert res.returncode == 0, res.stderr[-2000:]
    assert lines == [f"{honest}: refused: the model file unpacks to over 536,870,912 bytes "
                     "(limit: giptext.themes._trust.MAX_MODEL_UNPACKED)",
                     f"{liar}: not a skops model file (BadZipFile)"]


def test_a_model_may_not_name_a_foreign_embedder(tmp_path):
    from test_themes import SYNTH_G, SYNTH_X, SYNTH_Y

    from giptext.themes.embedding import EmbeddingThemeClassifier

    clf = EmbeddingThemeClassifier("static-zh", cv=3).fit(SYNTH_X, SYNTH_Y, groups=SYNTH_G)
    foreign = tmp_path / "someone-elses-model"
    shutil.copytree(ROOT / "models" / "static-zh", foreign)
    clf.set_params(embedder=str(foreign))
    path = clf.save(tmp_path / "m.skops")
    with pytest.raises(ConfigError, match="embedder"):
        load_model(path)
    assert load_model(path, trusted_embedders=[foreign]).embedder == str(foreign)


def test_embedder_folders_that_would_import_code_are_refused(tmp_path):
    from giptext.embed._base import set_offline
    from giptext.embed.loader import load_embedder

    bad = tmp_path / "bad-model"
    shutil.copytree(ROOT / "models" / "static-zh", bad)
    (bad / "modules.json").write_text(json.dumps([{"idx": 0, "name": "0", "path": "", "type": "os.system"}]))
    with pytest.raises(ModelNotAvailableError, match="os.system"):
        load_embedder(bad)
    remote = tmp_path / "remote-code"
    shutil.copytree(ROOT / "models" / "static-zh", remote)
    (remote / "config.json").write_text(json.dumps({"auto_map": {"AutoModel": "evil.Model"}}))
    with pytest.raises(ModelNotAvailableError, match="auto_map"):
        load_embedder(remote)
    set_offline()
    assert os.environ["TORCH_FORCE_WEIGHTS_ONLY_LOAD"] == "1"


# == 4. names that are not UTF-8 ==============================================================
def _bytes_name(folder: Path, name: bytes) -> bytes:
    return os.path.join(os.fsencode(folder), name)


@pytest.fixture
def odd_names(tmp_path):
    d = corpus_dir(tmp_path, 2)
    try:
        shutil.copy(SAMPLES[2], _bytes_name(d, b"\xff\xfe.txt"))
        Path(os.fsdecode(_bytes_name(d, b"\xfe\xfd.txt"))).write_bytes(bytes(range(256)) * 4)  # junk: skipped
        Path(os.fsdecode(_bytes_name(d, b"\xfa.docx"))).write_bytes(b"PK\x03\x04 junk")  # the reason repeats the name
        Path(os.fsdecode(_bytes_name(d, b"\\xff\\xfe.txt"))).write_bytes(SAMPLES[3].read_bytes())  # looks the same escaped
    except OSError:  # pragma: no cover - a file system that only takes UTF-8 names
        pytest.skip("file system refuses names that are not UTF-8")
    return d


def test_escape_name_is_visible_and_total():
    assert escape_name(os.fsdecode(b"a\xff\xfe.txt")) == "a\\xff\\xfe.txt"
    assert escape_name(b"\xff") == "\\xff"
    assert escape_name("年度报告") == "年度报告" and escape_name(None) is None
    assert escape_name("\ud800x") == "\\ud800x"
    err = ReadError(os.fsdecode(b"/r/\xff.txt"), "empty file")
    assert str(err) == "/r/\\xff.txt: empty file"
    str(err).encode("utf-8")


def test_non_utf8_names_reach_every_output(odd_names, tmp_path):
    with pytest.warns(UserWarning, match="numbered"):  # the two names that escape alike
        corpus = Corpus.from_dir(odd_names)
    ids = set(corpus.ids)
    assert "\\xff\\xfe" in ids and len(ids) == len(corpus) == 4
    assert all(r.path.encode("utf-8") for r in corpus)
    assert {p for p, _ in corpus.skipped} == {str(odd_names / "\\xfe\\xfd.txt"), str(odd_names / "\\xfa.docx")}
    assert all(why.encode("utf-8") for _, why in corpus.skipped)

    out = tmp_path / "out"
    res = cli("analyze", odd_names, "-o", out, "-q", "--no-figures", "--json")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["reports"] == 4 and summary["skipped"] == 2
    assert "\\xfe\\xfd.txt" in res.stderr and "\\xfa.docx" in res.stderr
    reports = pd.read_parquet(out / "reports.parquet")
    assert "\\xff\\xfe" in set(reports["id"])
    assert "\\xff\\xfe" in set(pd.read_csv(out / "reports.csv", encoding="utf-8-sig")["id"])
    for f in out.iterdir():
        if f.suffix in (".csv", ".json", ".html"):
            f.read_bytes().decode("utf-8")  # every text output is valid UTF-8
    assert "\\xff\\xfe" in (out / "index.html").read_text(encoding="utf-8")
    skipped = json.loads((out / "summary.json").read_text(encoding="utf-8"))["skipped_files"]
    assert sorted(Path(s["path"]).name for s in skipped) == ["\\xfa.docx", "\\xfe\\xfd.txt"]

    res = cli("split", odd_names, "--json")
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.stdout_bytes.decode("utf-8").splitlines()]
    assert {r["id"] for r in rows} == ids
    res = cli("split", odd_names, "--csv")
    assert res.exit_code == 0 and "\\xff\\xfe" in res.stdout


# == 5. analyze output: atomic, and never read back ===========================================
def test_a_failing_writer_leaves_the_previous_output_whole(tmp_path, monkeypatch):
    an = importlib.import_module("giptext.analyze")  # the module (giptext.analyze is also the function)

    corpus = corpus_dir(tmp_path, 2)
    out = tmp_path / "out"
    giptext.analyze(corpus, out, progress=False)
    before = tree_digest(out)
    assert OUTPUT_MARKER in before and "index.html" in before

    (corpus / SAMPLES[2].name).write_bytes(SAMPLES[2].read_bytes())  # the rerun differs
    calls = []
    real = an._write_table

    def failing(df, stem):
        calls.append(stem.name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C while the third table was written
        return real(df, stem)

    monkeypatch.setattr(an, "_write_table", failing)
    with pytest.raises(KeyboardInterrupt):
        giptext.analyze(corpus, out, progress=False)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]  # no temporary folder left

    monkeypatch.setattr(an, "_write_table", real)
    a = giptext.analyze(corpus, out, progress=False)
    assert len(a.reports) == 3 and len(pd.read_csv(out / "reports.csv", encoding="utf-8-sig")) == 3


KILLED_RUN = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import importlib
    an = importlib.import_module("giptext.analyze")
    real = an._write_table
    def slow(df, stem):
        out = real(df, stem)
        Path(sys.argv[3]).write_text("half written")
        time.sleep(120)
        return out
    an._write_table = slow
    an.analyze(sys.argv[1], sys.argv[2], progress=False)
""")


def test_a_killed_run_leaves_the_previous_output_and_a_named_temp_folder(tmp_path):
    corpus = corpus_dir(tmp_path, 2)
    out = tmp_path / "out"
    giptext.analyze(corpus, out, progress=False)
    before = tree_digest(out)
    (corpus / SAMPLES[2].name).write_bytes(SAMPLES[2].read_bytes())
    ready = tmp_path / "ready"
    proc = subprocess.Popen([PY, "-c", KILLED_RUN, str(corpus), str(out), str(ready)], env=ENV)
    try:
        deadline = time.monotonic() + 300
        while not ready.exists():
            assert proc.poll() is None, "the run ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert tree_digest(out) == before
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.giptext-tmp-")]
    assert left == [next(p for p in left)] and left[0].startswith(f".out.giptext-tmp-{proc.pid}-")
    # the next run removes it and completes
    giptext.analyze(corpus, out, progress=False)
    assert not [p for p in tmp_path.iterdir() if ".giptext-" in p.name]
    assert len(pd.read_csv(out / "reports.csv", encoding="utf-8-sig")) == 3


def test_an_output_moved_aside_by_a_killed_run_is_put_back(tmp_path):
    aside = tmp_path / ".out.giptext-old-999999999-abcd"  # a pid that cannot exist
    aside.mkdir()
    (aside / OUTPUT_MARKER).write_text("{}")
    (aside / "summary.json").write_text('{"old": true}')
    with pytest.raises(RuntimeError):
        with atomic_dir(tmp_path / "out"):
            raise RuntimeError("stop")
    assert json.loads((tmp_path / "out" / "summary.json").read_text()) == {"old": True}
    assert not aside.exists()


def test_analyze_never_reads_its_own_output(tmp_path):
    corpus = corpus_dir(tmp_path, 2)
    first = giptext.analyze(corpus, corpus / "out", progress=False)
    second = giptext.analyze(corpus, corpus / "out", progress=False)
    assert list(first.reports["id"]) == list(second.reports["id"]) == [f.stem for f in SAMPLES[:2]]
    # the rule is the marker: a giptext output folder under any name is not read by any command
    shutil.copytree(corpus / "out", corpus / "results-2024")
    assert Corpus.from_dir(corpus).ids == [f.stem for f in SAMPLES[:2]]
    res = cli("analyze", corpus, "-o", corpus / "out", "-q", "--no-figures", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["reports"] == 2
    # an output folder named as the input is refused in one line, not read as two HTML "reports"
    res = cli("analyze", corpus / "out", "-o", tmp_path / "o2", "-q")
    assert res.exit_code == 2 and "giptext output folder" in res.stderr
    res = cli("split", corpus / "out", corpus / SAMPLES[0].name)
    assert res.exit_code == 0 and "giptext output folder" in res.stderr


def test_analyze_will_not_replace_a_folder_of_other_files(tmp_path):
    corpus = corpus_dir(tmp_path, 2)
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.docx").write_bytes(b"precious")
    res = cli("analyze", corpus, "-o", mine, "-q")
    assert res.exit_code == 2 and "thesis" in res.stderr and "did not write" in res.stderr
    assert (mine / "chapter1.docx").read_bytes() == b"precious" and len(list(mine.iterdir())) == 1


# == 7. the earlier bad files, through every batch command ====================================
@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    for f in SAMPLES[:3]:
        shutil.copy(f, d / f.name)
    bad = fx.make_bad_files(d)
    bad.pop("unknown")  # .xyz is not a report format: ignored in folders, not reported
    bad["scan"] = fx.make_pdf_scan(d)
    (d / "junk.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4 + bytes(1000))  # a binary named .txt
    bad["junk"] = d / "junk.txt"
    # readable despite their encodings (not errors): GB18030 and UTF-16 with a BOM
    fx.make_text(d, "gbk.txt", "gb18030")
    fx.make_text(d, "utf16.txt", "utf-16")
    return d, bad


@pytest.mark.parametrize("command", [["split", "--json"], ["themes", "--json"], ["reuse", "--json"],
                                     ["analyze", "-q", "--no-figures", "--json"]])
def test_a_batch_keeps_going_and_names_each_bad_file_once(bad_batch, command, tmp_path):
    d, bad = bad_batch
    args = [command[0], d, *command[1:]]
    if command[0] == "analyze":
        args += ["-o", tmp_path / "out"]
    res = cli(*args)
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    err = res.stderr.splitlines()
    for kind, path in bad.items():
        hits = [line for line in err if str(path) in line]
        assert len(hits) == 1, (kind, hits)
    assert f"giptext: skipped {len(bad)} file(s):" in err
    out = res.stdout
    if command[0] == "split":
        assert {json.loads(line)["id"] for line in out.splitlines()} == {f.stem for f in SAMPLES[:3]} | {"gbk", "utf16"}
    elif command[0] == "analyze":
        assert json.loads(out)["reports"] == 5 and json.loads(out)["skipped"] == len(bad)
    else:
        assert out.strip()  # statements / passages of the good reports were written


def test_a_batch_of_only_bad_files_lists_them_then_fails_in_one_line(tmp_path):
    (tmp_path / "only-bad").mkdir()
    bad = fx.make_bad_files(tmp_path / "only-bad")
    res = cli("analyze", tmp_path / "only-bad", "-o", tmp_path / "out", "-q")
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert res.stderr.splitlines()[-1].startswith(f"giptext: error: {tmp_path / 'only-bad'}: no readable report")
    for kind, path in bad.items():
        assert kind == "unknown" or str(path) in res.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_broken_link_in_a_folder_does_not_hang_the_batch(tmp_path):
    d = corpus_dir(tmp_path, 2)
    os.mkfifo(d / "pipe.txt")  # opening it for reading would block forever
    (d / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    def hung(*_):
        raise TimeoutError("reading the folder blocked on the pipe")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)  # a regression fails this test instead of hanging the suite
    try:
        corpus = Corpus.from_dir(d, n_jobs=1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert corpus.ids == [f.stem for f in SAMPLES[:2]]
    why = dict(corpus.skipped)
    assert "not a regular file" in why[str(d / "pipe.txt")] and "broken link" in why[str(d / "gone.txt")]


def test_single_bad_files_give_one_line_errors(bad_batch):
    _, bad = bad_batch
    for kind, path in bad.items():
        with pytest.raises(GiptextError) as info:
            giptext.read_report(path)
        assert isinstance(info.value, ReadError), kind
        msg = str(info.value)
        assert msg.startswith(str(path)) and "\n" not in msg
