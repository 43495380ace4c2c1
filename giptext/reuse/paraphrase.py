"""Paraphrase pairs: sentences with the same meaning and little shared wording.

Each compared region is cut into sentences (。；！？ and line ends); sentences are embedded
with :class:`giptext.embed.Embedder` (``static-zh`` by default, ``e5-small`` is slower
and better) and each sentence gets its top ``k`` neighbours among the sentences of *other*
reports (:func:`neighbour_pairs`). A pair is a paraphrase when the cosine is at least the
threshold and stands out from both units' crowds (:data:`MARGIN`: in this formulaic
register a stock sentence is close to hundreds of others), the two units share distinctive
words (:data:`LEXICAL_MIN`) and their figures (:data:`FIGURES_MIN`), are not both hubs
of their register (:data:`HUB_MAX`) nor too short (:data:`MIN_PAIR_CHARS`), the wording differs
(edit similarity below the copy threshold, so near copies stay with the aligner) and no
copy passage already links those two spans. Pairs of
adjacent sentences between the same two reports are then merged into one passage, so a
reworded unit of two sentences (possibly in the other order) is one row, not two.
The default threshold is calibrated on ``shared/dev`` by :mod:`giptext.reuse.calibrate`;
see :data:`THRESHOLDS`.

Cost: up to :data:`EXACT_MAX` sentences every sentence is compared with every other (a
blocked matrix product, O(S²·d) for S sentences of dimension d). Above it the search is
an inverted file: spherical k-means puts the sentences into C ≈ 2·√S cells, each sentence
goes to its :data:`PROBES` nearest cells, and only sentences sharing a cell are compared
(O(S·C·d + Σ cell²·d), about O(S^1.5·d) when cells are even). It is approximate: a pair
whose two sentences share none of their nearest cells is missed.

Example::

    >>> from giptext.reuse import ParaphraseSettings, detect
    >>> texts = {"a": "我局高度重视政府信息公开工作。\\n一是公开形式的便民性有待进一步加强，群众查阅信息还不够方便。"
    ...               "二是部分栏目更新不够及时。",
    ...          "b": "本镇认真落实条例要求。\\n一是部分栏目更新不够及时。"
    ...               "二是群众查阅信息还不够方便，公开形式的便民性需要进一步提高。"}
    >>> res = detect(texts, sections="all", paraphrase=ParaphraseSettings(threshold=0.5))
    >>> p = res.passages[res.passages.kind == "paraphrase"]
    >>> len(p) >= 1 and "便民性" in p.text_a.iloc[0] and "便民性" in p.text_b.iloc[0]
    True
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz.distance import Levenshtein

from giptext.reuse.assemble import family_tables, section_at, share_inside
from giptext.reuse.classify import scope_of, template_coverage
from giptext.reuse.view import SENTENCE_ENDS, merge_spans, view_text
from giptext.textnorm import to_halfwidth

#: Cosine thresholds per embedder. The cosine that 1% of random cross-report sentence pairs
#: reach (``python -m giptext.reuse.calibrate``) lets thousands of false pairs through in
#: this formulaic register, so static-zh's bar sits where a synthetic grid's false rows
#: fall to a few dozen; e5-small separates planted from chance pairs no better, so it keeps
#: its 1% figure. The measurements: experiments/reuse_paraphrase/README.md, "Figures behind
#: the defaults".
THRESHOLDS = {"static-zh": 0.93, "e5-small": 0.937}
#: Least TF-IDF character-bigram cosine of a paraphrase pair (:func:`lexical_similarity`).
#: An embedding alone puts any two sentences of this formulaic register close together
#: (most pairs an embedding passes are different items on the same topic); a reworded item
#: keeps some distinctive words. A higher bar rejects real reworded items (see the README).
LEXICAL_MIN = 0.3
#: Sentences shorter than this (normalised characters) carry too little to compare.
MIN_CHARS = 8
MAX_CHARS = 160
_SENT = re.compile(f"[^{SENTENCE_ENDS}]+[{SENTENCE_ENDS.replace(chr(10), '')}]?")  # (a line end ends a sentence but is not part of it)


def sentences(text: str, spans: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Sentence spans (source offsets) inside ``spans`` (whole text when ``None``)."""
    out = []
    for s0, e0 in spans if spans is not None else [(0, len(text))]:
        for m in _SENT.finditer(text, s0, e0):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            n = len(view_text(text[s:e]))
            if MIN_CHARS <= n <= MAX_CHARS:
                out.append((s, e))
    return out



