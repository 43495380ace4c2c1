"""Reuse engine on small hand-written texts: offsets, normalisation, kinds, families, scope,
template, originality, determinism, diff, CLI."""
from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from giptext import parse_report
from giptext.report import Meta, Report
from giptext.reuse import detect, diff_reports
from giptext.reuse.align import Alignment, _drop_shadowed, align
from giptext.reuse.align_batch import Views, align_pairs
from giptext.reuse.classify import kind_of, scope_of, template_coverage
from giptext.reuse.lsh import candidate_pairs
from giptext.reuse.settings import LSHSettings, ParaphraseSettings, TemplateSettings
from giptext.reuse.view import SENTENCE_ENDS, _tables, build_view, view_with_sentences
from giptext.textnorm import fold

# Common characters; random strings of them never share an 8-character run by chance.
_POOL = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研色"


def filler(seed: int, n: int) -> str:
    """Deterministic synthetic filler text (no real report), sentences of 20–40 characters."""
    rng = random.Random(seed)
    out = []
    while sum(map(len, out)) < n:
        out.append("".join(rng.choice(_POOL) for _ in range(rng.randint(20, 40))) + "。")
    return "".join(out)


PARA = "我局认真贯彻落实政府信息公开条例，强化组织领导，完善工作机制，依法及时公开各类政府信息，切实保障人民群众的知情权和监督权。"
PARA_NEAR = "我镇认真貫徹落實政府信息公開條例，强化组织领导，健全工作机制，依法及时公开各类政府信息，切实保障人民群众的知情权和监督权。"


# -- the normalised view ------------------------------------------------------------------
def test_view_maps_back_to_every_kept_character():
    text = "政府資訊　公開，ＡＢ  进(jìn)一步\n⼯作①"
    v = build_view(text, mask_digits=False)
    assert v.text == "政府资讯公开ab进一步工作1"
    for i, ch in enumerate(v.text):
        src = text[int(v.offsets[i])]
        assert fold(src).lower() == ch or (src in "⼯①")  # Kangxi radical / circled digit fold by NFKC
    # the pinyin gloss and all punctuation/white space are gone, offsets strictly increase
    assert np.all(np.diff(v.offsets) > 0)


def test_view_masks_digit_runs():
    a, b = build_view("2021年公开48条"), build_view("2022年公开7976条")
    assert a.text == b.text == "0年公开0条"
    assert b.offsets.tolist() == [0, 4, 5, 6, 7, 11]
    assert b.span(0, 2) == (0, 5)
    # a passage ending on a masked number ends after the whole number in the source
    res = detect({"x": "今年我局全年主动公开政府信息共计7976", "y": "今年我局全年主动公开政府信息共计12"}, sections="all")
    assert res.passages.text_a.iloc[0].endswith("7976") or res.passages.text_b.iloc[0].endswith("7976")


def test_view_span_round_trip():
    text = "一、总体情况\n　今年我局，認真貫徹。"
    v = build_view(text)
    s, e = v.span(0, len(v))
    assert text[s:e].startswith("一") and text[s:e].endswith("徹")
    assert v.to_view(s, e) == (0, len(v))


def _reference_view(text, spans, mask_digits):
    """The view rules one character at a time, as plainly as possible (for the compiled pass)."""
    import re

    fold_t, keep_t = _tables()
    sel = [spans is None] * len(text)
    for s, e in spans or ():
        for i in range(max(0, s), max(0, min(len(text), e))):
            sel[i] = True
    for m in re.finditer(r"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]", text, re.I):
        for i in range(m.start(), m.end()):
            sel[i] = False
    codes, offs, sid, ends, prev_digit = [], [], [], 0, False
    for i, ch in enumerate(text):
        cp = ord(ch)
        if ch in SENTENCE_ENDS:
            ends += 1
            continue
        if not sel[i]:
            continue
        if cp < 0x10000:
            if not keep_t[cp]:
                continue
            f = int(fold_t[cp])
        elif 0x20000 <= cp < 0x40000:
            f = cp
        else:
            continue
        digit = cp < 0x10000 and 48 <= f <= 57
        if mask_digits and digit:
            if prev_digit:
                continue
            f = 48
        prev_digit = digit
        codes.append(f), offs.append(i), sid.append(ends)
    starts = [0] + [j for j in range(1, len(sid)) if sid[j] != sid[j - 1]]
    return codes, offs, starts


