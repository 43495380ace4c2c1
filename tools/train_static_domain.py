#!/usr/bin/env python
"""Train ``models/static-zh-domain``: static piece vectors fitted to e5-small's sentence vectors.

Step 3 of the plan in ``tools/collect_sentences.py`` (issue 22, item 2)::

    .venv/bin/python tools/collect_sentences.py --out /tmp/static-coll --synthetic 450
    .venv/bin/python tools/domain_targets.py /tmp/static-coll            # e5-small int8 targets
    .venv/bin/python tools/train_static_domain.py /tmp/static-coll       # writes models/static-zh-domain

What it does (tokenlearn-style distillation, written here; deterministic given the inputs, the
seed and the torch thread count):

1. **Inputs**: ``DIR/sentences.txt`` and ``DIR/targets.npy``; the SHA-256 in ``targets.json``
   must match the one in ``collection.json`` (targets of another collection are refused).
2. **Tokenizer and start vectors**: those of the base static model (``--base``, default
   ``models/static-zh``: XLM-R pieces restricted to 15,027, vectors from model2vec's distillation
   of e5-small with SIF weights). Sentences are tokenised exactly as ``StaticEmbedding`` does
   (no special tokens).
3. **Model**: a sentence vector is the mean of its pieces' vectors (``EmbeddingBag(mode="mean")``),
   mapped by a linear head (no bias) to e5's 384 dimensions; the head starts at the least-squares
   fit of the base model's mean vectors to the targets.
4. **Fit**: Adam on ``1 − cos(prediction, target)`` over shuffled batches, both the piece vectors
   and the head trained; a held-out share of the collection (``--val``) is scored after every
   epoch and the epoch with the best held-out cosine is kept (no dev gold pair is looked at).
   The pieces' norms are free, so the fit learns each piece's weight in the mean (the role SIF
   weights play in model2vec).
5. **Export**: the head is folded into the piece vectors (mean pooling is linear, so
   ``mean(E) W = mean(E W)`` exactly), then projected onto the top ``--dims`` right singular
   vectors of the training sentences' predicted vectors (an uncentred PCA: it keeps dot products,
   hence cosines, of sentence vectors up to the dropped share). The folder is
   ``StaticEmbedding`` + ``Normalize`` saved with ``SentenceTransformer.save``, plus
   ``build_info.json`` (settings, counts, held-out cosines, the collection's SHA-256).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def log(msg: str) -> None:
    print(f"[train_static_domain {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def load_inputs(folder: Path) -> tuple[list[str], np.ndarray, dict]:
    """Sentences and float32 targets of a collection folder, after checking they belong together."""
    info = json.loads((folder / "collection.json").read_text(encoding="utf-8"))
    meta = json.loads((folder / "targets.json").read_text(encoding="utf-8"))
    data = (folder / "sentences.txt").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if sha != info["sha256"] or meta["collection_sha256"] != sha:
        raise SystemExit(f"{folder}: targets.json / collection.json do not match sentences.txt (SHA-256); "
                         "rerun tools/domain_targets.py")
    sentences = data.decode("utf-8").splitlines()
    T = np.load(folder / "targets.npy", allow_pickle=False).astype(np.float32)
    if meta.get("limit"):
        sentences = sentences[: meta["limit"]]
    if T.shape[0] != len(sentences):
        raise SystemExit(f"{folder}: {T.shape[0]} target rows for {len(sentences)} sentences")
    return sentences, T, {"collection": info, "targets": meta}


def tokenize(tokenizer, sentences: list[str]) -> list[np.ndarray]:
    """Piece ids per sentence, as ``StaticEmbedding.tokenize`` makes them."""
    return [np.asarray(e.ids, dtype=np.int64) for e in tokenizer.encode_batch(sentences, add_special_tokens=False)]


def bag(ids: list[np.ndarray], rows: np.ndarray):
    """(flat ids, offsets) tensors for ``EmbeddingBag`` over the sentences ``rows``."""
    import torch

    parts = [ids[i] for i in rows]
    lens = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    offsets = np.concatenate([[0], np.cumsum(lens)[:-1]])
    return torch.from_numpy(np.concatenate(parts)), torch.from_numpy(offsets)


def mean_vectors(E: np.ndarray, ids: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Mean piece vector of each sentence in ``rows`` (zeros for a sentence without pieces)."""
    out = np.zeros((len(rows), E.shape[1]), dtype=np.float64)
    for k, i in enumerate(rows):
        if len(ids[i]):
            out[k] = E[ids[i]].mean(axis=0)
    return out


