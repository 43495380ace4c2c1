"""The reuse reviewer page: a self-contained HTML view of a :class:`~giptext.reuse.ReuseResult`.

:func:`render_page` writes one HTML file with inline CSS and JavaScript (no external scripts,
fonts or requests): report pairs ranked by shared non-template narrative, the two texts side by
side with reused spans highlighted (click a highlight to jump to its counterpart), a family view
("this passage appears in 37 agencies' reports, first in 2009"), the least original reports, and
filters by kind (verbatim / near / paraphrase), scope (self / cross) and a template toggle.
:func:`pairs_html` is the compact table a notebook shows for ``ReuseResult._repr_html_``.

Every piece of report text on the page goes through :func:`html.escape`. (This module was
``giptext.reuse.page`` before 0.x: presentation lives in :mod:`giptext.present`.)

Example::

    >>> import pathlib, tempfile
    >>> from giptext.reuse import detect
    >>> from giptext.present.reuse_page import render_page
    >>> res = detect({"a": "我局认真贯彻落实条例，强化组织领导，完善工作机制。",
    ...               "b": "我镇认真贯彻落实条例，强化组织领导，完善工作机制。"}, sections="all")
    >>> render_page(res, pathlib.Path(tempfile.mkdtemp()) / "reuse.html").name
    'reuse.html'
"""
from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import pandas as pd

from giptext.errors import ConfigError

KIND_ORDER = ("verbatim", "near", "paraphrase")
SCOPES = ("self", "cross")
_E = html.escape


# ----------------------------------------------------------------------------------------------
# Small helpers reading the result defensively (columns may be missing in older results)
# ----------------------------------------------------------------------------------------------
def _col(df: pd.DataFrame, name: str, default: Any) -> pd.Series:
    return df[name] if name in df.columns else pd.Series([default] * len(df), index=df.index)


def _is_missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


MISSING = "—"
"""What a page shows for an unknown value (agency, year, …): never ``nan`` or ``None``."""


def _shown(v: Any) -> str:
    """``v`` as page text; unknown values (None, NaN, NA, empty) as :data:`MISSING`."""
    if _is_missing(v) or v == "":
        return MISSING
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _doc_meta(result: Any, doc_id: str) -> dict[str, Any]:
    meta = dict((getattr(result, "meta", None) or {}).get(doc_id, {}) or {})
    if not meta:
        rep = getattr(result, "reports", None)
        if isinstance(rep, pd.DataFrame) and "id" in rep.columns:
            hit = rep.loc[rep["id"].astype(str) == str(doc_id)]
            if len(hit):
                meta = hit.iloc[0].to_dict()
    return meta


def _page(result: Any, doc_id: str, offset: int) -> str:
    """"p. N" for ``offset`` of a report read from a PDF (its page starts travel in the
    result's meta), else ""."""
    from bisect import bisect_right

    pages = _doc_meta(result, doc_id).get("pages")
    if not isinstance(pages, list) or not pages:
        return ""
    return f"p. {max(1, bisect_right(pages, int(offset)))}"


def _label(result: Any, doc_id: str) -> str:
    m = _doc_meta(result, doc_id)
    agency = m.get("agency")
    year = m.get("year")
    parts = [str(agency) if not _is_missing(agency) and agency else "（机构不详）"]
    if not _is_missing(year) and year:
        parts.append(f"{int(year)}")
    return " · ".join(parts)


def _passages(result: Any) -> pd.DataFrame:
    p = getattr(result, "passages", None)
    if not isinstance(p, pd.DataFrame):
        raise ConfigError(None, "render_page needs a ReuseResult (its .passages DataFrame is missing)")
    p = p.copy()
    p["doc_a"] = p["doc_a"].astype(str)
    p["doc_b"] = p["doc_b"].astype(str)
    p["template"] = _col(p, "template", False).fillna(False).astype(bool)
    p["kind"] = _col(p, "kind", "near").fillna("near").astype(str)
    p["scope"] = _col(p, "scope", "cross").fillna("cross").astype(str)
    p["similarity"] = pd.to_numeric(_col(p, "similarity", float("nan")), errors="coerce")
    p["family"] = _col(p, "family", None)
    p["_len"] = (p["end_a"] - p["start_a"]).clip(lower=0) if len(p) else pd.Series(dtype=int)
    if "matched" in p.columns:
        p["_len"] = pd.to_numeric(p["matched"], errors="coerce").fillna(p["_len"])
    return p


