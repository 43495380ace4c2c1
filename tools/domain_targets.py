#!/usr/bin/env python
"""e5-small target vectors for a sentence collection (step 2 of the plan in ``collect_sentences.py``).

    .venv/bin/python tools/domain_targets.py /tmp/domain_sentences            # every sentence
    .venv/bin/python tools/domain_targets.py /tmp/domain_sentences --limit 500

Reads ``DIR/sentences.txt`` and ``DIR/collection.json`` (written by ``collect_sentences.py``),
embeds the sentences with ``Embedder("e5-small")`` (onnxruntime int8, ``query: `` prompt; the
embedding cache is used, so a rerun or a longer ``--limit`` only computes new sentences) and
writes ``DIR/targets.npy`` (float16, one row per sentence, in file order) and
``DIR/targets.json`` (count, dimension, backend, the collection's SHA-256 the rows belong to),
each to a temporary name and renamed. A training step must check that SHA-256 against the
collection it reads.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from collect_sentences import write_atomic  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="e5-small target vectors of a sentence collection")
    ap.add_argument("folder", type=Path, help="a folder written by tools/collect_sentences.py")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences (0: all)")
    ap.add_argument("--backend", default="onnx", choices=["onnx", "onnx-fp32", "torch"])
    ap.add_argument("--threads", type=int, default=None, help="onnxruntime threads (default: all cores)")
    a = ap.parse_args(argv)
    from giptext.embed import Embedder

    info = json.loads((a.folder / "collection.json").read_text(encoding="utf-8"))
    sentences = (a.folder / "sentences.txt").read_text(encoding="utf-8").splitlines()
    if len(sentences) != info["sentences"]:
        print(f"{a.folder / 'sentences.txt'}: {len(sentences)} lines, collection.json says {info['sentences']}", file=sys.stderr)
        return 1
    if a.limit:
        sentences = sentences[: a.limit]
    emb = Embedder("e5-small", backend=a.backend, threads=a.threads, progress=True)
    X = emb.encode(sentences).astype(np.float16)
    buf = io.BytesIO()
    np.save(buf, X, allow_pickle=False)
    write_atomic(a.folder / "targets.npy", buf.getvalue())
    meta = {"rows": int(X.shape[0]), "dim": int(X.shape[1]), "backend": emb.backend_, "model_key": emb.key,
            "collection_sha256": info["sha256"], "limit": a.limit}
    write_atomic(a.folder / "targets.json", json.dumps(meta, indent=2).encode())
    print(json.dumps(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
