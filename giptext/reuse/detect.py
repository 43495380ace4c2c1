"""``detect()``: find reused text across a corpus of reports.

Pipeline: normalised view of each report's narrative sections (:mod:`.view`) → character
n-gram hashes (:mod:`.shingles`) → sliding-window MinHash picks (:mod:`.minhash`) → LSH
buckets and candidate pairs, with boilerplate buckets paired only to their earliest
report (:mod:`.lsh`) → seed-and-extend alignment of every candidate pair in one compiled
pass (:mod:`.align_batch`; :mod:`.align` is the one-pair reference) → families
(:mod:`.families`) → kind, template, scope (:mod:`.classify`) → optional paraphrase pairs
from sentence embeddings (:mod:`.paraphrase`) → :class:`ReuseResult`. The per-report
stage runs in ``n_jobs`` forked processes and the alignment in ``n_jobs`` threads.

Example::

    >>> from giptext.reuse import detect
    >>> texts = {
    ...     "2020_a": "一、总体情况\\n我局认真贯彻落实《条例》，强化组织领导，完善工作机制，依法及时公开各类政府信息。",
    ...     "2021_b": "一、总体情况\\n我镇认真贯彻落实《条例》，强化组织领导，完善工作机制，依法及时公开各类政府信息。",
    ... }
    >>> res = detect(texts)                      # overview, problems, improvements
    >>> row = res.passages.iloc[0]
    >>> row.doc_a, row.doc_b, row.kind, texts["2021_b"][row.start_b:row.end_b][:6]
    ('2020_a', '2021_b', 'verbatim', '认真贯彻落实')
"""
from __future__ import annotations

from array import array
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from giptext.errors import ConfigError
from rapidfuzz.distance import Levenshtein

from giptext.reuse.align import Alignment, _drop_shadowed
from giptext.reuse.align_batch import ViewsBuilder, align_pairs
from giptext.reuse.assemble import family_tables, section_at
from giptext.reuse.barriers import barriers, crossing, cut
from giptext.reuse.classify import kind_of, scope_of, template_coverage
from giptext.reuse.documents import NARRATIVE, _as_docs, _sections_of, _wanted, _year
from giptext.reuse.families import group_occurrences
from giptext.reuse.lsh import PickTable, candidate_pairs, pack_picks
from giptext.reuse.minhash import window_minhashes
from giptext.reuse.result import PASSAGE_COLUMNS, ReuseResult
from giptext.reuse.settings import (
    LONG_MATCH,
    LSH_SHINGLE,
    MIN_RUN,
    THRESHOLD,
    AlignSettings,
    ParaphraseSettings,
    ReuseSettings,
    TemplateSettings,
)
from giptext.reuse.shingles import ngram_hashes
from giptext.reuse.view import OffsetRuns, merge_spans, view_text, view_with_sentences

def _progress(progress: Any) -> Callable[[str, int, int], None]:
    if progress is None or progress is False:
        return lambda stage, done, total: None
    if callable(progress):
        return progress
    if progress is not True:
        raise TypeError(f"progress must be None, a bool or a callable (stage, done, total), "
                        f"got {type(progress).__name__}")
    from tqdm.auto import tqdm

    bars: dict[str, Any] = {}

    def cb(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, leave=False)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return cb


def _check_threshold(threshold: Any) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError(f"threshold must be a number between 0 and 1, got {type(threshold).__name__}")
    if not 0.0 <= threshold <= 1.0:
        raise ConfigError(None, f"threshold must be between 0 and 1, got {threshold}")
    return float(threshold)