def _ranked_pairs(p: pd.DataFrame) -> pd.DataFrame:
    """Pairs ranked by shared non-template characters, then template characters."""
    if p.empty:
        return pd.DataFrame(columns=["doc_a", "doc_b", "narrative", "template_chars", "n"])
    q = p.assign(_nar=p["_len"].where(~p["template"], 0), _tpl=p["_len"].where(p["template"], 0))
    g = q.groupby(["doc_a", "doc_b"], sort=False).agg(
        narrative=("_nar", "sum"), template_chars=("_tpl", "sum"), n=("_len", "size")
    ).reset_index()
    return g.sort_values(["narrative", "template_chars", "doc_a", "doc_b"],
                         ascending=[False, False, True, True], ignore_index=True)


def _family_table(result: Any) -> pd.DataFrame:
    f = getattr(result, "families", None)
    if not isinstance(f, pd.DataFrame) or f.empty:
        return pd.DataFrame()
    f = f.copy()
    for c, d in (("n_agencies", 0), ("n_docs", 0), ("template", False)):
        f[c] = _col(f, c, d)
    f["template"] = f["template"].fillna(False).astype(bool)
    return f.sort_values(["n_agencies", "n_docs"], ascending=False, kind="stable")


def _family_blurb(row: Any) -> str:
    n_ag = int(row.get("n_agencies", 0) or 0)
    n_docs = int(row.get("n_docs", 0) or 0)
    fy = row.get("first_year")
    first = f", first in {int(fy)}" if not _is_missing(fy) and fy else ""
    return f"appears in {n_ag} agencies' reports ({n_docs} reports){first}"


# ----------------------------------------------------------------------------------------------
# Text with highlighted spans
# ----------------------------------------------------------------------------------------------
def _highlight(text: str, spans: list[tuple[int, int, dict[str, str]]], lo: int = 0, hi: int | None = None) -> str:
    """Escape ``text[lo:hi]`` and wrap each span in a ``<mark>`` carrying its attributes.

    Overlapping spans are cut at every boundary; a piece covered by several spans belongs to
    the one that starts first (ties: the longer), so every character appears exactly once.
    """
    hi = len(text) if hi is None else hi
    cuts = {lo, hi}
    clean = []
    for s, e, attrs in spans:
        s, e = max(lo, s), min(hi, e)
        if e > s:
            clean.append((s, e, attrs))
            cuts.update((s, e))
    bounds = sorted(cuts)
    clean.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = _E(text[a:b])
        owner = next((attrs for s, e, attrs in clean if s <= a and b <= e), None)
        if owner is None:
            out.append(piece)
        else:
            attr = " ".join(f'{k}="{_E(v)}"' for k, v in owner.items())
            out.append(f"<mark {attr}>{piece}</mark>")
    return "".join(out)


def _where(result: Any, a: str, b: str, r: Any) -> str:
    pa, pb = _page(result, a, r.start_a), _page(result, b, r.start_b)
    if not (pa or pb):
        return ""
    return f' <span class="where">A {_E(pa or "—")} · B {_E(pb or "—")}</span>'