def test_compiled_view_follows_the_per_character_rules():
    rng = random.Random(5)
    alphabet = _POOL[:40] + "資訊條例０１２３4567８9，。；！？;!?\n （）()jìn①⼯ＡＢab𠀀\U0001F600\u3000"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        cuts = sorted(rng.randint(-2, len(text) + 2) for _ in range(4))
        for spans in (None, [(cuts[0], cuts[1]), (cuts[2], cuts[3])]):
            for mask in (True, False):
                v, starts = view_with_sentences(text, spans, mask)
                codes, offs, ref_starts = _reference_view(text, spans, mask)
                assert v.codes.tolist() == codes and v.offsets.tolist() == offs, (text, spans, mask)
                assert starts.tolist() == ref_starts, (text, spans, mask)


# -- alignment ----------------------------------------------------------------------------
def test_align_tolerates_small_edits_and_script():
    a = build_view(filler(1, 80) + PARA + filler(2, 80))
    b = build_view(filler(3, 120) + PARA_NEAR + filler(4, 50))
    ps = align(a, b)
    assert len(ps) == 1
    p = ps[0]
    assert p.end_a - p.start_a >= len(build_view(PARA).text) - 3
    assert 0.8 < p.similarity < 1.0


def test_align_ignores_unrelated_text():
    assert align(build_view(filler(5, 400)), build_view(filler(6, 400))) == []


# -- detect: offsets, kinds -----------------------------------------------------------------
def _docs():
    return {
        "a": filler(10, 300) + PARA + filler(11, 200),
        "b": filler(12, 150) + PARA + filler(13, 100),
        "c": filler(14, 250) + PARA_NEAR + filler(15, 100),
        "d": filler(16, 500),
    }


def test_detect_exact_offsets_and_kinds():
    docs = _docs()
    res = detect(docs, sections="all")
    p = res.passages
    assert set(zip(p.doc_a, p.doc_b)) == {("a", "b"), ("a", "c")} or set(zip(p.doc_a, p.doc_b)) >= {("a", "b")}
    for r in p.itertuples():
        assert docs[r.doc_a][r.start_a : r.end_a] == r.text_a
        assert docs[r.doc_b][r.start_b : r.end_b] == r.text_b
    ab = p[(p.doc_a == "a") & (p.doc_b == "b")].iloc[0]
    # the whole planted paragraph minus its final full stop
    assert ab.text_a == PARA[:-1] and ab.kind == "verbatim" and ab.similarity == 1.0
    assert ab.start_a == docs["a"].index(PARA)
    near = p[p.doc_b == "c"].iloc[0]
    assert near.kind == "near" and near.similarity < 1.0
    assert "d" not in set(p.doc_a) | set(p.doc_b)


def test_kind_and_scope_helpers():
    assert kind_of("公开 形式", "公开形式") == "verbatim"
    assert kind_of("公开形式", "公開形式") == "near"
    assert scope_of("甲县林业局", "甲县林业局") == "self"
    assert scope_of("甲县林业局", "乙县林业局") == "cross"
    assert scope_of(None, "乙县林业局") == "unknown"


# -- families, scale, scope ---------------------------------------------------------------
def _reports(n: int, shared: str, agencies=None, years=None) -> list[Report]:
    out = []
    for i in range(n):
        ag = agencies[i] if agencies else f"第{i}局"
        yr = years[i] if years else 2010 + i % 10
        out.append(Report(id=f"r{i:03d}", text=filler(100 + i, 200) + shared + filler(500 + i, 200),
                          meta=Meta(agency=ag, year=yr)))
    return out


