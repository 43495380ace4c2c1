"""Matplotlib figures of an analysis: theme prevalence, co-occurrence, originality, boilerplate, reuse network.

Every function takes the DataFrames of :class:`giptext.analyze.Analysis` (or any frame with
the same columns), returns a :class:`matplotlib.figure.Figure`, and never raises on empty
input: it draws a figure saying there is nothing to show, so a small corpus still gets a
complete dashboard. Chinese text is drawn with the bundled Noto Sans CJK font
(:func:`giptext.present.fonts.use_cjk_font`).

Example::

    >>> import pandas as pd
    >>> from giptext.present import plots
    >>> statements = pd.DataFrame({"doc": ["a", "a", "b"], "labels": [["timeliness"], ["staff"], ["timeliness"]]})
    >>> reports = pd.DataFrame({"id": ["a", "b"], "year": [2020, 2021]})
    >>> fig = plots.theme_heatmap(statements, reports, by="year")
    >>> [p.suffix for p in plots.save(fig, "out/figures/themes_by_year")]
    ['.png', '.svg']
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import pandas as pd

from giptext._atomic import atomic_path
from giptext.present.fonts import use_cjk_font

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

LEVEL_ORDER = ("province", "city", "county", "township", "department", "unknown")
#: Column order of group values that have a natural order (levels top-down, eras oldest first).
GROUP_ORDER = ("province", "city", "county", "township", "department", "pre2019", "2019_template", "unknown")
CMAP = "YlOrRd"


def figure(w: float, h: float) -> "Figure":
    """An empty matplotlib figure of ``w`` × ``h`` inches set up as giptext's own figures are
    (bundled CJK font, 110 dpi, constrained layout, no pyplot state), for studies and users
    who draw their own figures in the same style."""
    use_cjk_font()
    # The object-oriented Figure needs no pyplot state: safe in threads and without a display.
    from matplotlib.figure import Figure

    return Figure(figsize=(w, h), dpi=110, layout="constrained")


def _empty(title: str, why: str) -> "Figure":
    fig = figure(6, 2.2)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, why, ha="center", va="center", color="#666", transform=ax.transAxes)
    return fig


def as_labels(value: Any) -> list[str]:
    """A statement's theme labels as a list, whether stored as list, array, JSON string or ``None``."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            return [str(v) for v in json.loads(value)]
        return [v for v in value.replace(";", ",").split(",") if v] if value else []
    if isinstance(value, float) and np.isnan(value):
        return []
    return [str(v) for v in value]


def _theme_order(labels: Iterable[str], codebook: list[str] | None) -> list[str]:
    present = set(labels)
    if codebook:
        return [l for l in codebook if l in present] + sorted(present - set(codebook))
    return sorted(present)


def clip(text: str, n: int) -> str:
    """``text`` with white space collapsed, cut to ``n`` characters with an ellipsis (CJK has no words to cut at)."""
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _display(label: str, names: dict[str, str] | None) -> str:
    return f"{label} {names[label]}" if names and label in names else label


def _heatmap(ax, matrix: pd.DataFrame, fmt: str = "{:.0%}", cmap: str = CMAP, vmax: float | None = None):
    data = matrix.to_numpy(dtype=float)
    im = ax.imshow(data, aspect="auto", cmap=cmap, vmin=0, vmax=vmax if vmax is not None else max(data.max(), 1e-9))
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=45, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [str(r) for r in matrix.index])
    hi = np.nanmax(data) if data.size else 0
    if matrix.size <= 400:  # numbers stay legible only on smallish grids
        for i in range(data.shape[0]):
            for j in range(data.shape[1]):
                v = data[i, j]
                if v > 0:
                    ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=7,
                            color="white" if v > 0.6 * hi else "black")
    return im


