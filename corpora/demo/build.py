"""Assemble the demo corpus: the development excerpts and the seed reports, with provenance.

    python corpora/demo/build.py [SHARED] [--out corpora/demo]

Writes ``docs/*.txt`` and ``manifest.jsonl`` (the annotated-corpus layout of
``corpora/README.md``, so agency and year come from the manifest) and ``provenance.csv``
(id, agency, year, source URL). ``SHARED`` defaults to ``../shared`` beside the checkout
(:func:`giptext.annotated.shared_dir`). The texts are public government reports (or copies of
them), shipped as the demo corpus with ``provenance.csv`` listing every source URL; ``make demo``
runs this only when ``manifest.jsonl`` is missing.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEED_SOURCE = "project seed reports (shared/seeds), public government web pages"
KEEP = ("id", "url", "agency", "year", "level", "admin_level", "format", "script", "is_template_site")


def build(shared: Path, out: Path) -> int:
    """Copy the texts into ``out/docs``, write the manifest and provenance; return the report count."""
    dev = shared / "dev"
    if not (dev / "manifest.jsonl").is_file():
        raise SystemExit(f"demo: {dev}/manifest.jsonl not found (the development corpus in ../shared)")
    rows = [json.loads(line) for line in (dev / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    seeds = []
    with open(ROOT / "corpora" / "samples" / "provenance.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            seeds.append(r)
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    manifest = []
    for r in rows:
        shutil.copyfile(dev / "docs" / f"{r['id']}.txt", docs / f"{r['id']}.txt")
        manifest.append({k: r.get(k) for k in KEEP})
    for i, s in enumerate(seeds):
        rid = f"seed{i}"
        shutil.copyfile(ROOT / "corpora" / "samples" / s["file"], docs / f"{rid}.txt")
        agency = s["agency"] if not s["agency"].startswith("(") else None
        manifest.append({"id": rid, "url": None, "agency": agency, "year": int(s["year"]), "level": "department",
                         "source": s["source"]})
    (out / "manifest.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest),
                                        encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "agency", "year", "source"])
    for m in manifest:
        w.writerow([m["id"], m["agency"] or "", m["year"] if m["year"] is not None else "",
                    m.get("url") or m.get("source") or ""])
    (out / "provenance.csv").write_text(buf.getvalue(), encoding="utf-8")
    return len(manifest)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shared", nargs="?", type=Path, default=None, help="the shared data folder (default ../shared)")
    ap.add_argument("--out", type=Path, default=HERE, help="where to write (default corpora/demo)")
    a = ap.parse_args(argv)
    if a.shared is None:
        sys.path.insert(0, str(ROOT))
        from giptext.annotated import shared_dir

        a.shared = shared_dir()
    n = build(a.shared, a.out)
    print(f"demo corpus: {n} reports in {a.out}/docs (sources in {a.out}/provenance.csv)")


if __name__ == "__main__":
    main()
