"""The domain static model ``static-zh-domain`` and the tooling that builds it (issue 22, item 2).

The model: loads by name offline (no socket opened), passes the model-folder allow-list, gives
the same vectors on every load, stays under 30 MB, documents its training data. The collection:
no sentence close to a text of the dev gold reuse pairs (the AUC test set) gets in.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest

from giptext.embed import DOMAIN_STATIC_MODEL, Embedder, load_embedder, model_fingerprint
from giptext.embed import embedder as embedder_mod
from giptext.embed.loader import check_model_folder, resolve_model

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "models" / DOMAIN_STATIC_MODEL
sys.path.insert(0, str(ROOT / "tools"))

# written for this test, in the style of the reports
TEXTS = ["网站栏目更新不及时", "政府网站部分栏目内容更新不够及时", "财政预决算信息按时公开", "網站欄目更新不及時"]


def test_domain_model_loads_by_name_offline(monkeypatch):
    import socket

    tried = []

    def refuse(*a, **k):
        tried.append(a)
        raise OSError("test forbids network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(embedder_mod, "_SHARED", {})
    target, folder = resolve_model(DOMAIN_STATIC_MODEL)
    assert folder == FOLDER.resolve() or folder == FOLDER
    check_model_folder(folder)  # only allow-listed sentence-transformers modules
    model = load_embedder(DOMAIN_STATIC_MODEL)
    assert type(model[0]).__name__ == "StaticEmbedding"
    X = Embedder(DOMAIN_STATIC_MODEL, cache_dir=False).encode(TEXTS)
    dims = json.loads((FOLDER / "build_info.json").read_text(encoding="utf-8"))["dims"]
    assert X.shape == (4, dims) and X.dtype == np.float32
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    assert tried == []
    assert model_fingerprint(DOMAIN_STATIC_MODEL).startswith(DOMAIN_STATIC_MODEL + "-")


def test_domain_model_vectors_are_deterministic(monkeypatch):
    a = Embedder(DOMAIN_STATIC_MODEL, cache_dir=False).encode(TEXTS)
    monkeypatch.setattr(embedder_mod, "_SHARED", {})  # a fresh load from disk
    b = Embedder(DOMAIN_STATIC_MODEL, cache_dir=False).encode(list(reversed(TEXTS)))[::-1]
    assert np.array_equal(a, b)


def test_domain_model_ranks_rewording_above_unrelated():
    X = Embedder(DOMAIN_STATIC_MODEL, cache_dir=False).encode(TEXTS)
    assert X[0] @ X[1] > X[0] @ X[2] + 0.2
    assert X[0] @ X[3] > X[0] @ X[2]  # Traditional script of the same sentence


def test_domain_model_is_small_and_documented():
    size = sum(f.stat().st_size for f in FOLDER.rglob("*") if f.is_file())
    assert size < 30 * 2**20
    card = (FOLDER / "MODEL_CARD.md").read_text(encoding="utf-8")
    for must in ("corpora/labelled", "gold_reuse", "tools/train_static_domain.py", "AUC", "MIT"):
        assert must in card
    info = json.loads((FOLDER / "build_info.json").read_text(encoding="utf-8"))
    assert info["collection_settings"]["hold_out_gold"] is True
    assert len(info["collection_sha256"]) == 64 and info["targets"]["collection_sha256"] == info["collection_sha256"]


# ------------------------------------------------------------------ the collection's gold hold-out
def test_gold_filter_catches_copies_that_differ_in_punctuation_width_and_spacing():
    from collect_sentences import GoldFilter

    gold = ["2018年,虽然我局做了大量工作,但标准还不够高,内容还不很全,信息更新还需要更加及时",
            "网站栏目更新不及时"]
    f = GoldFilter(gold)
    assert f("2018年，虽然我局做了大量工作，但标准还不够高，内容还不很全，信息更新还需要更加及时")  # full-width commas
    assert f("2018 年,虽然我局做了大量工作")                 # a part, with a space
    assert f("虽然我局做了大量工作,但标准还不够高,内容还不很全,信息公开更新还需更加及时,下一步改进")  # near copy
    assert f("部分网站栏目更新不及时的问题")                   # contains a gold text
    assert not f("财政预决算信息按时公开，接受社会监督")
    assert not f("虽然做了工作")                               # short and not inside any gold text


@pytest.mark.slow
def test_collection_holds_out_every_sentence_close_to_a_gold_text():
    """Independent check (not GoldFilter's code): no kept sentence shares most of itself with a gold text."""
    from collect_sentences import collect, gold_texts

    from giptext.annotated import shared_dir

    shared = shared_dir()
    kept, counts = collect(shared, synthetic=0, seed=0, hold_out_gold=True)
    assert counts["dev"]["held_out"] > 0 and counts["labelled"]["kept"] > 0
    norm = lambda s: re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s)).lower()  # noqa: E731
    gold = [norm(g) for g in gold_texts(shared / "dev")]
    grams = {g[k: k + 6] for g in gold for k in range(len(g) - 5)}
    for s in kept:
        t = norm(s)
        if not any(t[k: k + 6] in grams for k in range(len(t) - 5)):
            continue
        for g in gold:
            assert t not in g and g not in t, s
            run = SequenceMatcher(None, t, g, autojunk=False).find_longest_match(0, len(t), 0, len(g)).size
            assert run < 0.5 * min(len(t), len(g)) or run < 8, s