def _pair_card(result: Any, k: int, pair: Any, rows: pd.DataFrame, fam_info: dict[Any, str],
               context: int = 400) -> str:
    a, b = pair.doc_a, pair.doc_b
    texts = getattr(result, "texts", None) or {}
    spans_a, spans_b, items = [], [], []
    for j, r in enumerate(rows.itertuples(index=False)):
        pid = f"p{k}-{j}"
        fam = None if _is_missing(r.family) else r.family
        blurb = fam_info.get(fam, "")
        sim = "" if _is_missing(r.similarity) else f"{r.similarity:.2f}"
        tip = " · ".join(x for x in (r.kind, f"similarity {sim}" if sim else "", "template" if r.template else "",
                                      f"family {fam}" if fam is not None else "", blurb) if x)
        common = {"class": f"hl k-{r.kind}" + (" tpl" if r.template else ""), "data-pid": pid, "data-kind": r.kind,
                  "data-scope": r.scope, "data-template": "1" if r.template else "0", "title": tip}
        spans_a.append((int(r.start_a), int(r.end_a), {**common, "data-side": "a"}))
        spans_b.append((int(r.start_b), int(r.end_b), {**common, "data-side": "b"}))
        items.append(
            f'<li class="pitem" data-pid="{pid}" data-kind="{_E(r.kind)}" data-scope="{_E(r.scope)}" '
            f'data-template="{"1" if r.template else "0"}"><span class="badge k-{_E(r.kind)}">{_E(r.kind)}</span>'
            f'{"<span class=badge-tpl>template</span>" if r.template else ""} '
            f'<span class="sim">{_E(sim)}</span>{_where(result, a, b, r)} <span class="ptext">{_E(str(r.text_a)[:80])}'
            f'{"…" if len(str(r.text_a)) > 80 else ""}</span>'
            f'{f" <span class=fam>({_E(blurb)})</span>" if blurb else ""}</li>'
        )

    def side(doc_id: str, spans: list, fallback_col: str) -> str:
        text = texts.get(doc_id)
        if text is None:  # no text kept: show the passages alone
            parts = [f"<p>{_highlight(str(t), [(0, len(str(t)), s[2])])}</p>"
                     for t, s in zip(rows[fallback_col], spans)]
            return "".join(parts)
        # The stretch of the report from a little before the first passage to a little after the
        # last (whole lines), so a page of hundreds of pairs stays light.
        lo = min(s for s, _, _ in spans)
        hi = max(e for _, e, _ in spans)
        lo = 0 if lo <= context else text.rfind("\n", 0, lo - context) + 1
        nl = text.find("\n", min(len(text), hi + context))
        hi = len(text) if nl < 0 else nl
        head = '<span class="gap">… </span>' if lo > 0 else ""
        tail = '<span class="gap"> …</span>' if hi < len(text) else ""
        return head + _highlight(text, spans, lo, hi) + tail

    kinds = sorted(set(rows["kind"]), key=lambda x: KIND_ORDER.index(x) if x in KIND_ORDER else 9)
    scope = rows["scope"].iloc[0] if len(rows) else ""
    all_tpl = bool(rows["template"].all())
    return (
        f'<section class="pair" id="pair-{k}" data-kinds="{_E(" ".join(kinds))}" data-scope="{_E(scope)}" '
        f'data-alltemplate="{"1" if all_tpl else "0"}">'
        f'<h3><span class="rank">#{k + 1}</span> <span class="scope s-{_E(scope)}">{_E(scope)}</span> '
        f'{int(pair.narrative)} shared narrative characters'
        f'{f" (+{int(pair.template_chars)} template)" if pair.template_chars else ""}, {len(rows)} passages</h3>'
        f'<div class="cols"><div class="col"><div class="dochead">A · {_E(_label(result, a))} '
        f'<code>{_E(a)}</code></div><div class="text" data-doc="a">{side(a, spans_a, "text_a")}</div></div>'
        f'<div class="col"><div class="dochead">B · {_E(_label(result, b))} <code>{_E(b)}</code></div>'
        f'<div class="text" data-doc="b">{side(b, spans_b, "text_b")}</div></div></div>'
        f'<details class="plist"><summary>passages</summary><ul>{"".join(items)}</ul></details></section>'
    )


def _families_html(result: Any, fams: pd.DataFrame, max_families: int) -> str:
    if fams.empty:
        return "<p class=muted>No families.</p>"
    occ = getattr(result, "occurrences", None)
    members: dict[Any, list[str]] = {}
    if isinstance(occ, pd.DataFrame) and not occ.empty and "family" in occ.columns:
        top = set(fams["family"].head(max_families))
        sub = occ[occ["family"].isin(top)]
        for r in sub.itertuples(index=False):
            lst = members.setdefault(r.family, [])
            if len(lst) < 40:
                lst.append(f"<li><code>{_E(str(r.doc))}</code> {_E(_label(result, str(r.doc)))}</li>")
    rows = []
    for r in fams.head(max_families).to_dict("records"):
        tpl = bool(r.get("template"))
        text = str(r.get("text") or "")
        mem = members.get(r.get("family"), [])
        more = int(r.get("n_docs", 0) or 0) - len(mem)
        mem_html = (f'<details><summary>reports</summary><ul>{"".join(mem)}'
                    f'{f"<li class=muted>… and {more} more</li>" if mem and more > 0 else ""}</ul></details>'
                    if mem else "")
        rows.append(
            f'<li class="family" id="fam-{_E(str(r.get("family")))}" data-template="{"1" if tpl else "0"}">'
            f'<div class="famhead">This passage {_E(_family_blurb(r))}'
            f'{" <span class=badge-tpl>template</span>" if tpl else ""}</div>'
            f'<blockquote>{_E(text[:300])}{"…" if len(text) > 300 else ""}</blockquote>{mem_html}</li>'
        )
    shown = min(max_families, len(fams))
    note = f"<p class=muted>Showing the {shown} largest of {len(fams)} families.</p>" if len(fams) > shown else ""
    return note + f'<ol class="families">{"".join(rows)}</ol>'


