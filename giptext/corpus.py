"""Many reports at once: :class:`Corpus`.

A corpus is read from a folder of report files (any supported format, recursively), from
an annotated corpus (``manifest.jsonl`` + ``docs/``, see ``corpora/README.md``), or from a
list of paths. A file that cannot be read never stops the batch: it lands in
``Corpus.skipped`` with a one-line reason. Work over the reports can be spread across
processes with :meth:`Corpus.map`; results keep the corpus order.

Example::

    >>> from giptext import Corpus
    >>> corpus = Corpus.from_dir("corpora/samples")
    >>> len(corpus), corpus.skipped
    (5, [])
    >>> corpus.to_frame()[["id", "agency", "year", "level"]].shape
    (5, 4)
"""
from __future__ import annotations

import os
import stat
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from giptext._atomic import OUTPUT_MARKER
from giptext._escape import escape_name
from giptext.errors import ConfigError, CorpusError, GiptextError
from giptext.report import Report

#: Below this many items, work runs in this process: starting workers costs more than it saves.
PARALLEL_MIN_ITEMS = 50
#: From this many items on, a progress bar is shown (on a terminal) unless ``progress=False``.
PROGRESS_MIN_ITEMS = 100
#: Formats that look like reports but cannot be read: reported as skipped when met in a folder.
_REPORT_LIKE = {".doc", ".wps", ".rtf", ".odt", ".ofd", ".caj"}

FRAME_COLUMNS = ("id", "path", "format", "encoding", "agency", "year", "level", "region", "title", "n_chars")
SECTION_COLUMNS = ("overview", "problems", "improvements")


# -- parallel map ---------------------------------------------------------------------------
def _resolve_jobs(n_jobs: int | None) -> int:
    cpus = os.cpu_count() or 1
    if n_jobs is None:
        return cpus
    if not isinstance(n_jobs, int) or n_jobs == 0:
        raise ConfigError(None, f"n_jobs must be a non-zero integer or None, got {n_jobs!r}")
    return max(1, cpus + 1 + n_jobs) if n_jobs < 0 else n_jobs  # -1 = all cores, joblib-style


def parallel_map(
    fn: Callable[[Any], Any],
    items: Sequence[Any],
    n_jobs: int | None = None,
    progress: bool | None = None,
    desc: str | None = None,
) -> list[Any]:
    """``[fn(x) for x in items]`` across processes, in order; ``fn`` must be picklable.

    Small batches (fewer than :data:`PARALLEL_MIN_ITEMS`), ``n_jobs=1`` and functions that
    cannot be pickled (lambdas, with a warning) run in this process.
    ``progress``: ``True`` always shows a tqdm bar, ``False`` never, ``None`` shows one
    for long runs when stderr is a terminal.
    """
    items = list(items)
    jobs = min(_resolve_jobs(n_jobs), max(1, len(items)))
    from tqdm.auto import tqdm

    # progress=None: a bar for long runs, and only on a terminal (tqdm's disable=None rule)
    disable = (None if len(items) >= PROGRESS_MIN_ITEMS else True) if progress is None else not progress
    bar = tqdm(total=len(items), desc=desc, unit="item", leave=False, dynamic_ncols=True, disable=disable)
    if jobs > 1 and len(items) >= PARALLEL_MIN_ITEMS and not _picklable(fn):
        warnings.warn(f"{getattr(fn, '__name__', fn)!r} cannot be sent to worker processes (a lambda or local "
                      "function?); running in this process instead", stacklevel=3)
        jobs = 1
    try:
        if jobs == 1 or len(items) < PARALLEL_MIN_ITEMS:
            out = []
            for x in items:
                out.append(fn(x))
                bar.update()
            return out
        # Chunks keep pickling overhead low; four chunks per worker still balance the load.
        chunksize = max(1, len(items) // (jobs * 4))
        out = []
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for result in pool.map(fn, items, chunksize=chunksize):
                out.append(result)
                bar.update()
        return out
    finally:
        bar.close()


def _picklable(obj: Any) -> bool:
    import pickle

    try:
        pickle.dumps(obj)
    except Exception:  # noqa: BLE001 - any failure means "cannot ship it"
        return False
    return True


# -- reading ----------------------------------------------------------------------------------
def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg if isinstance(exc, GiptextError) else f"{type(exc).__name__}: {msg}"


def _read_task(task: tuple[str, str | None, dict[str, Any] | None]) -> tuple[str, Report | None, str | None]:
    """Read one file in a worker: ``(path, report, None)`` or ``(path, None, reason)``."""
    from giptext.io.dispatch import read_path

    path, doc_id, meta = task
    try:
        return path, read_path(path, id=doc_id, meta=meta), None
    except GiptextError as exc:
        # the path is already in the tuple; keep only the reason
        return path, None, exc.reason
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop a batch
        return path, None, _one_line(exc)


def _not_regular(p: Path) -> str | None:
    """Why ``p`` cannot be read as a file (a pipe would block the batch forever), or ``None``."""
    try:
        mode = p.stat().st_mode
    except OSError as exc:
        return f"cannot be opened ({exc.strerror or type(exc).__name__}; a broken link?)"
    return None if stat.S_ISREG(mode) else "not a regular file (a pipe, socket or device): not read"


def _walk(root: Path, exclude: Iterable[str | Path] = ()) -> tuple[list[Path], list[tuple[str, str]]]:
    """Supported files under ``root`` (sorted, hidden entries skipped) and report-like refusals.

    Folders carrying :data:`OUTPUT_MARKER` (giptext's own output, e.g. ``out/index.html``)
    and the folders in ``exclude`` are not entered.
    """
    from giptext.io.dispatch import _unsupported, is_supported

    skip = {os.path.realpath(p) for p in exclude}
    files, refused = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".")
            and not os.path.exists(os.path.join(dirpath, d, OUTPUT_MARKER))
            and os.path.realpath(os.path.join(dirpath, d)) not in skip
        )
        for name in sorted(filenames):
            if name.startswith((".", "~$")):  # hidden files, Office lock files
                continue
            p = Path(dirpath) / name
            if is_supported(p):
                why = _not_regular(p)
                if why:
                    refused.append((str(p), why))
                else:
                    files.append(p)
            elif p.suffix.lower() in _REPORT_LIKE:
                refused.append((str(p), _unsupported(p).reason))
    files.sort(key=lambda q: q.relative_to(root).as_posix())
    return files, refused