def train(E0: np.ndarray, ids: list[np.ndarray], T: np.ndarray, *, val: float, epochs: int, batch: int,
          lr: float, seed: int, threads: int, center: bool) -> tuple[np.ndarray, dict]:
    """Fit piece vectors + head; return the folded (V × 384) vectors of the best epoch and a log."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = np.random.default_rng(seed)
    keep = np.array([i for i in range(len(ids)) if len(ids[i])])
    order = rng.permutation(keep)
    n_val = max(1, int(round(val * len(order))))
    va, tr = np.sort(order[:n_val]), order[n_val:]

    mu = T[tr].mean(axis=0) if center else np.zeros(T.shape[1], dtype=T.dtype)
    T = T - mu
    M = mean_vectors(E0, ids, tr)
    W0, *_ = np.linalg.lstsq(M, T[tr].astype(np.float64), rcond=None)
    emb = torch.nn.EmbeddingBag.from_pretrained(torch.from_numpy(E0.astype(np.float32)), freeze=False, mode="mean")
    head = torch.nn.Linear(E0.shape[1], T.shape[1], bias=False)
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(W0.T.astype(np.float32)))
    opt = torch.optim.Adam(list(emb.parameters()) + list(head.parameters()), lr=lr)
    Tt = torch.from_numpy(T)
    v_flat, v_off = bag(ids, va)

    def val_cos() -> float:
        with torch.no_grad():
            return float(F.cosine_similarity(head(emb(v_flat, v_off)), Tt[va]).mean())

    def folded() -> np.ndarray:
        with torch.no_grad():
            return (emb.weight @ head.weight.T).numpy().astype(np.float64)

    history = [{"epoch": 0, "val_cos": round(val_cos(), 5)}]
    log(f"start: held-out cosine {history[0]['val_cos']:.4f} ({len(tr):,} train / {len(va):,} held out)")
    best, best_E = history[0]["val_cos"], folded()
    for ep in range(1, epochs + 1):
        perm = rng.permutation(tr)
        total = 0.0
        for s in range(0, len(perm), batch):
            rows = perm[s: s + batch]
            flat, off = bag(ids, rows)
            loss = (1 - F.cosine_similarity(head(emb(flat, off)), Tt[rows])).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(rows)
        vc = val_cos()
        history.append({"epoch": ep, "train_loss": round(total / len(perm), 5), "val_cos": round(vc, 5)})
        log(f"epoch {ep}: train loss {total / len(perm):.4f}, held-out cosine {vc:.4f}")
        if vc > best:
            best, best_E = vc, folded()
    return best_E, {"history": history, "best_val_cos": round(best, 5), "train_sentences": int(len(tr)), "mean": mu,
                    "held_out_sentences": int(len(va)), "lstsq_start": True, "train_rows": tr, "val_rows": va}


def project(E: np.ndarray, ids: list[np.ndarray], rows: np.ndarray, dims: int) -> tuple[np.ndarray, float]:
    """E projected on the top ``dims`` right singular vectors of the sentences' mean vectors (uncentred)."""
    if dims >= E.shape[1]:
        return E, 1.0
    S = mean_vectors(E, ids, rows)
    _, sv, Vt = np.linalg.svd(S, full_matrices=False)
    kept = float((sv[:dims] ** 2).sum() / (sv ** 2).sum())
    return E @ Vt[:dims].T, kept


