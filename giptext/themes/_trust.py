"""What a theme model file may contain: an exact allow-list, checked before anything is built.

A skops file is a zip holding ``schema.json`` (a tree of nodes, each naming a loader and a
fully-qualified type) and NumPy arrays. skops builds an object for every node, so a file
naming ``builtins.exec`` inside a ``FunctionTransformer`` would run code once the model is
used. giptext therefore reads the schema itself and accepts a file only when every node's
type is one of :data:`MODEL_TYPES` (the exact types giptext's own classifiers save, nothing
matched by prefix) and every node's loader is one of :data:`MODEL_LOADERS`. Anything else is
refused with one line naming the types, before skops constructs a single object.

A loaded model may also name a sentence-transformers embedder (the ``embedder`` setting of the
embedding and zero-shot classifiers), which is loaded later, on first use. Only the embedders
giptext ships (:data:`MODEL_EMBEDDERS`) are accepted from a file; a model trained on a local
model folder is loaded by naming that folder in ``trusted_embedders``.

:data:`MODEL_TYPES` is derived, not guessed: ``tests/test_hostile.py`` fits and saves every
giptext classifier (the TF-IDF one also with mined seed terms, which saves its TermMiner) and
checks that the union of the types in those files (and in the shipped ``models/themes-default``)
is exactly this set.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any, Iterable, Sequence

from giptext.errors import ConfigError

#: Every type a giptext theme model file holds (saved by any giptext classifier), by exact name.
MODEL_TYPES = frozenset({
    "builtins.dict",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "giptext.themes._text.identity",
    "giptext.themes.embedding.EmbeddingThemeClassifier",
    "giptext.themes.ensemble.EnsembleThemeClassifier",
    "giptext.themes.lexicon.LexiconThemeClassifier",
    "giptext.themes.mining.TermMiner",
    "giptext.themes.tfidf.TfidfThemeClassifier",
    "giptext.themes.zeroshot.ZeroShotThemeClassifier",
    "numpy.float32",
    "numpy.ndarray",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.preprocessing._label.LabelBinarizer",
})

#: skops node kinds those files use. Others (reduce, method, partial, operator nodes) build
#: objects by calling things and are refused whatever type they name.
MODEL_LOADERS = frozenset({
    "DictNode", "ListNode", "TupleNode", "JsonNode", "TypeNode", "FunctionNode", "ObjectNode", "NdArrayNode",
})

#: Embedder names a model file may carry (the ones giptext builds or ships).
MODEL_EMBEDDERS = frozenset({"static-zh", "e5-small"})

#: Largest model file accepted, and largest total size of its unpacked members, in bytes.
#: The shipped default is about 2 MB; these bound memory against a zip bomb posing as a model.
MAX_MODEL_BYTES = 256 * 2**20
MAX_MODEL_UNPACKED = 512 * 2**20
#: Largest ``schema.json`` accepted (parsed into Python objects, so kept well below the above;
#: the shipped model's is under 1 MiB).
MAX_SCHEMA_BYTES = 32 * 2**20


def schema_types(schema: Any) -> tuple[set[str], set[str]]:
    """(types, loaders) named by every node of a skops ``schema.json`` tree.

    Iterative, so a deeply nested hostile schema cannot exhaust the stack here.
    """
    types: set[str] = set()
    loaders: set[str] = set()
    stack = [schema]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if "__loader__" in n:
                loaders.add(str(n["__loader__"]))
                types.add(f"{n.get('__module__', '?')}.{n.get('__class__', '?')}")
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)
    return types, loaders


def _check_unpacked(path: Path, z: zipfile.ZipFile) -> None:
    """Refuse a zip whose members unpack to more than :data:`MAX_MODEL_UNPACKED` bytes.

    The sizes a zip declares can lie, so every member is decompressed once in 1 MiB pieces and
    counted (memory stays bounded); the declared sizes are checked first, for a quick refusal.
    """
    limit = MAX_MODEL_UNPACKED
    declared = sum(i.file_size for i in z.infolist())
    total = 0
    if declared <= limit:
        for info in z.infolist():
            with z.open(info) as f:
                while piece := f.read(2**20):
                    total += len(piece)
                    if total > limit:
                        break
            if total > limit:
                break
    if declared > limit or total > limit:
        raise ConfigError(path, f"refused: the model file unpacks to over {limit:,} bytes (limit: "
                                "giptext.themes._trust.MAX_MODEL_UNPACKED)")


def read_checked(path: Path, trusted: Sequence[str] = ()) -> tuple[bytes, list[str]]:
    """The bytes of the model file at ``path`` after checking its schema against the allow-list,
    and the types to hand to ``skops.io.load(trusted=...)``.

    Raises :class:`~giptext.errors.ConfigError` (one line naming the file and the refused
    types) for a file that is too large, not a skops file, or holds anything outside
    :data:`MODEL_TYPES` plus ``trusted`` (exact names) or outside :data:`MODEL_LOADERS`.
    """
    import skops.io as sio

    size = path.stat().st_size
    if size > MAX_MODEL_BYTES:
        raise ConfigError(path, f"model file is {size:,} bytes, over the {MAX_MODEL_BYTES:,}-byte limit")
    data = path.read_bytes()  # read once: what is checked is what is loaded
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_unpacked(path, z)
            if z.getinfo("schema.json").file_size > MAX_SCHEMA_BYTES:  # reads stop at the declared size
                raise ConfigError(path, f"refused: the model's schema.json is over {MAX_SCHEMA_BYTES:,} bytes "
                                        "(limit: giptext.themes._trust.MAX_SCHEMA_BYTES)")
            schema = json.loads(z.read("schema.json"))
    except ConfigError:
        raise
    except Exception as exc:  # not a zip, no schema, bad JSON, absurd nesting
        raise ConfigError(path, f"not a skops model file ({type(exc).__name__})") from None
    types, loaders = schema_types(schema)
    allowed = MODEL_TYPES | set(trusted)
    bad = sorted(types - allowed)
    if bad:
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise ConfigError(path, f"refused: the model file holds types giptext does not load: {', '.join(bad[:5])}{more}")
    odd = sorted(loaders - MODEL_LOADERS)
    if odd:
        raise ConfigError(path, f"refused: the model file uses skops node kinds giptext does not load: {', '.join(odd)}")
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as exc:  # RecursionError included
        raise ConfigError(path, f"not a skops model file ({type(exc).__name__})") from None
    # skops' own audit must agree (a second, independent reading of the same bytes)
    bad = sorted(set(untrusted) - allowed)
    if bad:
        raise ConfigError(path, f"refused: the model file holds types giptext does not load: {', '.join(bad[:5])}")
    return data, list(untrusted)


def embedder_names(obj: Any) -> set[str]:
    """Every ``embedder`` setting inside a loaded model (ensembles walked into)."""
    from sklearn.base import BaseEstimator

    found: set[str] = set()
    seen: set[int] = set()
    stack = [obj]
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, BaseEstimator):
            if hasattr(x, "embedder"):
                found.add(str(getattr(x, "embedder")))
            stack.extend(vars(x).values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
    return found


def check_embedders(path: Path, model: Any, trusted_embedders: Iterable[str | os.PathLike] = ()) -> None:
    """Refuse a loaded model that names an embedder outside :data:`MODEL_EMBEDDERS` and
    ``trusted_embedders`` (exact names or folders, compared as written and resolved)."""
    ok = set(MODEL_EMBEDDERS)
    for t in trusted_embedders:
        ok.add(str(t))
        ok.add(str(Path(t).expanduser().resolve()))
    bad = sorted(n for n in embedder_names(model)
                 if n not in ok and str(Path(n).expanduser().resolve()) not in ok)
    if bad:
        raise ConfigError(path, f"refused: the model names an embedder giptext does not load from a model file: "
                                f"{', '.join(bad[:3])} (pass trusted_embedders=[...] if you trust it)")


__all__ = ["MODEL_TYPES", "MODEL_LOADERS", "MODEL_EMBEDDERS", "MAX_MODEL_BYTES", "MAX_MODEL_UNPACKED", "MAX_SCHEMA_BYTES",
           "schema_types", "read_checked", "embedder_names", "check_embedders"]