def _rel(p: Path, base: Path) -> Path:
    try:
        return p.relative_to(base)
    except ValueError:
        return p


def _unique_ids(paths: list[Path], bases: list[Path]) -> tuple[list[str], dict[str, str]]:
    """File stems as ids; where stems collide, a longer name until they differ.

    The steps, applied only to colliding ids: path relative to its base folder without the
    extension (``a/report``), then with it (``a/report.txt``), then relative to the base's
    parent (``corpus/a/report``, ``corpus/a/report.txt``), then the absolute path. Deterministic for a given list of files.
    Returns the ids and ``{new_id: stem}`` for every id that was changed.
    """
    steps = (
        lambda p, b: _rel(p, b).with_suffix("").as_posix(),
        lambda p, b: _rel(p, b).as_posix(),
        lambda p, b: _rel(p, b.parent).with_suffix("").as_posix(),
        lambda p, b: _rel(p, b.parent).as_posix(),
        lambda p, b: p.resolve().as_posix(),
    )
    ids = [p.stem for p in paths]
    for step in steps:
        counts: dict[str, int] = {}
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
        dup = [n for n, i in enumerate(ids) if counts[i] > 1]
        if not dup:
            break
        for n in dup:
            ids[n] = step(paths[n], bases[n])
    # ids are kept with names that are not UTF-8 escaped (giptext._escape); a name whose escape
    # equals another file's name (b"\xff" and a literal "\\xff") is numbered: "\\xff#2"
    ids = [escape_name(i) for i in ids]
    seen: dict[str, int] = {}
    for n, i in enumerate(ids):
        seen[i] = seen.get(i, 0) + 1
        if seen[i] > 1:
            ids[n] = f"{i}#{seen[i]}"
    renamed = {i: escape_name(p.stem) for i, p in zip(ids, paths) if i != escape_name(p.stem)}
    return ids, renamed