def test_family_of_a_widely_shared_passage_is_not_quadratic():
    n = 40
    reps = _reports(n, PARA, years=[2020 - (i % 7) for i in range(n)])
    res = detect(reps, sections="all")
    assert len(res.passages) < 3 * n  # all pairs would be n(n-1)/2 = 780
    fam = res.families.sort_values("n_docs").iloc[-1]
    assert fam.n_docs == n and fam.n_agencies == n
    assert fam.first_year == 2014  # the earliest year among the reports
    occ = res.occurrences[res.occurrences.family == fam.family]
    assert occ.doc.nunique() == n and occ["first"].sum() == 1
    assert occ.loc[occ["first"], "doc"].iloc[0] == fam.first_doc
    # a passage used by every agency of the corpus is template text
    assert bool(fam.template)
    assert res.passages["template"].all()


def test_self_and_cross_scope():
    reps = [
        Report(id="x2019", text=filler(1, 200) + PARA + filler(2, 100), meta=Meta(agency="甲县林业局", year=2019)),
        Report(id="x2020", text=filler(3, 200) + PARA + filler(4, 100), meta=Meta(agency="甲县林业局", year=2020)),
        Report(id="y2021", text=filler(5, 200) + PARA_NEAR + filler(6, 100), meta=Meta(agency="乙县民政局", year=2021)),
    ]
    res = detect(reps, sections="all", settings=TemplateSettings(min_agencies=5))
    scopes = {(r.doc_a, r.doc_b): r.scope for r in res.passages.itertuples()}
    assert scopes[("x2019", "x2020")] == "self"
    assert scopes[("x2019", "y2021")] == "cross"
    assert not res.passages["template"].any()


def test_statutory_wording_is_template():
    assert template_coverage("坚持以公开为常态、不公开为例外，") > 0.8
    stat = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。"
    docs = {"a": filler(1, 200) + stat + filler(2, 200), "b": filler(3, 200) + stat + filler(4, 200)}
    res = detect(docs, sections="all")
    assert len(res.passages) == 1 and bool(res.passages.template.iloc[0])


def test_originality():
    docs = _docs()
    res = detect(docs, sections="all")
    rep = res.reports.set_index("id")
    assert rep.loc["d", "originality"] == 1.0
    share = len(build_view(PARA).text) / len(build_view(docs["b"]).text)
    assert rep.loc["b", "originality"] == pytest.approx(1 - share, abs=0.02)
    assert (rep["reused_chars"] <= rep["narrative_chars"]).all()


def test_narrative_sections_only_by_default():
    head = "某局2021年政府信息公开工作年度报告\n"
    a = head + "一、总体情况\n" + PARA + "\n二、主动公开政府信息情况\n" + filler(1, 100) + "\n"
    b = head + "一、总体情况\n" + filler(2, 100) + "\n二、主动公开政府信息情况\n" + PARA + "\n"
    res = detect({"a": a, "b": b})  # overview vs proactive: not compared by default
    assert res.passages.empty
    res_all = detect({"a": a, "b": b}, sections="all")
    assert len(res_all.passages) >= 1
    row = res_all.passages[res_all.passages.text_a.str.contains("认真贯彻")].iloc[0]
    assert row.section_a == "overview"


def test_deterministic_and_order_independent():
    docs = _docs()
    r1 = detect(docs, sections="all")
    r2 = detect(dict(reversed(list(docs.items()))), sections="all")
    pd.testing.assert_frame_equal(r1.passages, r2.passages)
    pd.testing.assert_frame_equal(r1.families, r2.families)


def test_candidate_pairs_star_for_big_buckets():
    common = np.array([7], np.uint64)
    picks = [np.concatenate([common, np.array([100 + i, 200 + i], np.uint64)]) for i in range(20)]
    a, b, _ = candidate_pairs(picks, min_shared=1, clique_max=4, star_min_shared=1)
    assert set(a.tolist()) == {0} and len(b) == 19


