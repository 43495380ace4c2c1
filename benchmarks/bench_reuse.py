"""Benchmark: ``giptext.reuse.detect`` against a sentence-level datasketch MinHashLSH pipeline.

Both run on the same SYNTHETIC corpora (``corpora/synthetic.py``: planted verbatim, near and
paraphrase copies at known offsets), each in its own fresh process so wall time, CPU time and
peak RSS (``resource.getrusage``) belong to that system alone. Precision and recall of the
planted pairs come from ``corpora.synthetic.score`` for both.

The baseline is what one writes first: split the narrative on 。； (sentences of ≥ 15 characters),
character 4-gram shingles,
``MinHash(num_perm=128)`` per sentence, ``MinHashLSH(threshold=0.5)``, candidates kept when their
estimated Jaccard is ≥ 0.5; each sentence is queried before it is inserted, and a sentence matching more than ``--baseline-cap`` earlier ones is taken
as boilerplate (no pairs), which keeps its output from going quadratic. It is handed the gold
narrative spans (``gold_sections.jsonl``) for free, while ``detect`` finds sections itself, so
the comparison favours the baseline.

    .venv/bin/python benchmarks/bench_reuse.py --sizes 1000 10000 50000 100000 \\
        --skip-baseline-above 10000 --json benchmarks/reuse_results.json

Prints, per size and system: wall and CPU seconds (detection only; loading the corpus is
reported apart), peak RSS, passages, precision, recall (verbatim+near and by kind); then the
baseline/giptext time ratio and time(2N)/time(N).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSAGE_COLS = ["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "kind", "template", "family"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# ----------------------------------------------------------------------------------------------
# The baseline pipeline
# ----------------------------------------------------------------------------------------------
_SENT_END = re.compile(r"[。；;]")


def sentences(text: str, start: int, end: int, min_chars: int = 15):
    """(start, end) of each sentence of ``text[start:end]`` split after 。；, stripped."""
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        s, e = pos, m.end()
        pos = e
        while s < e and text[s].isspace():
            s += 1
        if e - s >= min_chars:
            yield s, e
    if end - pos >= min_chars:
        s = pos
        while s < end and text[s].isspace():
            s += 1
        if end - s >= min_chars:
            yield s, end


def baseline_pairs(docs: dict[str, str], spans: dict[str, list[tuple[int, int]]], k: int = 4,
                   num_perm: int = 128, threshold: float = 0.5, cap: int = 50):
    """Sentence-level MinHash + MinHashLSH: rows (doc_a, start_a, end_a, doc_b, start_b, end_b, sim)."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    where: list[tuple[str, int, int]] = []
    sigs: list[np.ndarray] = []
    rows = []
    proto = MinHash(num_perm=num_perm)  # share the permutations (building them per sentence is slow)
    for doc_id, text in docs.items():
        for s0, e0 in spans.get(doc_id, ()):
            for s, e in sentences(text, s0, e0):
                sent = text[s:e]
                m = MinHash(num_perm=num_perm, permutations=proto.permutations, scheme="affine32")
                m.update_batch([sent[i:i + k].encode("utf-8") for i in range(max(1, len(sent) - k + 1))])
                hits = lsh.query(m)
                if len(hits) <= cap:
                    for h in hits:
                        d, hs, he = where[h]
                        if d != doc_id:
                            sim = float(np.mean(sigs[h] == m.hashvalues))
                            if sim >= threshold:  # LSH candidates are verified on the signatures
                                rows.append((d, hs, he, doc_id, s, e, sim))
                key = len(where)
                where.append((doc_id, s, e))
                sigs.append(m.hashvalues)
                lsh.insert(key, m, check_duplication=False)
    return rows


# ----------------------------------------------------------------------------------------------
# Workers (run in a fresh process each)
# ----------------------------------------------------------------------------------------------
def _cpu() -> float:
    """CPU seconds of this process and of its finished children (detect's worker processes)."""
    import resource

    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ch.ru_utime + ch.ru_stime


def _texts_only(corpus: Path):
    """The corpus's texts and manifest, as ``detect`` reads an annotated corpus."""
    from types import SimpleNamespace

    import pandas as pd

    from giptext.annotated import normalize_newlines, read_jsonl

    manifest = pd.DataFrame(read_jsonl(corpus / "manifest.jsonl"))
    docs = {str(i): normalize_newlines((corpus / "docs" / f"{i}.txt").read_text(encoding="utf-8-sig"))
            for i in manifest["id"]}
    return SimpleNamespace(docs=docs, manifest=manifest)