def _reports_html(result: Any, n: int = 20) -> str:
    rep = getattr(result, "reports", None)
    if not isinstance(rep, pd.DataFrame) or rep.empty or "originality" not in rep.columns:
        return ""
    r = rep.dropna(subset=["originality"]).sort_values("originality", kind="stable").head(n)
    body = "".join(
        f"<tr><td><code>{_E(str(x.get('id')))}</code></td><td>{_E(_shown(x.get('agency')))}</td>"
        f"<td>{_E(_shown(x.get('year')))}</td>"
        f"<td class=num>{x.get('originality', float('nan')):.2f}</td>"
        f"<td class=num>{_E(_shown(x.get('reused_chars')))}</td>"
        f"<td class=num>{_E(_shown(x.get('narrative_chars')))}</td></tr>"
        for x in r.to_dict("records")
    )
    return ("<h2>Least original reports</h2><table class=reports><thead><tr><th>id</th><th>agency</th>"
            "<th>year</th><th>originality</th><th>reused chars</th><th>narrative chars</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


_CSS = """
:root{--v:#ffd54f;--n:#ffab91;--p:#b39ddb;--t:#cfd8dc;--ink:#1f2328;--muted:#59636e}
*{box-sizing:border-box}
body{font-family:"giptext-cjk","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 color:var(--ink);margin:0;background:#f6f8fa;line-height:1.6}
header{background:#24292f;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
header .sum{color:#d0d7de;font-size:13px;margin-top:4px}
main{padding:12px 24px 40px}
.controls{position:sticky;top:0;z-index:5;background:#fff;border:1px solid #d0d7de;border-radius:6px;
 padding:8px 12px;margin:10px 0;display:flex;gap:18px;flex-wrap:wrap;align-items:center;font-size:14px}
.controls fieldset{border:none;margin:0;padding:0;display:flex;gap:10px;align-items:center}
.controls legend{float:left;font-weight:600;margin-right:6px}
.note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 12px;font-size:13px}
.pair{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:14px 0;padding:8px 12px}
.pair h3{font-size:15px;margin:4px 0 8px}
.rank{color:var(--muted)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.dochead{font-weight:600;font-size:13px;margin-bottom:4px}
.text{position:relative;white-space:pre-wrap;font-size:14px;max-height:30em;overflow:auto;border:1px solid #eaeef2;
 padding:8px;border-radius:4px;background:#fcfcfd}
mark.hl{cursor:pointer;border-radius:2px;padding:0 1px}
mark.k-verbatim{background:var(--v)} mark.k-near{background:var(--n)} mark.k-paraphrase{background:var(--p)}
mark.tpl{background:var(--t)}
mark.off{background:none;cursor:auto}
mark.flash{outline:3px solid #0969da;animation:fl 1.2s ease-out}
@keyframes fl{0%{outline-color:#0969da}100%{outline-color:transparent}}
.hidden{display:none!important}
.badge{font-size:11px;padding:1px 6px;border-radius:8px;margin-right:4px}
.badge.k-verbatim{background:var(--v)} .badge.k-near{background:var(--n)} .badge.k-paraphrase{background:var(--p)}
.badge-tpl{font-size:11px;padding:1px 6px;border-radius:8px;background:var(--t);margin-left:4px}
.scope{font-size:12px;padding:1px 8px;border-radius:8px;color:#fff}
.s-self{background:#1a7f37}.s-cross{background:#8250df}
.plist{font-size:13px;margin-top:6px} .plist li{cursor:pointer}
.sim,.fam,.muted,.gap,.where{color:var(--muted)}
.families{padding-left:22px} .family{margin:8px 0}
.famhead{font-weight:600;font-size:14px}
blockquote{margin:4px 0;padding:4px 10px;border-left:3px solid #d0d7de;background:#fff;font-size:14px}
table.reports{border-collapse:collapse;background:#fff;font-size:13px}
table.reports td,table.reports th{border:1px solid #d0d7de;padding:3px 8px}
td.num{text-align:right}
h2{font-size:17px;margin-top:24px}
"""

_JS = """
(function(){
  function counterpart(m){
    var other = m.getAttribute('data-side') === 'a' ? 'b' : 'a';
    var card = m.closest('.pair');
    return card.querySelector('mark[data-side="'+other+'"][data-pid="'+m.getAttribute('data-pid')+'"]');
  }
  function flash(el){
    el.classList.remove('flash'); void el.offsetWidth; el.classList.add('flash');
  }
  function jump(el){
    var box = el.closest('.text');
    if (box) { box.scrollTop = Math.max(0, el.offsetTop - box.clientHeight / 3); }  // .text is the offsetParent
    el.scrollIntoView({block:'nearest'});
    flash(el);
  }
  document.addEventListener('click', function(ev){
    var m = ev.target.closest('mark.hl');
    if (m && !m.classList.contains('off')) { var c = counterpart(m); if (c) { jump(c); flash(m); } return; }
    var li = ev.target.closest('li.pitem');
    if (li) {
      var card = li.closest('.pair'), pid = li.getAttribute('data-pid');
      ['a','b'].forEach(function(s){
        var x = card.querySelector('mark[data-side="'+s+'"][data-pid="'+pid+'"]'); if (x) jump(x);
      });
    }
  });
  function checked(name){
    var out = {};
    document.querySelectorAll('input[name="'+name+'"]').forEach(function(i){ out[i.value] = i.checked; });
    return out;
  }
  function apply(){
    var kinds = checked('kind'), scopes = checked('scope');
    var tpl = document.getElementById('show-template').checked;
    function visible(el){
      var k = el.getAttribute('data-kind'), s = el.getAttribute('data-scope');
      var t = el.getAttribute('data-template') === '1';
      return kinds[k] !== false && scopes[s] !== false && (tpl || !t);
    }
    document.querySelectorAll('mark.hl').forEach(function(m){ m.classList.toggle('off', !visible(m)); });
    document.querySelectorAll('li.pitem').forEach(function(li){ li.classList.toggle('hidden', !visible(li)); });
    var shown = 0;
    document.querySelectorAll('section.pair').forEach(function(card){
      var any = card.querySelector('li.pitem:not(.hidden)') !== null;
      card.classList.toggle('hidden', !any);
      if (any) shown++;
    });
    document.querySelectorAll('li.family').forEach(function(f){
      f.classList.toggle('hidden', !tpl && f.getAttribute('data-template') === '1');
    });
    var c = document.getElementById('shown-count'); if (c) c.textContent = shown;
  }
  document.querySelectorAll('.controls input').forEach(function(i){ i.addEventListener('change', apply); });
  apply();
  // Open each text at its first highlighted passage rather than at the title line.
  document.querySelectorAll('.text').forEach(function(box){
    var m = box.querySelector('mark.hl:not(.off)');
    if (m) { box.scrollTop = Math.max(0, m.offsetTop - 40); }
  });
})();
"""


def _summary_line(result: Any, p: pd.DataFrame, n_pairs: int) -> str:
    rep = getattr(result, "reports", None)
    n_reports = len(rep) if isinstance(rep, pd.DataFrame) else len(getattr(result, "texts", None) or {})
    fams = getattr(result, "families", None)
    n_fam = len(fams) if isinstance(fams, pd.DataFrame) else 0
    by_kind = ", ".join(f"{k} {int((p['kind'] == k).sum())}" for k in KIND_ORDER if (p["kind"] == k).any())
    return (f"{n_reports} reports · {len(p)} passages ({by_kind or 'none'}; {int(p['template'].sum())} template) · "
            f"{n_pairs} report pairs · {n_fam} families")


def render_page(result: Any, path: str | Path, max_pairs: int = 200, max_families: int = 100,
                title: str = "Reused text in disclosure annual reports", embed_font: bool = True) -> Path:
    """Write the self-contained reviewer page for ``result`` to ``path`` and return the path.

    ``embed_font`` embeds the subset of the bundled CJK font the page uses (no external fonts).

    Pairs are ranked by shared non-template narrative; only the top ``max_pairs`` are drawn in
    full (the page says how many were left out), and the ``max_families`` largest families.

    ``ReuseResult.write_html(path)`` calls it.
    """
    if max_pairs < 1:
        raise ConfigError(path, f"max_pairs must be at least 1 (got {max_pairs})")
    p = _passages(result)
    pairs = _ranked_pairs(p)
    shown = pairs.head(max_pairs)
    fams = _family_table(result)
    fam_info = {r["family"]: _family_blurb(r) for r in fams.to_dict("records")} if not fams.empty else {}
    groups = {key: g for key, g in p.groupby(["doc_a", "doc_b"], sort=False)} if len(p) else {}
    cards = []
    for k, pair in enumerate(shown.itertuples(index=False)):
        rows = groups[(pair.doc_a, pair.doc_b)].sort_values(["start_a", "start_b"], kind="stable")
        cards.append(_pair_card(result, k, pair, rows, fam_info))
    cap = (f'<p class="note">Showing the top {len(shown)} of {len(pairs)} report pairs (ranked by shared '
           f"non-template narrative); the rest are in the result's tables (<code>passages</code>, "
           f"<code>pairs()</code>).</p>" if len(pairs) > len(shown) else "")
    kinds_html = "".join(
        f'<label><input type="checkbox" name="kind" value="{k}" checked> <span class="badge k-{k}">{k}</span></label>'
        for k in KIND_ORDER
    )
    scopes_html = "".join(
        f'<label><input type="checkbox" name="scope" value="{s}" checked> {s}</label>' for s in SCOPES
    )
    doc = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{_E(title)}</title><style>{_CSS}</style></head>
<body><header><h1>{_E(title)}</h1><div class="sum">{_E(_summary_line(result, p, len(pairs)))}</div></header>
<main>
<div class="controls" role="toolbar">
<fieldset><legend>kind</legend>{kinds_html}</fieldset>
<fieldset><legend>scope</legend>{scopes_html}</fieldset>
<label><input type="checkbox" id="show-template"> show template text</label>
<span class="muted"><span id="shown-count">{len(shown)}</span> pairs shown · click a highlight to jump to its counterpart</span>
</div>
{cap}
<h2>Report pairs</h2>
{"".join(cards) or "<p class=muted>No reused passages found.</p>"}
<h2>Families</h2>
{_families_html(result, fams, max_families)}
{_reports_html(result)}
</main>
<script>{_JS}</script>
</body></html>
"""
    if embed_font:
        # A subset of the bundled font, so the page reads on machines without a Chinese font.
        from giptext.webfont import webfont_css

        doc = doc.replace("<style>", f"<style>{webfont_css(doc)}", 1)
    out = Path(path)
    try:
        out.write_text(doc, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(out, f"cannot write the page ({exc.strerror or exc})") from None
    return out


def pairs_html(result: Any, max_pairs: int = 20) -> str:
    """A compact HTML table of the top report pairs, for notebooks (``ReuseResult._repr_html_``).

    No scripts; every text escaped. Example::

        >>> from giptext.reuse import detect
        >>> res = detect({"a": "我局认真贯彻落实条例，强化组织领导，完善工作机制。",
        ...               "b": "我镇认真贯彻落实条例，强化组织领导，完善工作机制。"}, sections="all")
        >>> pairs_html(res).startswith("<")
        True
    """
    p = _passages(result)
    pairs = _ranked_pairs(p)
    head = f"<p><b>ReuseResult</b>: {_E(_summary_line(result, p, len(pairs)))}</p>"
    if pairs.empty:
        return head
    groups = {key: g for key, g in p.groupby(["doc_a", "doc_b"], sort=False)}
    rows = []
    colors = {"verbatim": "#ffd54f", "near": "#ffab91", "paraphrase": "#b39ddb"}
    for pair in pairs.head(max_pairs).itertuples(index=False):
        g = groups[(pair.doc_a, pair.doc_b)]
        nt = g[~g["template"]]
        ex = (nt if len(nt) else g).sort_values("_len", ascending=False).iloc[0]
        kinds = " ".join(
            f'<span style="background:{colors.get(k, "#eee")};padding:0 4px;border-radius:6px">{_E(k)}</span>'
            for k in sorted(set(g["kind"]))
        )
        text = str(ex["text_a"])
        rows.append(
            f"<tr><td>{_E(pair.doc_a)}<br><small>{_E(_label(result, pair.doc_a))}</small></td>"
            f"<td>{_E(pair.doc_b)}<br><small>{_E(_label(result, pair.doc_b))}</small></td>"
            f"<td>{_E(str(g['scope'].iloc[0]))}</td><td>{int(pair.narrative)}</td><td>{len(g)}</td><td>{kinds}</td>"
            f"<td>{_E(text[:60])}{'…' if len(text) > 60 else ''}</td></tr>"
        )
    more = f"<p>… {len(pairs) - max_pairs} more pairs.</p>" if len(pairs) > max_pairs else ""
    return (head + "<table><thead><tr><th>report A</th><th>report B</th><th>scope</th><th>shared chars</th>"
            "<th>passages</th><th>kinds</th><th>example</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>" + more)


__all__ = ["render_page", "pairs_html"]