def detect(
    reports: Any,
    /,
    *,
    sections: Sequence[str] | str | None = NARRATIVE,
    threshold: float = THRESHOLD,
    paraphrase: Any = None,
    n_jobs: int | None = None,
    progress: Any = None,
    settings: Any = None,
) -> ReuseResult:
    """Find passages reused between reports: verbatim and near copies, optionally paraphrases.

    Parameters
    ----------
    reports
        :class:`~giptext.report.Report` objects, a :class:`giptext.Corpus`, an annotated
        corpus, ``{id: text}`` or a list of texts. Reports are ordered by year (then id), and
        the earlier report of a pair is side ``a``.
    sections
        The section labels compared (default: overview, problems, improvements, where
        agencies write their own words; problems bring improvements along), or ``"all"`` for
        the whole text.
    threshold
        Least similarity of a reported passage (normalised Levenshtein on the view, 0–1). It
        is the one line between copy and paraphrase: a sentence pair at least this similar is
        a copy, and a pair below it is eligible for the paraphrase stage.
    paraphrase
        Also pair reworded sentences by sentence embeddings: ``None``/``False`` off, ``True``
        the default embedder, a model name or embedder object, or a
        :class:`~giptext.reuse.settings.ParaphraseSettings`.
    n_jobs
        Processes for splitting and views, threads for alignment (``None`` one, ``-1`` every
        core). The result does not depend on it.
    progress
        ``True`` for progress bars, or a callable ``(stage, done, total)``.
    settings
        The engine's other settings (escape hatch for studies): a
        :class:`~giptext.reuse.settings.ReuseSettings`, or one or a list of
        :class:`~giptext.reuse.settings.LSHSettings`,
        :class:`~giptext.reuse.settings.AlignSettings`,
        :class:`~giptext.reuse.settings.TemplateSettings`.

    Returns
    -------
    ReuseResult
        Passages, families, occurrences and per-report originality; ``params`` records every
        setting the run used.

    Example::

        >>> res = detect({"a": "认真贯彻落实条例强化组织领导完善工作机制",
        ...               "b": "认真贯彻落实条例强化组织领导健全工作机制"}, sections="all")
        >>> len(res.passages), res.passages.kind[0]
        (1, 'near')
    """
    threshold = _check_threshold(threshold)
    para = ParaphraseSettings.of(paraphrase)
    cfg = ReuseSettings.of(settings)
    if n_jobs is not None and (isinstance(n_jobs, bool) or not isinstance(n_jobs, int)):
        raise TypeError(f"n_jobs must be None or an int, got {type(n_jobs).__name__}")
    wanted = _wanted(sections)
    report = _progress(progress)
    docs = _as_docs(reports)
    from giptext.reuse._jit import ensure_warm

    ensure_warm(progress)  # a fresh install compiles the kernels once: say so rather than wait silently
    docs.sort(key=lambda d: (_year(d) is None, _year(d) or 0, d.id))  # earliest first
    ndocs = len(docs)
    lsh, aln = cfg.lsh, cfg.align

    # 1. views and MinHash picks
    jobs = _n_jobs(n_jobs)
    prep = _Prep(docs, wanted, aln.mask_digits, lsh.window, lsh.permutations)
    packer = ViewsBuilder()
    voffs: list[OffsetRuns] = []
    picks = PickTable()
    bars: list[np.ndarray] = []
    for k, (secs, vt, off, sent, pk, bar) in enumerate(_map_docs(prep, ndocs, jobs)):
        docs[k].sections = secs
        packer.add(vt, sent)
        voffs.append(off)
        picks.add(pk)
        bars.append(bar)
        if k % 1000 == 999:
            report("views", k + 1, ndocs)
    report("views", ndocs, ndocs)

    # 2. candidate pairs
    mmax = lsh.medium_for(ndocs)
    ca, cb, _shared, bands = candidate_pairs(picks, min_shared=lsh.min_shared, clique_max=lsh.clique_max,
                                             medium_max=mmax, star_min_shared=lsh.star_min_shared,
                                             return_bands=True, packed=True)
    del picks

    # 3. alignment of candidate pairs only
    views = packer.build()
    rows = _align_pairs(ca, cb, bands, views, aln, threshold, report, [d.text for d in docs], voffs, jobs, bars)
    n_candidates = int(ca.shape[0])
    del ca, cb, bands
    res = _assemble(docs, views, voffs, rows, wanted, cfg.template)
    del views
    if para is not None:
        from giptext.reuse.paraphrase import add_paraphrases

        if progress is not False and isinstance(para.embedder, str):
            import sys

            print(f"giptext: loading the sentence embedder {para.embedder_name!r} for paraphrase search "
                  "(torch and the model: several seconds)", file=sys.stderr, flush=True)
        res = add_paraphrases(res, docs_sections={d.id: d.sections for d in docs}, wanted=wanted,
                              settings=para, copy_similarity=threshold, template=cfg.template)
    res.params = {
        "sections": "all" if wanted is None else list(wanted), "threshold": threshold,
        "lsh": {**lsh.to_dict(), "medium_max": mmax}, "align": aln.to_dict(), "template": cfg.template.to_dict(),
        "paraphrase": None if para is None else para.to_dict(),
        "candidate_pairs": n_candidates,
    }
    return res


