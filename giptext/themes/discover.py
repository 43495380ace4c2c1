"""Theme discovery: cluster statements, describe each cluster, flag what the codebook misses.

``discover(statements)`` embeds the statements (a :mod:`giptext.embed` model, or TF-IDF +
SVD when ``embedder=None``), clusters them with k-means, describes every cluster by its
most distinctive jieba terms (class-based TF-IDF: a term's frequency in the cluster times
its rarity across clusters) and by the statements nearest its centre, and labels the
statements with a codebook classifier. A cluster whose statements mostly get no
codebook label but ``other`` is flagged ``uncovered`` — a candidate theme the codebook lacks.

Example::

    >>> d = discover(texts, n_clusters=12)                          # doctest: +SKIP
    >>> d.clusters[["cluster", "size", "terms", "top_label", "uncovered"]]   # doctest: +SKIP
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from giptext.errors import ConfigError
from giptext.themes._base import as_texts
from giptext.themes._text import jieba_cut, normalize
from giptext.themes.codebook import OTHER

# Words every statement of these reports uses: they describe no cluster.
STOPWORDS = frozenset(
    "信息 公开 政府 政务 工作 进一步 加强 有待 需要 还 不够 存在 问题 方面 提高 提升 我局 我镇 我街道 我县 我市 "
    "部分 一些 个别 继续 不断 将 做好 推进 开展 确保 积极 切实 更加 相关 情况 主要 认真 要求 按照 努力 全面推进 "
    "一是 二是 三是 四是 五是 同时 今后 下一步 以及 等 和 的 了 在 对 与 及 是 为 把 将 中 上 下 不 有 也 都 并".split()
)


@dataclass
class Discovery:
    """Result of :func:`discover`.

    ``clusters``: one row per cluster (``cluster``, ``size``, ``terms``, ``examples``,
    ``top_label``, ``top_label_share``, ``other_share``, ``uncovered``), largest first.
    ``statements``: one row per input statement (``text``, ``cluster``, ``labels``).
    """

    clusters: pd.DataFrame
    statements: pd.DataFrame

    def uncovered(self) -> pd.DataFrame:
        """The clusters no codebook label covers."""
        return self.clusters[self.clusters["uncovered"]]

    def format(self) -> str:
        """Plain-text summary: one paragraph per cluster."""
        lines = []
        for _, c in self.clusters.iterrows():
            flag = "  ** not covered by the codebook **" if c["uncovered"] else ""
            lines.append(f"cluster {c['cluster']} ({c['size']} statements; {c['top_label']} "
                         f"{c['top_label_share']:.0%}){flag}")
            lines.append("  terms: " + "、".join(c["terms"]))
            for ex in c["examples"]:
                lines.append(f"  - {ex}")
        return "\n".join(lines)


def _vectors(texts: list[str], embedder: str | None, random_state: int) -> np.ndarray:
    if embedder:
        from giptext.themes.embedding import embed_texts

        class _Owner:  # holds the embedder cache for this call
            pass

        return embed_texts(_Owner(), embedder, texts)
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize as l2

    X = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit_transform(
        [normalize(t) for t in texts])
    k = max(2, min(100, X.shape[1] - 1, len(texts) - 1))
    return l2(TruncatedSVD(n_components=k, random_state=random_state).fit_transform(X))


def class_tfidf_terms(texts: Sequence[str], clusters: Sequence[int], top: int = 8) -> dict[int, list[str]]:
    """Most distinctive jieba terms per cluster by class-based TF-IDF (stop words and 1-char terms dropped)."""
    counts: dict[int, Counter] = {}
    for t, c in zip(texts, clusters):
        toks = [w for w in jieba_cut(normalize(t)) if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]
        counts.setdefault(int(c), Counter()).update(toks)
    total = Counter()
    for cnt in counts.values():
        total.update(cnt)
    avg = np.mean([sum(cnt.values()) for cnt in counts.values()]) if counts else 1.0
    out = {}
    for c, cnt in counts.items():
        n = max(sum(cnt.values()), 1)
        score = {w: (f / n) * np.log1p(avg / total[w]) for w, f in cnt.items()}
        out[c] = [w for w, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    return out


def discover(
    statements: Sequence[str],
    n_clusters: int | None = None,
    *,
    embedder: str | None = "static-zh",
    model: Any = "lexicon",
    top_terms: int = 8,
    n_examples: int = 3,
    uncovered_share: float = 0.5,
    random_state: int = 0,
) -> Discovery:
    """Cluster ``statements`` and describe the clusters (see the module docstring).

    ``n_clusters``: default ``round(sqrt(n / 2))`` within 2..30. ``embedder``: a
    giptext embedder name, or ``None`` for TF-IDF + SVD vectors (no model needed).
    ``model``: the codebook classifier that decides coverage (a fitted classifier, a name
    for :func:`giptext.themes.load`; ``"lexicon"`` needs no training data).
    ``uncovered_share``: a cluster is flagged when at least this share of its statements
    gets only ``other``.
    """
    from sklearn.cluster import KMeans

    from giptext.themes.label import label_texts

    texts = as_texts(statements)
    if len(texts) < 2:
        raise ConfigError(None, f"discover needs at least 2 statements, got {len(texts)}")
    k = n_clusters if n_clusters is not None else int(np.clip(round(np.sqrt(len(texts) / 2)), 2, 30))
    if not 1 <= k <= len(texts):
        raise ConfigError(None, f"n_clusters must be between 1 and {len(texts)}, got {k}")
    X = np.asarray(_vectors(texts, embedder, random_state), dtype=np.float64)
    km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(X)
    assign = km.labels_
    labels, _ = label_texts(texts, model)
    terms = class_tfidf_terms(texts, assign, top_terms)
    rows = []
    for c in range(k):
        idx = np.flatnonzero(assign == c)
        if len(idx) == 0:
            continue
        dist = np.linalg.norm(X[idx] - km.cluster_centers_[c], axis=1)
        examples = [texts[i] for i in idx[np.argsort(dist, kind="stable")[:n_examples]]]
        lab_counts = Counter(lab for i in idx for lab in labels[i] if lab != OTHER)
        only_other = float(np.mean([set(labels[i]) <= {OTHER} for i in idx]))
        top, top_n = (lab_counts.most_common(1)[0] if lab_counts else (OTHER, 0))
        rows.append({
            "cluster": c, "size": int(len(idx)), "terms": terms.get(c, []), "examples": examples,
            "top_label": top, "top_label_share": top_n / len(idx) if lab_counts else only_other,
            "other_share": only_other, "uncovered": only_other >= uncovered_share,
        })
    clusters = pd.DataFrame(rows).sort_values(["size", "cluster"], ascending=[False, True]).reset_index(drop=True)
    st = pd.DataFrame({"text": texts, "cluster": assign.astype(int), "labels": labels})
    return Discovery(clusters=clusters, statements=st)


__all__ = ["discover", "Discovery", "class_tfidf_terms", "STOPWORDS"]
