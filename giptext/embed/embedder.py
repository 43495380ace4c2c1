"""``Embedder``: giptext's thin helper over a sentence-transformers model.

It batches, shows a progress bar for long inputs, returns L2-normalised float32 arrays, and
keeps an on-disk cache keyed by model fingerprint and text hash, so a corpus is embedded once.
Models are loaded lazily and shared between ``Embedder`` objects of the same name.

``e5-small`` runs on onnxruntime by default (int8 with the feed-forward outputs in float32,
see :mod:`giptext.embed.onnx_e5`); ``backend="onnx-fp32"`` gives the float32 export and
``backend="torch"`` the sentence-transformers model. All texts of one call are sorted by
length once, so batches carry little padding; rows come back in input order.

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

from giptext.embed._base import DEFAULT_MODEL, STATIC_MODEL, embeddings_cache_dir
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


#: Backends of :class:`Embedder`: onnxruntime int8 / float32 (e5-small only), sentence-transformers.
BACKENDS = ("onnx", "onnx-fp32", "torch")


def shared_onnx(variant: str, threads: int | None = None):
    """The process-wide onnxruntime e5-small of ``variant`` and thread count (loaded once per
    process: a session inherited through ``fork`` has lost its worker threads, so a forked
    child loads its own)."""
    from giptext.embed.onnx_e5 import default_threads, load_onnx_e5

    n = int(threads) if threads is not None else default_threads()
    key = (f"onnx:{variant}:{os.getpid()}", str(n))
    with _LOCK:
        if key not in _SHARED:
            _SHARED[key] = load_onnx_e5(variant, threads=n)
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
    backend : ``"onnx"`` (int8 onnxruntime, the default for ``"e5-small"``), ``"onnx-fp32"``
        (float32 onnxruntime: the torch vectors up to rounding) or ``"torch"`` (the
        sentence-transformers model; the default for every other model). The ONNX backends
        exist for ``"e5-small"`` only; the export is built once and cached.
    threads : onnxruntime threads; ``None`` uses ``$OMP_NUM_THREADS`` if set, else every
        core this process may use. The torch backend follows torch's own setting.

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
        *,
        backend: str | None = None,
        threads: int | None = None,
    ):
        if batch_size is not None and int(batch_size) < 1:
            raise ConfigError(None, f"batch_size must be ≥ 1, got {batch_size}")
        if backend is not None and backend not in BACKENDS:
            raise ConfigError(None, f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
        if backend in ("onnx", "onnx-fp32") and str(model) != DEFAULT_MODEL:
            raise ConfigError(None, f"backend {backend!r} is available for {DEFAULT_MODEL!r} only, not {str(model)!r}")
        if threads is not None and int(threads) < 1:
            raise ConfigError(None, f"threads must be ≥ 1, got {threads}")
        self.name = str(model)
        self.backend = backend
        self.threads = threads
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.progress = progress
        self.device = device
        self._cache: EmbeddingCache | None = None
        self._key: str | None = None
        self.hits = 0  # texts served from the cache (all calls)
        self.computed = 0  # texts run through the model (all calls)

    @property
    def backend_(self) -> str:
        """The backend in use: ``backend`` if given, else ``"onnx"`` for e5-small, ``"torch"`` otherwise."""
        if self.backend is not None:
            return self.backend
        return "onnx" if self.name == DEFAULT_MODEL else "torch"

    @property
    def model(self):
        """The underlying model, loaded on first use: a ``sentence_transformers.SentenceTransformer``
        for the torch backend, a :class:`giptext.embed.onnx_e5.OnnxE5` (same ``encode`` and
        ``get_sentence_embedding_dimension``) for the ONNX ones."""
        backend = self.backend_
        if backend == "torch":
            return shared_model(self.name, self.device)
        return shared_onnx("fp32" if backend == "onnx-fp32" else "int8", self.threads)

    @property
    def key(self) -> str:
        """The model fingerprint the cache is keyed by (the ONNX backends have their own keys:
        their vectors differ from the torch model's in the last digits)."""
        if self._key is None:
            backend = self.backend_
            if backend == "torch":
                self._key = model_fingerprint(self.name)
            else:
                from giptext.embed.onnx_e5 import EXPORT_VERSION, source_key

                variant = "fp32" if backend == "onnx-fp32" else "int8"
                self._key = f"{DEFAULT_MODEL}-onnx-{variant}-v{EXPORT_VERSION}-{source_key()[:12]}"
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
        onnx = self.backend_ != "torch"
        batch = self.batch_size or (1024 if not onnx and _is_static(model) else 32)
        bar = None
        if show:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(texts), desc=f"embedding ({self.name})", unit="text", disable=None if self.progress is None else False)
        try:
            if onnx:  # the ONNX model sorts the whole call by token count itself
                X = model.encode(texts, batch_size=batch, on_batch=bar.update if bar is not None else None)
            else:
                # one global sort by length (not per chunk), so batches are evenly long
                order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
                X = None
                chunk = max(batch * 8, 256)
                for i in range(0, len(order), chunk):
                    rows = order[i : i + chunk]
                    v = model.encode([texts[j] for j in rows], batch_size=batch, convert_to_numpy=True, show_progress_bar=False)
                    v = np.asarray(v, dtype=np.float32)
                    if X is None:
                        X = np.empty((len(texts), v.shape[1]), np.float32)
                    X[rows] = v
                    if bar is not None:
                        bar.update(len(rows))
        finally:
            if bar is not None:
                bar.close()
        X = np.asarray(X, dtype=np.float32)
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        X /= np.maximum(norms, 1e-12)
        return X

    def __repr__(self) -> str:
        return f"Embedder({self.name!r}, batch_size={self.batch_size}, backend={self.backend_!r})"