class _Prep:
    """Per-report work before the corpus-wide stages: sections, view, sentence starts, picks."""

    def __init__(self, docs, wanted, mask_digits, window, permutations):
        self.docs, self.wanted = docs, wanted
        self.mask_digits, self.window, self.permutations = mask_digits, window, permutations

    def __call__(self, k: int):
        d = self.docs[k]
        # sections are found even for the whole text: passages carry their section labels
        secs = _sections_of(d)
        spans = None
        if self.wanted is not None:
            spans = [(s, e) for lab, s, e in secs if lab in self.wanted]
        v, sent = view_with_sentences(d.text, spans, self.mask_digits)
        # offsets are kept for the whole run: as runs, a tenth of one offset a character
        off = OffsetRuns.from_offsets(v.offsets)
        pv, pp = window_minhashes(ngram_hashes(v.codes, LSH_SHINGLE), self.window, self.permutations, positions=True)
        return secs, v.text, off, sent, pack_picks(pv, pp), barriers(d.text, spans, v.offsets)


_WORK: _Prep | None = None  # the job a forked worker inherits


def _work(k: int):
    return _WORK(k)  # type: ignore[misc]


def _n_jobs(n_jobs: int | None) -> int:
    import os

    if n_jobs is None or n_jobs == 0:
        return 1
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return int(n_jobs)


def _map_docs(prep: _Prep, ndocs: int, jobs: int):
    """``prep(k)`` for every document in order, in ``jobs`` forked processes when there are
    enough documents to pay for them (workers inherit the texts; only results travel)."""
    import multiprocessing as mp

    if jobs <= 1 or ndocs < 200 or "fork" not in mp.get_all_start_methods():
        yield from map(prep, range(ndocs))
        return
    # The first report is done here: it loads the compiled kernels and builds the lookup
    # tables (~0.3 s), which the workers then inherit instead of each paying for them.
    yield prep(0)
    global _WORK
    _WORK = prep
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_work, range(1, ndocs), chunksize=64)
    finally:
        _WORK = None


_DIGITS = frozenset("0123456789０１２３４５６７８９")
_BAND_MARGIN = 128  # characters either side of an LSH band: a passage drifts with its edits


def _src_spans(texts: list[str], voffs: list[OffsetRuns], k: np.ndarray, s: np.ndarray,
               e: np.ndarray) -> tuple[list[int], list[int]]:
    """Source spans of the view slices ``[s:e]`` of documents ``k`` (arrays, one search per
    document, not per slice); a masked number ends after its last digit."""
    k = np.asarray(k, dtype=np.int64)
    s = np.asarray(s, dtype=np.int64)
    e = np.asarray(e, dtype=np.int64)
    src_s = np.empty(k.shape[0], dtype=np.int64)
    src_e = np.empty(k.shape[0], dtype=np.int64)
    if k.shape[0]:
        order = np.argsort(k, kind="stable")
        ks = k[order]
        bounds = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
        for g0, g1 in zip(bounds.tolist(), np.r_[bounds[1:], ks.shape[0]].tolist()):
            idx = order[g0:g1]
            off = voffs[int(ks[g0])]
            src_s[idx] = off.at_many(s[idx])
            src_e[idx] = off.at_many(e[idx] - 1) + 1
    ends = src_e.tolist()
    for i, (d, end) in enumerate(zip(k.tolist(), ends)):
        text = texts[d]
        while end < len(text) and text[end] in _DIGITS:
            end += 1
        ends[i] = end
    return src_s.tolist(), ends