def theme_heatmap(
    statements: pd.DataFrame,
    reports: pd.DataFrame | None = None,
    by: str = "year",
    *,
    codebook: list[str] | None = None,
    names: dict[str, str] | None = None,
    labels_col: str = "labels",
) -> "Figure":
    """Heatmap of theme prevalence: share of statements carrying each theme, per ``by`` group.

    ``by`` is a column of ``statements`` (or of ``reports``, joined on the report id), e.g.
    ``"year"``, ``"level"`` or ``"era"``. Column headers show the number of statements in the group.
    """
    title = f"Theme prevalence by {by} (share of statements)"
    if statements is None or statements.empty or labels_col not in statements:
        return _empty(title, "no problem/improvement statements found")
    st = statements.copy()
    if by not in st.columns and reports is not None and by in reports.columns:
        st = st.merge(reports[["id", by]], left_on="doc", right_on="id", how="left", suffixes=("", "_r"))
    if by not in st.columns:
        return _empty(title, f"no '{by}' column")
    st[by] = st[by].astype(object).map(lambda v: "unknown" if pd.isna(v) else
                                       (int(v) if isinstance(v, (float, np.floating, np.integer)) else v))
    st["_labels"] = st[labels_col].map(as_labels)
    long = st[["_labels", by]].explode("_labels").dropna(subset=["_labels"])
    if long.empty:
        return _empty(title, "no statement has a theme")
    counts = pd.crosstab(long["_labels"], long[by])
    n = st.groupby(by).size()
    cols = sorted(counts.columns, key=lambda c: (
        isinstance(c, str), GROUP_ORDER.index(c) if c in GROUP_ORDER else -1, str(c) if isinstance(c, str) else c))
    order = _theme_order(counts.index, codebook)
    share = counts.loc[order, cols].div(n[cols], axis=1).fillna(0)
    share.index = [_display(l, names) for l in order]
    share.columns = [f"{c}\n(n={n[c]})" for c in cols]
    fig = figure(max(5.5, 0.55 * len(cols) + 3.5), max(3.5, 0.32 * len(order) + 1.6))
    ax = fig.add_subplot()
    im = _heatmap(ax, share, vmax=max(share.to_numpy().max(), 0.01))
    fig.colorbar(im, ax=ax, shrink=0.7, format=lambda x, _: f"{x:.0%}")
    ax.set_title(title)
    ax.set_xlabel(by)
    return fig


def theme_cooccurrence(
    statements: pd.DataFrame,
    *,
    codebook: list[str] | None = None,
    names: dict[str, str] | None = None,
    labels_col: str = "labels",
) -> "Figure":
    """Heatmap of how often two themes label the same statement (diagonal: statements with the theme)."""
    title = "Theme co-occurrence (statements labelled with both)"
    if statements is None or statements.empty or labels_col not in statements:
        return _empty(title, "no problem/improvement statements found")
    sets = [set(as_labels(v)) for v in statements[labels_col]]
    order = _theme_order(set().union(*sets) if sets else [], codebook)
    if not order:
        return _empty(title, "no statement has a theme")
    idx = {l: i for i, l in enumerate(order)}
    m = np.zeros((len(order), len(order)), dtype=int)
    for s in sets:
        ids = [idx[l] for l in s]
        for a in ids:
            for b in ids:
                m[a, b] += 1
    shown = [_display(l, names) for l in order]
    frame = pd.DataFrame(m, index=shown, columns=order)
    fig = figure(max(5, 0.42 * len(order) + 3.5), max(4, 0.36 * len(order) + 1.6))
    ax = fig.add_subplot()
    im = _heatmap(ax, frame, fmt="{:.0f}", cmap="Blues")
    fig.colorbar(im, ax=ax, shrink=0.7)
    ax.set_title(title)
    return fig


