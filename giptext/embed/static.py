"""Finding the shipped static model ``static-zh`` (a sentence-transformers ``StaticEmbedding``).

``static-zh`` is distilled from e5-small by ``tools/build_static_zh.py`` and shipped in
``models/static-zh``. It is looked up in the folders of
:func:`giptext.embed._base.shipped_models_dirs`: ``models/`` beside the package (source
checkout), then ``$GIPTEXT_MODELS_DIR``, then ``<cache root>/models``. For an installed
giptext, copy ``models/static-zh`` into one of the latter two.

Example::

    >>> from giptext.embed.static import find_static_model
    >>> find_static_model().name        # doctest: +SKIP
    'static-zh'
"""
from __future__ import annotations

from pathlib import Path

from giptext.embed._base import STATIC_MODEL, shipped_models_dirs
from giptext.errors import ModelNotAvailableError


def find_shipped_model(name: str) -> Path:
    """The folder of shipped model ``name``; :class:`ModelNotAvailableError` if none is found."""
    searched = shipped_models_dirs()
    for d in searched:
        p = d / name
        if (p / "modules.json").is_file():
            return p
    raise ModelNotAvailableError(
        name,
        f"shipped model not found in {', '.join(str(d) for d in searched)}; "
        f"copy the source checkout's models/{name} folder into $GIPTEXT_MODELS_DIR "
        f"(or rebuild it with `python tools/build_static_zh.py`)",
    )


def find_static_model() -> Path:
    """The folder of ``static-zh``."""
    return find_shipped_model(STATIC_MODEL)