#: Above this many sentences, :func:`neighbour_pairs` uses the inverted file, not all pairs.
EXACT_MAX = 20000
#: Cells of the inverted file each sentence is put in (more: higher recall, more work).
PROBES = 3
#: The "crowd" of a unit: its ``CROWD_K``-th nearest unit in other reports. A formula
#: sentence (召开…会议…次，开展…场) has hundreds of close neighbours, so its crowd is close;
#: a family of copies of one passage (fewer than ``CROWD_K``) does not fill it.
CROWD_K = 20
#: Least ratio of a pair's cosine to the mean of its two units' crowd cosines (0: off).
#: Margin scoring as in bitext mining (Artetxe & Schwenk 2019), with the k-th neighbour
#: instead of the mean of the top k so that families of copies do not count as crowd.
#: Chosen on a study of all candidates (experiments/reuse_paraphrase/margin.py): it keeps
#: the planted pairs and drops preamble/heading formula pairs.
MARGIN = 1.015
#: A pair below the threshold but at least :data:`LOW_THRESHOLDS` is kept when it stands out by
#: ``LOW_MARGIN``: reworded items whose cosine is modest but that are much closer to each
#: other than to their crowds. Chosen with one dev gold pair in view, so its dev gain is
#: in-sample. Per embedder, as :data:`THRESHOLDS`; none for an embedder not studied.
LOW_THRESHOLDS = {"static-zh": 0.90}
LOW_MARGIN = 1.06
#: Neighbours per unit: a passage copied into several reports fills the first places with its
#: copies and pushes a reworded occurrence out, so k must exceed a typical family's size.
K_NEIGHBOURS = 10
#: Least normalised length of the shorter unit of a paraphrase pair. Below it the pairs are
#: headings (三、依申请公开政府信息情况 / 三、政府信息依申请公开情况), page chrome and stock
#: one-liners (本年度未收到申请): same meaning, but agreement by chance, not reuse.
MIN_PAIR_CHARS = 17
#: Hubness: a unit's *register neighbours* are its neighbour pairs (top :data:`K_NEIGHBOURS`
#: either way) at cosine ≥ ``HUB_THRESHOLDS`` whose TF-IDF bigram cosine is below
#: :data:`LEXICAL_MIN` (same register, nothing distinctive shared). A stock frame sentence
#: (依托公共查阅点和便民服务中心，… / 从检查情况看，…) is in many neighbour lists, a reworded
#: item in few; a pair is dropped when *both* units have more than ``HUB_MAX`` of them
#: (:func:`register_degree`). The out-degree is at most k, so the count is read against k
#: (2.5·k).
HUB_THRESHOLDS = {"static-zh": 0.88}
HUB_MAX = 25
#: (How each of these defaults was measured: experiments/reuse_paraphrase/README.md,
#: "Figures behind the defaults".)


def _top_pairs(X: np.ndarray, doc: np.ndarray, threshold: float, k: int = 5, block: int = 2048,
               crowd_out: np.ndarray | None = None, crowd: int = CROWD_K):
    """Exact search: pairs ``(i, j, cos)`` with ``i < j``, different documents, cos ≥ threshold,
    ``j`` among the top ``k`` of ``i`` or ``i`` among the top ``k`` of ``j``. With ``crowd_out``
    (float32, one per row, filled with -1) each row's ``crowd``-th best cosine is written there."""
    return _search(X, doc, np.arange(X.shape[0]), np.arange(X.shape[0]), threshold, k, block, crowd_out, crowd)


def _search(X: np.ndarray, doc: np.ndarray, rows_idx: np.ndarray, cols_idx: np.ndarray,
            threshold: float, k: int, block: int, crowd_out: np.ndarray | None = None, crowd: int = CROWD_K):
    """Top ``k`` neighbours (other documents, cos ≥ threshold) of each of ``rows_idx`` among
    ``cols_idx``, as ``(min, max, cos)`` index pairs (not yet unique); ``crowd_out[row]`` is
    raised to the row's ``crowd``-th best cosine among ``cols_idx`` when given."""
    rows, cols, sims = [], [], []
    m = cols_idx.shape[0]
    kk = min(k, m - 1)
    if kk <= 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, np.zeros(0, dtype=np.float32)
    kc = min(crowd, m - 1)
    Xc = X[cols_idx]
    dc = doc[cols_idx]
    for s in range(0, rows_idx.shape[0], block):
        idx = rows_idx[s : s + block]
        S = X[idx] @ Xc.T
        S[doc[idx][:, None] == dc[None, :]] = -1.0  # same report: not reuse
        if crowd_out is not None:
            # one partition gives both the top kk and the kc-th best
            part = np.argpartition(-S, sorted({kk - 1, kc - 1}), axis=1)
            top = part[:, :kk]
            kth = np.take_along_axis(S, part[:, kc - 1 : kc], axis=1)[:, 0]
            crowd_out[idx] = np.maximum(crowd_out[idx], kth)
        else:
            top = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
        val = np.take_along_axis(S, top, axis=1)
        ok = val >= threshold
        r = np.repeat(idx[:, None], kk, axis=1)[ok]
        c = cols_idx[top[ok]]
        rows.append(np.minimum(r, c))
        cols.append(np.maximum(r, c))
        sims.append(val[ok])
    return _unique(np.concatenate(rows), np.concatenate(cols), np.concatenate(sims), X.shape[0])


