"""giptext.embed.onnx_e5: the ONNX export of e5-small, its cache, and Embedder's backends.

The real export is built once per machine in the giptext cache (the session fixture makes
sure that happens at most once per test session, and is free when the cache is warm). The
cache-integrity tests run against a tiny stand-in ONNX graph in a temporary folder, written
through the same ``install`` step the real build uses, so they are fast and touch no real file.
"""
from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from giptext.embed import Embedder
from giptext.embed import embedder as embedder_mod
from giptext.embed import onnx_e5
from giptext.errors import ConfigError, ModelNotAvailableError

# Sentences written for this test, in the reports' style, of very different lengths
# (so one call's batches are cut from a length-sorted order), plus a Latin one.
SENTENCES = [
    "信息公开不及时",
    "一是部分单位对政府信息公开工作重视程度不够，主动公开的意识有待进一步增强",
    "网站栏目更新不够及时",
    "二是政策解读的形式比较单一，图文解读、视频解读等多样化解读方式运用较少，解读质量和实效有待提高",
    "下一步，我局将进一步加强业务培训，提高工作人员的业务水平和依法公开意识，确保各项公开工作落到实处",
    "依申请公开答复规范化程度不高",
    "全年共收到政府信息公开申请15件",
    "The annual report on government information disclosure",
]


# ---------------------------------------------------------------------------- real export
@pytest.fixture(scope="session")
def onnx_int8():
    pytest.importorskip("onnxruntime")
    return onnx_e5.load_onnx_e5("int8", threads=2)


@pytest.fixture(scope="session")
def onnx_fp32():
    pytest.importorskip("onnxruntime")
    return onnx_e5.load_onnx_e5("fp32", threads=2)


@pytest.fixture(scope="session")
def torch_vectors():
    return Embedder("e5-small", backend="torch", cache_dir=False).encode(SENTENCES)


@pytest.mark.slow
def test_fp32_export_equals_torch(onnx_fp32, torch_vectors):
    X = Embedder("e5-small", backend="onnx-fp32", cache_dir=False, threads=2).encode(SENTENCES)
    assert X.dtype == np.float32 and X.shape == torch_vectors.shape
    assert np.abs(X - torch_vectors).max() < 1e-5


@pytest.mark.slow
def test_int8_close_to_torch(onnx_int8, torch_vectors):
    X = Embedder("e5-small", cache_dir=False, threads=2).encode(SENTENCES)  # the default backend
    cos = (X * torch_vectors).sum(1)
    assert cos.min() >= 0.99, cos
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_int8_keeps_the_feed_forward_outputs_in_fp32(onnx_int8):
    import onnx

    man = json.loads(onnx_int8.path.with_suffix(".json").read_text())
    assert len(man["fp32_kept"]) == 12
    graph = onnx.load(str(onnx_int8.path), load_external_data=False).graph
    nodes = {n.name: n.op_type for n in graph.node}
    assert all(nodes.get(name) == "MatMul" for name in man["fp32_kept"])  # left unquantised
    assert sum(t == "MatMulInteger" for t in nodes.values()) > 0  # and the rest quantised
    assert sum(t == "QAttention" for t in nodes.values()) == 12


@pytest.mark.slow
def test_rows_come_back_in_input_order(onnx_fp32):
    m = onnx_fp32
    fwd = m.encode(SENTENCES, batch_size=3)
    rev = m.encode(SENTENCES[::-1], batch_size=3)[::-1]
    one_by_one = np.stack([m.encode(s) for s in SENTENCES])
    assert np.abs(fwd - rev).max() < 1e-5
    assert np.abs(fwd - one_by_one).max() < 1e-5


@pytest.mark.slow
def test_one_length_sort_for_the_whole_call(onnx_fp32, monkeypatch):
    widths = []
    run = onnx_fp32.session.run

    def spy(outputs, feeds):
        widths.append(feeds["input_ids"].shape[1])
        return run(outputs, feeds)

    monkeypatch.setattr(onnx_fp32, "session", type("S", (), {"run": staticmethod(spy)})())
    seen = []
    onnx_fp32.encode(SENTENCES, batch_size=2, on_batch=seen.append)
    assert widths == sorted(widths) and len(widths) == 4  # batches in ascending length
    assert seen == [2, 2, 2, 2]