def originality_distribution(reports: pd.DataFrame, *, group: str = "level") -> "Figure":
    """Histogram of report originality (share of narrative not found elsewhere) and a box plot per ``group``."""
    title = "Originality of the narrative (1 = nothing found elsewhere in the corpus)"
    if reports is None or reports.empty or "originality" not in reports:
        return _empty(title, "no originality scores (reuse detection not run)")
    r = reports.dropna(subset=["originality"])
    if r.empty:
        return _empty(title, "no report has narrative text")
    fig = figure(10, 3.8)
    ax1, ax2 = fig.subplots(1, 2, width_ratios=[1.2, 1])
    ax1.hist(r["originality"].clip(0, 1), bins=np.linspace(0, 1, 21), color="#2563eb", edgecolor="white")
    ax1.set_xlabel("originality")
    ax1.set_ylabel("reports")
    med = float(r["originality"].median())
    ax1.axvline(med, color="#dc2626", linestyle="--", linewidth=1)
    # Label on the side with more room (originality piles up near 1).
    ax1.text(med, ax1.get_ylim()[1] * 0.95, f"median {med:.2f} " if med > 0.5 else f" median {med:.2f}",
             color="#dc2626", va="top", ha="right" if med > 0.5 else "left", fontsize=8)
    ax1.set_title(f"{len(r)} reports")
    if group in r.columns:
        g = r[group].fillna("unknown").astype(str)
        cats = [c for c in GROUP_ORDER if c in set(g)]
        cats += sorted(set(g) - set(cats))
        data = [r.loc[g == c, "originality"].to_numpy() for c in cats]
        ax2.boxplot(data, tick_labels=[f"{c}\n(n={len(d)})" for c, d in zip(cats, data)])
        ax2.set_ylim(-0.02, 1.02)
        ax2.set_ylabel("originality")
        ax2.set_title(f"by {group}")
    else:
        ax2.set_axis_off()
    fig.suptitle(title)
    return fig


def top_families(families: pd.DataFrame, n: int = 15, *, wrap: int = 28) -> "Figure":
    """Horizontal bars: the boilerplate families found in the most agencies (and reports)."""
    title = "Most widespread boilerplate passages"
    if families is None or families.empty:
        return _empty(title, "no passage recurs across reports")
    f = families.copy()
    key = [c for c in ("n_agencies", "n_docs", "n_occurrences") if c in f.columns]
    f = f.sort_values(key, ascending=False).head(n).iloc[::-1]
    labels = [clip(t, wrap * 2) for t in f.get("text", f.index)]
    labels = ["\n".join(textwrap.wrap(t, wrap)) or "?" for t in labels]
    fig = figure(10, max(3.5, 0.55 * len(f) + 1.2))
    ax = fig.add_subplot()
    y = np.arange(len(f))
    main = key[0] if key else None
    vals = f[main].to_numpy() if main else np.ones(len(f))
    ax.barh(y, vals, color="#f59e0b", label=main)
    if "n_docs" in f.columns and main != "n_docs":
        ax.barh(y, f["n_docs"].to_numpy(), color="none", edgecolor="#92400e", linewidth=1, label="n_docs")
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("agencies" if main == "n_agencies" else (main or ""))
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title)
    return fig