def _annotated_tasks(root: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """Read tasks for an annotated corpus: manifest order, manifest meta."""
    from giptext.annotated import read_jsonl

    rows = read_jsonl(root / "manifest.jsonl")
    tasks = []
    for n, row in enumerate(rows, 1):
        if "id" not in row:
            raise CorpusError(root / "manifest.jsonl", f"line {n} has no 'id' field")
        doc_id = str(row["id"])
        meta = {k: row[k] for k in ("agency", "year", "level") if k in row}
        meta.update({k: v for k, v in row.items() if k not in ("id", "agency", "year", "level")})
        tasks.append((str(root / "docs" / f"{doc_id}.txt"), doc_id, meta))
    if len({t[1] for t in tasks}) != len(tasks):
        raise CorpusError(root / "manifest.jsonl", "ids are not unique")
    return tasks


class Corpus:
    """An ordered collection of :class:`~giptext.report.Report` objects, keyed by id.

    ``Corpus(reports)`` wraps reports you already have; :meth:`from_dir` and
    :meth:`from_paths` read files. ``skipped`` lists ``(path, reason)`` for every file that
    could not be read; ``renamed`` maps ids that were made unique to the file stem they
    replaced; ``root`` is the folder read (or ``None``).

    Example::

        >>> from giptext import Corpus, parse_report
        >>> c = Corpus([parse_report("某局2021年政府信息公开工作年度报告", id="a")])
        >>> len(c), c["a"].meta.year
        (1, 2021)
    """

    def __init__(self, reports: Iterable[Report] = (), skipped: Iterable[tuple[str, str]] = (),
                 root: str | Path | None = None):
        self.reports: list[Report] = list(reports)
        self.skipped: list[tuple[str, str]] = [(str(escape_name(p)), escape_name(str(r))) for p, r in skipped]
        self.root: Path | None = Path(root) if root is not None else None
        self.renamed: dict[str, str] = {}
        self._index: dict[str, int] = {}
        for i, r in enumerate(self.reports):
            if r.id in self._index:
                raise CorpusError(root, f"report id {r.id!r} appears twice; ids must be unique")
            self._index[r.id] = i

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_dir(cls, path: str | Path, n_jobs: int | None = None, progress: bool | None = None, *,
                 exclude: Iterable[str | Path] = ()) -> "Corpus":
        """Read every supported file under ``path`` (recursively), or an annotated corpus.

        A folder with ``manifest.jsonl`` and ``docs/`` is read as an annotated corpus: ids,
        and ``agency``/``year``/``level``, come from the manifest (other manifest fields go
        to ``meta.extra``). Otherwise ids are file stems, made unique by relative path where
        two files share one (with a warning). Files of other types are ignored, except
        report-like formats giptext cannot read (.doc, .wps, …), which are listed in ``skipped``.
        Folders in ``exclude``, and folders holding giptext output (an :data:`OUTPUT_MARKER`
        file, as ``analyze`` writes), are not read.
        """
        from giptext.annotated import is_annotated_dir

        root = Path(path)
        if not root.exists():
            raise CorpusError(root, "no such folder")
        if not root.is_dir():
            raise CorpusError(root, "not a folder (use read_report for one file)")
        if (root / OUTPUT_MARKER).exists():
            raise CorpusError(root, f"is a giptext output folder (it holds {OUTPUT_MARKER}), not a folder of reports")
        if is_annotated_dir(root):
            return cls._from_annotated(root, n_jobs, progress)
        files, refused = _walk(root, exclude)
        ids, renamed = _unique_ids(files, [root] * len(files))
        corpus = cls._read([(str(p), i, None) for p, i in zip(files, ids)], n_jobs, progress, root)
        corpus.skipped = refused + corpus.skipped
        corpus._note_renamed(renamed)
        return corpus

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], n_jobs: int | None = None,
                   progress: bool | None = None, *, exclude: Iterable[str | Path] = ()) -> "Corpus":
        """Read the given files, the supported files inside any given folders, and any given
        annotated corpora (ids and meta from their manifests, as in :meth:`from_dir`).

        A named file that cannot be read (missing, unsupported, undecodable) is skipped with
        its reason, like any other bad file.
        """
        from giptext.annotated import is_annotated_dir

        tasks: list[Path] = []
        bases: list[Path] = []
        given_meta: list[dict[str, Any] | None] = []
        refused: list[tuple[str, str]] = []
        for raw in paths:
            p = Path(raw)
            if p.is_dir() and is_annotated_dir(p):
                ann = _annotated_tasks(p)
                tasks.extend(Path(t[0]) for t in ann)
                bases.extend([p / "docs"] * len(ann))
                given_meta.extend(t[2] for t in ann)
                continue
            if p.is_dir() and (p / OUTPUT_MARKER).exists():
                refused.append((str(p), f"a giptext output folder (it holds {OUTPUT_MARKER}): not read"))
                continue
            if p.is_dir():
                files, bad = _walk(p, exclude)
                tasks.extend(files)
                bases.extend([p] * len(files))
                given_meta.extend([None] * len(files))
                refused.extend(bad)
            else:
                tasks.append(p)
                bases.append(p.parent)
                given_meta.append(None)
        ids, renamed = _unique_ids(tasks, bases)
        corpus = cls._read([(str(p), i, m) for p, i, m in zip(tasks, ids, given_meta)], n_jobs, progress, None)
        corpus.skipped = refused + corpus.skipped
        corpus._note_renamed(renamed)
        return corpus

    @classmethod
    def _from_annotated(cls, root: Path, n_jobs: int | None, progress: bool | None) -> "Corpus":
        return cls._read(_annotated_tasks(root), n_jobs, progress, root)

    @classmethod
    def _read(cls, tasks: list[tuple[str, str | None, dict[str, Any] | None]], n_jobs: int | None,
              progress: bool | None, root: Path | None) -> "Corpus":
        results = parallel_map(_read_task, tasks, n_jobs=n_jobs, progress=progress, desc="reading")
        reports = [r for _, r, _ in results if r is not None]
        skipped = [(p, why) for p, r, why in results if r is None]
        return cls(reports, skipped, root)

    def _note_renamed(self, renamed: dict[str, str]) -> None:
        # only ids of reports that were read matter (a broken twin is listed in skipped)
        self.renamed = {k: v for k, v in renamed.items() if k in self._index}
        renamed = self.renamed
        if renamed:
            some = ", ".join(sorted(renamed)[:3]) + (" …" if len(renamed) > 3 else "")
            warnings.warn(f"{len(renamed)} file(s) share a file name with another; their ids are longer paths (or numbered): {some}",
                          stacklevel=3)

    # -- container protocol -----------------------------------------------------------------
    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    def __len__(self) -> int:
        return len(self.reports)

    def __getitem__(self, key: str | int) -> Report:
        """The report with this id (``str``), or at this position (``int``)."""
        if isinstance(key, int):
            return self.reports[key]
        try:
            return self.reports[self._index[key]]
        except KeyError:
            raise KeyError(f"no report with id {key!r}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __repr__(self) -> str:
        """One line: size, origin, years and agencies covered, files skipped (never the texts)."""
        where = f" from {str(self.root)!r}" if self.root else ""
        years = sorted({r.meta.year for r in self.reports if r.meta.year is not None})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "years unknown")
        agencies = len({r.meta.agency for r in self.reports if r.meta.agency})
        chars = sum(len(r.text) for r in self.reports)
        return (f"Corpus({len(self)} reports{where}, {chars:,} chars, {span}, "
                f"{agencies} agencies, {len(self.skipped)} skipped)")

    @property
    def ids(self) -> list[str]:
        """Report ids in corpus order."""
        return [r.id for r in self.reports]

    # -- work -------------------------------------------------------------------------------
    def map(self, fn: Callable[[Report], Any], n_jobs: int | None = None, progress: bool | None = None,
            desc: str | None = None) -> list[Any]:
        """``[fn(r) for r in corpus]``, spread across ``n_jobs`` processes (default: all cores).

        ``fn`` must be picklable (a module-level function). Results keep corpus order.
        Batches under :data:`PARALLEL_MIN_ITEMS` reports run in this process.
        """
        return parallel_map(fn, self.reports, n_jobs=n_jobs, progress=progress, desc=desc)

    def to_frame(self, sections: bool = True, n_jobs: int | None = None, progress: bool | None = None):
        """One row per report: id, path, format, encoding, meta fields, ``n_chars`` and,
        with ``sections=True``, the ``overview``/``problems``/``improvements`` texts.

        ``year`` is a nullable integer column (``Int64``).
        """
        import pandas as pd

        fn = _frame_row_with_sections if sections else _frame_row
        rows = self.map(fn, n_jobs=n_jobs, progress=progress, desc="splitting") if sections else [fn(r) for r in self]
        cols = list(FRAME_COLUMNS) + (list(SECTION_COLUMNS) if sections else [])
        df = pd.DataFrame(rows, columns=cols)
        df["year"] = df["year"].astype("Int64")
        df["n_chars"] = df["n_chars"].astype("int64")
        return df

    def themes(self, model: Any = None):
        """Label every problem and improvement statement of every report (one row per statement).

        ``model`` defaults to the shipped theme model (:func:`giptext.themes.load_default`).
        """
        from giptext.themes import label_corpus

        return label_corpus(self, model=model)


def _frame_row(r: Report) -> dict[str, Any]:
    m = r.meta
    return {"id": r.id, "path": r.path, "format": r.format, "encoding": r.encoding, "agency": m.agency,
            "year": m.year, "level": m.level, "region": m.region, "title": m.title, "n_chars": len(r.text)}


def _frame_row_with_sections(r: Report) -> dict[str, Any]:
    row = _frame_row(r)
    row.update(overview=r.overview, problems=r.problems, improvements=r.improvements)
    return row


__all__ = ["Corpus", "OUTPUT_MARKER", "parallel_map", "FRAME_COLUMNS", "SECTION_COLUMNS", "PARALLEL_MIN_ITEMS"]
