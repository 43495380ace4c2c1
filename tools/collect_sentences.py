#!/usr/bin/env python
"""Collect in-domain sentences for distilling a domain static model (issue 22, item 2; groundwork).

    .venv/bin/python tools/collect_sentences.py --out /tmp/domain_sentences --synthetic 2000

Sources, in this order (each sentence kept once, at its first source):

* ``dev`` — ``../shared/dev/docs/*.txt`` (the annotated development corpus);
* ``seeds`` — ``../shared/seeds/*.txt`` (five real whole reports);
* ``labelled`` — ``corpora/labelled/docs/*.txt`` (real report pages and excerpts gathered for the
  theme corpus; URL and exclude check per document in its ``manifest.jsonl``);
* ``demo`` — ``corpora/demo/docs/*.txt`` (231 real report texts; URL per document in
  ``corpora/demo/provenance.csv``);
* ``synthetic`` — ``--synthetic N`` reports from ``corpora/synthetic.py`` (seed ``--seed``),
  generated into a temporary folder and read like the others.

Sentences: text split on 。；; ! ? ！？ and line breaks, whitespace collapsed, kept when 6–200
characters long and not mostly digits (table rows). With ``--hold-out-gold`` (default on), every
sentence that comes close to a text of ``shared/dev/gold_reuse.jsonl`` is left out (inside it,
containing it, or sharing a long run with it after removing punctuation and spaces:
:class:`GoldFilter`), so that a model
trained on the collection is still judged on pairs it never saw (the reuse AUC goal is measured
on those pairs).

Writes ``OUT/sentences.txt`` (one a line, file order) and ``OUT/collection.json`` (counts per
source, settings, SHA-256 of the sentence file), each to a temporary name and renamed.
Deterministic given the inputs and settings.

Step 1 of building ``models/static-zh-domain`` (its card has the figures):

1. **collection** — this script (``--synthetic 450`` for the shipped model). Not done yet: real
   report text from more stored public pages, each URL checked with ``shared/exclude/check.py``
   (skipped when reserved), its URL kept.
2. **targets** — ``tools/domain_targets.py``: e5-small vectors (``query: ``, onnxruntime int8)
   of every sentence, tied to the collection's SHA-256.
3. **training** — ``tools/train_static_domain.py``: static-zh's piece vectors fitted so that
   their mean reproduces the (centred) targets; written as a sentence-transformers
   ``StaticEmbedding`` folder. Torch from the project venv is all it needs (no separate
   environment: nothing beyond torch, tokenizers and sentence-transformers is used).
4. **evaluation** — ``benchmarks/bench_embed.py --models static-zh,static-zh-domain,e5-small``:
   reuse AUC on the held-out dev gold pairs and sentences/s.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from giptext._atomic import atomic_path  # noqa: E402
from giptext.annotated import read_jsonl, shared_dir  # noqa: E402

#: Real report text shipped in the repository (each document's URL in the folder's manifest).
REPO_SOURCES = (("labelled", "corpora/labelled/docs"), ("demo", "corpora/demo/docs"))
SPLIT = re.compile(r"[。；;!?！？\n]+")
MIN_CHARS, MAX_CHARS = 6, 200


def sentences_of(text: str) -> list[str]:
    """The kept sentences of ``text`` (see the module docstring), in order."""
    out = []
    for s in SPLIT.split(text):
        s = " ".join(s.split())
        if not MIN_CHARS <= len(s) <= MAX_CHARS:
            continue
        if sum(c.isdigit() for c in s) > len(s) / 2:
            continue
        out.append(s)
    return out


def gold_texts(dev: Path) -> list[str]:
    """Both texts of every dev gold reuse pair (the evaluation pairs)."""
    rows = read_jsonl(dev / "gold_reuse.jsonl")
    return [r[k] for r in rows for k in ("text_a", "text_b") if r.get(k)]


def _norm(s: str) -> str:
    """NFKC, lower case, without punctuation or spaces: the form the gold comparison uses."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", s)).lower()


