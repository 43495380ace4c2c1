"""The reviewer page (giptext.present.reuse_page) opened in headless Chromium.

The ReuseResult is built from a small SYNTHETIC corpus's planted truth (so the page test does not
depend on detection quality), plus one report whose text and agency name carry HTML/JS.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora.synthetic import generate  # noqa: E402
from giptext.annotated import load_annotated  # noqa: E402
from giptext.present.reuse_page import pairs_html, render_page  # noqa: E402
from giptext.reuse.assemble import family_tables  # noqa: E402
from giptext.reuse.result import ReuseResult  # noqa: E402
from giptext.reuse.settings import TemplateSettings  # noqa: E402

XSS = "<script>alert(1)</script>"
XSS_AGENCY = '<img src="http://example.invalid/x.png" onerror="alert(2)">测试局'
SIM = {"verbatim": 1.0, "near": 0.93, "paraphrase": 0.71}


def _result_from_synthetic(folder: Path) -> ReuseResult:
    ac = load_annotated(folder)
    texts = dict(ac.docs)
    meta = {r["id"]: {"agency": r["agency"], "year": r["year"], "level": r["level"]}
            for r in ac.manifest.to_dict("records")}
    gold = ac.reuse
    rows = []
    for g in gold.to_dict("records"):
        rows.append({
            "doc_a": g["doc_a"], "start_a": g["start_a"], "end_a": g["end_a"], "text_a": g["text_a"],
            "doc_b": g["doc_b"], "start_b": g["start_b"], "end_b": g["end_b"], "text_b": g["text_b"],
            "similarity": SIM[g["kind"]], "kind": g["kind"], "scope": g["scope"], "family": int(g["group"]),
            "template": False, "section_a": g["section"], "section_b": g["section"],
            "matched": g["end_a"] - g["start_a"],
        })
    # Template passages: the same statute formula in several reports, listed against the first.
    tmpl = [json.loads(x) for x in (folder / "gold_templates.jsonl").read_text(encoding="utf-8").splitlines()]
    statute = [t for t in tmpl if t["template"].startswith("statute_")]
    fam_t = 10_000
    by_name: dict[str, list] = {}
    for t in statute:
        by_name.setdefault(t["template"], []).append(t)
    for name, occ in by_name.items():
        first = occ[0]
        for t in occ[1:4]:
            rows.append({
                "doc_a": first["id"], "start_a": first["start"], "end_a": first["end"],
                "text_a": texts[first["id"]][first["start"]:first["end"]],
                "doc_b": t["id"], "start_b": t["start"], "end_b": t["end"],
                "text_b": texts[t["id"]][t["start"]:t["end"]], "similarity": 1.0, "kind": "verbatim",
                "scope": "cross", "family": fam_t, "template": True, "section_a": "overview",
                "section_b": "overview", "matched": first["end"] - first["start"],
            })
        fam_t += 1
    # A hostile report: a planted passage copied into a text that also carries markup.
    g0 = gold.iloc[0]
    hostile = f"{XSS_AGENCY}2023年政府信息公开工作年度报告\n一、总体情况\n{XSS}前文。{g0.text_a}后文{XSS}。"
    texts["xss"] = hostile
    meta["xss"] = {"agency": XSS_AGENCY, "year": 2023, "level": "department"}
    s = hostile.index(g0.text_a)
    rows.insert(0, {
        "doc_a": g0.doc_a, "start_a": int(g0.start_a), "end_a": int(g0.end_a), "text_a": g0.text_a,
        "doc_b": "xss", "start_b": s - len(XSS) - 3, "end_b": s + len(g0.text_a), "text_b": hostile[s - len(XSS) - 3:s + len(g0.text_a)],
        "similarity": 0.95, "kind": "near", "scope": "cross", "family": int(g0.group), "template": False,
        "section_a": "overview", "section_b": "overview", "matched": s + len(g0.text_a) - (s - len(XSS) - 3),
    })
    passages = pd.DataFrame(rows)
    # families and occurrences through the engine's own assembly path: one span per
    # (family, report), reports numbered earliest first
    ids = sorted(meta, key=lambda k: (meta[k]["year"], k))
    num = {k: q for q, k in enumerate(ids)}
    spans: dict[tuple[int, int], list[int]] = {}
    for r in passages.to_dict("records"):
        for side in "ab":
            key = (int(r["family"]), num[r[f"doc_{side}"]])
            sp = spans.setdefault(key, [r[f"start_{side}"], r[f"end_{side}"]])
            sp[0], sp[1] = min(sp[0], r[f"start_{side}"]), max(sp[1], r[f"end_{side}"])
    seg = sorted((f, k, s0, e0) for (f, k), (s0, e0) in spans.items())
    tmpl_fams = set(passages.loc[passages["template"], "family"])
    tables = family_tables(np.array([x[0] for x in seg]), np.array([x[1] for x in seg]), [x[2] for x in seg],
                           [x[3] for x in seg], ids=ids, texts=[texts[k] for k in ids],
                           agency=[meta[k]["agency"] for k in ids], year=[meta[k]["year"] for k in ids],
                           template=TemplateSettings(),
                           first_coverage=lambda row: 1.0 if seg[row][0] in tmpl_fams else 0.0)
    occurrences, fams = tables.occurrences, tables.families
    reports = pd.DataFrame([{"id": k, "agency": m["agency"], "year": m["year"], "level": m["level"],
                             "narrative_chars": 1000, "reused_chars": 0, "originality": 1.0}
                            for k, m in meta.items()])
    reused = passages[~passages["template"]].groupby("doc_b")["matched"].sum()
    reports["reused_chars"] = reports["id"].map(reused).fillna(0).astype(int).clip(upper=1000)
    reports["originality"] = 1 - reports["reused_chars"] / 1000
    return ReuseResult(passages=passages, families=fams, occurrences=occurrences,
                       reports=reports, texts=texts, meta=meta)


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> ReuseResult:
    out = tmp_path_factory.mktemp("synpage") / "c"
    generate(60, seed=5, out_dir=out)
    return _result_from_synthetic(out)


@pytest.mark.slow
def test_page_is_self_contained_and_escaped(result: ReuseResult, tmp_path: Path):
    path = render_page(result, tmp_path / "reuse.html", max_pairs=100)
    page = path.read_text(encoding="utf-8")
    assert page.count("<script>") == 1  # ours only; report text never becomes markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    for external in ("http://", "https://", 'src="', "@import"):
        assert external not in page.replace("http://example.invalid", ""), external
    # The only url() is the embedded font subset, inline as data.
    assert page.count("url(") == page.count("url(data:font/") == 1
    assert "@font-face" in page
    assert "example.invalid" in page  # it is there, but as escaped text
    assert "Showing the top" not in page
    capped = render_page(result, tmp_path / "capped.html", max_pairs=3).read_text(encoding="utf-8")
    assert "Showing the top 3 of" in capped and capped.count('<section class="pair"') == 3


def test_pairs_html_for_notebooks(result: ReuseResult):
    h = pairs_html(result, max_pairs=5)
    assert "<script" not in h and "&lt;img" in h
    assert h.count("<tr>") == 6  # header + 5 pairs
    assert "more pairs" in h


def test_rendering_an_empty_result(tmp_path: Path):
    empty = ReuseResult(passages=pd.DataFrame(columns=["doc_a", "start_a", "end_a", "text_a", "doc_b", "start_b",
                                                       "end_b", "text_b", "similarity", "kind", "scope", "family",
                                                       "template"]),
                        families=pd.DataFrame(), occurrences=pd.DataFrame(), reports=pd.DataFrame())
    page = render_page(empty, tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "No reused passages found" in page


_STATE = """() => {
  const vis = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                       getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)'; };
  const on = [...document.querySelectorAll('mark.hl:not(.off)')];
  const cards = [...document.querySelectorAll('section.pair')];
  return {
    marks: document.querySelectorAll('mark.hl').length,
    on: on.length,
    on_visible: on.filter(vis).length,
    on_verbatim: on.filter(m => m.dataset.kind === 'verbatim').length,
    on_near: on.filter(m => m.dataset.kind === 'near').length,
    on_template: on.filter(m => m.dataset.template === '1').length,
    cards: cards.length,
    cards_shown: cards.filter(c => c.offsetParent !== null).length,
    only_verbatim_cards_shown: cards.filter(c => c.dataset.kinds === 'verbatim' && c.offsetParent !== null).length,
    scripts: document.querySelectorAll('script').length,
    imgs: document.querySelectorAll('img').length,
    xss_text: document.body.textContent.includes('<script>alert(1)</script>'),
  };
}"""


def _cjk_fontconfig(tmp_path: Path) -> Path | None:
    """A fontconfig file adding the Noto CJK font shipped as a Python package, so the screenshot
    shows Chinese on machines without system CJK fonts (the page itself loads no fonts)."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    font_dir = Path(noto_cjk_sans_otc.__file__).parent
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{font_dir}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


