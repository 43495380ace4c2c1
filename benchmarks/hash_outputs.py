"""Hash the tables ``giptext.reuse.detect`` returns, so two commits' outputs can be compared.

Refactors of the reuse engine must leave its output unchanged; this script makes that check
reproducible. It runs ``detect`` on a corpus folder (an annotated corpus such as
``shared/dev`` or a synthetic one from ``corpora/synthetic.py``) with the given keywords and
prints one SHA-256 per table (passages, families, occurrences, reports), computed over the
table's CSV text (column order, row order and every value count). ``--save DIR`` also writes
the tables as pickles so the rows that differ between two runs can be listed with
``--diff DIR_A DIR_B``.

    # the same command on two checkouts, then compare the printed hashes
    PYTHONPATH=. python benchmarks/hash_outputs.py ../shared/dev --options '{"sections": "all"}'
    PYTHONPATH=. python benchmarks/hash_outputs.py --diff /tmp/base_out /tmp/new_out

Only keywords both versions of ``detect`` understand should be passed (``sections``,
``threshold``, ``paraphrase``, ``n_jobs``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

TABLES = ("passages", "families", "occurrences", "reports")


def _load(corpus: Path):
    """The corpus as ``detect`` reads it: texts and manifest (gold tables are not needed)."""
    from types import SimpleNamespace

    import pandas as pd

    from giptext.annotated import read_jsonl
    from giptext.report import normalize_newlines

    manifest = pd.DataFrame(read_jsonl(corpus / "manifest.jsonl"))
    docs = {str(i): normalize_newlines((corpus / "docs" / f"{i}.txt").read_text(encoding="utf-8-sig"))
            for i in manifest["id"]}
    return SimpleNamespace(docs=docs, manifest=manifest)


def table_hash(df) -> str:
    """SHA-256 of a table's CSV text (floats written in full, lists as their repr)."""
    return hashlib.sha256(df.to_csv(index=False, float_format="%.10g").encode("utf-8")).hexdigest()


def hash_result(res) -> dict[str, dict]:
    """``{table: {"rows": n, "sha256": hex}}`` of a :class:`giptext.reuse.ReuseResult`."""
    return {t: {"rows": int(len(getattr(res, t))), "sha256": table_hash(getattr(res, t))} for t in TABLES}


def diff(dir_a: Path, dir_b: Path) -> int:
    """Print, per table, the rows only in ``dir_a`` (``-``) and only in ``dir_b`` (``+``)."""
    import pandas as pd

    changed = 0
    for t in TABLES:
        a, b = pd.read_pickle(dir_a / f"{t}.pkl"), pd.read_pickle(dir_b / f"{t}.pkl")
        ka = a.astype(str).apply(tuple, axis=1)
        kb = b.astype(str).apply(tuple, axis=1)
        only_a, only_b = a[~ka.isin(set(kb))], b[~kb.isin(set(ka))]
        print(f"{t}: {len(a)} -> {len(b)} rows, {len(only_a)} removed, {len(only_b)} added")
        cols = [c for c in ("doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "similarity", "kind",
                            "family", "doc", "start", "end", "id", "originality") if c in a.columns]
        with pd.option_context("display.width", 200, "display.max_rows", 60):
            if len(only_a):
                print("  - only in", dir_a, "\n", only_a[cols].to_string())
            if len(only_b):
                print("  + only in", dir_b, "\n", only_b[cols].to_string())
        changed += len(only_a) + len(only_b)
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", help="corpus folder (manifest.jsonl and docs/)")
    ap.add_argument("--options", default="{}", help="detect() keywords as JSON")
    ap.add_argument("--save", help="also write the tables to this folder (pickles)")
    ap.add_argument("--diff", nargs=2, metavar=("DIR_A", "DIR_B"), help="list the rows two --save folders differ in")
    args = ap.parse_args(argv)
    if args.diff:
        return diff(Path(args.diff[0]), Path(args.diff[1]))
    if not args.corpus:
        ap.error("give a corpus folder or --diff")
    from giptext.reuse import detect

    options = json.loads(args.options)
    res = detect(_load(Path(args.corpus)), **options)
    out = {"corpus": str(args.corpus), "options": options, "tables": hash_result(res)}
    if args.save:
        d = Path(args.save)
        d.mkdir(parents=True, exist_ok=True)
        for t in TABLES:
            getattr(res, t).to_pickle(d / f"{t}.pkl")
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