def test_candidate_bands_span_their_collision_positions():
    shared = np.arange(1000, 1010, dtype=np.uint64)
    picks = [np.concatenate([shared, np.array([i], np.uint64)]) for i in range(3)]
    pos = [np.r_[np.arange(s, s + 10), 500].astype(np.int32) for s in (40, 90, 7)]
    a, b, _, (idx, dlo, dhi, plo, phi) = candidate_pairs(picks, min_shared=2, positions=pos, return_bands=True)
    assert len(a) == 3
    for k in range(len(idx)):
        pa, pb = int(a[idx[k]]), int(b[idx[k]])
        diag = int(pos[pb][0]) - int(pos[pa][0])
        assert dlo[k] <= diag < dhi[k]
        assert plo[k] <= int(pos[pa][0]) and int(pos[pa][9]) < phi[k]


def test_candidate_pairs_do_not_depend_on_part_size():
    rng = np.random.default_rng(5)
    common = rng.integers(0, 2**40, 30).astype(np.uint64)
    picks, pos = [], []
    for _ in range(60):
        own = rng.integers(0, 2**40, 40).astype(np.uint64)
        shared = rng.choice(common, 12, replace=False)
        v = np.unique(np.concatenate([own, shared]))
        picks.append(v)
        pos.append(rng.permutation(400)[: v.shape[0]].astype(np.int32))
    for medium in (0, 8):  # medium buckets (all their pairs) too
        runs = [candidate_pairs(list(picks), min_shared=2, clique_max=4, star_min_shared=3, positions=list(pos),
                                return_bands=True, part_size=q, medium_max=medium) for q in (5, 97, 10**9)]
        a2, b2, s2, bd2 = runs[-1]
        assert len(a2) > 10
        for a1, b1, s1, bd1 in runs[:-1]:
            assert a1.tolist() == a2.tolist() and b1.tolist() == b2.tolist() and s1.tolist() == s2.tolist()
            for x, y in zip(bd1, bd2):
                assert x.tolist() == y.tolist()