@pytest.mark.browser
@pytest.mark.slow
def test_page_in_chromium(result: ReuseResult, tmp_path: Path, artifacts: Path, monkeypatch):
    from tests._browser import visit

    conf = _cjk_fontconfig(tmp_path)
    if conf is not None:
        monkeypatch.setenv("FONTCONFIG_FILE", str(conf))

    path = render_page(result, tmp_path / "reuse.html", max_pairs=40)
    seen: dict = {}

    def actions(page):
        seen["before"] = page.evaluate(_STATE)
        # clicking a highlight on side A flashes its counterpart on side B
        first = page.locator("section.pair mark.hl[data-side='a']:not(.off)").first
        pid = first.get_attribute("data-pid")
        first.click()
        seen["flash"] = page.evaluate(
            f"() => document.querySelector(\"mark[data-side='b'][data-pid='{pid}']\").classList.contains('flash')")
        page.locator("input[name='kind'][value='verbatim']").click()
        seen["no_verbatim"] = page.evaluate(_STATE)
        page.locator("input[name='kind'][value='verbatim']").click()
        page.locator("#show-template").click()
        seen["with_template"] = page.evaluate(_STATE)
        page.locator("#show-template").click()
        page.evaluate("window.scrollTo(0, 0)")

    shot = artifacts / "reuse_page.png"
    visit_ = visit(path, shot, actions=actions)
    assert visit_.console_errors == [] and visit_.page_errors == []
    assert visit_.requests_outside == []
    b = seen["before"]
    assert b["marks"] > 0 and b["on"] > 0 and b["on_visible"] > 0
    assert b["on_template"] == 0  # template text is off until asked for
    assert b["scripts"] == 1 and b["imgs"] == 0 and b["xss_text"]
    assert seen["flash"]
    nv = seen["no_verbatim"]
    assert b["on_verbatim"] > 0 and nv["on_verbatim"] == 0
    assert nv["on_near"] == b["on_near"]
    assert nv["only_verbatim_cards_shown"] == 0 and nv["cards_shown"] < b["cards_shown"]
    assert seen["with_template"]["on_template"] > 0
    assert shot.is_file() and shot.stat().st_size > 10_000