def _unique(r: np.ndarray, c: np.ndarray, v: np.ndarray, n: int):
    key = r.astype(np.int64) * n + c
    _, first = np.unique(key, return_index=True)
    return r[first].astype(np.int64), c[first].astype(np.int64), v[first]


def _kmeans(X: np.ndarray, n_cells: int, seed: int, iters: int = 8) -> np.ndarray:
    """Spherical k-means centroids from a fixed-seed sample (deterministic)."""
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    sample = X[np.sort(rng.choice(n, min(n, 40 * n_cells), replace=False))]
    cent = sample[np.sort(rng.choice(sample.shape[0], n_cells, replace=False))].copy()
    for _ in range(iters):
        lab = np.argmax(sample @ cent.T, axis=1)
        new = np.zeros_like(cent)
        np.add.at(new, lab, sample)
        norm = np.linalg.norm(new, axis=1)
        keep = norm > 0  # an empty cell keeps its old centroid
        cent[keep] = new[keep] / norm[keep, None]
    return cent


def _ivf_pairs(X: np.ndarray, doc: np.ndarray, threshold: float, k: int = 5, probes: int = PROBES,
               seed: int = 0, block: int = 2048, crowd_out: np.ndarray | None = None, crowd: int = CROWD_K):
    """Approximate :func:`_top_pairs`: compare only sentences that share one of their
    ``probes`` nearest k-means cells (``crowd_out``: the best ``crowd``-th cosine over a
    row's cells, a lower bound of the exact figure)."""
    n = X.shape[0]
    n_cells = int(max(16, round(2 * np.sqrt(n))))
    cent = _kmeans(X, n_cells, seed)
    near = np.empty((n, probes), dtype=np.int64)
    for s in range(0, n, 8192):
        sc = X[s : s + 8192] @ cent.T
        near[s : s + 8192] = np.argpartition(-sc, probes - 1, axis=1)[:, :probes]
    cell = near.ravel()
    member = np.repeat(np.arange(n), probes)
    o = np.argsort(cell, kind="stable")
    cell, member = cell[o], member[o]
    bounds = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1], True])
    rs, cs, vs = [], [], []
    for b0, b1 in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        if b1 - b0 < 2:
            continue
        m = member[b0:b1]
        r, c, v = _search(X, doc, m, m, threshold, k, block, crowd_out, crowd)
        rs.append(r)
        cs.append(c)
        vs.append(v)
    if not rs:
        e = np.zeros(0, dtype=np.int64)
        return e, e, np.zeros(0, dtype=np.float32)
    return _unique(np.concatenate(rs), np.concatenate(cs), np.concatenate(vs), n)


def neighbour_pairs(X: np.ndarray, doc: np.ndarray, threshold: float, k: int = 5,
                    exact_max: int = EXACT_MAX, crowd_out: np.ndarray | None = None, crowd: int = CROWD_K,
                    probes: int = PROBES):
    """Sentence pairs ``(i, j, cos)``, ``i < j``, from different documents, cos ≥ ``threshold``,
    each among the other's top ``k``: exact up to ``exact_max`` rows, else the inverted file
    (``probes`` cells per row).
    ``crowd_out`` (float32 array of -1, one per row) receives each row's ``crowd``-th best
    cosine with other documents (see :data:`MARGIN`)."""
    if X.shape[0] <= exact_max:
        return _top_pairs(X, doc, threshold, k, crowd_out=crowd_out, crowd=crowd)
    return _ivf_pairs(X, doc, threshold, k, probes=probes, crowd_out=crowd_out, crowd=crowd)


def stand_out(r: np.ndarray, c: np.ndarray, v: np.ndarray, crowd: np.ndarray, margin: float = MARGIN,
              threshold: float = -1.0, low_threshold: float | None = None, low_margin: float = 0.0):
    """The pairs ``(r, c, v)`` whose cosine is at least ``threshold`` and ``margin`` times the
    mean of their two units' crowd cosines (``crowd``, from :func:`neighbour_pairs`; see
    :data:`MARGIN`), or at least ``low_threshold`` and ``low_margin`` times it."""
    keep = stands_out(r, c, v, crowd, margin, threshold, low_threshold, low_margin)
    return r[keep], c[keep], v[keep]


