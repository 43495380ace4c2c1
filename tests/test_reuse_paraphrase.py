"""Paraphrase pairs (detect(paraphrase=True)): copies are kept, units merge, search modes agree."""
from __future__ import annotations

import numpy as np
import pytest

from giptext.reuse import detect
from giptext.reuse.paraphrase import _ivf_pairs, _top_pairs, add_paraphrases, lexical_similarity
from giptext.reuse.settings import ParaphraseSettings

KEY = ["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "kind", "family", "similarity"]


def _copy_rows(p):
    return p[p["kind"] != "paraphrase"][KEY].reset_index(drop=True)


@pytest.mark.slow
@pytest.mark.parametrize("sections", ["all", ("overview", "problems", "improvements")])
def test_paraphrase_keeps_every_copy_passage(dev, sections):
    """Adding paraphrase pairs never drops, relabels or renumbers a copy passage or family."""
    plain = detect(dev, sections=sections)
    para = detect(dev, sections=sections, paraphrase=True)
    assert _copy_rows(para.passages).equals(_copy_rows(plain.passages))
    old = plain.families.reset_index(drop=True)
    assert para.families.head(len(old)).reset_index(drop=True)[["family", "n_docs", "text"]].equals(
        old[["family", "n_docs", "text"]])
    new = para.passages[para.passages["kind"] == "paraphrase"]
    assert len(new) > 0
    # paraphrase families are new ids, after the copy ones, and listed in .families
    assert new["family"].min() > (old["family"].max() if len(old) else -1)
    assert set(new["family"]) <= set(para.families["family"])
    for r in new.head(50).itertuples():
        assert dev.docs[r.doc_a][r.start_a:r.end_a] == r.text_a
        assert dev.docs[r.doc_b][r.start_b:r.end_b] == r.text_b


def test_paraphrase_keeps_copy_passages_fast(dev):
    """The same guarantee on a dozen dev reports (runs without the slow marker)."""
    ids = sorted(set(dev.reuse.doc_a.head(12)) | set(dev.reuse.doc_b.head(12)))
    texts = {i: dev.docs[i] for i in ids}
    plain = detect(texts, sections="all")
    para = detect(texts, sections="all", paraphrase=True)
    assert _copy_rows(para.passages).equals(_copy_rows(plain.passages))


def test_eval_marks_gold_outside_the_compared_sections(dev):
    """With narrative sections only, gold pairs in the preamble are out of scope, and
    in-scope recall is reported beside the plain figure."""
    from giptext.eval.reuse import in_scope

    all_in = in_scope(dev.reuse, dev.docs, "all")
    narrative = in_scope(dev.reuse, dev.docs, ("overview", "problems", "improvements"))
    assert all_in.all()
    assert 0 < narrative.sum() < len(dev.reuse)


def _two_reports():
    a = ("一、总体情况\n我局高度重视政府信息公开工作。\n五、存在的主要问题及改进情况\n"
         "一是公开形式的便民性有待进一步加强，群众查阅信息还不够方便。二是部分栏目更新不够及时。")
    b = ("一、概述\n本镇认真落实条例要求。\n五、存在的主要问题及改进情况\n"
         "一是部分栏目更新不够及时。二是群众查阅信息还不够方便，公开形式的便民性需要进一步提高。")
    return {"a": a, "b": b}


def test_reworded_items_in_swapped_order_are_one_passage():
    texts = _two_reports()
    res = detect(texts, sections="all", paraphrase=ParaphraseSettings(threshold=0.5))
    p = res.passages[res.passages["kind"] == "paraphrase"]
    assert len(p) >= 1
    # the 便民性 item of a is found in b
    row = p[p["text_a"].str.contains("便民性")]
    assert len(row) and row["text_b"].str.contains("便民性").all()
    for r in p.itertuples():
        assert texts[r.doc_a][r.start_a:r.end_a] == r.text_a
        assert texts[r.doc_b][r.start_b:r.end_b] == r.text_b


def test_inverted_file_finds_the_pairs_of_the_exact_search():
    """On clustered vectors the approximate search returns (nearly) the exact pairs."""
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(60, 32))
    X = centres[rng.integers(0, 60, 3000)] + 0.15 * rng.normal(size=(3000, 32))
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    doc = np.arange(3000) // 10
    r0, c0, _ = _top_pairs(X, doc, 0.97, k=3)
    r1, c1, _ = _ivf_pairs(X, doc, 0.97, k=3)
    exact = set(zip(r0.tolist(), c0.tolist()))
    approx = set(zip(r1.tolist(), c1.tolist()))
    assert len(exact) > 100
    assert len(exact & approx) >= 0.9 * len(exact)
    # deterministic
    r2, c2, _ = _ivf_pairs(X, doc, 0.97, k=3)
    assert np.array_equal(r1, r2) and np.array_equal(c1, c2)