def test_page_says_which_pdf_page_a_passage_is_on(tmp_path: Path):
    """Reports read from PDFs: the result carries where each page begins, and the reviewer page
    prints "p. N" beside every passage (issue 15: provenance back to the file the reviewer holds)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from io_make import BLOCKS, make_pdf

    from giptext import read_report
    from giptext.reuse import detect

    other = [(k, c.replace("某县商务局", "某县财政局") if isinstance(c, str) else c) for k, c in BLOCKS]
    a = read_report(make_pdf(tmp_path, "a.pdf"))
    b = read_report(make_pdf(tmp_path, "b.pdf", blocks=other, header="某县财政局政府信息公开"))
    assert a.page_starts()[0] == 0 and len(a.page_starts()) >= 2
    res = detect([a, b])
    assert res.meta[a.id]["pages"] == a.page_starts()
    row = res.passages.iloc[0]
    want_a = f"p. {a.source_of(int(row.start_a)).page}"
    want_b = f"p. {b.source_of(int(row.start_b)).page}"
    html = render_page(res, tmp_path / "page.html", embed_font=False).read_text(encoding="utf-8")
    assert f'<span class="where">A {want_a} · B {want_b}</span>' in html
    # texts made from strings have no pages: nothing is printed
    res2 = detect({"x": a.text, "y": b.text})
    assert "pages" not in res2.meta["x"]
    assert 'class="where"' not in render_page(res2, tmp_path / "p2.html", embed_font=False).read_text(encoding="utf-8")