def stands_out(r: np.ndarray, c: np.ndarray, v: np.ndarray, crowd: np.ndarray, margin: float = MARGIN,
               threshold: float = -1.0, low_threshold: float | None = None, low_margin: float = 0.0) -> np.ndarray:
    """The mask of :func:`stand_out`."""
    ratio = v / np.maximum((crowd[r] + crowd[c]) / 2, 1e-6)
    keep = (v >= threshold) & (ratio >= margin)
    if low_threshold is not None:
        keep |= (v >= low_threshold) & (ratio >= low_margin)
    return keep


def lexical_similarity(views: list[str], r: np.ndarray, c: np.ndarray, idf_from: list[str] | None = None,
                       block: int = 200_000) -> np.ndarray:
    """TF-IDF cosine of character bigrams between texts ``r[q]`` and ``c[q]`` of ``views``, with
    the inverse document frequency taken over ``idf_from`` (default ``views``; pass the
    sentences when ``views`` holds overlapping windows, which would count each bigram twice):
    bigrams every report uses (政府, 信息, 公开) weigh little, so the score measures
    distinctive shared words."""
    if r.shape[0] == 0:
        return np.zeros(0)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, lowercase=False, dtype=np.float32)
    vec.fit(views if idf_from is None else idf_from)
    used = np.unique(np.r_[r, c])
    A = vec.transform([views[q] for q in used.tolist()]).tocsr()
    pos = np.searchsorted(used, r), np.searchsorted(used, c)
    out = np.empty(r.shape[0], dtype=np.float64)
    for s in range(0, r.shape[0], block):  # in blocks: millions of pairs at 10k reports
        out[s:s + block] = np.asarray(A[pos[0][s:s + block]].multiply(A[pos[1][s:s + block]]).sum(axis=1)).ravel()
    return out


def _covered(spans: dict[tuple[str, str], list[tuple[int, int, int, int]]], da: str, sa: tuple[int, int],
             db: str, sb: tuple[int, int]) -> bool:
    """Is the sentence pair already inside a copy passage between the same two reports?"""
    for s0, e0, s1, e1 in spans.get((da, db), ()):
        if min(e0, sa[1]) - max(s0, sa[0]) >= 0.5 * (sa[1] - sa[0]) and \
                min(e1, sb[1]) - max(s1, sb[0]) >= 0.5 * (sb[1] - sb[0]):
            return True
    return False


class Units(NamedTuple):
    """Compared units of a corpus: sentences and (window 2) pairs of adjacent sentences.

    ``doc[q]``/``sent_span[q]``: report index (order of the texts) and source span of
    sentence ``q``; unit ``u`` runs from sentence ``uf[u]`` to ``ul[u]`` of report ``udoc[u]``
    and reads ``texts[u]``."""

    doc: np.ndarray
    sent_span: list[tuple[int, int]]
    uf: np.ndarray
    ul: np.ndarray
    udoc: np.ndarray
    texts: list[str]


def build_units(texts: dict[str, str], docs_sections: dict[str, list[tuple[str, int, int]]],
                wanted: tuple[str, ...] | None, window: int = 2) -> Units | None:
    """The :class:`Units` of ``texts`` (``{id: text}``, earliest first) inside the ``wanted``
    sections (all text when ``None``); ``None`` when there are fewer than two sentences."""
    ids = list(texts)
    sent_doc, sent_span = [], []
    for q, d in enumerate(ids):
        spans = None
        if wanted is not None:
            spans = [(s, e) for lab, s, e in docs_sections.get(d, []) if lab in wanted]
        for s, e in sentences(texts[d], spans):
            sent_doc.append(q)
            sent_span.append((s, e))
    if len(sent_doc) < 2:
        return None
    doc = np.asarray(sent_doc)
    # units: every sentence, and (window=2) every two adjacent sentences, so an item whose
    # heading is kept and whose body is reworded is compared as a whole
    ufirst, ulast = [], []
    for q in range(len(sent_doc)):
        ufirst.append(q)
        ulast.append(q)
        if window >= 2 and q + 1 < len(sent_doc) and _adjacent(q, q + 1, doc, sent_span, texts[ids[doc[q]]]):
            ufirst.append(q)
            ulast.append(q + 1)
    uf, ul = np.asarray(ufirst), np.asarray(ulast)
    utexts = [texts[ids[doc[f]]][sent_span[f][0]:sent_span[l][1]] for f, l in zip(ufirst, ulast)]
    return Units(doc, sent_span, uf, ul, doc[uf], utexts)