def test_lexical_similarity_weighs_distinctive_words():
    """Sharing a rare word (便民性) counts for more than sharing the register's stock words."""
    views = ["政府信息公开便民性不足", "政府信息公开便民性有待提高", "政府信息公开栏目更新慢", "政府信息公开人员培训少"]
    views += [f"政府信息公开工作第{i}项" for i in range(20)]
    s = lexical_similarity(views, np.array([0, 2]), np.array([1, 3]))
    assert 0 < s[1] < s[0] <= 1.0 + 1e-6


def _crowd_brute(X, doc, kth):
    S = X @ X.T
    S[doc[:, None] == doc[None, :]] = -1.0
    return -np.sort(-S, axis=1)[:, kth - 1]


def test_crowd_cosine_is_the_kth_neighbour_in_other_reports():
    """The exact search reports each row's k-th best cosine with other reports; the inverted
    file a lower bound of it that is close on clustered data."""
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(40, 24))
    X = centres[rng.integers(0, 40, 1500)] + 0.2 * rng.normal(size=(1500, 24))
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    doc = np.arange(1500) // 5
    want = _crowd_brute(X, doc, 20)
    exact = np.full(1500, -1.0, dtype=np.float32)
    _top_pairs(X, doc, 0.9, k=5, crowd_out=exact, crowd=20)
    assert np.allclose(exact, want, atol=1e-5)
    approx = np.full(1500, -1.0, dtype=np.float32)
    _ivf_pairs(X, doc, 0.9, k=5, crowd_out=approx, crowd=20)
    assert (approx <= want + 1e-5).all()
    assert np.median(want - approx) < 0.02


def test_margin_keeps_a_pair_that_stands_out_and_drops_a_crowd():
    """Thirty near-identical formula units of thirty reports pair with each other at a high
    cosine, but none stands out from its crowd; an isolated pair does."""
    from giptext.reuse.paraphrase import neighbour_pairs, stand_out

    rng = np.random.default_rng(2)
    base = rng.normal(size=16)
    crowd_units = base + 0.05 * rng.normal(size=(30, 16))
    other = rng.normal(size=16)
    pair = np.stack([other, other + 0.1 * rng.normal(size=16)])
    noise = rng.normal(size=(60, 16))
    X = np.vstack([crowd_units, pair, noise])
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    doc = np.arange(X.shape[0])
    crowd = np.full(X.shape[0], -1.0, dtype=np.float32)
    r, c, v = neighbour_pairs(X, doc, 0.9, k=5, crowd_out=crowd, crowd=20)
    assert ((r < 30) & (c < 30)).sum() > 30  # without the margin the crowd pairs up
    r2, c2, _ = stand_out(r, c, v, crowd, 1.02)
    kept = set(zip(r2.tolist(), c2.tolist()))
    assert (30, 31) in kept
    assert not any(a < 30 and b < 30 for a, b in kept)


