"""A persistent, incremental reuse archive: index reports once, check each new one against it.

``detect`` compares a whole corpus at once and keeps nothing. A reviewer who receives this
year's reports wants each one checked against every report already published, without
running the corpus again. :class:`Archive` keeps, on disk, what the copy engine needs to
compare one more report with the archived ones, and :meth:`Archive.check` answers with the
passages that ``detect(archive + [report])`` would report for that report.

Store (decided for this module)
-------------------------------
An archive is a folder::

    ARCHIVE/archive.sqlite      metadata, settings, one row per report, the segment manifest
    ARCHIVE/segments/NNNNNN.{dir,low,docs,pos}.npy  postings of one add (one segment)
    ARCHIVE/lock                the writers' file lock

* **SQLite** (standard library, WAL journal: one writer, any number of readers, each reader
  on a consistent snapshot) holds the settings the archive was made with, the giptext and
  format versions, one row per report (id, agency, year, level, its MinHash pick bound, a
  tombstone for removed reports and a zlib-compressed record of its text, sections, view,
  sentence starts, view→source offsets and section barriers, with a CRC-32), and the
  manifest of postings segments (file names, sizes, CRC-32s). ``PRAGMA quick_check`` runs
  on open, ``PRAGMA integrity_check`` in :meth:`Archive.verify` (``giptext index info``).
* **Postings** are not SQLite rows: at national scale they are a hundred million
  ``(pick, report, position)`` triples, which as an indexed table would be several times
  larger than the rest of the archive and slow to add to. Each ``add`` writes one segment of
  flat arrays sorted by pick key, memory-mapped when read (an LSM-style log: adding never
  rewrites what is there; ``remove`` is a tombstone): a directory of the keys' top 12 bits,
  their low 32 bits (uint32), the report (offset from the segment's first, uint16 when it
  fits) and the pick's position (uint16 when it fits), so a posting takes 8 bytes. Many small
  adds make many segments, each searched on ``check``; rebuilding an archive merges them. A
  pick key is the 44-bit pick
  value *bit-reversed*: ``detect`` buckets picks by their low ``valbits`` bits, a number that
  depends on the corpus size, and reversed keys make every such bucket one contiguous range
  whatever ``valbits`` is, so the archive answers for the corpus it holds at query time.
* **Atomic adds**: segment files are written under a temporary name, flushed and renamed;
  the report rows and the manifest row are committed in one SQLite transaction last. A
  reader sees either none or all of an add; a file that is not in the committed manifest
  is never read. Writers take an exclusive ``flock`` on ``ARCHIVE/lock``.
* **Damage** is detected, never used: the manifest's CRC-32 of every segment file is checked
  when the archive is opened (``verify=True``, the default), each report record's CRC-32
  when it is read, and SQLite's own check on open; any mismatch raises
  :class:`ArchiveError` naming the file.

How ``check`` reproduces ``detect``
-----------------------------------
For report ``R`` and archive ``A``, ``check`` computes the buckets ``detect(A + [R])``
would form for ``R``'s picks (bucket sizes counted over the whole archive, the corpus-size
dependent ``valbits`` and ``medium_max``, the earliest-report rule for big buckets), the
diagonal bands ``lsh.candidate_pairs`` would qualify for each pair ``(X, R)``, and then
runs the engine's own alignment and assembly (``detect._align_pairs``,
``detect._assemble``) on ``R`` and its candidate partners only. Pairs and passages are
therefore the batch engine's, pair by pair (one approximation: at corpus sizes where
``candidate_pairs`` keeps positions coarsely, beyond about a million reports, the position
bound is the archive's largest pick position, not its largest bucketed one).

Template flags need corpus-wide counts of the agencies sharing a passage. They are computed
at check time from the postings, not kept up to date on add: a passage of ``R`` is template
when its text is mostly mandated wording, or when the agencies of its family among ``R``'s
partners, together with those of every archived report holding at least ``min_shared`` of
``R``'s picks inside the passage, reach the agency bar of the whole archive (its agency count
is read on open). ``detect``'s families are transitive over the whole corpus (two passages
that overlap in any report join), which no per-report query sees, so the flags are an
estimate; ``tests/test_archive.py`` asserts the agreement of passages and reports that of
template flags (figures in ``benchmarks/README.md``). Paraphrase pairs (sentence
embeddings) are not searched by ``check`` yet: they need an embedding index of the archive.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import struct
import time
import zlib
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

import numpy as np
import pandas as pd
from numba import njit

from giptext._version import __version__
from giptext.errors import ConfigError, GiptextError
from giptext.reuse.align_batch import ViewsBuilder
from giptext.reuse.detect import (_align_pairs, _assemble, _check_threshold, _map_docs, _n_jobs, _Prep, _progress,
                                  report_rows)
from giptext.reuse.documents import NARRATIVE, _as_docs, _Doc, _wanted, _year
from giptext.reuse.lsh import POS_BITS, band_geometry
from giptext.reuse.result import ReuseResult
from giptext.reuse.settings import THRESHOLD, AlignSettings, LSHSettings, ReuseSettings, TemplateSettings
from giptext.reuse.view import OffsetRuns

#: Version of the on-disk layout; an archive of another format is refused.
FORMAT_VERSION = 2
_BAND = 64  # lsh.candidate_pairs' diagonal band (its default, the one detect uses)
_VAL_BITS = 64 - POS_BITS  # bits of a packed pick's value
_DB = "archive.sqlite"
#: Decoded report records kept in memory between checks (sources recur: the earliest report
#: of a boilerplate bucket is every later report's partner).
_CACHE_RECORDS = 2048


class ArchiveError(GiptextError):
    """An archive that cannot be used: missing, damaged, or made by another version
    (``path``: the archive or the damaged file in it)."""


# --------------------------------------------------------------------------- keys


def _reverse_table() -> np.ndarray:
    b = np.arange(256, dtype=np.uint16)
    r = np.zeros(256, dtype=np.uint16)
    for i in range(8):
        r |= ((b >> i) & 1) << (7 - i)
    return r.astype(np.uint64)


_REV8 = _reverse_table()


def reverse_key(values: np.ndarray) -> np.ndarray:
    """The low 44 bits of ``values`` (uint64) bit-reversed within 44 bits.

    ``detect`` buckets picks by their low ``valbits`` bits; reversed, those become the top
    bits, so the picks of one bucket form one contiguous range of sorted keys.

    >>> reverse_key(np.array([1, 2], np.uint64)).tolist() == [1 << 43, 1 << 42]
    True
    """
    v = np.asarray(values, dtype=np.uint64) & np.uint64((1 << _VAL_BITS) - 1)
    out = np.zeros(v.shape, dtype=np.uint64)
    for i in range(8):
        byte = (v >> np.uint64(8 * i)) & np.uint64(0xFF)
        out |= _REV8[byte.astype(np.intp)] << np.uint64(56 - 8 * i)
    return out >> np.uint64(64 - _VAL_BITS)


# --------------------------------------------------------------------------- records


def _pack_record(text: str, sections, view_text: str, sent, off: OffsetRuns, bars) -> bytes:
    head = json.dumps({"text": text, "sections": [list(s) for s in sections], "view": view_text,
                       "length": off.length}, ensure_ascii=False).encode("utf-8")
    parts = [struct.pack("<I", len(head)), head]
    for a in (sent, off.view, off.src, bars):
        b = np.ascontiguousarray(a, dtype="<i4").tobytes()
        parts += [struct.pack("<I", len(b)), b]
    return zlib.compress(b"".join(parts), 1)


def _unpack_record(blob: bytes):
    raw = zlib.decompress(blob)
    (n,) = struct.unpack_from("<I", raw, 0)
    head = json.loads(raw[4:4 + n].decode("utf-8"))
    o = 4 + n
    arrs = []
    for _ in range(4):
        (m,) = struct.unpack_from("<I", raw, o)
        arrs.append(np.frombuffer(raw, dtype="<i4", count=m // 4, offset=o + 4).astype(np.int64))
        o += 4 + m
    sent, oview, osrc, bars = arrs
    off = OffsetRuns(oview.astype(np.int32), osrc.astype(np.int32) if (osrc.shape[0] == 0 or osrc.max() < 2**31)
                     else osrc, int(head["length"]))
    secs = [(str(a), int(b), int(c)) for a, b, c in head["sections"]]
    return head["text"], secs, head["view"], sent.astype(np.int32), off, bars.astype(np.int32)


def _crc_file(path: Path) -> int:
    crc = 0
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 22)
            if not b:
                return crc
            crc = zlib.crc32(b, crc)


def _write_array(path: Path, arr: np.ndarray) -> tuple[str, int, int]:
    """Write ``arr`` as ``.npy`` under a temporary name, flush, rename; (name, size, crc)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.save(f, arr, allow_pickle=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path.name, path.stat().st_size, _crc_file(path)


#: Bits of a (reversed, 44-bit) pick key held by a segment's directory; the other 32 are
#: stored per posting as uint32, so a posting takes 8 bytes (key, report, position).
_DIR_BITS = _VAL_BITS - 32


class _Segment(NamedTuple):
    dir: np.ndarray  # postings of each top-_DIR_BITS key value start at dir[t] (int64, 2**_DIR_BITS + 1)
    low: np.ndarray  # low 32 bits of each key, ascending within a directory slot
    docs: np.ndarray  # report number minus ``first`` (uint16 or uint32)
    pos: np.ndarray  # the pick's first view position in that report (uint16 or uint32)
    first: int


def _segment_arrays(keys: np.ndarray, docs: np.ndarray, pos: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """A segment's files from sorted 44-bit keys, report offsets and positions: the directory
    of the keys' top bits, their low 32 bits, and the narrowest integer types that hold the rest."""
    top = (keys >> np.uint64(32)).astype(np.int64)
    dirs = np.searchsorted(top, np.arange((1 << _DIR_BITS) + 1), "left").astype(np.int64)
    narrow = lambda a: a.astype(np.uint16 if (a.shape[0] == 0 or int(a.max()) < 1 << 16) else np.uint32)  # noqa: E731
    return [("dir", dirs), ("low", (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)),
            ("docs", narrow(docs)), ("pos", narrow(pos))]


@njit(cache=True)
def _bisect(low, x, y, v):
    """First index in ``[x, y)`` of ascending ``low`` whose value is not below ``v``."""
    while x < y:
        m = (x + y) // 2
        if np.int64(low[m]) < v:
            x = m + 1
        else:
            y = m
    return x


@njit(cache=True)
def _ranges(dirs, low, lo_key, width):
    """``[lo, hi)`` of the postings whose key is in ``[lo_key[q], lo_key[q] + width)``, for
    each ``q`` (a range never leaves its directory slot: ``width`` ≤ 2**32, aligned)."""
    n = lo_key.shape[0]
    lo = np.empty(n, np.int64)
    hi = np.empty(n, np.int64)
    for q in range(n):
        t = lo_key[q] >> 32
        a, b = dirs[t], dirs[t + 1]
        v0 = lo_key[q] & 0xFFFFFFFF
        lo[q] = _bisect(low, a, b, v0)
        hi[q] = _bisect(low, lo[q], b, v0 + width)
    return lo, hi


def _warm_kernels() -> None:
    """Compile the index kernels into numba's cache with the argument types a check passes
    (segments are memory-mapped read-only), so a first check does not stop to compile;
    :func:`giptext.reuse._jit.warm` calls it."""
    dirs = np.zeros(2, np.int64)
    low = np.zeros(1, np.uint32)
    dirs.setflags(write=False)
    low.setflags(write=False)
    _ranges(dirs, low, np.zeros(1, np.int64), np.int64(1))


#: Reports per postings segment in one add (memory of an add: about this many reports' postings).
SEGMENT_REPORTS = 8192


class _Chunk:
    """The reports of one segment while an add runs: postings and report rows."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.keys: list[np.ndarray] = []
        self.docs: list[np.ndarray] = []
        self.pos: list[np.ndarray] = []
        self.rows: list[tuple] = []

    def add(self, keys: np.ndarray, pos: np.ndarray, row: tuple) -> None:
        self.keys.append(keys)
        self.docs.append(np.full(keys.shape[0], row[0] - self.first, dtype=np.int32))
        self.pos.append(pos)
        self.rows.append(row)

    def flush(self, conn: sqlite3.Connection, folder: Path, seq: int) -> tuple:
        """Write the segment's files and insert its reports (in the caller's open transaction);
        returns its manifest row, committed by the caller with the others."""
        kk = np.concatenate(self.keys) if self.keys else np.zeros(0, np.uint64)
        o = np.argsort(kk, kind="stable")
        files = {}
        for kind, arr in _segment_arrays(kk[o], np.concatenate(self.docs)[o], np.concatenate(self.pos)[o]):
            files[kind] = list(_write_array(folder / f"{seq:06d}.{kind}.npy", arr))
        conn.executemany("INSERT INTO docs(num, id, agency, year, level, maxpos, record, crc, removed) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", self.rows)
        return (seq, json.dumps(files), len(self.rows), self.first)


@dataclass
class CheckResult:
    """What :meth:`Archive.check` found for one report.

    ``result``: a :class:`~giptext.reuse.result.ReuseResult` of the report and its sources
    (passages are the report's, each with its archived source on the other side; ``reports``
    has the checked report's row only); ``id``: the checked report; ``sources``: one row per
    source report (passages, characters, kinds, scope, template share); ``candidates``: how
    many archived reports were aligned with it.
    """

    id: str
    result: ReuseResult
    candidates: int

    @property
    def passages(self):
        """The report's passages (``doc_a``/``doc_b``: the earlier report is side a)."""
        return self.result.passages

    @property
    def originality(self) -> float:
        """Share of the report's compared text not covered by non-template reuse."""
        r = self.result.reports
        return float(r["originality"].iloc[0]) if len(r) else float("nan")

    @property
    def sources(self):
        """Source reports ranked by characters shared: one row per archived report."""
        import pandas as pd

        p = self.passages
        cols = ["source", "n_passages", "shared_chars", "template_passages", "kinds", "scope"]
        if p.empty:
            return pd.DataFrame(columns=cols)
        src = p["doc_a"].where(p["doc_b"] == self.id, p["doc_b"])
        g = p.assign(source=src).groupby("source", sort=False)
        out = g.agg(n_passages=("family", "size"), shared_chars=("matched", "sum"),
                    template_passages=("template", "sum"),
                    kinds=("kind", lambda s: ",".join(sorted(set(s)))), scope=("scope", "first")).reset_index()
        return out.sort_values(["shared_chars", "source"], ascending=[False, True], ignore_index=True)[cols]


class _FixedBar:
    """Template settings whose agency bar is the whole archive's, not the candidate set's."""

    def __init__(self, template: TemplateSettings, n_agencies: int) -> None:
        self._t, self._n = template, n_agencies

    def agency_bar(self, _local: int) -> float:
        return self._t.agency_bar(self._n)

    def mostly_mandated(self, coverage: float) -> bool:
        return self._t.mostly_mandated(coverage)


def _sort_key(year: int | None, doc_id: str) -> tuple:
    return (year is None, year or 0, doc_id)


class Archive:
    """A reuse archive on disk (see the module docstring for the store and its guarantees).

    Make one with :meth:`create`, open one with :meth:`open`. :meth:`add` indexes reports
    (never rebuilding what is there), :meth:`check` finds a report's passages in the archive,
    :meth:`remove` withdraws reports, :meth:`info` describes it. An opened archive reads one
    snapshot; :meth:`refresh` moves it to the latest committed state.

    Example::

        >>> import tempfile, os
        >>> from giptext.reuse import Archive
        >>> d = tempfile.mkdtemp()
        >>> arc = Archive.create(os.path.join(d, "arc"), sections="all")
        >>> arc.add({"a": "我局认真贯彻落实条例，强化组织领导，完善工作机制。"})
        1
        >>> hit = arc.check(("b", "我镇认真贯彻落实条例，强化组织领导，完善工作机制。"))
        >>> hit.passages[["doc_a", "doc_b", "kind"]].values.tolist()
        [['a', 'b', 'verbatim']]
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, verify: bool) -> None:
        self.path = path
        self._conn = conn
        self._verify = verify
        self._load_meta()
        self._load_snapshot()

    # ------------------------------------------------------------------ make / open

    @classmethod
    def create(cls, path: str | Path, *, sections: Any = NARRATIVE, threshold: float = THRESHOLD,
               settings: Any = None) -> "Archive":
        """Make an empty archive at ``path`` (a new or empty folder) with ``detect``'s
        settings: ``sections``, ``threshold`` and ``settings`` mean what they mean for
        :func:`giptext.reuse.detect`, and every check uses them (they decide what is indexed)."""
        p = Path(path)
        threshold = _check_threshold(threshold)
        cfg = ReuseSettings.of(settings)
        wanted = _wanted(sections)
        if p.exists() and (not p.is_dir() or any(p.iterdir())):
            raise ArchiveError(p, "already exists and is not an empty folder")
        (p / "segments").mkdir(parents=True, exist_ok=True)
        tmp = p / (_DB + ".tmp")
        conn = sqlite3.connect(tmp)
        conn.executescript(_SCHEMA)
        meta = {"format_version": FORMAT_VERSION, "giptext_version": __version__,
                "sections": "all" if wanted is None else list(wanted), "threshold": threshold,
                "settings": cfg.to_dict(), "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                         [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()])
        conn.commit()
        conn.close()
        os.replace(tmp, p / _DB)
        (p / "lock").touch()
        return cls.open(p)

    @classmethod
    def open(cls, path: str | Path, *, verify: bool = True) -> "Archive":
        """Open an archive. Refuses (``ArchiveError``) one made by another giptext or format
        version and one whose store or segment checksums do not match (``verify=False``
        skips the segment checksums, not the version or SQLite checks)."""
        p = Path(path)
        db = p / _DB
        if not db.is_file():
            raise ArchiveError(p, "not a giptext archive (no archive.sqlite)")
        try:
            conn = sqlite3.connect(f"file:{db}?mode=rw", uri=True, timeout=60, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA journal_size_limit=4194304")  # the log shrinks back after adds
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(db, f"damaged archive store ({exc})") from None
        if ok != "ok":
            raise ArchiveError(db, f"damaged archive store (SQLite check: {ok})")
        return cls(p, conn, verify)

    def close(self) -> None:
        """Close the store (memory-mapped segments go with the object)."""
        self._segments = []
        self._conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _load_meta(self) -> None:
        try:
            meta = {k: json.loads(v) for k, v in self._conn.execute("SELECT key, value FROM meta")}
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(self.path / _DB, f"not a giptext archive or damaged ({exc})") from None
        fv = meta.get("format_version")
        if fv != FORMAT_VERSION:
            raise ArchiveError(self.path, f"archive format {fv} is not this giptext's format {FORMAT_VERSION}; "
                                          f"rebuild it with `giptext index build`")
        gv = meta.get("giptext_version")
        if gv != __version__:
            raise ArchiveError(self.path, f"archive made by giptext {gv}, this is giptext {__version__}; "
                                          f"rebuild it with `giptext index build`")
        s = meta["settings"]
        self.settings = ReuseSettings(lsh=LSHSettings(**s["lsh"]), align=AlignSettings(**s["align"]),
                                      template=TemplateSettings(**s["template"]))
        self.sections = meta["sections"]
        self.threshold = float(meta["threshold"])
        self._wanted = None if self.sections == "all" else tuple(self.sections)
        self._meta = meta

    def _load_snapshot(self) -> None:
        """Read the committed state: report table and segment manifest, in one read transaction."""
        c = self._conn
        c.execute("BEGIN")
        try:
            rows = c.execute("SELECT num, id, agency, year, maxpos FROM docs WHERE removed = 0 ORDER BY num").fetchall()
            segs = c.execute("SELECT seq, files, first_num FROM segments ORDER BY seq").fetchall()
        finally:
            c.execute("COMMIT")
        self._nums = np.asarray([r[0] for r in rows], dtype=np.int64)
        self._ids = [r[1] for r in rows]
        self._agency = [r[2] for r in rows]
        self._year = [r[3] for r in rows]
        self._maxpos = np.asarray([r[4] for r in rows], dtype=np.int64)
        self._row_of_id = {i: k for k, i in enumerate(self._ids)}
        nmax = int(self._nums.max()) + 1 if rows else 1
        self._row_of_num = np.full(nmax, -1, dtype=np.int64)
        self._row_of_num[self._nums] = np.arange(len(rows))
        keys = [_sort_key(y, i) for y, i in zip(self._year, self._ids)]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._sorted_keys = [keys[k] for k in order]
        self._rank = np.empty(len(keys), dtype=np.int64)
        self._rank[np.asarray(order, dtype=np.int64)] = np.arange(len(keys))
        akeys = [a or f"\x00{i}" for a, i in zip(self._agency, self._ids)]
        self._akeys = akeys
        self._n_agencies = len(set(akeys))
        self._segments = []
        self._cache: OrderedDict[int, Any] = OrderedDict()  # decoded records, most recent last
        for seq, files, first_num in segs:
            parts = {}
            for kind, (name, size, crc) in json.loads(files).items():
                f = self.path / "segments" / name
                if not f.is_file():
                    raise ArchiveError(f, "segment file listed in the manifest is missing")
                if f.stat().st_size != size:
                    raise ArchiveError(f, f"damaged segment: {f.stat().st_size} bytes, the manifest says {size}")
                if self._verify and _crc_file(f) != crc:
                    raise ArchiveError(f, "damaged segment: checksum does not match the manifest")
                parts[kind] = np.load(f, mmap_mode="r", allow_pickle=False)
            if set(parts) != {"dir", "low", "docs", "pos"} or parts["dir"].shape[0] != (1 << _DIR_BITS) + 1:
                raise ArchiveError(self.path / "segments", f"damaged segment {seq}: unexpected files")
            self._segments.append(_Segment(parts["dir"], parts["low"], parts["docs"], parts["pos"], int(first_num)))

    def refresh(self) -> "Archive":
        """Move to the latest committed state of the archive (adds and removals since open)."""
        self._load_snapshot()
        return self

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        """Ids of the archived reports (in the order they were added)."""
        return list(self._ids)

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def _writer(self) -> Iterator[None]:
        import fcntl

        with open(self.path / "lock", "a+b") as lk:
            fcntl.flock(lk.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lk.fileno(), fcntl.LOCK_UN)

    def add(self, reports: Any, *, n_jobs: int | None = None, progress: Any = None,
            replace: bool = False) -> int:
        """Index ``reports`` (anything :func:`~giptext.reuse.detect` accepts) and return how
        many were added. One add is one transaction (a segment per :data:`SEGMENT_REPORTS`
        reports, so memory stays bounded): other processes see all of it or none. A report
        whose id is already archived is skipped (``replace=True`` withdraws the archived one
        first). Nothing already stored is rewritten."""
        docs = _as_docs(reports)
        report = _progress(progress)
        with self._writer():
            self.refresh()
            if replace:
                self._remove_locked([d.id for d in docs if d.id in self._row_of_id])
                self.refresh()
            docs = [d for d in docs if d.id not in self._row_of_id]
            if not docs:
                return 0
            lsh, aln = self.settings.lsh, self.settings.align
            prep = _Prep(docs, self._wanted, aln.mask_digits, lsh.window, lsh.permutations)
            c = self._conn
            first = int(c.execute("SELECT COALESCE(MAX(num), -1) + 1 FROM docs").fetchone()[0])
            seq = int(c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM segments").fetchone()[0])
            segments: list[tuple] = []
            try:
                chunk = _Chunk(first)
                for k, (secs, vt, off, sent, pk, bar) in enumerate(_map_docs(prep, len(docs), _n_jobs(n_jobs))):
                    d = docs[k]
                    vals = pk >> np.uint64(POS_BITS)
                    pos = (pk & np.uint64((1 << POS_BITS) - 1)).astype(np.int32)
                    blob = _pack_record(d.text, secs, vt, sent, off, bar)
                    chunk.add(reverse_key(vals), pos, (first + k, d.id, d.meta.get("agency"), _year(d),
                                                       d.meta.get("level"), int(pos.max()) if pos.shape[0] else 0,
                                                       blob, zlib.crc32(blob)))
                    if len(chunk.rows) >= SEGMENT_REPORTS:
                        segments.append(chunk.flush(c, self.path / "segments", seq + len(segments)))
                        chunk = _Chunk(first + k + 1)
                    if k % 500 == 499:
                        report("index", k + 1, len(docs))
                if chunk.rows:
                    segments.append(chunk.flush(c, self.path / "segments", seq + len(segments)))
                report("index", len(docs), len(docs))
                c.executemany("INSERT INTO segments(seq, files, n_docs, first_num) VALUES (?, ?, ?, ?)", segments)
                c.commit()  # one transaction: the reports and the segments that index them
            except BaseException:
                c.rollback()  # segment files already written stay unlisted, so unread
                raise
            # fold the log into the store (readers in the middle of a read keep what they need)
            c.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self.refresh()
        return len(docs)

    def remove(self, ids: Iterable[str]) -> int:
        """Withdraw reports by id (a tombstone: their postings stay on disk, unread); returns
        how many were removed. Unknown ids are ignored."""
        with self._writer():
            n = self._remove_locked(list(ids))
        self.refresh()
        return n

    def _remove_locked(self, ids: list[str]) -> int:
        with self._conn as c:
            cur = c.executemany("UPDATE docs SET removed = 1 WHERE id = ? AND removed = 0", [(i,) for i in ids])
            return cur.rowcount

    # ------------------------------------------------------------------ reading

    def info(self) -> dict[str, Any]:
        """Reports, agencies, years, segments, size on disk, settings and versions."""
        size = sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())
        years = [y for y in self._year if y is not None]
        removed = int(self._conn.execute("SELECT COUNT(*) FROM docs WHERE removed = 1").fetchone()[0])
        return {"path": str(self.path), "reports": len(self._ids), "removed": removed,
                "agencies": self._n_agencies, "years": [min(years), max(years)] if years else None,
                "segments": len(self._segments), "postings": int(sum(g.low.shape[0] for g in self._segments)),
                "bytes": size, "format_version": self._meta["format_version"],
                "giptext_version": self._meta["giptext_version"], "created": self._meta.get("created"),
                "sections": self.sections, "threshold": self.threshold, "settings": self._meta["settings"]}

    def verify(self) -> dict[str, int]:
        """Check everything: SQLite's ``integrity_check``, every segment's checksum and every
        report record's checksum; raises :class:`ArchiveError` naming the first damage found,
        else returns what was checked."""
        ok = self._conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise ArchiveError(self.path / _DB, f"damaged archive store (SQLite check: {ok})")
        n_files = 0
        for (files,) in self._conn.execute("SELECT files FROM segments"):
            for name, _size, crc in json.loads(files).values():
                f = self.path / "segments" / name
                if not f.is_file() or _crc_file(f) != crc:
                    raise ArchiveError(f, "damaged or missing segment: checksum does not match the manifest")
                n_files += 1
        n_rec = 0
        for doc_id, blob, crc in self._conn.execute("SELECT id, record, crc FROM docs"):
            if zlib.crc32(blob) != crc:
                raise ArchiveError(self.path / _DB, f"damaged record of report {doc_id!r}: checksum mismatch")
            n_rec += 1
        return {"segment_files": n_files, "records": n_rec}

    def _record(self, row: int):
        num = int(self._nums[row])
        hit = self._cache.get(num)
        if hit is not None:
            self._cache.move_to_end(num)
            return hit
        rec = self._read_record(row, num)
        self._cache[num] = rec
        if len(self._cache) > _CACHE_RECORDS:
            self._cache.popitem(last=False)
        return rec

    def _read_record(self, row: int, num: int):
        blob, crc = self._conn.execute("SELECT record, crc FROM docs WHERE num = ?", (num,)).fetchone()
        if zlib.crc32(blob) != crc:
            raise ArchiveError(self.path / _DB, f"damaged record of report {self._ids[row]!r}: checksum mismatch")
        return _unpack_record(blob)

    def check(self, report: Any, *, n_jobs: int | None = None) -> CheckResult:
        """The passages ``detect(archive + [report])`` reports for ``report``, each against its
        archived source, with kind, template flag, scope (self: same agency, cross: another),
        sections, and the report's originality. ``report``: a
        :class:`~giptext.report.Report`, an ``(id, text)`` pair or anything ``detect`` takes
        holding one report. A report whose id is archived is checked against the others."""
        if isinstance(report, tuple) and len(report) == 2 and isinstance(report[1], str):
            report = [report]
        docs = _as_docs(report)
        if len(docs) != 1:
            raise ConfigError(None, f"check() takes one report, got {len(docs)}")
        r = docs[0]
        lsh, aln = self.settings.lsh, self.settings.align
        secs, vt, off, sent, pk, bar = _Prep([r], self._wanted, aln.mask_digits, lsh.window, lsh.permutations)(0)
        r.sections = secs
        self_row = self._row_of_id.get(r.id, -1)
        partners, ca_is_r, bands, members = self._candidates(r, pk, self_row)
        # local corpus: R and its partners, in detect's order (earliest first)
        rkey = _sort_key(_year(r), r.id)
        local = sorted([(rkey, -1)] + [(_sort_key(self._year[x], self._ids[x]), x) for x in partners])
        pos_of = {x: k for k, (_key, x) in enumerate(local)}
        ldocs, builder, voffs, bars = [], ViewsBuilder(), [], []
        for _key, x in local:
            if x < 0:
                ldocs.append(r)
                builder.add(vt, sent)
                voffs.append(off)
                bars.append(bar)
                continue
            text, xsecs, xvt, xsent, xoff, xbar = self._record(x)
            d = _Doc(self._ids[x], text, {"agency": self._agency[x], "year": self._year[x]})
            d.sections = xsecs
            ldocs.append(d)
            builder.add(xvt, xsent)
            voffs.append(xoff)
            bars.append(xbar)
        rl = pos_of[-1]
        px = np.asarray([pos_of[x] for x in partners], dtype=np.int64)
        ca = np.where(ca_is_r, rl, px)
        cb = np.where(ca_is_r, px, rl)
        o = np.lexsort((cb, ca))  # pairs in detect's order
        inv = np.empty_like(o)
        inv[o] = np.arange(o.shape[0])
        ca, cb = ca[o], cb[o]
        bidx, blo, bhi, bi0, bi1 = bands
        bidx = inv[bidx]
        bo = np.lexsort((blo, bidx))
        bands = (bidx[bo], blo[bo], bhi[bo], bi0[bo], bi1[bo])
        views = builder.build()
        rows = _align_pairs(ca, cb, bands, views, aln, self.threshold, lambda *a: None,
                            [d.text for d in ldocs], voffs, _n_jobs(n_jobs), bars)
        n_ag = self._n_agencies_with(r, self_row)
        tmpl = _FixedBar(self.settings.template, n_ag)
        res = _assemble(ldocs, views, voffs, rows, self._wanted, tmpl, only=[])  # r's row comes below
        self._widen_template(res, r, rl, ldocs, voffs, rows, views, members, n_ag)
        res.params = {"sections": self.sections, "threshold": self.threshold, "archive": str(self.path),
                      "archive_reports": len(self._ids) - (self_row >= 0), "candidate_pairs": int(ca.shape[0])}
        return CheckResult(id=r.id, result=res, candidates=len(partners))

    def _n_agencies_with(self, r: _Doc, self_row: int) -> int:
        keys = set(self._akeys)
        if self_row >= 0 and self._akeys.count(self._akeys[self_row]) == 1:
            keys.discard(self._akeys[self_row])
        keys.add(r.meta.get("agency") or f"\x00{r.id}")
        return len(keys)

    def _candidates(self, r: _Doc, pk: np.ndarray, self_row: int):
        """Archived partners of ``r`` as ``lsh.candidate_pairs`` over archive + r pairs them:
        ``(partner rows, r_is_a, bands)`` with bands ``(pair, diag_lo, diag_hi, pos_lo, pos_hi)``."""
        lsh = self.settings.lsh
        n_arch = len(self._ids) - (1 if self_row >= 0 else 0)
        ndocs = n_arch + 1
        e = np.zeros(0, dtype=np.int64)
        empty = ([], np.zeros(0, dtype=bool), (e, e, e, e, e), (e, e, e))
        if pk.shape[0] == 0 or n_arch == 0:
            return empty
        rvals = pk >> np.uint64(POS_BITS)
        rpos = (pk & np.uint64((1 << POS_BITS) - 1)).astype(np.int64)
        mp = self._maxpos if self_row < 0 else np.delete(self._maxpos, self_row)
        maxpos = max(int(mp.max()) if mp.shape[0] else 0, int(rpos.max()))
        docbits, posbits = max(1, (ndocs - 1).bit_length()), max(1, maxpos.bit_length())
        valbits = min(64 - docbits - posbits, _VAL_BITS)
        shift = _VAL_BITS - valbits
        # r's buckets: distinct truncated values, each at r's first position
        prefix = reverse_key(rvals) >> np.uint64(shift)
        o = np.lexsort((rpos, prefix))
        prefix, rpos = prefix[o], rpos[o]
        first = np.r_[True, prefix[1:] != prefix[:-1]]
        prefix, rpos = prefix[first], rpos[first]
        lo_key = prefix << np.uint64(shift)
        hi_key = (prefix + np.uint64(1)) << np.uint64(shift)
        g_parts, d_parts, p_parts = [], [], []
        if _VAL_BITS - shift < _DIR_BITS:  # a bucket wider than a directory slot: 2**48 reports
            raise ArchiveError(self.path, "archive too large for its postings directory")
        for seg in self._segments:
            lo, hi = _ranges(seg.dir, seg.low, lo_key.astype(np.int64), np.int64(1) << np.int64(shift))
            dnums, poss = seg.docs, seg.pos
            cnt = hi - lo
            if not cnt.any():
                continue
            idx = np.repeat(lo - np.r_[0, np.cumsum(cnt)[:-1]], cnt) + np.arange(int(cnt.sum()))
            g_parts.append(np.repeat(np.arange(prefix.shape[0]), cnt))
            d_parts.append(np.asarray(dnums[idx], dtype=np.int64) + seg.first)
            p_parts.append(np.asarray(poss[idx], dtype=np.int64))
        if not g_parts:
            return empty
        grp, dnum, dpos = np.concatenate(g_parts), np.concatenate(d_parts), np.concatenate(p_parts)
        # archive rows of this snapshot only (later adds, removed reports and r itself are not)
        inside = dnum < self._row_of_num.shape[0]
        row = np.full(dnum.shape[0], -1, dtype=np.int64)
        row[inside] = self._row_of_num[dnum[inside]]
        keep = (row >= 0) & (row != self_row)
        grp, row, dpos = grp[keep], row[keep], dpos[keep]
        if not grp.shape[0]:
            return empty
        # one member per (bucket, report), at its first position
        if prefix.shape[0] < 1 << 19 and row.shape[0] and int(row.max()) < 1 << 24:
            # one sort of a packed key (bucket, report, position) instead of a three-key lexsort
            o = np.argsort((grp << 44) | (row << 20) | dpos, kind="stable")
        else:
            o = np.lexsort((dpos, row, grp))
        grp, row, dpos = grp[o], row[o], dpos[o]
        u = np.r_[True, (grp[1:] != grp[:-1]) | (row[1:] != row[:-1])]
        grp, row, dpos = grp[u], row[u], dpos[u]
        if not grp.shape[0]:
            return empty
        members = (grp, row, rpos)  # every archived report in each of r's buckets (template counts)
        size = np.bincount(grp, minlength=prefix.shape[0]) + 1  # + r
        s = size[grp]
        medium = max(lsh.clique_max, lsh.medium_for(ndocs))
        # r's rank among the archive's reports, and each bucket's earliest archived member
        rrank = bisect_left(self._sorted_keys, _sort_key(_year(r), r.id))
        rank = self._rank[row]
        if self_row >= 0:
            rank = rank - (rank > self._rank[self_row])
            rrank -= int(self._rank[self_row] < rrank)
        big = s > medium
        min_rank = np.full(prefix.shape[0], np.iinfo(np.int64).max, dtype=np.int64)
        gstart = np.flatnonzero(np.r_[True, grp[1:] != grp[:-1]])  # members are sorted by bucket
        min_rank[grp[gstart]] = np.minimum.reduceat(rank, gstart)
        r_first = rrank <= min_rank[grp]
        # in a big bucket r pairs with the earliest member only, or with all when r is earliest
        take = ~big | r_first | (rank == min_rank[grp])
        grp, row, dpos, s, big, rank = grp[take], row[take], dpos[take], s[take], big[take], rank[take]
        rp = rpos[grp]
        r_is_a = rrank <= rank
        pa = np.where(r_is_a, rp, dpos)
        pb = np.where(r_is_a, dpos, rp)
        notrare = s > lsh.clique_max
        partners, pidx = np.unique(row, return_inverse=True)
        # codes as candidate_pairs makes them (pshift: positions kept coarsely at huge scale)
        dmin, _span, _pbits, pshift = band_geometry(maxpos, ndocs, _BAND)
        q_pair, q_lo, q_i0, q_i1 = [], [], [], []
        for sh in (0, _BAND // 2):
            bidx = (pb - pa - dmin + sh) // _BAND
            o = np.lexsort((bidx, pidx))
            gp, gb, nr, pas = pidx[o], bidx[o], notrare[o], (pa[o] >> pshift)
            brk = np.r_[True, (gp[1:] != gp[:-1]) | (gb[1:] != gb[:-1])]
            starts = np.flatnonzero(brk)
            tot = np.diff(np.r_[starts, gp.shape[0]])
            rare = np.add.reduceat((~nr).astype(np.int64), starts) if starts.shape[0] else e
            ok = (tot >= lsh.star_min_shared) | (rare >= lsh.min_shared)
            if starts.shape[0]:
                mn = np.minimum.reduceat(pas, starts)
                mx = np.maximum.reduceat(pas, starts)
            else:
                mn = mx = e
            q_pair.append(gp[starts][ok])
            q_lo.append(gb[starts][ok] * _BAND - sh + dmin)
            q_i0.append(mn[ok] << pshift)
            q_i1.append((mx[ok] + 1) << pshift)
        qp, ql = np.concatenate(q_pair), np.concatenate(q_lo)
        qi0, qi1 = np.concatenate(q_i0), np.concatenate(q_i1)
        if not qp.shape[0]:
            return empty
        used = np.unique(qp)
        remap = np.full(partners.shape[0], -1, dtype=np.int64)
        remap[used] = np.arange(used.shape[0])
        # whether r is side a of each used pair (the same for every member row of a partner)
        r_a = np.zeros(partners.shape[0], dtype=bool)
        r_a[pidx] = r_is_a
        return ([int(x) for x in partners[used]], r_a[used],
                (remap[qp], ql, ql + _BAND, qi0, qi1), members)

    def _widen_template(self, res: ReuseResult, r: _Doc, rl: int, ldocs, voffs, rows, views, members,
                        n_agencies: int) -> None:
        """Template flags counted beyond the candidate set, and ``r``'s originality from them.

        ``detect`` pairs a report in a big bucket with the bucket's earliest report only, so a
        boilerplate passage of ``r`` has one partner here while its family in the batch run
        holds every report that repeats it. The agencies counted for a passage of ``r`` are
        therefore its local family's and those of every archived report holding at least
        ``min_shared`` of ``r``'s picks inside the passage (the evidence ``detect`` asks of a
        pair in rare wording); the passage is template when they reach the whole archive's
        agency bar."""
        p = res.passages
        grp, row, rpos = members
        bar = self.settings.template.agency_bar(n_agencies)
        need = self.settings.lsh.min_shared
        ids = [d.id for d in ldocs]
        # r's view span of each passage, from the alignment rows (source spans -> view spans)
        view_of = {}
        for i in range(len(rows["a"])):
            a, b = int(rows["a"][i]), int(rows["b"][i])
            key = (ids[a], int(rows["src_sa"][i]), int(rows["src_ea"][i]),
                   ids[b], int(rows["src_sb"][i]), int(rows["src_eb"][i]))
            side = ("sa", "ea") if a == rl else ("sb", "eb")
            view_of[key] = (int(rows[side[0]][i]), int(rows[side[1]][i]))
        occ = res.occurrences
        akey_of = dict(zip(ids, (d.meta.get("agency") or f"\x00{d.id}" for d in ldocs)))
        fam_keys = {f: {akey_of[x] for x in g["doc"]} for f, g in occ.groupby("family")} if len(occ) else {}
        order = np.argsort(grp, kind="stable")
        gs, rs = grp[order], row[order]
        flags = p["template"].to_numpy(dtype=bool).copy() if len(p) else np.zeros(0, dtype=bool)
        spans = []
        for q, t in enumerate(p.itertuples(index=False)):
            vs, ve = view_of[(t.doc_a, t.start_a, t.end_a, t.doc_b, t.start_b, t.end_b)]
            if not flags[q] and gs.shape[0]:
                inside = np.flatnonzero((rpos >= vs) & (rpos < ve))
                lo = np.searchsorted(gs, inside, "left")
                hi = np.searchsorted(gs, inside, "right")
                if (hi - lo).sum():
                    rr = np.concatenate([rs[a:b] for a, b in zip(lo.tolist(), hi.tolist())])
                    u, c = np.unique(rr, return_counts=True)
                    keys = fam_keys.get(t.family, set()) | {self._akeys[x] for x in u[c >= need].tolist()}
                    flags[q] = len(keys) >= bar
            if not flags[q]:
                spans.append((vs, ve))
        if len(p):
            res.passages["template"] = flags
            if len(res.families):
                tf = res.families.set_index("family")["template"].copy()
                for f in p.loc[flags, "family"].unique().tolist():
                    tf[f] = True
                res.families["template"] = tf.loc[res.families["family"]].to_numpy()
        res.reports = pd.DataFrame(report_rows(ldocs, voffs, np.diff(views.start), {rl: spans}, self._wanted,
                                               only=[rl]))


_SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    num INTEGER PRIMARY KEY, id TEXT NOT NULL, agency TEXT, year INTEGER, level TEXT,
    maxpos INTEGER NOT NULL, record BLOB NOT NULL, crc INTEGER NOT NULL, removed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX docs_id ON docs(id);
CREATE TABLE segments (seq INTEGER PRIMARY KEY, files TEXT NOT NULL, n_docs INTEGER NOT NULL,
                       first_num INTEGER NOT NULL);
"""

__all__ = ["Archive", "ArchiveError", "CheckResult", "FORMAT_VERSION", "SEGMENT_REPORTS", "reverse_key"]
