"""Benchmark: the reuse archive (``giptext.reuse.Archive``) against ``detect`` on the same corpus.

On a SYNTHETIC corpus of ``N + add`` reports (``corpora/synthetic.py``), each stage runs in its
own fresh process so its wall time and peak RSS (``resource.getrusage``) are its own:

* ``detect``: ``detect(first N reports)`` (the batch engine; baseline of the build);
* ``build``: ``Archive.create`` + ``add(first N)``: the build/detect time ratio is the figure;
* ``add``: ``add(the last ``add`` reports)`` to that archive;
* ``check``: ``Archive.open`` (timed), then ``check`` of ``--checks`` reports (the added ones, each
  against all the others): median and max seconds per report, peak RSS of the process.

Also the archive's size on disk. Corpora are generated once into ``--corpus-dir``.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_archive.py --sizes 10000 --json /tmp/bench_archive.json

Goals (issue 18, at 100k): check ≤ 1 s (median ≤ 0.2 s), open ≤ 5 s, build no slower than
``detect``, add 1,000 ≤ 15 s, ≤ 2 GB on disk, ≤ 1 GB while checking.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _corpus(d: Path, n: int, add: int, base: bool = True):
    """(first n reports, last ``add`` reports) of the synthetic corpus in ``d`` as Reports
    (without ``base``, the first list is empty: the check stage's memory is the archive's)."""
    import pandas as pd

    from giptext.annotated import read_jsonl
    from giptext.report import Meta, Report, normalize_newlines

    man = pd.DataFrame(read_jsonl(d / "manifest.jsonl"))
    reps = []
    for k, r in enumerate(man.to_dict("records")):
        if not base and k < n:
            reps.append(None)
            continue
        text = normalize_newlines((d / "docs" / f"{r['id']}.txt").read_text(encoding="utf-8"))
        y = r.get("year")
        reps.append(Report(id=str(r["id"]), text=text,
                           meta=Meta(agency=r.get("agency"), year=None if y is None else int(y), level=r.get("level"))))
    return reps[:n], reps[n:n + add]


def stage(name: str, corpus: Path, arc: Path, n: int, add: int, checks: int, jobs: int) -> dict:
    """One stage, in this process; returns its figures."""
    from giptext.reuse import Archive, detect

    base, extra = _corpus(corpus, n, add, base=name in ("detect", "build"))
    rss0 = _rss_mb()
    t = time.perf_counter()
    out: dict = {"stage": name, "rss_before_mb": round(rss0, 1)}
    if name == "detect":
        res = detect(base, n_jobs=jobs)
        out["passages"] = len(res.passages)
    elif name == "build":
        a = Archive.create(arc)
        a.add(base, n_jobs=jobs)
        a.close()
    elif name == "add":
        a = Archive.open(arc)
        t = time.perf_counter()  # the add alone
        out["added"] = a.add(extra, n_jobs=jobs)
    elif name == "check":
        t = time.perf_counter()
        a = Archive.open(arc)
        out["open_s"] = round(time.perf_counter() - t, 3)
        out["rss_open_mb"] = round(_rss_mb(), 1)
        times, passages = [], 0
        for r in extra[:checks]:
            t1 = time.perf_counter()
            hit = a.check(r)
            times.append(time.perf_counter() - t1)
            passages += len(hit.passages)
        # the first check also loads the compiled kernels: it is reported apart
        out.update(first_s=round(times[0], 4), max_after_first_s=round(max(times[1:], default=0.0), 4))
        out.update(checks=len(times), median_s=round(statistics.median(times), 4), max_s=round(max(times), 4),
                   p90_s=round(sorted(times)[int(0.9 * (len(times) - 1))], 4), passages=passages)
        out["bytes"] = sum(f.stat().st_size for f in arc.rglob("*") if f.is_file())
    out["seconds"] = round(time.perf_counter() - t, 2)
    out["peak_rss_mb"] = round(_rss_mb(), 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    ap.add_argument("--add", type=int, default=1000, help="reports added to the built archive")
    ap.add_argument("--checks", type=int, default=200, help="reports checked (of the added ones)")
    ap.add_argument("--jobs", type=int, default=1, help="n_jobs of detect and add (the same for both)")
    ap.add_argument("--corpus-dir", type=Path, default=Path("/tmp/giptext_bench_archive"))
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--stage", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--archive", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.stage:
        print(json.dumps(stage(a.stage, a.corpus, a.archive, a.n, a.add, a.checks, a.jobs)))
        return 0
    from corpora.synthetic import generate

    results = []
    for n in a.sizes:
        cdir = a.corpus_dir / f"syn{n + a.add}"
        if not (cdir / "manifest.jsonl").is_file():
            generate(n + a.add, seed=18, out_dir=cdir)
        arc = a.corpus_dir / f"arc{n}"
        shutil.rmtree(arc, ignore_errors=True)
        row: dict = {"n": n, "add": a.add}
        for name in ("detect", "build", "add", "check"):
            cmd = [sys.executable, __file__, "--stage", name, "--corpus", str(cdir), "--archive", str(arc),
                   "--n", str(n), "--add", str(a.add), "--checks", str(a.checks), "--jobs", str(a.jobs)]
            p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if p.returncode:
                sys.stderr.write(p.stderr)
                return p.returncode
            row[name] = json.loads(p.stdout.strip().splitlines()[-1])
            print(n, name, row[name], flush=True)
        row["build_over_detect"] = round(row["build"]["seconds"] / row["detect"]["seconds"], 3)
        results.append(row)
        print(json.dumps({"n": n, "build_over_detect": row["build_over_detect"],
                          "add_s": row["add"]["seconds"], "open_s": row["check"]["open_s"],
                          "check_median_s": row["check"]["median_s"], "check_max_s": row["check"]["max_s"],
                          "check_first_s": row["check"]["first_s"],
                          "check_max_after_first_s": row["check"]["max_after_first_s"],
                          "archive_mb": round(row["check"]["bytes"] / 1e6, 1),
                          "check_peak_rss_mb": row["check"]["peak_rss_mb"]}), flush=True)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