def test_figures_ignore_years_dates_and_list_markers():
    """Figures are the numbers a sentence states, not its year, dates or item numbers; two
    statistics sentences with other figures differ, a sentence without any does not."""
    from giptext.reuse.paraphrase import figures_differ, figures

    assert figures("2020年通过门户网站公开信息60条，其中财政预决算2条") == {"60", "2"}
    assert figures("1、认真梳理，逐步扩大公开内容。（3）统计期限自2019年1月1日至12月31日") == set()
    assert figures("专门配备了１名工作人员，增长3.5%") == {"1", "3.5"}
    assert figures_differ("全年公开信息60条，其中动态28条", "全年公开信息326条，其中动态35条", 0.5)
    assert not figures_differ("全年公开信息60条", "本年度共发布政府信息60条", 0.5)
    assert not figures_differ("全年公开信息60条", "信息公开工作稳步推进", 0.5)


def test_detect_forwards_paraphrase_settings():
    texts = _two_reports()
    found = detect(texts, sections="all", paraphrase=ParaphraseSettings(threshold=0.5)).passages
    assert (found["kind"] == "paraphrase").any()
    # a lexical gate no pair can pass leaves no paraphrase row
    none = detect(texts, sections="all", paraphrase=ParaphraseSettings(threshold=0.5, lexical=1.01)).passages
    assert not (none["kind"] == "paraphrase").any()


def test_register_degree_counts_close_pairs_with_nothing_distinctive():
    """Only neighbour pairs at the cosine floor whose lexical score is below the gate count,
    on both of their units."""
    from giptext.reuse.paraphrase import register_degree

    r = np.array([0, 0, 0, 1, 2])
    c = np.array([1, 2, 3, 2, 3])
    v = np.array([0.95, 0.90, 0.85, 0.92, 0.89], dtype=np.float32)
    lex = np.array([0.1, 0.2, 0.1, 0.6, 0.25])
    deg = register_degree(5, r, c, v, lex, 0.88, 0.3)
    # (0,1) and (0,2) and (2,3) are weak and close; (0,3) is too far, (1,2) shares words
    assert deg.tolist() == [2, 1, 2, 1, 0]


def test_stock_frame_units_are_hubs_and_a_reworded_item_is_not():
    """Forty reports fill one frame sentence with other content: each such unit has many
    close neighbours sharing nothing distinctive; the two sides of a reworded item have none."""
    from giptext.embed import Embedder
    from giptext.reuse.paraphrase import build_units, neighbour_pairs, register_degree, unit_lexical

    objs = ["住房", "医疗", "教育", "交通", "环保", "财政", "审计", "统计", "气象", "消防", "农业", "林业", "水务",
            "文旅", "科研", "人事", "民政", "司法", "信访", "国资", "税务", "商务", "体育", "卫健", "市场", "应急",
            "城管", "规划", "档案", "扶贫", "社保", "就业", "养老", "救助", "征地", "价格", "食药", "粮食", "海事", "邮政"]
    advs = ["逐步", "认真", "大力", "重点", "及时", "深入", "积极", "切实"]
    verbs = ["升级", "丰富", "加强", "完善", "优化", "规范", "提升", "健全"]
    texts = {f"d{q:02d}": f"依托公共查阅点和便民服务中心，{advs[q % 8]}{verbs[q // 8 % 8]}{objs[q]}信息公开专栏，"
                          f"{objs[(q + 17) % 40]}数据公开水平进一步提高。" for q in range(40)}
    texts["x"] = "围绕褒扬纪念，信息发布平台不断完善，在褒扬纪念队伍上不断改进，确保烈士陵园事项有效落实。"
    texts["y"] = "聚焦褒扬纪念，保证烈士陵园事项很好地执行，信息公布平台持之以恒地健全，在褒扬纪念队伍上持之以恒地改进。"
    u = build_units(texts, {}, None)
    X = Embedder("static-zh").encode(u.texts).astype(np.float32)
    r, c, v = neighbour_pairs(X, u.udoc, 0.88, 10)
    deg = register_degree(len(u.texts), r, c, v, unit_lexical(u, r, c), 0.88)
    frame = deg[u.udoc < 40]
    assert frame.min() >= 5 and np.median(frame) >= 8
    assert deg[u.udoc >= 40].max() <= 2


