"""On-disk embedding cache keyed by model and text hash, so a corpus is embedded once.

One SQLite file per model fingerprint (``<cache dir>/<model key>.sqlite``) maps
``sha1(text)`` to the float32 vector. SQLite is in the standard library, is safe for
several processes at once, and looks up thousands of keys per millisecond.

Example::

    >>> import numpy as np
    >>> from giptext.embed.cache import EmbeddingCache
    >>> c = EmbeddingCache("/tmp/giptext-doctest-cache", "demo-model")
    >>> c.put(["甲"], np.ones((1, 3), np.float32))
    >>> c.get(["甲", "乙"])[1]          # the second text is a miss
    [1]
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import numpy as np


def text_key(text: str) -> bytes:
    """The cache key of a text: SHA-1 of its UTF-8 bytes."""
    return hashlib.sha1(text.encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors of one model, stored by text hash in ``<directory>/<model_key>.sqlite``."""

    def __init__(self, directory: str | Path, model_key: str):
        self.directory = Path(directory)
        self.model_key = model_key
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", model_key)[:120]
        self.path = self.directory / f"{safe}.sqlite"
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=60)
            conn.execute("CREATE TABLE IF NOT EXISTS vec (k BLOB PRIMARY KEY, dim INTEGER, v BLOB)")
            self._conn = conn
        return self._conn

    def get(self, texts: list[str]) -> tuple[dict[int, np.ndarray], list[int]]:
        """Look texts up: (position → vector for hits, positions of misses)."""
        keys = [text_key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        db = self._db()
        uniq = list(dict.fromkeys(keys))
        for i in range(0, len(uniq), 500):  # SQLite caps the number of bound parameters
            chunk = uniq[i : i + 500]
            q = "SELECT k, dim, v FROM vec WHERE k IN (%s)" % ",".join("?" * len(chunk))
            for k, dim, v in db.execute(q, chunk):
                found[k] = np.frombuffer(v, dtype=np.float32, count=dim)
        hits = {i: found[k] for i, k in enumerate(keys) if k in found}
        misses = [i for i, k in enumerate(keys) if k not in found]
        return hits, misses

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        """Store ``vectors[i]`` for ``texts[i]``."""
        vectors = np.asarray(vectors, dtype=np.float32)
        rows = [(text_key(t), int(v.shape[0]), v.tobytes()) for t, v in zip(texts, vectors)]
        db = self._db()
        with db:
            db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM vec").fetchone()[0])

    def close(self) -> None:
        """Close the database connection (reopened on next use)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