#: Least Jaccard overlap of the figures of a pair whose two units both state some
#: (:func:`figures`; 0: off). A reworded statement of a fact keeps its figures; two
#: statistics sentences of one shape with other figures (全年公开信息60条… / …326条…) state
#: different facts (such pairs were most of the wrong rows read on the dev corpus).
FIGURES_MIN = 0.5
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def figures(text: str) -> frozenset[str]:
    """The figures a text states: numbers other than years (19xx/20xx), list markers (1、
    2. （3）), dates and times (…月/…日, 2013-01-24 00:00) and document numbers (…号),
    full-width digits folded."""
    t = to_halfwidth(text)
    out = set()
    for m in _FIGURE.finditer(t):
        x = m.group()
        before, after = t[m.start() - 1:m.start()], t[m.end():m.end() + 1]
        if len(x) == 4 and x[:2] in ("19", "20"):
            continue
        if after in ("、", ".", ")", "）", "月", "日", "号", "號", "-", ":", "/") or before in ("-", ":", "/"):
            continue
        out.add(x.lstrip("0") or "0")
    return frozenset(out)


def figures_differ(a: str, b: str, least: float = FIGURES_MIN) -> bool:
    """Do two texts that both state figures share less than ``least`` of them (Jaccard)?
    Then they state different facts, however alike their wording (:data:`FIGURES_MIN`)."""
    fa, fb = figures(a), figures(b)
    return bool(fa) and bool(fb) and len(fa & fb) < least * len(fa | fb)


def unit_lexical(u: Units, r: np.ndarray, c: np.ndarray, uviews: list[str] | None = None) -> np.ndarray:
    """:func:`lexical_similarity` of unit pairs ``(r, c)``, the IDF over the sentences."""
    uviews = [view_text(t) for t in u.texts] if uviews is None else uviews
    return lexical_similarity(uviews, r, c, idf_from=[uviews[q] for q in np.flatnonzero(u.uf == u.ul).tolist()])


def register_degree(n: int, r: np.ndarray, c: np.ndarray, v: np.ndarray, lex: np.ndarray, cos_min: float,
                    lexical: float = LEXICAL_MIN) -> np.ndarray:
    """Per unit, how many of its neighbour pairs ``(r, c, v)`` (top ``k`` either way) are at
    least ``cos_min`` close yet share nothing distinctive (TF-IDF bigram cosine ``lex`` below
    ``lexical``): its *register neighbours*. See :data:`HUB_MAX`."""
    weak = (v >= cos_min) & (lex < lexical)
    return np.bincount(np.r_[r[weak], c[weak]], minlength=n)


def candidate_pairs(res, u: Units, r: np.ndarray, c: np.ndarray, v: np.ndarray, lexical: float = LEXICAL_MIN,
                    copy_similarity: float | None = None, figures_min: float = FIGURES_MIN,
                    min_pair_chars: int = 0, lex: np.ndarray | None = None) -> list[tuple[int, int, float, float]]:
    """Unit pairs ``(i, j, cos, lexical)`` of :func:`neighbour_pairs` (``r``, ``c``, ``v``)
    that may be paraphrases: TF-IDF bigram cosine at least ``lexical``, wording different
    (edit similarity below ``copy_similarity``, default the ``threshold`` of ``res``; no copied
    sentence carrying a window pair),
    the same figures when both state some (:data:`FIGURES_MIN`) and not already linked by a
    copy passage of ``res``; ``udoc[i]`` is the earlier report."""
    copy_similarity = _copy_similarity(res, copy_similarity)
    ids = list(res.texts)
    doc, sent_span, uf, ul, udoc, texts = u.doc, u.sent_span, u.uf, u.ul, u.udoc, u.texts
    copy_spans: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
    for row in res.passages[["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b"]].itertuples(index=False):
        copy_spans.setdefault((row[0], row[3]), []).append((row[1], row[2], row[4], row[5]))
        copy_spans.setdefault((row[3], row[0]), []).append((row[4], row[5], row[1], row[2]))
    uviews = [view_text(t) for t in texts]
    if lex is None:
        lex = unit_lexical(u, r, c, uviews)
    sview: dict[int, str] = {}

    def _sv(q: int) -> str:
        if q not in sview:
            d0 = ids[doc[q]]
            sview[q] = view_text(res.texts[d0][sent_span[q][0]:sent_span[q][1]], False)
        return sview[q]

    sview_get = _sv
    pairs = []
    for i, j, cos, lx in zip(r.tolist(), c.tolist(), v.tolist(), lex.tolist()):
        if lx < lexical:
            continue  # same register, different item: nothing distinctive in common
        if min_pair_chars and min(len(uviews[i]), len(uviews[j])) < min_pair_chars:
            continue  # a short stock sentence or heading: agreement by chance
        if udoc[i] > udoc[j]:
            i, j = j, i
        if Levenshtein.normalized_similarity(view_text(texts[i], False), view_text(texts[j], False)) >= copy_similarity:
            continue  # shared wording: the aligner's business
        if figures_min > 0 and figures_differ(texts[i], texts[j], figures_min):
            continue  # one shape, other facts
        if (ul[i] > uf[i] or ul[j] > uf[j]) and _shares_copy(range(uf[i], ul[i] + 1), range(uf[j], ul[j] + 1),
                                                             sview_get, copy_similarity):
            # a window pair carried by one copied (often statutory) sentence: the other
            # sentence must stand on its own as a sentence pair
            continue
        span_i = (sent_span[uf[i]][0], sent_span[ul[i]][1])
        span_j = (sent_span[uf[j]][0], sent_span[ul[j]][1])
        if _covered(copy_spans, ids[udoc[i]], span_i, ids[udoc[j]], span_j):
            continue  # already a copy passage
        pairs.append((i, j, float(cos), float(lx)))
    return pairs


