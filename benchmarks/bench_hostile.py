"""Cost of the hostile-input guards (issue 17), each as a ratio to the unguarded path in the same run.

* model loading: ``giptext.themes.load_model`` (exact allow-list read from the schema, members
  counted, skops' own audit) against plain ``skops.io.load`` trusting what the file names, on the
  shipped default model;
* output writing: ``Analysis.write`` (built beside ``OUT``, swapped in, marker) against writing
  the same files straight into an empty folder (``Analysis._write_into``), figures off.

Run: ``.venv/bin/python benchmarks/bench_hostile.py [--reps 7]``. Medians of alternating runs.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median_pair(a, b, reps: int) -> tuple[float, float]:
    ta, tb = [], []
    for _ in range(reps):
        for f, acc in ((a, ta), (b, tb)):
            t = time.perf_counter()
            f()
            acc.append(time.perf_counter() - t)
    return statistics.median(ta), statistics.median(tb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args()

    import skops.io as sio

    import giptext
    from giptext.themes import load_model

    path = ROOT / "models" / "themes-default" / "model.skops"
    plain, guarded = _median_pair(lambda: sio.load(path, trusted=sio.get_untrusted_types(file=path)),
                                  lambda: load_model(path), args.reps)
    print(f"model load: plain skops {plain * 1000:.0f} ms, giptext load_model {guarded * 1000:.0f} ms, "
          f"ratio {guarded / plain:.2f}")

    a = giptext.analyze(ROOT / "corpora" / "samples", progress=False)
    work = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    try:
        def direct():
            d = work / "direct"
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir()
            a._write_into(d, figures=False, html=True, progress=False)

        def atomic():
            a.write(work / "atomic", figures=False, progress=False)

        d, t = _median_pair(direct, atomic, args.reps)
        print(f"analyze output ({len(a.reports)} reports, no figures): straight into a folder {d * 1000:.0f} ms, "
              f"atomic {t * 1000:.0f} ms, ratio {t / d:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