def _align_pairs(ca, cb, bands, views, aln: AlignSettings, threshold: float, report, texts, voffs, jobs,
                 bars) -> dict[str, list]:
    min_match, mask_digits = aln.min_match, aln.mask_digits
    # typed arrays: 8 bytes a value instead of a Python int object in a list
    cols: dict[str, Any] = {k: array("q") for k in ("a", "b", "sa", "ea", "sb", "eb", "matched",
                                                    "src_sa", "src_ea", "src_sb", "src_eb")}
    cols["sim"] = array("d")
    total = int(ca.shape[0])
    # Boilerplate recurs word for word, so the same source spans are re-checked many times.
    raw_views: dict[str, str] = {}

    def raw_view(s: str) -> str:
        v = raw_views.get(s)
        if v is None:
            if len(raw_views) >= 100_000:
                raw_views.clear()
            v = raw_views[s] = view_text(s, mask_digits=False)
        return v

    # The compiled kernel does seeds, chaining, extension and the length and sentence tests
    # for every pair; what survives, a small share, is measured here.
    found = align_pairs(views, ca, cb, bands, n=aln.seed, lsh_n=LSH_SHINGLE, margin=_BAND_MARGIN, min_run=MIN_RUN,
                        min_match=min_match, long_match=LONG_MATCH, sentences=True, n_jobs=jobs,
                        progress=lambda done, tot: report("align", done, tot))
    found = _cut_at_barriers(found, ca, cb, views, bars, min_match)
    # one group of rows per pair
    kept: dict[str, list] = {k: [] for k in ("a", "b", "sa", "ea", "sb", "eb", "matched", "sim")}
    brk = np.flatnonzero(np.r_[True, found[1:, 0] != found[:-1, 0]]) if found.shape[0] else np.zeros(0, np.int64)
    for g0, g1 in zip(brk.tolist(), np.r_[brk[1:], found.shape[0]].tolist()):
        k = int(found[g0, 0])
        a, b = int(ca[k]), int(cb[k])
        ps = []
        for _p, s0, e0, s1, e1, m in found[g0:g1].tolist():
            # (slices decoded, not whole views: a passage is a few dozen of thousands of characters)
            sim = Levenshtein.normalized_similarity(views.text(a, s0, e0), views.text(b, s1, e1))
            if sim >= threshold:
                ps.append(Alignment(s0, e0, s1, e1, m, float(sim)))
        for p in _drop_shadowed(ps):
            for c, v in zip(("a", "b", "sa", "ea", "sb", "eb", "matched", "sim"),
                            (a, b, p.start_a, p.end_a, p.start_b, p.end_b, p.matched, p.similarity)):
                kept[c].append(v)
    src_a = _src_spans(texts, voffs, kept["a"], kept["sa"], kept["ea"])
    src_b = _src_spans(texts, voffs, kept["b"], kept["sb"], kept["eb"])
    for i in range(len(kept["a"])):
        a, b = kept["a"][i], kept["b"][i]
        s0, e0, s1, e1 = src_a[0][i], src_a[1][i], src_b[0][i], src_b[1][i]
        sim = kept["sim"][i]
        if mask_digits:
            # Masked digits find the alignment; the similarity is judged on the real
            # figures, so boilerplate differing only in phone numbers, dates or counts
            # is not reported as a copy.
            sim = Levenshtein.normalized_similarity(raw_view(texts[a][s0:e0]), raw_view(texts[b][s1:e1]))
            if sim < threshold:
                continue
        for c, v in (("a", a), ("b", b), ("sa", kept["sa"][i]), ("ea", kept["ea"][i]), ("sb", kept["sb"][i]),
                     ("eb", kept["eb"][i]), ("matched", kept["matched"][i]), ("sim", float(sim)),
                     ("src_sa", s0), ("src_ea", e0), ("src_sb", s1), ("src_eb", e1)):
            cols[c].append(v)
    report("align", total, total)
    return cols


def _cut_at_barriers(found: np.ndarray, ca: np.ndarray, cb: np.ndarray, views, bars: list[np.ndarray],
                     min_match: int) -> np.ndarray:
    """``found`` with each passage that crosses a section barrier (:mod:`.barriers`) cut to
    its best piece inside one compared section, or dropped when that piece has fewer than
    ``min_match`` identical characters."""
    counts = np.fromiter((b.shape[0] for b in bars), dtype=np.int64, count=len(bars))
    if not counts.any() or not found.shape[0]:
        return found
    docs = np.repeat(np.arange(len(bars)), counts)
    flat = views.start[docs].astype(np.int64) + np.concatenate(bars).astype(np.int64)
    hit = np.flatnonzero(crossing(found, ca, cb, views.start, flat))
    if not hit.shape[0]:
        return found
    keep = np.ones(found.shape[0], dtype=bool)
    found = found.copy()
    for q in hit.tolist():
        k, s0, e0, s1, e1, _m = found[q].tolist()
        a, b = int(ca[k]), int(cb[k])
        cuts_a = [int(x) - s0 for x in bars[a].tolist() if s0 < x < e0]
        cuts_b = [int(x) - s1 for x in bars[b].tolist() if s1 < x < e1]
        piece = cut(views.text(a, s0, e0), views.text(b, s1, e1), cuts_a, cuts_b)
        if piece is None or piece[4] < min_match:
            keep[q] = False
            continue
        found[q, 1:] = (s0 + piece[0], s0 + piece[1], s1 + piece[2], s1 + piece[3], piece[4])
    return found[keep]


