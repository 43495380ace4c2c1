"""``Embedder``: giptext's thin helper over a sentence-transformers model.

It batches, shows a progress bar for long inputs, returns L2-normalised float32 arrays, and
keeps an on-disk cache keyed by model fingerprint and text hash, so a corpus is embedded once.
Models are loaded lazily and shared between ``Embedder`` objects of the same name.

Example::

    >>> from giptext.embed import Embedder
    >>> emb = Embedder("static-zh")                                   # doctest: +SKIP
    >>> X = emb.encode(["信息公开不及时", "政府信息公开不够及时"])      # doctest: +SKIP
    >>> X.dtype, X.shape, round(float(X[0] @ X[1]), 2)                # doctest: +SKIP
    (dtype('float32'), (2, 256), 0.9)
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterable

import numpy as np

from giptext.embed._base import STATIC_MODEL, embeddings_cache_dir
from giptext.embed.cache import EmbeddingCache
from giptext.embed.loader import load_embedder, model_fingerprint
from giptext.errors import ConfigError

_SHARED: dict[tuple[str, str], object] = {}
_LOCK = threading.Lock()

#: Inputs at least this long get a progress bar when ``progress`` is None (auto).
PROGRESS_MIN = 2000


def shared_model(name: str, device: str = "cpu"):
    """The process-wide ``SentenceTransformer`` for ``name`` (loaded once, then reused)."""
    key = (str(name), device)
    with _LOCK:
        if key not in _SHARED:
            _SHARED[key] = load_embedder(name, device=device)
        return _SHARED[key]


def _is_static(model) -> bool:
    """True when the model's first module is a StaticEmbedding (no transformer)."""
    try:
        first = model[0]
    except Exception:  # pragma: no cover - not a module list
        return False
    return type(first).__name__ == "StaticEmbedding"


class Embedder:
    """Encode texts with a sentence-transformers model: batched, cached, normalised float32.

    Parameters
    ----------
    model : giptext model name (``"static-zh"``, ``"e5-small"``) or a local model folder.
    batch_size : texts per forward pass; ``None`` picks 1024 for static models (their cost
        is per call, not per text) and 32 for transformers.
    cache_dir : folder of the on-disk cache; ``None`` uses ``<cache root>/embeddings``,
        ``False`` disables caching.
    progress : ``True``/``False`` to force the progress bar on/off; ``None`` shows it for
        inputs of at least ``PROGRESS_MIN`` uncached texts (on a terminal).
    device : torch device (``"cpu"``).

    Example::

        >>> X = Embedder("e5-small").encode(["栏目更新不及时"])   # doctest: +SKIP
        >>> X.shape                                               # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self,
        model: str | os.PathLike = STATIC_MODEL,
        batch_size: int | None = None,
        cache_dir: str | os.PathLike | None | bool = None,
        progress: bool | None = None,
        device: str = "cpu",
    ):
        if batch_size is not None and int(batch_size) < 1:
            raise ConfigError(None, f"batch_size must be ≥ 1, got {batch_size}")
        self.name = str(model)
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.progress = progress
        self.device = device
        self._cache: EmbeddingCache | None = None
        self._key: str | None = None
        self.hits = 0  # texts served from the cache (all calls)
        self.computed = 0  # texts run through the model (all calls)

    @property
    def model(self):
        """The underlying ``sentence_transformers.SentenceTransformer`` (loaded on first use)."""
        return shared_model(self.name, self.device)

    @property
    def key(self) -> str:
        """The model fingerprint the cache is keyed by."""
        if self._key is None:
            self._key = model_fingerprint(self.name)
        return self._key

    @property
    def dim(self) -> int:
        """Embedding dimension."""
        m = self.model
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def _get_cache(self) -> EmbeddingCache | None:
        if self.cache_dir is False:
            return None
        if self._cache is None:
            d = Path(self.cache_dir) if self.cache_dir not in (None, True) else embeddings_cache_dir()
            self._cache = EmbeddingCache(d, self.key)
        return self._cache

    def encode(self, texts: Iterable[str] | str) -> np.ndarray:
        """Embed texts → ``(n, dim)`` float32, rows L2-normalised (a single str gives ``(dim,)``).

        Example::

            >>> Embedder("static-zh").encode(["公开不及时"]).shape    # doctest: +SKIP
            (1, 256)
        """
        single = isinstance(texts, str)
        items = [texts] if single else [str(t) for t in texts]
        cache = self._get_cache()
        if cache is not None:
            hits, misses = cache.get(items)
        else:
            hits, misses = {}, list(range(len(items)))
        out: np.ndarray | None = None
        if hits:
            dim = next(iter(hits.values())).shape[0]
            out = np.empty((len(items), dim), np.float32)
            for i, v in hits.items():
                out[i] = v
        if misses:
            todo = list(dict.fromkeys(items[i] for i in misses))  # each distinct text once
            vecs = self._compute(todo)
            if cache is not None:
                cache.put(todo, vecs)
            row = {t: j for j, t in enumerate(todo)}
            if out is None:
                out = np.empty((len(items), vecs.shape[1]), np.float32)
            for i in misses:
                out[i] = vecs[row[items[i]]]
        if out is None:  # no texts at all
            out = np.empty((0, self.dim), np.float32)
        self.hits += len(hits)
        self.computed += len(set(items[i] for i in misses))
        return out[0] if single else out

    __call__ = encode

    def _compute(self, texts: list[str]) -> np.ndarray:
        show = self.progress if self.progress is not None else len(texts) >= PROGRESS_MIN
        model = self.model
        batch = self.batch_size or (1024 if _is_static(model) else 32)
        chunk = max(batch * 8, 256)
        parts = []
        bar = None
        if show:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(texts), desc=f"embedding ({self.name})", unit="text", disable=None if self.progress is None else False)
        try:
            for i in range(0, len(texts), chunk):
                part = texts[i : i + chunk]
                v = model.encode(part, batch_size=batch, convert_to_numpy=True, show_progress_bar=False)
                parts.append(np.asarray(v, dtype=np.float32))
                if bar is not None:
                    bar.update(len(part))
        finally:
            if bar is not None:
                bar.close()
        X = np.concatenate(parts, axis=0)
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        X /= np.maximum(norms, 1e-12)
        return X.astype(np.float32, copy=False)

    def __repr__(self) -> str:
        return f"Embedder({self.name!r}, batch_size={self.batch_size})"