def add_paraphrases(res, docs_sections: dict[str, list[tuple[str, int, int]]], wanted: tuple[str, ...] | None,
                    settings: Any = None, *, copy_similarity: float | None = None, template: Any = None) -> Any:
    """A copy of the :class:`ReuseResult` ``res`` with ``kind='paraphrase'`` rows added, with their
    own families (``res`` itself is left as it was).

    Copy passages, families and occurrences are kept as they are; the new families are
    numbered after the existing ones, by earliest occurrence. ``docs_sections``: each report's
    sections ``(label, start, end)``; ``wanted``: the labels compared (``None``: all text);
    ``settings``: a :class:`~giptext.reuse.settings.ParaphraseSettings` (``None``: the
    defaults; its fields are the gates described in this module); ``copy_similarity``: the edit
    similarity from which a sentence pair is a copy and left to the aligner (``None``: the
    ``threshold`` ``res`` was made with, so the two stages share one line); ``template``: a
    :class:`~giptext.reuse.settings.TemplateSettings` (when a paraphrase family is template
    text, as for copies).
    """
    from giptext.reuse.settings import ParaphraseSettings, TemplateSettings

    s = ParaphraseSettings() if settings is None else settings
    if not isinstance(s, ParaphraseSettings):
        raise TypeError(f"settings must be ParaphraseSettings, got {type(s).__name__}")
    template = TemplateSettings() if template is None else template
    copy_similarity = _copy_similarity(res, copy_similarity)
    name = s.embedder_name
    thr = THRESHOLDS.get(name, THRESHOLDS["static-zh"]) if s.threshold is None else float(s.threshold)
    k, lexical, window, margin, low_margin = s.k, s.lexical, s.window, s.margin, s.low_margin
    figures_min, min_pair_chars, hub_max = s.figures_min, s.min_pair_chars, s.hub_max
    ids = list(res.texts)
    order = {d: q for q, d in enumerate(ids)}  # texts are kept earliest first
    u = build_units(res.texts, docs_sections, wanted, window)
    if u is None:
        return res
    doc, sent_span, uf, ul, udoc = u.doc, u.sent_span, u.uf, u.ul, u.udoc
    model = s.embedder
    if isinstance(model, str):
        from giptext.embed import Embedder

        model = Embedder(model)
    X = np.asarray(model.encode(u.texts)).astype(np.float32)
    if s.common:
        from giptext.embed.common import remove_common

        X = remove_common(X, s.common)
    low_threshold = s.low_threshold
    if low_threshold == "auto":
        low_threshold = LOW_THRESHOLDS.get(name) if s.threshold is None else None
    crowd = np.full(X.shape[0], -1.0, dtype=np.float32) if margin > 0 or low_threshold is not None else None
    lo = thr if low_threshold is None else min(thr, low_threshold)
    hub_threshold = s.hub_threshold
    if hub_threshold == "auto":
        hub_threshold = HUB_THRESHOLDS.get(name)
    if hub_threshold is not None:
        lo = min(lo, hub_threshold)
    r, c, v = neighbour_pairs(X, udoc, lo, k, crowd_out=crowd, probes=s.probes, exact_max=s.exact_max)
    uviews = [view_text(t) for t in u.texts]
    lex = unit_lexical(u, r, c, uviews)
    keep = np.ones(r.shape[0], dtype=bool)
    if hub_threshold is not None:
        deg = register_degree(X.shape[0], r, c, v, lex, hub_threshold, lexical)
        keep &= np.minimum(deg[r], deg[c]) <= hub_max
    if crowd is not None:
        keep &= stands_out(r, c, v, crowd, margin, thr, low_threshold, low_margin)
    else:
        keep &= v >= thr
    r, c, v, lex = r[keep], c[keep], v[keep], lex[keep]

    pairs = [(i, j, cos) for i, j, cos, _lx in candidate_pairs(res, u, r, c, v, lexical, copy_similarity, figures_min,
                                                                     min_pair_chars, lex)]
    if not pairs:
        return res
    # each group: the a-side and b-side sentence ranges and the cosines of its unit pairs
    groups = _merge_adjacent(pairs, uf, ul, udoc, doc, sent_span, res.texts, ids)

    # Families: a star around an earliest occurrence, not connected components. Sentences of
    # this register are each close to a few others, and chains of such links join unrelated
    # items into one corpus-wide family; so an occurrence joins a family only when it is
    # paired with the family's first occurrence itself.
    node_of, node_span = _side_nodes(groups, doc)
    edges: dict[int, list[tuple[float, int]]] = {}
    for g, ((a0, _a1), (b0, _b1), coss) in enumerate(groups):
        x, y = node_of[(g, 0)], node_of[(g, 1)]
        lo, hi = min(x, y), max(x, y)
        edges.setdefault(hi, []).append((max(coss), lo))
    base = int(res.families["family"].max()) + 1 if len(res.families) else 0
    fam_of_node: dict[int, int] = {}
    leader: set[int] = set()
    for x in sorted(node_span):  # node ids follow sentence order: earliest first
        best = max(((w, -y) for w, y in edges.get(x, ()) if y in leader), default=None)
        if best is None:
            leader.add(x)
            fam_of_node[x] = base + len(leader) - 1
        else:
            fam_of_node[x] = fam_of_node[-best[1]]

    # occurrences: per family and document the union span of its nodes there
    occ: dict[int, dict[int, list[int]]] = {}
    for x, (f0, l0) in node_span.items():
        sp = occ.setdefault(fam_of_node[x], {}).setdefault(int(doc[f0]), [sent_span[f0][0], sent_span[l0][1]])
        sp[0], sp[1] = min(sp[0], sent_span[f0][0]), max(sp[1], sent_span[l0][1])
    seg = [(f, dq, s0, e0) for f in sorted(occ) for dq, (s0, e0) in sorted(occ[f].items())]
    sf, sd, ss, se = (np.asarray([x[q] for x in seg], dtype=np.int64) for q in range(4))
    texts_l = [res.texts[d] for d in ids]
    tables = family_tables(sf, sd, ss.tolist(), se.tolist(), ids=ids, texts=texts_l,
                           agency=[res.meta.get(d, {}).get("agency") for d in ids],
                           year=[res.meta.get(d, {}).get("year") for d in ids], template=template,
                           first_coverage=lambda r: template_coverage(texts_l[sd[r]][ss[r]:se[r]]))
    fam_tmpl = dict(zip(tables.families["family"].tolist(), tables.template.tolist()))

    # A reworded sentence of text the copy engine already calls template (the table of
    # contents, the statute's formulae) is template too: paraphrase families are stars of at
    # most k neighbours, too small to reach the agency share on their own.
    tmpl_occ: dict[str, list[tuple[int, int]]] = {}
    if len(res.occurrences):
        tf = set(res.families.loc[res.families["template"].astype(bool), "family"].tolist())
        for o in res.occurrences[res.occurrences["family"].isin(tf)].itertuples():
            tmpl_occ.setdefault(o.doc, []).append((o.start, o.end))
        tmpl_occ = {d: merge_spans(v) for d, v in tmpl_occ.items()}  # overlaps counted once

    def in_template(d: str, s0: int, e0: int) -> bool:
        return template.mostly_mandated(share_inside(tmpl_occ.get(d, ()), s0, e0))

    prow = []
    for g, ((a0, a1), (b0, b1), coss) in enumerate(groups):
        da, db = ids[doc[a0]], ids[doc[b0]]
        s0, e0 = sent_span[a0][0], sent_span[a1][1]
        s1, e1 = sent_span[b0][0], sent_span[b1][1]
        ta, tb = res.texts[da][s0:e0], res.texts[db][s1:e1]
        ma, mb = res.meta.get(da, {}), res.meta.get(db, {})
        f = fam_of_node[node_of[(g, 0)]]  # the earlier report's family
        prow.append({
            "doc_a": da, "start_a": s0, "end_a": e0, "text_a": ta, "doc_b": db, "start_b": s1, "end_b": e1,
            "text_b": tb, "similarity": round(float(max(coss)), 4), "kind": "paraphrase",
            "scope": scope_of(ma.get("agency"), mb.get("agency")), "family": f,
            "template": bool(fam_tmpl[f]) or template.mostly_mandated(template_coverage(ta))
                        or in_template(da, s0, e0) or in_template(db, s1, e1),
            "section_a": section_at(docs_sections.get(da, []), s0),
            "section_b": section_at(docs_sections.get(db, []), s1), "matched": 0,
        })
    prow.sort(key=lambda p: (order[p["doc_a"]], p["start_a"], order[p["doc_b"]], p["start_b"]))
    return replace(
        res,
        passages=pd.concat([res.passages, pd.DataFrame(prow, columns=res.passages.columns)], ignore_index=True),
        families=pd.concat([res.families, tables.families], ignore_index=True),
        occurrences=pd.concat([res.occurrences, tables.occurrences], ignore_index=True),
    )