def test_short_pairs_are_left_out():
    """Headings and one-liners below the least length do not make paraphrase rows."""
    texts = {"a": "三、依申请公开政府信息情况\n我局进一步健全信息发布审核机制，严格执行先审后发制度。",
             "b": "三、政府信息依申请公开情况\n我局严格执行先审后发制度，进一步完善了信息发布审核机制。"}
    kw = dict(threshold=0.5, margin=0, hub_threshold=None)
    short = detect(texts, sections="all", paraphrase=ParaphraseSettings(min_pair_chars=0, **kw))
    gated = detect(texts, sections="all", paraphrase=ParaphraseSettings(min_pair_chars=17, **kw))
    ps = short.passages[short.passages.kind == "paraphrase"]
    pg = gated.passages[gated.passages.kind == "paraphrase"]
    assert ps.text_a.str.contains("依申请公开").any()
    assert not pg.text_a.str.contains("依申请公开政府信息情况$").any()
    assert pg.text_a.str.contains("先审后发").any()


@pytest.mark.slow
def test_more_probes_find_more_of_the_exact_pairs():
    """neighbour_pairs forwards ``probes`` to the inverted file: more cells per row, closer to
    the exact search."""
    from giptext.reuse.paraphrase import neighbour_pairs

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(80, 24))
    X = centres[rng.integers(0, 80, 2400)] + 0.6 * rng.normal(size=(2400, 24))
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    doc = np.arange(2400) // 8
    r0, c0, _ = neighbour_pairs(X, doc, 0.6, 5)
    exact = set(zip(r0.tolist(), c0.tolist()))
    found = []
    for probes in (1, 6):
        r, c, _ = neighbour_pairs(X, doc, 0.6, 5, exact_max=0, probes=probes)
        found.append(len(exact & set(zip(r.tolist(), c.tolist()))))
    assert len(exact) > 100 and found[0] < found[1] <= len(exact)


def test_one_threshold_governs_copies_and_paraphrases():
    """A sentence pair too dissimilar to be a copy at ``threshold`` is eligible as a paraphrase
    (the paraphrase stage once dropped pairs at edit similarity >= a fixed 0.65, so a pair at
    0.85 > sim >= 0.65 was lost by both stages at threshold 0.85)."""
    mid_a = "一是公开形式的便民性有待进一步加强，群众查阅信息还不够方便。"
    mid_b = "一是公开方式的便民性有待进一步加强，群众查询政府信息还很不方便。"
    texts = {"a": "我局高度重视政府信息公开工作。" + mid_a + "今年天气晴朗雨水充沛农业丰收。",
             "b": "本镇认真落实条例要求。" + mid_b + "山区道路崎岖交通闭塞发展落后。"}
    ps = ParaphraseSettings(threshold=0.5, margin=0, hub_threshold=None)
    low = detect(texts, sections="all", threshold=0.65).passages
    assert low.kind.tolist() == ["near"] and 0.65 <= low.similarity[0] < 0.85
    assert detect(texts, sections="all", threshold=0.85).passages.empty
    high = detect(texts, sections="all", threshold=0.85, paraphrase=ps).passages
    assert (high.kind == "paraphrase").any()
    row = high[high.kind == "paraphrase"].iloc[0]
    assert mid_a in row.text_a and mid_b in row.text_b


def test_add_paraphrases_leaves_its_input_alone():
    texts = _two_reports()
    res = detect(texts, sections="all")
    before = (res.passages.copy(), res.families.copy(), res.occurrences.copy())
    secs = {d: [(s.label, s.start, s.end) for s in __import__("giptext").report.Report(id=d, text=t).sections]
            for d, t in texts.items()}
    out = add_paraphrases(res, secs, None, ParaphraseSettings(threshold=0.5))
    assert out is not res and (out.passages.kind == "paraphrase").any()
    assert res.passages.equals(before[0]) and res.families.equals(before[1]) and res.occurrences.equals(before[2])