@pytest.mark.slow
def test_second_load_reuses_the_cached_export(onnx_int8, onnx_fp32, monkeypatch):
    def no_build(*a, **k):
        raise AssertionError("a warm cache must not be rebuilt")

    monkeypatch.setattr(onnx_e5, "build", no_build)
    for variant in ("int8", "fp32"):
        m = onnx_e5.load_onnx_e5(variant, threads=1)
        assert m.path == onnx_e5.model_path(variant)
        assert m.session.get_session_options().intra_op_num_threads == 1


@pytest.mark.slow
def test_passage_prompt(onnx_fp32):
    q = onnx_fp32.encode(SENTENCES[:2])
    p = onnx_fp32.encode(SENTENCES[:2], prompt_name="passage")
    assert (q * p).sum(1).max() < 0.999
    with pytest.raises(ConfigError):
        onnx_fp32.encode(["x"], prompt_name="nonsense")


# --------------------------------------------------------------------- cache, stand-in model
def _tiny_model(path, dim=4):
    """An ONNX graph with the export's inputs and output: embedding = normalised mask-weighted
    mean of a one-hot-ish projection of the ids (enough to load and run)."""
    import onnx
    from onnx import TensorProto, helper

    W = np.arange(50 * dim, dtype=np.float32).reshape(50, dim) % 7 + 1
    nodes = [
        helper.make_node("Gather", ["W", "input_ids"], ["h"]),
        helper.make_node("Cast", ["attention_mask"], ["m"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["m", "axis2"], ["m3"]),
        helper.make_node("Mul", ["h", "m3"], ["hm"]),
        helper.make_node("ReduceSum", ["hm", "axis1"], ["s"], keepdims=0),
        helper.make_node("LpNormalization", ["s"], ["embedding"], axis=1, p=2),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "t"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "t"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["b", dim])],
        [helper.make_tensor("W", TensorProto.FLOAT, W.shape, W.flatten()),
         helper.make_tensor("axis2", TensorProto.INT64, [1], [2]),
         helper.make_tensor("axis1", TensorProto.INT64, [1], [1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))


@pytest.fixture
def fake_cache(tmp_path, monkeypatch):
    """A cache root whose builds write the tiny stand-in model (counted in ``calls``)."""
    pytest.importorskip("onnxruntime")
    from tokenizers import Tokenizer, models, pre_tokenizers

    tok = Tokenizer(models.WordLevel({"<pad>": 1, "<unk>": 3, "query:": 5, "甲": 6, "乙": 7}, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok_path = tmp_path / "tok.json"
    tok.save(str(tok_path))
    monkeypatch.setattr(onnx_e5, "source_key", lambda: "0123456789abcdef")
    calls = []
    state = {"corrupt_after_build": False}

    def fake_build(variant="int8", root=None, progress=None, force=False):
        calls.append(variant)
        folder = onnx_e5.onnx_folder(root)
        folder.mkdir(parents=True, exist_ok=True)
        work = folder / ".build-test"
        work.mkdir(exist_ok=True)
        built = {}
        for var in ("fp32", "int8"):
            _tiny_model(work / f"model-{var}.onnx")
            built[var] = work / f"model-{var}.onnx"
        onnx_e5.install(folder, built, tok_path, {"hidden_size": 4})
        if state["corrupt_after_build"]:
            p = folder / f"model-{variant}.onnx"
            p.write_bytes(p.read_bytes()[:-10])
        return folder / f"model-{variant}.onnx"

    monkeypatch.setattr(onnx_e5, "build", fake_build)
    return tmp_path / "models", calls, state


def test_cache_builds_once_then_reuses(fake_cache):
    root, calls, _ = fake_cache
    m = onnx_e5.load_onnx_e5("int8", threads=1, root=root)
    assert calls == ["int8"] and m.path == root / "e5-small-onnx-0123456789abcdef" / "model-int8.onnx"
    X = m.encode(["甲 乙", "乙"])
    assert X.shape == (2, 4) and np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    onnx_e5.load_onnx_e5("int8", threads=1, root=root)
    onnx_e5.load_onnx_e5("fp32", threads=1, root=root)  # built by the same build
    assert calls == ["int8"]
    man = json.loads(m.path.with_suffix(".json").read_text())
    assert man["variant"] == "int8" and man["bytes"] == m.path.stat().st_size and len(man["sha256"]) == 64


@pytest.mark.parametrize("damage", ["flip", "truncate", "manifest", "tokenizer", "garbage"])
def test_damaged_cache_is_detected_and_rebuilt(fake_cache, damage, caplog):
    root, calls, _ = fake_cache
    path = onnx_e5.load_onnx_e5("int8", threads=1, root=root).path
    data = path.read_bytes()
    if damage == "flip":
        path.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    elif damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "manifest":
        path.with_suffix(".json").write_text("{not json")
    elif damage == "tokenizer":
        (path.parent / "tokenizer.json").write_text("{}")
    else:  # a file that is not ONNX at all, with a manifest that vouches for it
        junk = b"not an onnx model" * 10
        path.write_bytes(junk)
        man = json.loads(path.with_suffix(".json").read_text())
        import hashlib

        man.update(bytes=len(junk), sha256=hashlib.sha256(junk).hexdigest())
        path.with_suffix(".json").write_text(json.dumps(man))
    with caplog.at_level(logging.WARNING, logger="giptext.embed.onnx_e5"):
        m = onnx_e5.load_onnx_e5("int8", threads=1, root=root)
    assert calls == ["int8", "int8"]
    assert "rebuilding" in caplog.text and str(path) in caplog.text
    assert m.encode(["甲"]).shape == (1, 4)


def test_refused_with_a_clear_message_when_rebuild_does_not_help(fake_cache):
    root, calls, state = fake_cache
    state["corrupt_after_build"] = True
    with pytest.raises(ModelNotAvailableError) as ei:
        onnx_e5.load_onnx_e5("int8", threads=1, root=root)
    msg = str(ei.value)
    assert "\n" not in msg and "model-int8.onnx" in msg and "after a rebuild" in msg and "size" in msg


def test_loads_only_the_exact_path(fake_cache):
    root, calls, _ = fake_cache
    m = onnx_e5.load_onnx_e5("fp32", threads=1, root=root)
    stray = m.path.parent / "model-int8-old.onnx"  # a look-alike beside it is never picked up
    stray.write_bytes(m.path.read_bytes())
    (m.path.parent / "model-int8.onnx").unlink()
    onnx_e5.load_onnx_e5("int8", threads=1, root=root)
    assert calls == ["fp32", "int8"]


# ------------------------------------------------------------------------ settings, no model
def test_backend_and_threads_are_validated():
    with pytest.raises(ConfigError, match="unknown backend"):
        Embedder("e5-small", backend="tensorrt")
    with pytest.raises(ConfigError, match="e5-small"):
        Embedder("static-zh", backend="onnx")
    with pytest.raises(ConfigError, match="threads"):
        Embedder("e5-small", threads=0)
    with pytest.raises(ConfigError, match="variant"):
        onnx_e5.model_path("int4")


def test_default_backends_and_cache_keys(monkeypatch):
    monkeypatch.setattr(onnx_e5, "source_key", lambda: "0123456789abcdef")
    assert Embedder("e5-small").backend_ == "onnx"
    assert Embedder("static-zh").backend_ == "torch"
    keys = {b: Embedder("e5-small", backend=b).key for b in ("onnx", "onnx-fp32")}
    assert keys["onnx"] != keys["onnx-fp32"] and all("0123456789ab" in k for k in keys.values())


def test_default_threads(monkeypatch):
    import os

    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert onnx_e5.default_threads() == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert onnx_e5.default_threads() == len(os.sched_getaffinity(0))


def test_shared_onnx_is_keyed_by_variant_and_threads(fake_cache, monkeypatch):
    root, calls, _ = fake_cache
    monkeypatch.setattr(embedder_mod, "_SHARED", {})
    monkeypatch.setattr(onnx_e5, "models_dir", lambda: root)
    a = embedder_mod.shared_onnx("int8", 1)
    assert embedder_mod.shared_onnx("int8", 1) is a
    assert embedder_mod.shared_onnx("int8", 2) is not a
    assert embedder_mod.shared_onnx("fp32", 1).variant == "fp32"


def test_forked_child_loads_its_own_session(fake_cache, monkeypatch):
    import os

    root, calls, _ = fake_cache
    monkeypatch.setattr(embedder_mod, "_SHARED", {})
    monkeypatch.setattr(onnx_e5, "models_dir", lambda: root)
    a = embedder_mod.shared_onnx("int8", 1)
    monkeypatch.setattr(os, "getpid", lambda: -1)  # what a forked child would see
    b = embedder_mod.shared_onnx("int8", 1)
    assert b is not a and b.encode(["甲"]).shape == (1, 4)