def _column(values: list) -> Any:
    """A list as the array pandas would make of it in a frame (same dtype inference)."""
    return pd.Series(values).array if values else values


def _assemble(docs, views, voffs, rows, wanted, template: TemplateSettings,
              only: Sequence[int] | None = None) -> ReuseResult:
    # ``only``: the document numbers that get a ``reports`` row (default: every one)
    ids = [d.id for d in docs]
    texts = {d.id: d.text for d in docs}
    meta = {d.id: {"agency": d.meta.get("agency"), "year": _year(d), "level": d.meta.get("level")} for d in docs}
    for d in docs:  # where PDF pages begin, so pages can say "p. 3" (the texts alone cannot)
        pages = d.report.page_starts() if d.report is not None else None
        if pages:
            meta[d.id]["pages"] = pages
    a = np.asarray(rows["a"], dtype=np.int64)
    b = np.asarray(rows["b"], dtype=np.int64)
    sa, ea = np.asarray(rows["sa"], dtype=np.int64), np.asarray(rows["ea"], dtype=np.int64)
    sb, eb = np.asarray(rows["sb"], dtype=np.int64), np.asarray(rows["eb"], dtype=np.int64)
    npass = a.shape[0]

    # families over both sides of every passage (view coordinates)
    g = group_occurrences(
        doc=np.concatenate([a, b]), start=np.concatenate([sa, sb]), end=np.concatenate([ea, eb]),
        pair=np.concatenate([np.arange(npass), np.arange(npass)]),
    )
    fam_of_pass = g.occ_family[:npass] if npass else np.zeros(0, dtype=np.int64)

    # occurrences (merged segments) and families: one assembly path with the paraphrases'
    fam_template = np.zeros(g.n_families, dtype=bool)
    sf, sd, ss, se = g.seg_family, g.seg_doc, g.seg_start, g.seg_end
    seg_s, seg_e = _src_spans([d.text for d in docs], voffs, sd, ss, se)
    tables = family_tables(
        sf, sd, seg_s, seg_e, ids=ids, texts=[d.text for d in docs], agency=[d.meta.get("agency") for d in docs],
        year=[_year(d) for d in docs], template=template,
        # a family's first segment, measured on the view (digits masked)
        first_coverage=lambda r: template_coverage(views.text(int(sd[r]), int(ss[r]), int(se[r])), True))
    occurrences, families = tables.occurrences, tables.families
    if g.n_families:
        fam_template[families["family"].to_numpy()] = tables.template
    del tables, seg_s, seg_e

    # passages, in their final order (report ids, then start offsets), one column at a time:
    # holding every column as a list of Python objects beside the frame, then a sorted copy
    # of the frame, cost more memory than the frame itself (benchmarks/README.md, "Memory notes").
    src = {c: np.asarray(rows[c], dtype=np.int64) for c in ("src_sa", "src_ea", "src_sb", "src_eb")}
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.asarray(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)] = np.arange(len(ids))
    order = np.lexsort((src["src_sb"], src["src_sa"], rank[b], rank[a]))  # stable, as sort_values
    src = {c: v[order] for c, v in src.items()}  # from here on in passage order
    oa, ob = a[order].tolist(), b[order].tolist()
    osa, oea, osb, oeb = (src[c].tolist() for c in ("src_sa", "src_ea", "src_sb", "src_eb"))
    ofam = fam_of_pass[order]
    pcols: dict[str, Any] = {}
    texts_a = [docs[ka].text[s:e] for ka, s, e in zip(oa, osa, oea)]
    texts_b = [docs[kb].text[s:e] for kb, s, e in zip(ob, osb, oeb)]
    pcols["kind"] = _column([kind_of(ta, tb) for ta, tb in zip(texts_a, texts_b)])
    pcols["text_a"], pcols["text_b"] = _column(texts_a), _column(texts_b)
    del texts_a, texts_b
    pcols["doc_a"] = _column([ids[k] for k in oa])
    pcols["doc_b"] = _column([ids[k] for k in ob])
    pcols["start_a"], pcols["end_a"], pcols["start_b"], pcols["end_b"] = (
        src[c] for c in ("src_sa", "src_ea", "src_sb", "src_eb"))
    pcols["similarity"] = np.array([round(x, 4) for x in np.asarray(rows["sim"], dtype=np.float64)[order].tolist()],
                                   dtype=np.float64)
    agency = [d.meta.get("agency") for d in docs]
    pcols["scope"] = _column([scope_of(agency[ka], agency[kb]) for ka, kb in zip(oa, ob)])
    pcols["family"] = ofam.astype(np.int64)
    sa_o, ea_o = sa[order].tolist(), ea[order].tolist()
    template = np.fromiter(
        (bool(fam_template[f]) or template.mostly_mandated(template_coverage(views.text(ka, s, e), True))
         for f, ka, s, e in zip(ofam.tolist(), oa, sa_o, ea_o)), dtype=bool, count=npass)
    pcols["template"] = template
    views.release()  # the last view text was read: its memory goes back now
    pcols["section_a"] = _column([section_at(docs[ka].sections, s) for ka, s in zip(oa, osa)])
    pcols["section_b"] = _column([section_at(docs[kb].sections, s) for kb, s in zip(ob, osb)])
    pcols["matched"] = np.asarray(rows["matched"], dtype=np.int64)[order]
    passages = (pd.DataFrame({c: pcols.pop(c) for c in PASSAGE_COLUMNS}, columns=PASSAGE_COLUMNS, copy=False)
                if npass else pd.DataFrame([], columns=PASSAGE_COLUMNS))

    # per-report originality: narrative view characters not covered by non-template reuse
    # (covered spans as merged intervals, not a flag per character: that is a corpus-sized array)
    spans_of: dict[int, list[tuple[int, int]]] = {}
    plain = order[~template]  # ``template`` is in passage order, ``a``/``b``/spans in alignment order
    for ka, kb, s0, e0, s1, e1 in zip(*(x[plain].tolist() for x in (a, b, sa, ea, sb, eb))):
        spans_of.setdefault(ka, []).append((s0, e0))
        spans_of.setdefault(kb, []).append((s1, e1))
    reports = pd.DataFrame(report_rows(docs, voffs, np.diff(views.start), spans_of, wanted, only))
    return ReuseResult(
        passages=passages,
        families=families,
        occurrences=occurrences,
        reports=reports,
        texts=texts,
        meta=meta,
    )