def _copy_similarity(res, copy_similarity: float | None) -> float:
    """The copy/paraphrase line: given, else the ``threshold`` ``res`` was made with."""
    if copy_similarity is not None:
        return float(copy_similarity)
    from giptext.reuse.settings import THRESHOLD

    return float((res.params or {}).get("threshold", THRESHOLD))


def _adjacent(x: int, y: int, doc: np.ndarray, span: list[tuple[int, int]], text: str) -> bool:
    """Sentences ``x < y`` follow each other in one report, nothing but white space between."""
    return y == x + 1 and doc[x] == doc[y] and not text[span[x][1]:span[y][0]].strip()


def _shares_copy(xs, ys, view_of, copy_similarity: float) -> bool:
    """Is some sentence of ``xs`` a copy (edit similarity ≥ ``copy_similarity``) of one of ``ys``?"""
    return any(Levenshtein.normalized_similarity(view_of(x), view_of(y)) >= copy_similarity for x in xs for y in ys)


def _side_nodes(groups, doc):
    """Occurrences: the two sides of every group, with overlapping sentence ranges of one
    report made one node. Returns ``{(group, side): node}`` and ``{node: (first, last)}``;
    node ids increase with the first sentence (document order)."""
    sides = sorted((rng[0], rng[1], g, k) for g, grp in enumerate(groups) for k, rng in enumerate(grp[:2]))
    node_of: dict[tuple[int, int], int] = {}
    node_span: dict[int, tuple[int, int]] = {}
    cur, f0, l0 = -1, -1, -1
    for f, l, g, k in sides:
        if cur < 0 or f > l0 or doc[f] != doc[f0]:
            cur, f0, l0 = f, f, l  # a node is named by its first sentence
        else:
            l0 = max(l0, l)
        node_of[(g, k)] = cur
        node_span[cur] = (f0, l0)
    return node_of, node_span