class GoldFilter:
    """Which sentences come too close to a text of the evaluation pairs.

    A sentence is held out when, after :func:`_norm` (so a comma's width or a line break cannot
    hide a copy), it lies inside a gold text or a gold text inside it, or the two share a common
    run of at least ``max(MIN_RUN, SHARE × the shorter's length)`` characters (a near copy of a
    gold text, or a sentence that makes up most of one). Candidates come from shared 8-character
    runs, so the check stays fast on a large collection.
    """

    GRAM = 8
    MIN_RUN = 8
    SHARE = 0.5

    def __init__(self, gold: list[str]):
        self.gold = [g for g in (_norm(t) for t in gold) if g]
        self.grams: dict[str, set[int]] = {}
        for i, g in enumerate(self.gold):
            for k in range(len(g) - self.GRAM + 1):
                self.grams.setdefault(g[k: k + self.GRAM], set()).add(i)

    def __call__(self, sentence: str) -> bool:
        t = _norm(sentence)
        if not t:
            return False
        if len(t) < self.GRAM:
            return any(t in g for g in self.gold)
        cand: set[int] = set()
        for k in range(len(t) - self.GRAM + 1):
            cand |= self.grams.get(t[k: k + self.GRAM], set())
        for i in cand:
            g = self.gold[i]
            if t in g or g in t:
                return True
            run = SequenceMatcher(None, t, g, autojunk=False).find_longest_match(0, len(t), 0, len(g)).size
            if run >= max(self.MIN_RUN, self.SHARE * min(len(t), len(g))):
                return True
        return False


def overlaps_gold(sentence: str, gold: list[str]) -> bool:
    """True when the sentence comes too close to a gold text (see :class:`GoldFilter`)."""
    return GoldFilter(gold)(sentence)


def folder_texts(folder: Path):
    for p in sorted(folder.glob("*.txt")):
        yield p.read_text(encoding="utf-8", errors="replace")


def collect(shared: Path, synthetic: int, seed: int, hold_out_gold: bool) -> tuple[list[str], dict]:
    """(sentences, counts per source) — see the module docstring."""
    gold = GoldFilter(gold_texts(shared / "dev")) if hold_out_gold else None
    seen: set[str] = set()
    kept: list[str] = []
    counts: dict[str, dict[str, int]] = {}

    def take(source: str, texts) -> None:
        c = counts.setdefault(source, {"texts": 0, "sentences": 0, "kept": 0, "held_out": 0})
        for text in texts:
            c["texts"] += 1
            for s in sentences_of(text):
                c["sentences"] += 1
                if s in seen:
                    continue
                seen.add(s)
                if gold is not None and gold(s):
                    c["held_out"] += 1
                    continue
                kept.append(s)
                c["kept"] += 1

    take("dev", folder_texts(shared / "dev" / "docs"))
    take("seeds", folder_texts(shared / "seeds"))
    for source, folder in REPO_SOURCES:
        take(source, folder_texts(ROOT / folder))
    if synthetic:
        from corpora.synthetic import generate

        with tempfile.TemporaryDirectory(prefix="collect-syn-") as tmp:
            generate(synthetic, seed=seed, out_dir=tmp)
            take("synthetic", folder_texts(Path(tmp) / "docs"))
    return kept, counts


def write_atomic(path: Path, data: bytes) -> None:
    """``data`` to ``path`` via :func:`giptext._atomic.atomic_path`, mode 0644 whatever the umask."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
        os.chmod(tmp, 0o644)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="collect in-domain sentences for a domain static model")
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--synthetic", type=int, default=2000, help="synthetic reports to add (0: none)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    ap.add_argument("--no-hold-out-gold", dest="hold_out_gold", action="store_false",
                    help="keep sentences that overlap the dev gold reuse pairs")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    a = ap.parse_args(argv)
    kept, counts = collect(shared_dir(), a.synthetic, a.seed, a.hold_out_gold)
    data = ("\n".join(kept) + "\n").encode("utf-8")
    summary = {
        "sentences": len(kept),
        "characters": sum(map(len, kept)),
        "sources": counts,
        "settings": {"synthetic": a.synthetic, "seed": a.seed, "hold_out_gold": a.hold_out_gold,
                     "min_chars": MIN_CHARS, "max_chars": MAX_CHARS},
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    write_atomic(a.out / "sentences.txt", data)
    write_atomic(a.out / "collection.json", json.dumps(summary, indent=2, ensure_ascii=False).encode())
    if a.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        for src, c in counts.items():
            print(f"{src}: {c['texts']:,} texts, {c['sentences']:,} sentences, {c['kept']:,} kept, {c['held_out']:,} held out")
        print(f"total {len(kept):,} sentences -> {a.out / 'sentences.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