def detect_keywords(options: dict | None) -> dict:
    """``--detect-options`` as ``detect`` keywords: ``lsh``/``align``/``template`` objects of
    settings become :mod:`giptext.reuse.settings` objects (``{"lsh": {"window": 4}}``), the rest
    (``threshold``, ``sections``) is passed as it is."""
    from giptext.reuse.settings import AlignSettings, LSHSettings, TemplateSettings

    kw = dict(options or {})
    parts = [cls(**kw.pop(k)) for k, cls in (("lsh", LSHSettings), ("align", AlignSettings),
                                              ("template", TemplateSettings)) if k in kw]
    if parts:
        kw["settings"] = parts
    return kw


def worker(system: str, corpus: Path, out: Path, paraphrase: bool, cap: int, jobs: int = 1,
           options: dict | None = None) -> None:
    """Run one system on one corpus; write passages (parquet) and figures (JSON) to ``out``
    (``options``: further keywords of ``detect``)."""
    import pandas as pd

    from giptext.annotated import load_annotated

    w0, c0 = time.perf_counter(), _cpu()
    # detect needs only the texts and the manifest: the gold tables stay on disk
    ac = load_annotated(corpus) if system == "baseline" else _texts_only(corpus)
    load_s = time.perf_counter() - w0
    rss_loaded = _rss_mb()
    w1, c1 = time.perf_counter(), _cpu()
    params = None
    if system == "giptext":
        from giptext.reuse import detect

        res = detect(ac, paraphrase=paraphrase, n_jobs=jobs, **detect_keywords(options))
        params = {"lsh": res.params["lsh"], **{k: res.params.get(k) for k in (options or {})}}  # what the run resolved
        p = res.passages
        df = pd.DataFrame({c: p[c] if c in p.columns else None for c in PASSAGE_COLS})
    else:
        spans = {}
        for r in ac.sections.to_dict("records"):
            spans[str(r["id"])] = [tuple(r[k]) for k in ("overview_span", "problems_span") if isinstance(r.get(k), list)]
        rows = baseline_pairs(ac.docs, spans, cap=cap)
        df = pd.DataFrame(rows, columns=["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "similarity"])
        df["kind"] = ["verbatim" if s >= 0.999 else "near" for s in df["similarity"]]
        df["template"] = False
        df["family"] = None
    wall, cpu = time.perf_counter() - w1, _cpu() - c1
    df["doc_a"] = df["doc_a"].astype(str)
    df["doc_b"] = df["doc_b"].astype(str)
    df["family"] = df["family"].astype("string")
    df.to_parquet(out.with_suffix(".parquet"), index=False)
    out.with_suffix(".json").write_text(json.dumps({
        "system": system, "docs": len(ac.docs), "load_s": load_s, "wall_s": wall, "cpu_s": cpu,
        "rss_loaded_mb": rss_loaded, "peak_rss_mb": _rss_mb(), "rows": len(df),
        "params": params,
        # detect's forked workers share the parent's pages until they write to them
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


# ----------------------------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------------------------
def ensure_corpus(work: Path, n: int, seed: int) -> Path:
    """Generate (once) the synthetic corpus of ``n`` reports under ``work``."""
    from corpora.synthetic import generate

    d = work / f"syn_{n}_s{seed}"
    if (d / "README.md").is_file() and (d / "gold_reuse.jsonl").is_file():
        return d
    t = time.perf_counter()
    summary = generate(n, seed, d)
    print(f"  generated {n} synthetic reports in {time.perf_counter() - t:.0f}s "
          f"({summary['n_pairs']} planted pairs)", flush=True)
    return d


def run(system: str, corpus: Path, work: Path, timeout: float, paraphrase: bool, cap: int, jobs: int = 1,
        options: dict | None = None, tag: str = "") -> dict:
    """Run a worker process; return its figures with precision/recall, or a failure note.
    ``options``: further keywords of ``detect``; ``tag``: added to the output file names."""
    import pandas as pd

    from corpora.synthetic import score

    out = work / f"{corpus.name}_{system}{'_para' if paraphrase else ''}{tag}"
    cmd = [sys.executable, __file__, "--worker", system, "--corpus", str(corpus), "--out", str(out),
           "--baseline-cap", str(cap), "--jobs", str(jobs), "--detect-options", json.dumps(options or {})] + (
        ["--paraphrase"] if paraphrase else [])
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"system": system, "status": f"timeout after {timeout:.0f}s"}
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        return {"system": system, "status": f"failed: {tail[0][:200]}"}
    fig = json.loads(out.with_suffix(".json").read_text())
    fig["process_s"] = time.perf_counter() - t
    s = score(pd.read_parquet(out.with_suffix(".parquet")), corpus)
    fig.update(status="ok", **{k: s[k] for k in ("precision", "precision_planted", "recall",
                                                 "recall_verbatim_near", "recall_by_kind", "false_rows",
                                                 "incidental_rows", "template_text_rows",
                                                 "flagged_template_rows", "gold_pairs")})
    return fig


def _fmt(r: dict) -> str:
    if r.get("status") != "ok":
        return f"{r['system']:>9}  {r.get('status')}"
    kinds = " ".join(f"{k[:4]} {v:.3f}" for k, v in r["recall_by_kind"].items())
    return (f"{r['system']:>9}  wall {r['wall_s']:8.1f}s  cpu {r['cpu_s']:8.1f}s  load {r['load_s']:6.1f}s  "
            f"peak RSS {r['peak_rss_mb']:7.0f} MB (after load {r['rss_loaded_mb']:.0f}, largest worker "
            f"{r.get('worker_peak_rss_mb', 0):.0f})  rows {r['rows']:>8}  "
            f"P {r['precision']:.3f} (planted-only {r['precision_planted']:.3f})  R(v+n) "
            f"{r['recall_verbatim_near']:.3f}  R {r['recall']:.3f} [{kinds}]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", default="/tmp/giptext-bench-reuse", help="where corpora and outputs go")
    ap.add_argument("--skip-baseline-above", type=int, default=10000,
                    help="do not run the baseline on corpora larger than this")
    ap.add_argument("--skip-giptext-above", type=int, default=10**9)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run before giving up")
    ap.add_argument("--baseline-cap", type=int, default=50, help="LSH hits above which a sentence is boilerplate")
    ap.add_argument("--paraphrase", action="store_true", help="run detect(paraphrase=True)")
    ap.add_argument("--json", help="write all figures to this JSON file")
    ap.add_argument("--jobs", type=int, default=2,
                    help="detect(n_jobs=): processes/threads giptext may use (the baseline is single-process)")
    ap.add_argument("--detect-options", default="{}", help='further detect() keywords as JSON, e.g. \'{"lsh": {"window": 4}}\'')
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, Path(args.corpus), Path(args.out), args.paraphrase, args.baseline_cap, args.jobs,
               json.loads(args.detect_options))
        return 0

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    results: dict[int, dict[str, dict]] = {}
    for n in sorted(args.sizes):
        print(f"\n== {n} synthetic reports ==", flush=True)
        corpus = ensure_corpus(work, n, args.seed)
        results[n] = {}
        if n <= args.skip_giptext_above:
            results[n]["giptext"] = run("giptext", corpus, work, args.timeout, args.paraphrase, args.baseline_cap,
                                        args.jobs, json.loads(args.detect_options))
            print(_fmt(results[n]["giptext"]), flush=True)
        if n <= args.skip_baseline_above:
            results[n]["baseline"] = run("baseline", corpus, work, args.timeout, False, args.baseline_cap)
            print(_fmt(results[n]["baseline"]), flush=True)
        else:
            results[n]["baseline"] = {"system": "baseline", "status": f"skipped (size > {args.skip_baseline_above})"}
            print(_fmt(results[n]["baseline"]), flush=True)

    print("\n== summary ==")
    sizes = sorted(results)
    for n in sizes:
        g, b = results[n].get("giptext", {}), results[n].get("baseline", {})
        if g.get("status") == "ok" and b.get("status") == "ok":
            print(f"{n:>7}: baseline/giptext wall {b['wall_s'] / g['wall_s']:.1f}x, cpu {b['cpu_s'] / g['cpu_s']:.1f}x; "
                  f"recall v+n giptext {g['recall_verbatim_near']:.3f} vs baseline {b['recall_verbatim_near']:.3f}")
    for sys_name in ("giptext", "baseline"):
        ok = [(n, results[n][sys_name]) for n in sizes if results[n].get(sys_name, {}).get("status") == "ok"]
        for (n1, r1), (n2, r2) in zip(ok, ok[1:]):
            # time(2N)/time(N) from the power law through two measured sizes
            expo = math.log(r2["cpu_s"] / r1["cpu_s"]) / math.log(n2 / n1)
            print(f"{sys_name:>9} {n1}->{n2}: cpu x{r2['cpu_s'] / r1['cpu_s']:.1f} (wall x{r2['wall_s'] / r1['wall_s']:.1f}), "
                  f"time(2N)/time(N) = {2 ** expo:.2f}")
        if ok:
            n, r = ok[-1]
            print(f"{sys_name:>9} peak RSS at {n}: {r['peak_rss_mb']:.0f} MB")
    if args.json:
        Path(args.json).write_text(json.dumps({str(k): v for k, v in results.items()}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