def report_rows(docs, voffs, lengths, spans_of: dict[int, list[tuple[int, int]]], wanted,
                only: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """One ``reports`` row per document (or per document number in ``only``): narrative view
    characters, those covered by the non-template reuse spans ``spans_of[k]`` (view
    coordinates) and the originality overall and per compared section."""
    sec_labels = list(wanted) if wanted is not None else None
    rep_rows = []
    for k in (range(len(docs)) if only is None else only):
        d = docs[k]
        nchar = int(lengths[k])
        cov = merge_spans(spans_of.get(k, ()))
        reused = sum(e - s for s, e in cov)
        row = {
            "id": d.id, "agency": d.meta.get("agency"), "year": _year(d), "level": d.meta.get("level"),
            "narrative_chars": nchar, "reused_chars": reused,
            "originality": (1.0 - reused / nchar) if nchar else float("nan"),
        }
        if d.sections and sec_labels:
            # each section's slice of the view
            vb = voffs[k].view_index([x for _, s0, e0 in d.sections for x in (s0, e0)]).tolist()
            for lab in sec_labels:
                rng = [(vb[2 * j], vb[2 * j + 1]) for j, (lb, _, _) in enumerate(d.sections) if lb == lab]
                tot = sum(e - s for s, e in rng)
                hit = sum(max(0, min(e, ce) - max(s, cs)) for s, e in rng for cs, ce in cov)
                row[f"originality_{lab}"] = (1.0 - hit / tot) if tot else float("nan")
        rep_rows.append(row)
    return rep_rows


__all__ = ["detect", "NARRATIVE"]
