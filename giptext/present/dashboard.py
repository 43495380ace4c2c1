"""The self-contained dashboard ``index.html`` of an analysis.

One HTML file with no outside requests: figures embedded as base64 PNG (each linking to its
SVG beside it), tables rendered server-side and made sortable/filterable by a few lines of
inline JavaScript, and links into the reuse reviewer page (``reuse.html``). Every piece of
text from the corpus is escaped.

Example::

    >>> import giptext
    >>> from giptext.present.dashboard import write_dashboard
    >>> analysis = giptext.analyze("corpora/samples", progress=False)
    >>> write_dashboard(analysis, "out/", figures={}).name
    'index.html'
"""
from __future__ import annotations

import base64
import math
import struct
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

#: Titles and one-line explanations of the figures the dashboard knows about (others get their file name).
FIGURE_TEXT = {
    "requests_by_outcome": ("Requests by outcome", "Disclosure requests handled across the corpus, by outcome (总计 column of the requests table)."),
    "themes_by_year": ("Themes by year", "Share of problem/improvement statements carrying each theme, per report year."),
    "themes_by_level": ("Themes by level", "The same by the issuing body's level (province … township, department)."),
    "themes_by_era": ("Themes by era", "Before the 2019 template versus reports written on it."),
    "theme_cooccurrence": ("Theme co-occurrence", "How often two themes label the same statement."),
    "originality": ("Originality", "Share of each report's narrative (overview, problems, improvements) not found in another report."),
    "boilerplate_families": ("Boilerplate", "Passages found in the most agencies: the corpus's shared formulae."),
    "reuse_network": ("Reuse network", "Agencies linked by the text they share; thicker = more characters."),
}

_CSS = """
body{font-family:'giptext-cjk','Noto Sans CJK SC','Microsoft YaHei','PingFang SC','Hiragino Sans GB',sans-serif;margin:0;color:#111827;background:#f9fafb}
header{background:#1e3a8a;color:white;padding:14px 24px}
header h1{margin:0;font-size:20px} header .sub{opacity:.85;font-size:13px;margin-top:4px}
nav{position:sticky;top:0;background:#e5e7eb;padding:6px 24px;font-size:13px;z-index:2}
nav a{margin-right:14px;color:#1e3a8a;text-decoration:none}
main{padding:8px 24px 40px 24px;max-width:1400px}
h2{border-bottom:2px solid #cbd5e1;padding-bottom:4px;margin-top:28px;font-size:18px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{background:white;border:1px solid #e5e7eb;border-radius:6px;padding:8px 14px;min-width:120px}
.card .v{font-size:22px;font-weight:bold;color:#1e3a8a} .card .k{font-size:12px;color:#6b7280}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:14px}
figure{background:white;border:1px solid #e5e7eb;border-radius:6px;margin:0;padding:8px}
figure.wide{grid-column:1/-1}
figure img{max-width:100%;height:auto;display:block;margin:auto}
figcaption{font-size:13px;color:#374151;margin-top:4px} figcaption b{color:#111827}
.tablebox{background:white;border:1px solid #e5e7eb;border-radius:6px;padding:8px;overflow-x:auto}
.tools{font-size:13px;margin-bottom:6px;color:#4b5563} .tools input{padding:3px 6px;width:260px}
table.sortable{border-collapse:collapse;font-size:12.5px;width:100%}
table.sortable th{background:#f3f4f6;cursor:pointer;text-align:left;padding:4px 6px;position:sticky;top:0;white-space:nowrap;user-select:none}
table.sortable th:after{content:' \\2195';color:#9ca3af}
table.sortable th.asc:after{content:' \\25B2';color:#1e3a8a} table.sortable th.desc:after{content:' \\25BC';color:#1e3a8a}
table.sortable td{border-top:1px solid #f1f5f9;padding:3px 6px;vertical-align:top}
table.sortable td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.sortable td.txt{max-width:46em}
.bar{display:inline-block;height:8px;background:#2563eb;border-radius:2px;vertical-align:middle;margin-right:4px}
.muted{color:#6b7280;font-size:12px}
.skipped li{font-size:13px}
"""