def _merge_adjacent(pairs, uf, ul, udoc, doc, span, texts, ids):
    """Group unit pairs of the same two reports whose sentence ranges overlap or follow each
    other on both sides (in either order: a reworded item may swap its sentences). Returns
    one ``((a_first, a_last), (b_first, b_last), cosines)`` per group, in a fixed order."""
    by_docs: dict[tuple[int, int], list[tuple[int, int, int, int, float]]] = {}
    for i, j, cos in pairs:
        by_docs.setdefault((int(udoc[i]), int(udoc[j])), []).append((int(uf[i]), int(ul[i]), int(uf[j]), int(ul[j]), cos))
    groups = []
    for (a, b), ps in sorted(by_docs.items()):
        ps.sort()
        parent = list(range(len(ps)))

        def root(q: int) -> int:
            while parent[q] != q:
                parent[q] = parent[parent[q]]
                q = parent[q]
            return q

        def touch(f0: int, l0: int, f1: int, l1: int, t: str) -> bool:
            if f1 <= l0 and f0 <= l1:
                return True  # overlap
            if l0 + 1 == f1:
                return _adjacent(l0, f1, doc, span, t)
            if l1 + 1 == f0:
                return _adjacent(l1, f0, doc, span, t)
            return False

        ta, tb = texts[ids[a]], texts[ids[b]]
        for u in range(len(ps)):
            for w in range(u + 1, len(ps)):
                if ps[w][0] > ps[u][1] + 1:
                    break  # sorted by the a-side start: nothing further touches u
                if touch(ps[u][0], ps[u][1], ps[w][0], ps[w][1], ta) and touch(ps[u][2], ps[u][3], ps[w][2], ps[w][3], tb):
                    parent[root(w)] = root(u)
        out: dict[int, list[tuple[int, int, int, int, float]]] = {}
        for u in range(len(ps)):
            out.setdefault(root(u), []).append(ps[u])
        for q in sorted(out):
            g = out[q]
            groups.append(((min(x[0] for x in g), max(x[1] for x in g)),
                           (min(x[2] for x in g), max(x[3] for x in g)), [x[4] for x in g]))
    return groups


__all__ = ["add_paraphrases", "build_units", "candidate_pairs", "Units", "stand_out", "MARGIN", "CROWD_K", "LOW_THRESHOLDS", "LOW_MARGIN",
           "K_NEIGHBOURS", "FIGURES_MIN", "figures_differ",
           "MIN_PAIR_CHARS", "HUB_THRESHOLDS", "HUB_MAX", "register_degree", "unit_lexical", "figures", "neighbour_pairs", "sentences", "THRESHOLDS", "EXACT_MAX", "PROBES"]