def reuse_network(
    passages: pd.DataFrame,
    reports: pd.DataFrame | None = None,
    *,
    max_nodes: int = 30,
    seed: int = 0,
    include_template: bool = False,
) -> "Figure":
    """Agencies as nodes, an edge where two agencies share reused passages (width: shared characters).

    Only reuse between *different* agencies is drawn. The ``max_nodes`` agencies with the most
    shared text are kept so labels stay readable; the layout is seeded (deterministic).
    Template passages (``template`` true: text most agencies share, e.g. the 2019 form's
    wording) would link everyone to everyone, so they are left out unless ``include_template``.
    """
    import networkx as nx

    title = "Reuse between agencies"
    if passages is None or passages.empty:
        return _empty(title, "no reused passages")
    agency = {}
    if reports is not None and not reports.empty and "agency" in reports:
        agency = {str(i): (a if isinstance(a, str) and a else str(i)) for i, a in zip(reports["id"], reports["agency"])}
    if not include_template and "template" in passages.columns:
        passages = passages[~passages["template"].fillna(False).astype(bool)]
    g = nx.Graph()
    for row in passages.itertuples(index=False):
        a = agency.get(str(row.doc_a), str(row.doc_a))
        b = agency.get(str(row.doc_b), str(row.doc_b))
        if a == b:
            continue
        if hasattr(row, "matched"):
            chars = max(int(row.matched), 1)
        elif hasattr(row, "end_a"):
            chars = max(int(row.end_a) - int(row.start_a), 1)
        else:
            chars = 1
        w = g.get_edge_data(a, b, {}).get("weight", 0)
        g.add_edge(a, b, weight=w + chars)
    if g.number_of_edges() == 0:
        return _empty(title, "no reuse between different agencies" + ("" if include_template else " outside template text"))
    strength = dict(g.degree(weight="weight"))
    keep = sorted(strength, key=lambda k: (-strength[k], k))[:max_nodes]
    g = g.subgraph(keep).copy()
    fig = figure(9, 7)
    ax = fig.add_subplot()
    ax.set_axis_off()
    # Sorted node insertion makes the seeded layout independent of passage order.
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    h.add_weighted_edges_from(sorted((min(u, v), max(u, v), d["weight"]) for u, v, d in g.edges(data=True)))
    pos = _packed_layout(h, seed)
    wmax = max(d["weight"] for _, _, d in h.edges(data=True))
    nx.draw_networkx_edges(h, pos, ax=ax, width=[0.5 + 4 * d["weight"] / wmax for _, _, d in h.edges(data=True)],
                           edge_color="#94a3b8", alpha=0.8)
    smax = max(strength[n] for n in h.nodes)
    nx.draw_networkx_nodes(h, pos, ax=ax, node_size=[60 + 500 * strength[n] / smax for n in h.nodes],
                           node_color="#2563eb", alpha=0.85)
    nx.draw_networkx_labels(h, pos, ax=ax, labels={n: clip(n, 16) for n in h.nodes}, font_size=8.5,
                            font_family=use_cjk_font())
    ax.set_title(f"{title} ({h.number_of_nodes()} agencies, {h.number_of_edges()} links; width = shared characters)")
    return fig


def _packed_layout(g, seed: int) -> dict:
    """Spring layout per connected component, components packed on shelves (largest first).

    A single spring layout pushes disconnected components to the corners and squeezes each
    into a blot; laying them out one by one keeps every cluster legible.
    """
    import networkx as nx

    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    sizes = [max(np.sqrt(len(c)), 1.0) for c in comps]
    shelf_width = max(max(sizes), 1.4 * np.sqrt(sum(s * s for s in sizes)))
    pos: dict = {}
    x = y = row_h = 0.0
    for comp, size in zip(comps, sizes):
        if x > 0 and x + size > shelf_width:
            x, y, row_h = 0.0, y - row_h - 0.3, 0.0
        sub = g.subgraph(comp)
        if len(comp) == 1:
            local = {comp[0]: np.array([0.5, 0.5])}
        else:
            raw = nx.spring_layout(sub, seed=seed, k=1.5 / np.sqrt(len(comp)), weight=None, iterations=300)
            pts = np.array([raw[n] for n in comp])
            lo, ext = pts.min(axis=0), np.ptp(pts, axis=0)
            span = max(float(ext.max()), 1e-9)  # one scale for both axes keeps the shape
            pad = (1.0 - ext / span) / 2 * 0.8
            local = {n: 0.1 + pad + 0.8 * (raw[n] - lo) / span for n in comp}
        for n in comp:
            pos[n] = np.array([x, y]) + local[n] * size
        x += size + 0.3
        row_h = max(row_h, size)
    return pos


def save(fig: "Figure", stem: str | Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write ``fig`` as ``stem.png`` and ``stem.svg`` (deterministic SVG ids, no timestamp); return the paths."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt in formats:
        p = stem.with_suffix(f".{fmt}")
        kw: dict[str, Any] = {"metadata": {"Date": None}} if fmt == "svg" else {"metadata": {"Software": None}}
        with atomic_path(p) as tmp:
            if fmt == "svg":
                import matplotlib

                with matplotlib.rc_context({"svg.hashsalt": "giptext"}):
                    fig.savefig(tmp, format=fmt, **kw)
            else:
                fig.savefig(tmp, format=fmt, **kw)
        out.append(p)
    return out


__all__ = [
    "GROUP_ORDER",
    "LEVEL_ORDER",
    "as_labels",
    "figure",
    "clip",
    "theme_heatmap",
    "theme_cooccurrence",
    "originality_distribution",
    "top_families",
    "reuse_network",
    "save",
]