def save_folder(E: np.ndarray, tokenizer_json: Path, out: Path, info: dict, card: Path | None) -> None:
    """Write the sentence-transformers folder to a temporary sibling and rename it into place."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Normalize, StaticEmbedding
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_json))
    static = StaticEmbedding(tok, embedding_weights=torch.from_numpy(E.astype(np.float32)))
    model = SentenceTransformer(modules=[static, Normalize()], device="cpu")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=out.name + ".", dir=out.parent))
    try:
        model.save(str(tmp))
        (tmp / "build_info.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        card = card if card is not None else out / "MODEL_CARD.md"  # a rebuild keeps the folder's card
        if card.is_file():
            shutil.copyfile(card, tmp / "MODEL_CARD.md")
        for f in tmp.rglob("*"):  # mkdtemp and safetensors make owner-only files
            f.chmod(0o755 if f.is_dir() else 0o644)
        tmp.chmod(0o755)
        # sentence-transformers writes a README.md model card of its own; ours is MODEL_CARD.md
        (tmp / "README.md").unlink(missing_ok=True)
        old = out.with_name(out.name + ".old")
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="train a domain static model on e5-small targets")
    ap.add_argument("folder", type=Path, help="collection folder with targets (tools/domain_targets.py)")
    ap.add_argument("--base", type=Path, default=ROOT / "models" / "static-zh", help="tokenizer and start vectors")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "static-zh-domain", help="output model folder")
    ap.add_argument("--dims", type=int, default=256, help="output dimensions (uncentred PCA; 384 keeps all)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--val", type=float, default=0.05, help="share of the collection held out for model selection")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-center", dest="center", action="store_false",
                    help="regress e5's raw vectors, not their deviations from the collection's mean vector")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (results depend on it)")
    ap.add_argument("--card", type=Path, default=None,
                    help="a MODEL_CARD.md to copy into the folder (default: keep the output folder's own)")
    ap.add_argument("--json", action="store_true", help="print build_info as JSON at the end")
    a = ap.parse_args(argv)
    t0 = time.time()
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    sentences, T, meta = load_inputs(a.folder)
    tok = Tokenizer.from_file(str(a.base / "tokenizer.json"))
    E0 = load_file(str(a.base / "model.safetensors"))["embedding.weight"].astype(np.float64)
    log(f"{len(sentences):,} sentences, targets {T.shape}, base vectors {E0.shape}")
    ids = tokenize(tok, sentences)
    E, fit = train(E0, ids, T, val=a.val, epochs=a.epochs, batch=a.batch, lr=a.lr, seed=a.seed, threads=a.threads,
                   center=a.center)
    E, kept = project(E, ids, fit.pop("train_rows"), a.dims)
    va = fit.pop("val_rows")
    # the exported vectors live in a rotated space, so they are compared with the (centred)
    # targets through the held-out sentences' pairwise cosines (correlation)
    P = mean_vectors(E, ids, va)
    P /= np.linalg.norm(P, axis=1, keepdims=True) + 1e-12
    Tv = T[va] - fit.pop("mean")
    Tv /= np.linalg.norm(Tv, axis=1, keepdims=True)
    rng = np.random.default_rng(a.seed)
    i, j = rng.integers(0, len(va), 20000), rng.integers(0, len(va), 20000)
    corr = float(np.corrcoef((P[i] * P[j]).sum(1), (Tv[i] * Tv[j]).sum(1))[0, 1])
    info = {
        "teacher": "multilingual-e5-small (query: prompt), onnxruntime int8 (giptext Embedder('e5-small'))",
        "base": str(a.base.relative_to(ROOT)) if a.base.is_relative_to(ROOT) else str(a.base),
        "vocabulary": int(E.shape[0]), "dims": int(E.shape[1]),
        "settings": {"epochs": a.epochs, "batch": a.batch, "lr": a.lr, "val": a.val, "seed": a.seed, "center": a.center, "threads": a.threads},
        "collection_sha256": meta["collection"]["sha256"], "collection_sources": meta["collection"]["sources"],
        "collection_settings": meta["collection"]["settings"], "targets": meta["targets"],
        "fit": fit, "pca_energy_kept": round(kept, 5), "held_out_pairwise_cos_corr": round(corr, 4),
        "build_seconds": round(time.time() - t0, 1),
    }
    save_folder(E, a.base / "tokenizer.json", a.out, info, a.card)
    log(f"wrote {a.out} ({E.shape[0]:,} × {E.shape[1]}); held-out pairwise-cosine correlation {corr:.4f}")
    if a.json:
        print(json.dumps(info, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