# Sorting: numbers by value (data-v holds the raw number), everything else by locale compare.
_JS = """
(function(){
  function key(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''&&!isNaN(+v))return +v;return td.textContent.trim();}
  function cmp(a,b){if(typeof a==='number'&&typeof b==='number')return a-b;
    if(typeof a==='number')return -1;if(typeof b==='number')return 1;return a.localeCompare(b,'zh');}
  document.querySelectorAll('table.sortable').forEach(function(t){
    var ths=t.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths,function(th,i){
      th.addEventListener('click',function(){
        var asc=!th.classList.contains('asc');
        Array.prototype.forEach.call(ths,function(h){h.classList.remove('asc','desc');});
        th.classList.add(asc?'asc':'desc');
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(r1,r2){var c=cmp(key(r1.cells[i]),key(r2.cells[i]));return asc?c:-c;});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  document.querySelectorAll('input.filter').forEach(function(inp){
    var t=document.getElementById(inp.getAttribute('data-table'));
    inp.addEventListener('input',function(){
      var q=inp.value.trim().toLowerCase();
      Array.prototype.forEach.call(t.tBodies[0].rows,function(r){
        r.style.display=(!q||r.textContent.toLowerCase().indexOf(q)>=0)?'':'none';});
    });
  });
})();
"""


