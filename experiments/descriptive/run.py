"""Descriptive study of the dev corpus: which themes recur, how much narrative is copied,
how reuse differs by level and era (pre-2019 vs the 2019 template).

One command (from the repository root):

    .venv/bin/python experiments/descriptive/run.py            # reads ../shared/dev

Writes aggregate tables to ``results/`` and figures to ``figures/`` beside this script
(no corpus text: only counts, shares and agency names), and the full analysis (tables
with text, dashboard, reuse page) to ``out/`` (git-ignored: the corpus texts stay in
../shared). Deterministic: the bootstrap is seeded.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent


def bootstrap_share(num: np.ndarray, den: np.ndarray, reps: int, rng: np.random.Generator) -> tuple[float, float]:
    """95% percentile interval of sum(num)/sum(den), resampling reports with replacement."""
    if len(num) == 0 or den.sum() == 0:
        return float("nan"), float("nan")
    idx = rng.integers(0, len(num), size=(reps, len(num)))
    d = den[idx].sum(axis=1)
    s = np.where(d > 0, num[idx].sum(axis=1) / np.where(d > 0, d, 1), np.nan)
    lo, hi = np.nanpercentile(s, [2.5, 97.5])
    return float(lo), float(hi)


ORDER = ("province", "city", "county", "township", "department", "pre2019", "2019_template", "unknown")


def reuse_by(reports: pd.DataFrame, col: str, reps: int, seed: int) -> pd.DataFrame:
    """Per group: reports, narrative characters, share reused (with bootstrap CI), originality.

    "Reused" is giptext.reuse's measure: characters of the normalised narrative covered by a
    non-template passage found in another report.
    """
    rng = np.random.default_rng(seed)
    rows = []
    r = reports[reports["narrative_chars"] > 0]
    keys = r[col].fillna("unknown").astype(str)
    groups = sorted(set(keys), key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))
    for key in groups:
        g = r[keys == key]
        num, den = g["reused_chars"].to_numpy(float), g["narrative_chars"].to_numpy(float)
        lo, hi = bootstrap_share(num, den, reps, rng)
        rows.append({
            col: key, "reports": len(g), "narrative_chars": int(den.sum()), "reused_chars": int(num.sum()),
            "reused_share": num.sum() / den.sum(), "ci_low": lo, "ci_high": hi,
            "median_originality": float(g["originality"].median()),
            "reports_below_0.8": int((g["originality"] < 0.8).sum()),
        })
    return pd.DataFrame(rows)


def theme_table(gold: pd.DataFrame, pred: pd.DataFrame, codebook) -> pd.DataFrame:
    """Per theme: gold and predicted statement counts, shares of statements and of documents."""
    from giptext.present.plots import as_labels

    def counts(df: pd.DataFrame, doc_col: str, lab_col: str) -> tuple[pd.Series, pd.Series, int, int]:
        long = df.assign(_l=df[lab_col].map(as_labels)).explode("_l").dropna(subset=["_l"])
        return long["_l"].value_counts(), long.groupby("_l")[doc_col].nunique(), len(df), df[doc_col].nunique()

    gc, gd, gn, gdocs = counts(gold, "id", "themes")
    pc, pd_, pn, pdocs = counts(pred, "doc", "labels") if not pred.empty else (pd.Series(dtype=int),) * 2 + (0, 0)
    rows = []
    for t in codebook:
        rows.append({
            "theme": t.label, "zh": t.zh,
            "gold_statements": int(gc.get(t.label, 0)), "gold_share": gc.get(t.label, 0) / max(gn, 1),
            "gold_docs": int(gd.get(t.label, 0)),
            "pred_statements": int(pc.get(t.label, 0)), "pred_share": pc.get(t.label, 0) / max(pn, 1),
            "pred_docs": int(pd_.get(t.label, 0)),
        })
    out = pd.DataFrame(rows).sort_values("gold_statements", ascending=False, ignore_index=True)
    out.attrs.update(gold_n=gn, gold_docs=gdocs, pred_n=pn, pred_docs=pdocs)
    return out


def passages_by_era(passages: pd.DataFrame, era: dict[str, str]) -> pd.DataFrame:
    """Reused passages by the eras of the two reports (pre2019–pre2019, pre2019–2019_template, …)."""
    if passages.empty:
        return pd.DataFrame(columns=["eras", "passages", "matched_chars", "template_share"])
    p = passages.assign(eras=[" – ".join(sorted((era.get(str(a), "unknown"), era.get(str(b), "unknown"))))
                              for a, b in zip(passages["doc_a"], passages["doc_b"])])
    g = p.groupby("eras")
    return pd.DataFrame({
        "passages": g.size(),
        "matched_chars": g["matched"].sum() if "matched" in p else g.size() * np.nan,
        "template_share": g["template"].mean() if "template" in p else np.nan,
        "self_agency_share": g["scope"].agg(lambda s: (s == "self").mean()) if "scope" in p else np.nan,
    }).reset_index()


def figures(a, gold_themes: pd.DataFrame, themes: pd.DataFrame, by_level: pd.DataFrame, by_era: pd.DataFrame,
            codebook, fig_dir: Path) -> list[Path]:
    from giptext.present import plots
    from giptext.present.plots import figure  # same CJK-font setup as the package's figures

    names = {t.label: t.zh.split("/")[0] for t in codebook}
    written: list[Path] = []

    fig = figure(8, 6)
    ax = fig.add_subplot()
    t = themes.iloc[::-1]
    y = np.arange(len(t))
    ax.barh(y + 0.2, t["gold_share"], height=0.4, color="#2563eb", label=f"gold ({themes.attrs['gold_n']} statements)")
    ax.barh(y - 0.2, t["pred_share"], height=0.4, color="#f59e0b", label=f"predicted ({themes.attrs['pred_n']} statements)")
    ax.set_yticks(y, [f"{l} {names.get(l, '')}" for l in t["theme"]])
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.set_xlabel("share of statements with the theme")
    ax.set_title("Which themes recur: gold labels vs the default classifier")
    ax.legend(loc="lower right")
    written += plots.save(fig, fig_dir / "themes_gold_vs_predicted")

    gold = gold_themes.rename(columns={"id": "doc", "themes": "labels"})
    # The manifest's format is the era here (the annotators' judgement, not giptext's rule).
    rep = a.reports.assign(era=a.reports["meta_format"].fillna("unknown"))
    written += plots.save(plots.theme_heatmap(gold, rep[["id", "era"]], by="era",
                                              codebook=[c.label for c in codebook], names=names),
                          fig_dir / "themes_by_era_gold")

    fig = figure(11, 4)
    for ax, df, col in zip(fig.subplots(1, 2, width_ratios=[len(by_level), len(by_era)], sharey=True), (by_level, by_era),
                           ("level", "era")):
        x = np.arange(len(df))
        ax.bar(x, df["reused_share"], color="#2563eb")
        ax.errorbar(x, df["reused_share"], yerr=[df["reused_share"] - df["ci_low"], df["ci_high"] - df["reused_share"]],
                    fmt="none", ecolor="black", capsize=3)
        ax.set_xticks(x, [f"{k}\n(n={n})" for k, n in zip(df[col], df["reports"])])
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.set_title(f"by {col}")
        ax.set_ylabel("narrative characters found in another report")
    fig.suptitle("How much narrative is reused (95% bootstrap interval over reports)")
    written += plots.save(fig, fig_dir / "reuse_by_level_and_era")

    written += plots.save(plots.originality_distribution(rep, group="era"), fig_dir / "originality_by_era")
    written += plots.save(plots.reuse_network(a.passages, a.reports), fig_dir / "reuse_network")
    return written


def md_table(df: pd.DataFrame, floatfmt: str = "{:.3f}") -> str:
    """A small Markdown table (numbers formatted, no text from the corpus)."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    for rec in df.itertuples(index=False):
        cells = [floatfmt.format(v) if isinstance(v, float) else str(v) for v in rec]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from giptext.analyze import analyze, era_of
    from giptext.annotated import load_annotated, shared_dir
    from giptext.corpus import Corpus
    from giptext.themes.codebook import load_codebook

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", type=Path, default=shared_dir() / "dev", help="annotated corpus (default ../shared/dev)")
    ap.add_argument("--out", type=Path, default=HERE, help="where results/ figures/ out/ go")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bootstrap", type=int, default=2000)
    ap.add_argument("--themes-model", default=None, help="theme classifier name (default: giptext's default)")
    args = ap.parse_args(argv)

    t0 = time.time()
    ac = load_annotated(args.dev)
    corpus = Corpus.from_dir(args.dev, progress=True)
    a = analyze(corpus, args.out / "out", themes_model=args.themes_model, progress=True)
    elapsed = time.time() - t0
    codebook = load_codebook()

    res, fig_dir = args.out / "results", args.out / "figures"
    res.mkdir(parents=True, exist_ok=True)
    reports = a.reports.copy()
    reports["era_gold"] = reports["meta_format"].fillna("unknown")
    reports["level_gold"] = reports["level"].fillna("unknown")  # the manifest's level (Corpus reads it)

    themes = theme_table(ac.themes, a.statements, codebook)
    by_level = reuse_by(reports, "level_gold", args.bootstrap, args.seed).rename(columns={"level_gold": "level"})
    by_era = reuse_by(reports, "era_gold", args.bootstrap, args.seed).rename(columns={"era_gold": "era"})
    by_pair = passages_by_era(a.passages, dict(zip(reports["id"], reports["era_gold"])))

    gold_by_era = (ac.themes.merge(ac.manifest[["id", "format"]], on="id").explode("themes")
                   .groupby(["format", "themes"]).size().unstack(0, fill_value=0))
    gold_by_era = (gold_by_era / ac.themes.merge(ac.manifest[["id", "format"]], on="id").groupby("format").size()).fillna(0)
    gold_by_era = gold_by_era.reset_index().rename(columns={"themes": "theme"})

    r = reports[reports["narrative_chars"] > 0]
    rng = np.random.default_rng(args.seed)
    lo, hi = bootstrap_share(r["reused_chars"].to_numpy(float), r["narrative_chars"].to_numpy(float), args.bootstrap, rng)
    section_share = {}
    for s in ("overview", "problems", "improvements"):
        col, chars = f"originality_{s}", f"{s}_chars"
        if col in r:
            ok = r[col].notna() & (r[chars] > 0)
            section_share[s] = float(((1 - r.loc[ok, col]) * r.loc[ok, chars]).sum() / max(r.loc[ok, chars].sum(), 1))
    known = reports[reports["era_gold"] != "unknown"]
    era_agree = float((known["era"] == known["era_gold"]).mean()) if len(known) else float("nan")
    template_rows = reports.get("meta_is_template_site")
    if template_rows is not None:
        no_essays = r[~r["meta_is_template_site"].fillna(False).astype(bool)]
        share_no_essays = float(no_essays["reused_chars"].sum() / max(no_essays["narrative_chars"].sum(), 1))
    else:
        share_no_essays = None
    summary = {
        "corpus": str(args.dev), "reports": len(reports), "reports_with_narrative": int(len(r)),
        "statements_extracted": len(a.statements), "gold_statements": int(len(ac.themes)),
        "narrative_chars": int(r["narrative_chars"].sum()), "reused_chars": int(r["reused_chars"].sum()),
        "reused_share": float(r["reused_chars"].sum() / max(r["narrative_chars"].sum(), 1)),
        "reused_share_ci95": [lo, hi],
        "reused_share_by_section": section_share,
        "reused_share_without_model_essay_pages": share_no_essays,
        "median_originality": float(r["originality"].median()),
        "reports_originality_below_0.8": int((r["originality"] < 0.8).sum()),
        "reports_originality_below_0.5": int((r["originality"] < 0.5).sum()),
        "passages": len(a.passages), "families": len(a.families),
        "template_passages": int(a.passages["template"].sum()) if "template" in a.passages else None,
        "cross_agency_passages": int((a.passages["scope"] == "cross").sum()) if "scope" in a.passages else None,
        "era_rule_agreement_with_manifest_format": era_agree,
        "model_essay_pages": int(template_rows.fillna(False).astype(bool).sum()) if template_rows is not None else None,
        "themes_model": a.settings.get("themes_model"), "seed": args.seed, "bootstrap": args.bootstrap,
        "seconds": round(elapsed, 1),
    }
    themes.to_csv(res / "themes.csv", index=False)
    gold_by_era.to_csv(res / "themes_gold_by_era.csv", index=False)
    by_level.to_csv(res / "reuse_by_level.csv", index=False)
    by_era.to_csv(res / "reuse_by_era.csv", index=False)
    by_pair.to_csv(res / "passages_by_era_pair.csv", index=False)
    (res / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    written = figures(a, ac.themes, themes, by_level, by_era, codebook, fig_dir)

    md = [
        "# Descriptive study: results (written by run.py)", "",
        f"Corpus `{args.dev}`: {summary['reports']} reports, {summary['statements_extracted']} statements extracted, "
        f"{summary['gold_statements']} gold statements. Themes model: {summary['themes_model']}.", "",
        "## Themes (share of statements)", "", md_table(themes), "",
        "## Narrative reused", "",
        f"{summary['reused_chars']} of {summary['narrative_chars']} narrative characters "
        f"({summary['reused_share']:.1%}, 95% CI {lo:.1%}–{hi:.1%}) are found in another report; median originality "
        f"{summary['median_originality']:.3f}; {summary['reports_originality_below_0.8']} reports below 0.8, "
        f"{summary['reports_originality_below_0.5']} below 0.5. By section: "
        + ", ".join(f"{k} {v:.1%}" for k, v in section_share.items()) + " (section shares weighted by section length)."
        + (f" Without the model-essay (范文) pages: {share_no_essays:.1%}." if share_no_essays is not None else ""), "",
        "### By level", "", md_table(by_level), "", "### By era (manifest `format`)", "", md_table(by_era), "",
        "### Passages by the eras of the two reports", "", md_table(by_pair), "",
        f"The rule-based era (`giptext.analyze.era_of`) agrees with the manifest's format on {era_agree:.1%} "
        "of reports whose format is known.", "",
    ]
    (res / "results.md").write_text("\n".join(md), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(f"results in {res}, figures in {fig_dir} ({len(written)} files), full analysis in {args.out / 'out'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
