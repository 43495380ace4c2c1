"""Headline findings of an analysed corpus, computed from the tables ``giptext analyze`` writes.

``make demo`` prints them after the run (``python -m giptext.present.findings out``), so the
first run says what was found, not only where the files are. Each finding is computed from the
tables (nothing is fixed in advance); a finding the corpus does not support is left out.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

from giptext.present.plots import clip


def widest_family(families: pd.DataFrame) -> str | None:
    """The stock phrase shared by the most agencies (template formulae of the 2019 form excluded)."""
    f = families[~families["template"].astype(bool)] if "template" in families else families
    if f.empty or f["n_agencies"].max() < 2:
        return None
    top = f.sort_values(["n_agencies", "n_occurrences", "family"], ascending=[False, False, True]).iloc[0]
    years = sorted(int(y) for y in top["years"]) if len(top["years"]) else []
    span = f", {years[0]}–{years[-1]}" if len(years) > 1 else ""
    return (f"The most widely shared stock phrase appears in {int(top['n_docs'])} reports of "
            f"{int(top['n_agencies'])} agencies{span} (family {int(top['family'])}): "
            f"“{clip(top['text'], 48)}”")


def self_copying(passages: pd.DataFrame, reports: pd.DataFrame) -> str | None:
    """The agency whose reports of different years share the most narrative text."""
    p = passages[(passages["scope"] == "self") & ~passages["template"].astype(bool)]
    if p.empty:
        return None
    meta = reports.set_index("id")[["agency", "year"]]
    p = p.assign(agency=p["doc_a"].map(meta["agency"]),
                 year_a=p["doc_a"].map(meta["year"]), year_b=p["doc_b"].map(meta["year"]))
    p = p[p["agency"].notna() & p["year_a"].notna() & p["year_b"].notna()]
    p = p[p["year_a"] != p["year_b"]]
    if p.empty:
        return None
    g = p.groupby(["agency", "doc_a", "doc_b", "year_a", "year_b"], as_index=False)["matched"].sum()
    top = g.sort_values(["matched", "agency"], ascending=[False, True]).iloc[0]
    ya, yb = sorted([int(top["year_a"]), int(top["year_b"])])
    return (f"{top['agency']} reuses {int(top['matched']):,} characters of its {ya} report in its {yb} report "
            f"(reports {top['doc_a']} and {top['doc_b']}; {len(g)} same-agency pairs across years in all)")


def theme_trend(statements: pd.DataFrame) -> str | None:
    """The theme whose share of statements changed most between the pre-2019 and 2019-template reports."""
    if statements.empty or "era" not in statements:
        return None
    st = statements[statements["era"].isin(["pre2019", "2019_template"])]
    counts = st.groupby("era").size()
    if len(counts) < 2 or counts.min() < 10:
        return None
    ex = st[["era", "labels"]].explode("labels").dropna()
    share = ex.groupby(["labels", "era"]).size().unstack(fill_value=0).div(counts, axis=1)
    delta = (share["2019_template"] - share["pre2019"]).sort_values()
    theme = delta.abs().idxmax()
    before, after = share.loc[theme, "pre2019"], share.loc[theme, "2019_template"]
    word = "rises" if after > before else "falls"
    return (f"Theme “{theme}” {word} from {before:.0%} of problem/improvement statements before 2019 "
            f"to {after:.0%} in reports on the 2019 template ({counts['pre2019']} and "
            f"{counts['2019_template']} statements)")


def findings(out_dir: str | Path) -> list[str]:
    """The headline findings, as sentences, from the tables in an ``analyze`` output folder."""
    out = Path(out_dir)

    def table(name: str) -> pd.DataFrame:
        return pd.read_parquet(out / f"{name}.parquet")

    reports, passages, families = table("reports"), table("reuse_passages"), table("reuse_families")
    statements = table("statements")
    found: list[Any] = [widest_family(families), self_copying(passages, reports), theme_trend(statements)]
    return [f for f in found if f]


def main(argv: list[str] | None = None) -> int:
    """``python -m giptext.present.findings OUT``: print where to look and the findings."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "out")
    print(f"\nOpen {out / 'index.html'} (dashboard: tables and figures) and "
          f"{out / 'reuse.html'} (reviewer page: copied passages side by side).")
    found = findings(out)
    if found:
        print("What this corpus shows:")
        for i, f in enumerate(found, 1):
            print(f"  {i}. {f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