def _edited(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        k = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.4:
            chars[k] = rng.choice(_POOL)
        elif op < 0.7:
            del chars[k]
        else:
            chars.insert(k, rng.choice(_POOL))
    return "".join(chars)


def test_compiled_kernel_finds_what_the_reference_aligner_finds():
    rng = random.Random(3)
    shared = [filler(100 + k, 120) for k in range(6)]
    texts = []
    for d in range(24):
        parts = [filler(d, 300)]
        for k in rng.sample(range(6), 3):
            parts.append(_edited(shared[k], rng, rng.randint(0, 8)))
            parts.append(filler(1000 + d * 10 + k, 80))
        texts.append("".join(parts))
    views = [build_view(t) for t in texts]
    pairs = [(a, b) for a in range(24) for b in range(24) if a != b and rng.random() < 0.3]
    pa, pb = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    found = align_pairs(Views.from_codes([v.codes for v in views]), pa, pb, min_match=10)
    got: dict[int, list] = {}
    for k, sa, ea, sb, eb, m in found.tolist():
        got.setdefault(k, []).append((sa, ea, sb, eb, m))
    n_with = 0
    for k, (a, b) in enumerate(pairs):
        ref = [(p.start_a, p.end_a, p.start_b, p.end_b, p.matched)
               for p in align(views[a], views[b], min_match=10, min_similarity=0.0)]

        mine = [(p.start_a, p.end_a, p.start_b, p.end_b, p.matched)
                for p in _drop_shadowed([Alignment(*r, 0.0) for r in got.get(k, [])])]
        assert mine == ref, (a, b)
        n_with += bool(ref)
    assert n_with > len(pairs) // 4  # the comparison is not vacuous


# -- diff -----------------------------------------------------------------------------------
def test_diff_reports_statuses_and_share():
    a = parse_report("一、总体情况\n我局全年公开信息10条。\n" + filler(1, 40) + "\n五、存在的主要问题及改进情况\n"
                     + PARA + "\n" + filler(2, 60) + "\n", id="2020")
    b = parse_report("一、总体情况\n我局全年公开信息12条。\n五、存在的主要问题及改进情况\n"
                     + PARA + "\n" + filler(3, 60) + "\n", id="2021")
    d = diff_reports(a, b)
    st = d.frame.groupby("section")["status"].apply(list).to_dict()
    assert st["overview"] == ["modified", "removed"]
    assert sorted(st["problems"]) == ["added", "removed", "unchanged"]
    assert 0.3 < d.summary["problems_from_previous"] < 0.8
    assert "unchanged 1" in d.format()


# -- command line ---------------------------------------------------------------------------
@pytest.fixture()
def report_dir(tmp_path):
    for k, t in _docs().items():
        (tmp_path / f"{k}.txt").write_text("某局政府信息公开工作年度报告\n一、总体情况\n" + t + "\n", encoding="utf-8")
    return tmp_path


def test_cli_reuse_json_and_html(report_dir, tmp_path, monkeypatch):
    from giptext.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["reuse", str(report_dir), "--json", "--all-text"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(x) for x in out.stdout.splitlines() if x.strip()]
    assert rows and {"doc_a", "start_a", "text_b", "kind", "family"} <= set(rows[0])
    text = (report_dir / f"{rows[0]['doc_a']}.txt").read_text(encoding="utf-8")
    assert text[rows[0]["start_a"] : rows[0]["end_a"]] == rows[0]["text_a"]
    out = runner.invoke(app, ["reuse", str(report_dir)])
    assert out.exit_code == 0 and "reports" in out.stdout
    strict = runner.invoke(app, ["reuse", str(report_dir), "--json", "--all-text", "--threshold", "0.99"])
    assert strict.exit_code == 0, strict.output
    kept = [json.loads(x) for x in strict.stdout.splitlines() if x.strip()]
    assert len(kept) <= len(rows) and all(r["similarity"] >= 0.99 for r in kept)
    assert runner.invoke(app, ["reuse", str(report_dir), "--threshold", "2"]).exit_code != 0


def test_cli_reuse_bad_input(tmp_path):
    from giptext.cli import app

    out = CliRunner().invoke(app, ["reuse", str(tmp_path / "missing")])
    assert out.exit_code == 2 and "missing" in out.output and "Traceback" not in out.output


def test_cli_diff(tmp_path):
    from giptext.cli import app

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("一、总体情况\n" + PARA + "\n", encoding="utf-8")
    b.write_text("一、总体情况\n" + PARA + "\n" + filler(1, 40) + "\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["diff", str(a), str(b), "--json"])
    assert out.exit_code == 0, out.output
    d = json.loads(out.stdout)
    assert d["summary"]["counts"] == {"unchanged": 1, "added": 1}


# -- paraphrase -----------------------------------------------------------------------------
def test_paraphrase_pairs_from_embeddings():
    a = filler(1, 60) + "工作人员业务培训不足，专业能力有待进一步提高。" + filler(2, 60)
    b = filler(3, 60) + "对信息公开人员的业务培训不够，工作人员专业水平还需提升。" + filler(4, 60)
    res = detect({"a": a, "b": b}, sections="all", paraphrase=ParaphraseSettings(threshold=0.8))
    para = res.passages[res.passages.kind == "paraphrase"]
    assert len(para) == 1
    r = para.iloc[0]
    assert "培训" in r.text_a and "培训" in r.text_b
    assert a[r.start_a : r.end_a] == r.text_a and b[r.start_b : r.end_b] == r.text_b
    assert r.similarity >= 0.8 and r.family in set(res.families.family)


def test_default_window_finds_a_lone_reworded_sentence():
    """Window 3 (the default) needs a shorter shared run than 4 to make two reports
    candidates: a sentence reworded at three places (longest exact run 12 characters) is
    found with it and not with window 4."""
    from giptext.errors import ConfigError

    docs = {"x": "确保政务公开各项工作能按照规范的办理流程有效运转，方便企业查询。",
            "y": "确保政务公开各项工作能按照办理制度和办理流程有效执行和有效运转，方便企业及时查询。"}
    res = detect(docs, sections="all")
    assert res.params["lsh"]["window"] == 3
    assert len(res.passages) == 1 and res.passages.kind.iloc[0] == "near"
    assert res.passages.text_a.iloc[0].startswith("确保政务公开各项工作")
    coarse = detect(docs, sections="all", settings=LSHSettings(window=4))
    assert coarse.params["lsh"]["window"] == 4 and len(coarse.passages) == 0
    with pytest.raises(ConfigError):
        LSHSettings(window=0)


def test_medium_buckets_give_all_pairs_as_common_evidence():
    # 12 reports hold the same 5 picks at the same offsets (a passage in 12 reports): with no
    # medium tier each is paired with the first report only; with it, every pair is a
    # candidate, but only where there is common evidence enough (star_min_shared)
    rng = np.random.default_rng(7)
    shared = rng.integers(0, 2**40, 5).astype(np.uint64)
    picks, pos = [], []
    for _ in range(12):
        own = rng.integers(0, 2**40, 20).astype(np.uint64)
        picks.append(np.concatenate([shared, own]))
        pos.append(np.r_[np.arange(5) * 3, 100 + np.arange(20) * 3].astype(np.int32))
    kw = dict(min_shared=2, clique_max=4, star_min_shared=3, positions=pos)
    a0, b0, _ = candidate_pairs(list(picks), medium_max=0, **kw)
    assert sorted(zip(a0.tolist(), b0.tolist())) == [(0, k) for k in range(1, 12)]
    a1, b1, _ = candidate_pairs(list(picks), medium_max=16, **kw)
    assert len(a1) == 12 * 11 // 2
    a2, _b2, _ = candidate_pairs(list(picks), medium_max=16, **{**kw, "star_min_shared": 6})
    assert len(a2) == 0


def test_buckets_match_a_plain_grouping():
    """The in-place compaction of bucket members gives what a dict of pick -> documents gives."""
    from giptext.reuse.lsh import buckets

    rng = np.random.default_rng(11)
    vocab = rng.integers(0, 2**40, 60).astype(np.uint64)
    picks, pos = [], []
    for _ in range(40):
        v = np.unique(rng.choice(vocab, int(rng.integers(0, 25))))
        picks.append(v)
        pos.append(rng.integers(0, 5000, v.shape[0]).astype(np.int32))
    want: dict[int, list[tuple[int, int]]] = {}
    for k, (v, p) in enumerate(zip(picks, pos)):
        for x, y in zip(v.tolist(), p.tolist()):
            want.setdefault(x, []).append((k, y))
    want_sets = sorted(sorted(m) for m in want.values() if len(m) >= 2)
    d, ps, starts, sizes = buckets(list(picks), list(pos))
    got = sorted(sorted(zip(d[s:s + n].tolist(), ps[s:s + n].tolist())) for s, n in zip(starts.tolist(), sizes.tolist()))
    assert got == want_sets and len(got) > 5


def test_pick_table_discard_after_keeps_the_front():
    """The LSH stage hands back the table's tail once the members sit at its front: the first
    ``n`` picks must be untouched and the length unchanged."""
    from giptext.reuse import lsh

    rng = np.random.default_rng(3)
    t = lsh.PickTable()
    for _ in range(4):
        t.add(rng.integers(1, 2**62, size=100_000, dtype=np.uint64))
    before = t.flat[:1000].copy()
    t.discard_after(1000)
    assert t.flat.shape[0] == 400_000 and np.array_equal(t.flat[:1000], before)
    if lsh._MADVISE is not None:  # Linux: the whole pages past the front read back as zeros
        assert not t.flat[2048:-1024].any()


def test_union_find_components_match_scipy():
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from giptext.reuse.families import _components

    rng = np.random.default_rng(3)
    for m, links in ((1, 0), (7, 0), (50, 30), (400, 380), (2000, 900)):
        r, c = rng.integers(0, m, links), rng.integers(0, m, links)
        n, comp = _components(m, r, c)
        n_ref, ref = connected_components(coo_matrix((np.ones(links), (r, c)), shape=(m, m)), directed=False)
        assert n == n_ref
        # the same partition (labels may differ): label pairs map one to one
        assert len(set(zip(comp.tolist(), ref.tolist()))) == n


def test_compiled_kernel_skips_ngrams_repeated_past_max_repeat_like_the_reference():
    # b repeats one phrase 30 times (past max_repeat 24) and another 5 times, then holds a copy
    rng = random.Random(8)
    body = filler(77, 200)
    a_text = filler(1, 150) + "依法公开信息" * 3 + body + "加强培训学习" * 2 + filler(2, 100)
    b_text = "依法公开信息" * 30 + filler(3, 120) + "加强培训学习" * 5 + _edited(body, rng, 4) + filler(4, 90)
    views = [build_view(a_text), build_view(b_text)]
    found = align_pairs(Views.from_codes([v.codes for v in views]), np.array([0, 1]), np.array([1, 0]),
                        min_match=10, max_repeat=24)
    for k, (a, b) in enumerate(((0, 1), (1, 0))):
        mine = [(r[1], r[2], r[3], r[4], r[5]) for r in found.tolist() if r[0] == k]
        mine = [(p.start_a, p.end_a, p.start_b, p.end_b, p.matched)
                for p in _drop_shadowed([Alignment(*r, 0.0) for r in mine])]
        ref = [(p.start_a, p.end_a, p.start_b, p.end_b, p.matched)
               for p in align(views[a], views[b], min_match=10, min_similarity=0.0)]
        assert mine == ref and ref, (a, b)


def test_pinyin_glosses_are_dropped_by_the_view_and_the_independent_check():
    from giptext.eval.reuse import truly_similar
    from giptext.textnorm import drop_pinyin_glosses

    glossed = "局在區(qū)委、區(qū)政府和上級公安機(jī)關(guān)的正確領(lǐng)導(dǎo)下"
    plain = "局在区委、区政府和上级公安机关的正确领导下"
    assert drop_pinyin_glosses(glossed) == "局在區委、區政府和上級公安機關的正確領導下"
    assert drop_pinyin_glosses("見附表(1)") == "見附表(1)"  # a figure in brackets is text
    assert build_view(glossed).text == build_view(plain).text
    other = "局在市委、市政府和上级部门的统一部署下"
    ok = truly_similar(pd.DataFrame({"text_a": [glossed, glossed], "text_b": [plain, other]}))
    assert ok.tolist() == [True, False]


def _two_reports_copy_ending_the_overview():
    copied = "围绕营商环境等重点领域，在征地事项职责上严格理顺，岭屏便民服务中心程序成效明显，严格增强社保信息公开措施。"

    def report(year, table, problems):
        return (f"{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，本局认真贯彻落实条例。{copied}\n"
                f"二、主动公开政府信息情况\n{table}\n"
                f"三、收到和处理政府信息公开申请情况\n本年度收到申请{year % 7 + 3}件。\n"
                f"四、存在的主要问题及改进情况\n{problems}\n五、其他需要报告的事项\n无。\n")

    a = report(2020, "信息内容 | 本年制发件数\n规章 | 0\n行政规范性文件 | 12", "1.网站栏目更新不够及时。2.培训力度不足。")
    b = report(2021, "第二十条第（一）项 | 现行有效件数\n行政许可 | 393\n行政处罚 | 164", "2021年，公开内容还不够全面，工作人员业务能力有待提高。")
    return {"a": a, "b": b}, copied


def test_a_passage_ending_a_section_does_not_run_into_the_next_compared_section():
    # The narrative view puts the overview and the problems section end to end; the problems
    # section starts with a number (1. / 2021), which matches any masked number, so the
    # aligner used to extend the copy by one character into it, and the source span then
    # covered the tables and headings in between.
    texts, copied = _two_reports_copy_ending_the_overview()
    res = detect(texts)
    assert len(res.passages) == 1
    row = res.passages.iloc[0]
    overview_end = texts["a"].index("二、主动公开")
    assert row.end_a <= overview_end and row.text_a.endswith(copied.rstrip("。"))
    assert "主动公开政府信息情况" not in row.text_a and "主动公开政府信息情况" not in row.text_b
    assert res.reports.set_index("id").loc["a", "reused_chars"] <= overview_end


def test_barriers_sit_where_an_uncompared_stretch_was_skipped():
    from giptext.reuse.barriers import barriers, cut

    text = "甲乙丙丁。表格内容。戊己庚辛，子丑寅卯"
    v = build_view(text[0:5] + text[10:])
    offsets = np.r_[np.arange(0, 4), np.arange(10, 14), np.arange(15, 19)]
    assert v.text == "甲乙丙丁戊己庚辛子丑寅卯"
    assert barriers(text, [(0, 5), (10, 19)], offsets).tolist() == [4]
    assert barriers(text, [(0, 5), (5, 19)], offsets).size == 0  # adjacent spans: nothing skipped
    assert barriers(text, [(0, 10), (10, 19)], offsets).size == 0
    assert barriers(text, None, offsets).size == 0
    # cut keeps the larger side of a barrier, bounded by identical characters
    assert cut("甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛", [6], [6]) == (0, 6, 0, 6, 6)
    assert cut("甲乙", "丙丁", [1], []) is None


def test_detect_validates_its_arguments_with_clear_errors():
    from giptext.errors import ConfigError
    from giptext.reuse.settings import AlignSettings, ReuseSettings

    docs = {"a": "认真贯彻落实条例强化组织领导完善工作机制", "b": "认真贯彻落实条例强化组织领导健全工作机制"}
    with pytest.raises(ConfigError, match="threshold must be between 0 and 1"):
        detect(docs, threshold=1.5)
    with pytest.raises(TypeError, match="threshold must be a number"):
        detect(docs, threshold="high")
    with pytest.raises(ConfigError, match="unknown section label 'problem'"):
        detect(docs, sections=["problem"])
    with pytest.raises(TypeError, match="paraphrase must be"):
        detect(docs, paraphrase=3)
    with pytest.raises(TypeError, match="settings cannot hold a ParaphraseSettings"):
        detect(docs, settings=ParaphraseSettings())
    with pytest.raises(TypeError):
        detect(docs, "all")  # keyword-only settings
    with pytest.raises(TypeError, match="not one string"):
        detect("认真贯彻落实条例强化组织领导完善工作机制")
    with pytest.raises(TypeError, match="AlignSettings.min_match must be an int"):
        AlignSettings(min_match=2.5)
    with pytest.raises(ConfigError, match="LSHSettings.permutations must be at most 8"):
        LSHSettings(permutations=9)
    with pytest.raises(ConfigError, match="TemplateSettings.share"):
        TemplateSettings(share=1.5)
    with pytest.raises(Exception):
        LSHSettings().window = 4  # frozen
    s = ReuseSettings.of([LSHSettings(window=4), AlignSettings(min_match=12)])
    assert (s.lsh.window, s.align.min_match, s.template) == (4, 12, TemplateSettings())
    res = detect(docs, sections="all", settings=s)
    assert res.params["lsh"]["window"] == 4 and res.params["align"]["min_match"] == 12