def _cell(v: Any, *, clip: int = 160, link: str | None = None, bar: float | None = None) -> str:
    """One escaped ``<td>``; numbers carry ``data-v`` so they sort numerically."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return '<td data-v="" class=missing title="unknown">—</td>'
    if isinstance(v, (list, tuple)) or (hasattr(v, "tolist") and not isinstance(v, (str, bytes)) and getattr(v, "ndim", 0) > 0):
        v = ", ".join(str(x) for x in (v.tolist() if hasattr(v, "tolist") else v))
    if isinstance(v, dict):
        v = ", ".join(f"{k}:{x:.2f}" if isinstance(x, float) else f"{k}:{x}" for k, x in v.items())
    if isinstance(v, bool):
        return f"<td>{'yes' if v else 'no'}</td>"
    if isinstance(v, (int, float)) or hasattr(v, "dtype"):
        try:
            num = float(v)
        except (TypeError, ValueError):
            num = None
        if num is not None and math.isnan(num):
            return '<td data-v="" class=missing title="unknown">—</td>'
        if num is not None:
            shown = f"{num:.3f}" if not num.is_integer() else f"{int(num)}"
            pre = f'<span class="bar" style="width:{max(0.0, min(bar, 1.0)) * 50:.0f}px"></span>' if bar is not None else ""
            return f'<td class="num" data-v="{num!r}">{pre}{escape(shown)}</td>'
    s = " ".join(str(v).split())
    full = s
    if clip and len(s) > clip:
        s = s[: clip - 1] + "…"
    inner = escape(s)
    if link:
        inner = f'<a href="{escape(link, quote=True)}">{inner}</a>'
    title = f' title="{escape(full, quote=True)}"' if full != s else ""
    return f'<td class="txt"{title}>{inner}</td>'


def table_html(
    df: pd.DataFrame,
    table_id: str,
    columns: Sequence[str] | None = None,
    *,
    max_rows: int = 1000,
    links: dict[str, Any] | None = None,
    bars: Iterable[str] = (),
    clip: int = 160,
    csv_name: str | None = None,
) -> str:
    """A sortable, filterable HTML table of ``df`` (escaped; at most ``max_rows`` rows, saying so when cut).

    ``links`` maps a column to a function ``row -> href``; ``bars`` names 0..1 columns drawn
    with a small bar.
    """
    if df is None or df.empty:
        return '<p class="muted">Nothing to show.</p>'
    cols = [c for c in (columns or df.columns) if c in df.columns]
    links = links or {}
    bars = set(bars)
    shown = df.head(max_rows)
    head = "".join(f"<th>{escape(str(c))}</th>" for c in cols)
    rows = []
    for rec in shown[cols].to_dict("records"):
        tds = []
        for c in cols:
            v = rec[c]
            link = links[c](rec) if c in links else None
            bar = None
            if c in bars:
                try:
                    bar = float(v)
                except (TypeError, ValueError):
                    bar = None
                if bar is not None and math.isnan(bar):
                    bar = None
            tds.append(_cell(v, clip=clip, link=link, bar=bar))
        rows.append("<tr>" + "".join(tds) + "</tr>")
    note = ""
    if len(df) > max_rows:
        where = f" (all rows in <code>{escape(csv_name)}</code>)" if csv_name else ""
        note = f'<p class="muted">Showing {max_rows} of {len(df)} rows{where}.</p>'
    tools = (
        f'<div class="tools">Filter: <input class="filter" data-table="{escape(table_id)}" '
        f'placeholder="type to filter rows"> <span class="muted">click a column header to sort</span></div>'
    )
    return (
        f'<div class="tablebox">{tools}<table class="sortable" id="{escape(table_id)}"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>{note}</div>'
    )


def figure_html(name: str, png: Path, svg: Path | None = None) -> str:
    """A ``<figure>`` with the PNG embedded as base64 and a link to the SVG file."""
    title, caption = FIGURE_TEXT.get(name, (name.replace("_", " ").capitalize(), ""))
    raw = Path(png).read_bytes()
    data = base64.b64encode(raw).decode("ascii")
    # PNG header: width and height are big-endian at bytes 16..24. Wide figures get a full row.
    w, h = struct.unpack(">II", raw[16:24]) if raw[:8] == b"\x89PNG\r\n\x1a\n" else (1, 1)
    cls = ' class="wide"' if w > 1.8 * h or w > 1300 else ""
    svg_link = f' · <a href="figures/{escape(Path(svg).name)}">SVG</a>' if svg is not None else ""
    return (
        f'<figure id="fig-{escape(name)}"{cls}><img alt="{escape(title)}" src="data:image/png;base64,{data}">'
        f"<figcaption><b>{escape(title)}.</b> {escape(caption)}{svg_link}</figcaption></figure>"
    )


def theme_summary(statements: pd.DataFrame, labels_col: str = "labels") -> pd.DataFrame:
    """Per theme: statements carrying it, their share, reports with at least one (most frequent first)."""
    from giptext.present.plots import as_labels

    if statements is None or statements.empty or labels_col not in statements:
        return pd.DataFrame()
    long = statements.assign(theme=statements[labels_col].map(as_labels)).explode("theme").dropna(subset=["theme"])
    if long.empty:
        return pd.DataFrame()
    out = long.groupby("theme").agg(statements=("theme", "size"), reports=("doc", "nunique")).reset_index()
    out["share_of_statements"] = out["statements"] / len(statements)
    try:
        from giptext.themes.codebook import load_codebook

        zh = {t.label: t.zh for t in load_codebook()}
        out.insert(1, "zh", out["theme"].map(zh).fillna(""))
    except ImportError:
        pass
    return out.sort_values(["statements", "theme"], ascending=[False, True], ignore_index=True)


def _card(k: str, v: Any) -> str:
    return f'<div class="card"><div class="v">{escape(str(v))}</div><div class="k">{escape(k)}</div></div>'


def _summary_cards(analysis: Any) -> str:
    r, st, fam = analysis.reports, analysis.statements, analysis.families
    cards = [_card("reports", len(r))]
    if getattr(analysis, "skipped", None):
        cards.append(_card("files skipped", len(analysis.skipped)))
    if not r.empty and "agency" in r:
        cards.append(_card("agencies", int(r["agency"].nunique())))
    if not r.empty and "year" in r and r["year"].notna().any():
        cards.append(_card("years", f"{int(r['year'].min())}–{int(r['year'].max())}"))
    cards.append(_card("statements", len(st)))
    if {"narrative_chars", "reused_chars"} <= set(r.columns) and r["narrative_chars"].sum() > 0:
        share = r["reused_chars"].sum() / r["narrative_chars"].sum()
        cards.append(_card("narrative reused", f"{share:.1%}"))
    if "originality" in r and r["originality"].notna().any():
        cards.append(_card("median originality", f"{r['originality'].median():.2f}"))
    cards.append(_card("reused passages", len(analysis.passages)))
    cards.append(_card("boilerplate families", len(fam)))
    return '<div class="cards">' + "".join(cards) + "</div>"


def _reuse_link(has_page: bool, anchor: str | None) -> str | None:
    if not has_page:
        return None
    return "reuse.html" + (f"#{anchor}" if anchor else "")


def render_dashboard(
    analysis: Any,
    figures: dict[str, tuple[Path, Path | None]],
    *,
    reuse_page: str | None = "reuse.html",
    reuse_anchor: Any = None,
    title: str = "giptext analysis",
    embed_font: bool = True,
) -> str:
    """The dashboard HTML as a string.

    ``figures`` maps a figure name to its (PNG, SVG) files; ``reuse_page`` is the reviewer
    page's relative path (``None`` when there is none); ``reuse_anchor(kind, row)`` returns the
    fragment of a family (``kind="family"``) or passage (``"passage"``) on that page.
    ``embed_font`` embeds the characters used from the bundled CJK font, so the page reads
    the same on a machine without Chinese fonts.
    """
    anchor = reuse_anchor or (lambda kind, row: None)
    has_page = reuse_page is not None
    src = escape(str(getattr(analysis, "source", "") or ""))
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    settings = getattr(analysis, "settings", {}) or {}
    settings_txt = " · ".join(f"{escape(str(k))}: {escape(str(v))}" for k, v in settings.items())

    parts = [
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f'<header><h1>{escape(title)}</h1><div class="sub">corpus: {src} · generated {when}</div></header>',
        '<nav><a href="#summary">Summary</a><a href="#figures">Figures</a><a href="#themes">Themes</a><a href="#reports">Reports</a>'
        '<a href="#families">Boilerplate</a><a href="#passages">Reused passages</a><a href="#statements">Statements</a><a href="#tables">Tables</a>'
        + (f'<a href="{escape(reuse_page)}">Reuse reviewer page ↗</a>' if has_page else "")
        + "</nav><main>",
        '<h2 id="summary">Summary</h2>',
        _summary_cards(analysis),
    ]
    if settings_txt:
        parts.append(f'<p class="muted">{settings_txt}</p>')
    skipped = getattr(analysis, "skipped", None) or []
    if skipped:
        items = "".join(f"<li><code>{escape(str(p))}</code>: {escape(str(w))}</li>" for p, w in skipped)
        parts.append(f'<details class="skipped"><summary>{len(skipped)} file(s) skipped</summary><ul>{items}</ul></details>')

    parts.append('<h2 id="figures">Figures</h2><div class="figs">')
    for name, (png, svg) in figures.items():
        parts.append(figure_html(name, png, svg))
    parts.append("</div>")

    themes = theme_summary(analysis.statements)
    if not themes.empty:
        parts.append('<h2 id="themes">Themes</h2><p class="muted">How many problem/improvement statements, '
                     "and how many reports, carry each theme.</p>")
        parts.append(table_html(themes, "t-themes", bars=["share_of_statements"]))

    r = analysis.reports
    rep_cols = ["id", "agency", "year", "level", "era", "n_chars", "overview_chars", "problems_chars",
                "improvements_chars", "n_statements", "narrative_chars", "reused_chars", "originality"]
    parts.append('<h2 id="reports">Reports</h2>')
    parts.append(table_html(r, "t-reports", rep_cols, bars=["originality"], csv_name="reports.csv"))

    fam = analysis.families
    if not fam.empty:
        sort = [c for c in ("n_agencies", "n_docs", "n_occurrences") if c in fam.columns]
        fam = fam.sort_values(sort, ascending=False) if sort else fam
    fam_cols = ["family", "n_agencies", "n_docs", "n_occurrences", "first_year", "first_doc", "years", "text"]
    parts.append('<h2 id="families">Boilerplate families</h2>'
                 '<p class="muted">Passages that recur across reports, most widespread first. '
                 + ("Click a text to review it." if has_page else "") + "</p>")
    parts.append(table_html(fam, "t-families", fam_cols, max_rows=500, csv_name="reuse_families.csv",
                            links={"text": lambda row: _reuse_link(has_page, anchor("family", row))}))

    pas = analysis.passages
    if not pas.empty and {"start_a", "end_a"} <= set(pas.columns):
        pas = pas.assign(chars=pas["end_a"] - pas["start_a"]).sort_values(["chars", "similarity"] if "similarity" in pas else ["chars"], ascending=False)
    pas_cols = ["doc_a", "doc_b", "kind", "scope", "similarity", "chars", "section_a", "section_b", "family", "text_a", "text_b"]
    parts.append('<h2 id="passages">Reused passages</h2>')
    parts.append(table_html(pas, "t-passages", pas_cols, max_rows=1000, clip=120, csv_name="reuse_passages.csv",
                            links={"text_a": lambda row: _reuse_link(has_page, anchor("passage", row))}))

    from giptext.present.tables import tables_section

    parts.append(tables_section(analysis))

    st = analysis.statements
    st_cols = ["doc", "agency", "year", "level", "kind", "labels", "text"]
    parts.append('<h2 id="statements">Statements and themes</h2>')
    parts.append(table_html(st, "t-statements", st_cols, max_rows=1500, clip=200, csv_name="statements.csv"))

    parts.append('<p class="muted">Tables as CSV and Parquet beside this file; figures as PNG and SVG in <code>figures/</code>. '
                 "Made with giptext.</p>")
    parts.append(f"</main><script>{_JS}</script></body></html>")
    page = "".join(parts)
    if embed_font:
        # A subset of the bundled font, for machines without a Chinese system font.
        from giptext.present.fonts import webfont_css

        page = page.replace("<style>", f"<style>{webfont_css(page)}", 1)
    return page


def write_dashboard(analysis: Any, out_dir: str | Path, figures: dict[str, tuple[Path, Path | None]], **kw: Any) -> Path:
    """Write ``index.html`` into ``out_dir`` (see :func:`render_dashboard`) and return its path."""
    from giptext._atomic import atomic_write

    return atomic_write(Path(out_dir) / "index.html", render_dashboard(analysis, figures, **kw))


__all__ = ["FIGURE_TEXT", "figure_html", "render_dashboard", "table_html", "theme_summary", "write_dashboard"]
