"""Analyse a corpus end to end: read, split, label themes, detect reuse, then tables, figures and pages.

``analyze(corpus)`` runs every stage and returns an :class:`Analysis` holding one pandas
DataFrame per table; ``Analysis.write(out_dir)`` writes the tables (CSV + Parquet), the
figures (PNG + SVG), the reuse reviewer page ``reuse.html`` and the dashboard ``index.html``.
``giptext analyze CORPUS -o OUT/`` is the same from the command line.

Example::

    >>> import giptext
    >>> a = giptext.analyze("corpora/samples", "out/", progress=False)
    >>> a.reports[["id", "agency", "year", "originality"]].shape
    (5, 4)
    >>> counts = a.statements.explode("labels")["labels"].value_counts()   # statements per theme
    >>> bool(len(counts))
    True
"""
from __future__ import annotations

import inspect
import json
import math
import re
import sys
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from giptext._atomic import atomic_dir, check_output_dir
from giptext._escape import escape_name
from giptext.errors import ConfigError, CorpusError
from giptext.report import Report

#: Tables written by :meth:`Analysis.write`, attribute → file stem.
TABLES = {
    "reports": "reports",
    "sections": "sections",
    "statements": "statements",
    "passages": "reuse_passages",
    "families": "reuse_families",
    "tables": "table_cells",
    "table_checks": "table_checks",
}

#: Labels of the era column: before the 2019 reporting template, or written on it.
ERAS = ("pre2019", "2019_template", "unknown")

# Table labels only the 2019 template (revised regulation, 2019 reports on) carries.
_TEMPLATE_2019 = re.compile(r"第二十条第[(（]|收到和处理政府信息公开申请情况|行政复议、行政诉讼情况")

_SECTION_COLS = ["doc", "label", "heading", "heading_start", "start", "end", "chars", "text"]
_STATEMENT_COLS = ["doc", "agency", "year", "level", "era", "kind", "section", "start", "end", "text", "labels", "scores"]


def era_of(report: Report) -> str:
    """``"2019_template"`` when the report carries the 2019 template's table labels or its year is ≥ 2019,
    ``"pre2019"`` for an earlier year, else ``"unknown"``."""
    if _TEMPLATE_2019.search(report.text):
        return "2019_template"
    year = report.meta.year
    if year is None:
        return "unknown"
    return "2019_template" if year >= 2019 else "pre2019"


def _notice(message: str, enabled: bool | None) -> None:
    """One line on stderr before a wait that has no bar (shown when bars would be)."""
    import sys

    if enabled is True or (enabled is None and sys.stderr.isatty()):
        print(f"giptext: {message}", file=sys.stderr, flush=True)


def _progress(iterable: Iterable, desc: str, total: int | None, enabled: bool | None, unit: str = "report") -> Iterable:
    if enabled is False:
        return iterable
    from tqdm.auto import tqdm

    # enabled=None: show a bar only when stderr is a terminal (tqdm's own rule).
    return tqdm(iterable, desc=desc, total=total, disable=None if enabled is None else False, unit=unit,
                leave=False, dynamic_ncols=True)


def _load(corpus_or_path: Any, progress: bool | None,
          exclude: Iterable[str | Path] = ()) -> tuple[list[Report], list[tuple[str, str]], str]:
    """Reports, skipped files and a description of the source (folders in ``exclude``, and
    giptext output folders, are not read)."""
    if isinstance(corpus_or_path, (str, Path)):
        path = Path(corpus_or_path)
        if not path.exists():
            raise CorpusError(path, "no such file or folder")
        if path.is_file():
            from giptext.io import read_report

            return [read_report(path)], [], escape_name(str(path))
        from giptext.corpus import Corpus

        corpus = Corpus.from_dir(path, progress=progress, exclude=exclude)
        source = escape_name(str(path))
    elif isinstance(corpus_or_path, Report):
        return [corpus_or_path], [], corpus_or_path.path or corpus_or_path.id
    else:
        corpus = corpus_or_path
        source = escape_name(str(getattr(corpus, "root", None) or type(corpus).__name__))
    reports = list(corpus)
    for r in reports:
        if not isinstance(r, Report):
            raise ConfigError(None, f"analyze() needs Report objects or a corpus folder, got {type(r).__name__}")
    ids = [r.id for r in reports]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})[:5]
        raise CorpusError(source, f"report ids are not unique: {dup}")
    skipped = [(str(p), str(w)) for p, w in getattr(corpus, "skipped", []) or []]
    return reports, skipped, source


def _section_rows(r: Report) -> list[dict[str, Any]]:
    return [
        {
            "doc": r.id,
            "label": s.label,
            "heading": s.heading,
            "heading_start": s.heading_start,
            "start": s.start,
            "end": s.end,
            "chars": s.end - s.start,
            "text": s.text,
        }
        for s in r.sections
    ]


def _report_row(r: Report) -> dict[str, Any]:
    m = r.meta
    overview, problems, improvements = r.overview, r.problems, r.improvements
    sts = r.statements()
    return {
        "id": r.id,
        "path": r.path,
        "title": m.title,
        "agency": m.agency,
        "year": m.year,
        "level": m.level,
        "region": m.region,
        "era": era_of(r),
        "file_format": r.format,
        "n_chars": len(r.text),
        "n_sections": len(r.sections),
        "sections": ",".join(s.label for s in r.sections),
        "overview_chars": len(overview),
        "problems_chars": len(problems),
        "improvements_chars": len(improvements),
        "n_problems": sum(1 for s in sts if s.kind == "problem"),
        "n_improvements": sum(1 for s in sts if s.kind == "improvement"),
        "n_statements": len(sts),
        # Scalar extras (e.g. an annotated corpus's manifest fields) kept for grouping, prefixed.
        **{f"meta_{k}": v for k, v in sorted(m.extra.items()) if isinstance(v, (str, int, float, bool)) or v is None},
    }


def _resolve_themes_model(model: Any) -> Any:
    import giptext.themes as themes

    if model is None:
        return themes.load_default()
    if isinstance(model, str):
        loader = getattr(themes, "load", None)
        if loader is None:
            raise ConfigError(None, f"themes model {model!r}: giptext.themes has no load(name)")
        return loader(model)
    return model


def _label_statements(reports: list[Report], model: Any, progress: bool | None,
                      batch: int = 64) -> tuple[pd.DataFrame, str]:
    """Statements with themes, and the name of the model that labelled them."""
    from giptext.themes import label_reports

    with_st = [r for r in reports if r.statements()]
    if not with_st:
        return pd.DataFrame(columns=_STATEMENT_COLS), _model_name(model)
    if model is None or isinstance(model, str):
        _notice(f"loading the theme model ({model or 'default'}) — a few seconds", progress)
    model = _resolve_themes_model(model)
    # Batches of reports, so the bar moves while one model stays loaded.
    chunks = [with_st[i : i + batch] for i in range(0, len(with_st), batch)]
    frames = []
    bar = _progress(chunks, "themes", len(chunks), progress, unit="batch")
    for chunk in bar:
        frames.append(label_reports(chunk, model=model))
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if "doc" not in df.columns:
        for alt in ("id", "doc_id", "report"):
            if alt in df.columns:
                df = df.rename(columns={alt: "doc"})
                break
    return df, _model_name(model)


def _detect_reuse(reports: list[Report], options: dict[str, Any] | None, progress: bool | None) -> Any:
    from giptext.reuse import detect

    options = dict(options or {})
    params = inspect.signature(detect).parameters
    if "progress" in params and "progress" not in options:
        options["progress"] = progress
    return detect(reports, **options)


def _plain_setting(v: Any) -> Any:
    """A ``detect`` keyword's value as JSON-ready data (settings objects as dicts)."""
    if isinstance(v, (list, tuple)):
        return [_plain_setting(x) for x in v]
    return v.to_dict() if callable(getattr(v, "to_dict", None)) else v


def _frame(obj: Any, name: str) -> pd.DataFrame:
    df = getattr(obj, name, None)
    if df is None:
        return pd.DataFrame()
    return df if isinstance(df, pd.DataFrame) else pd.DataFrame(df)


def _jsonable(v: Any) -> Any:
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):
        v = v.tolist()
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [_jsonable(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def _for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """Lists, arrays and dicts as JSON strings (Chinese kept readable) so the CSV round-trips."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object and out[c].map(lambda v: isinstance(v, (list, tuple, dict, set)) or hasattr(v, "tolist")).any():
            out[c] = out[c].map(
                lambda v: json.dumps(_jsonable(v), ensure_ascii=False)
                if isinstance(v, (list, tuple, dict, set)) or hasattr(v, "tolist") else v
            )
    return out


def _for_parquet(df: pd.DataFrame) -> pd.DataFrame:
    """Keep lists (Parquet has list columns); turn dicts and mixed objects into JSON strings."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype != object:
            continue
        vals = out[c].dropna()
        if vals.map(lambda v: isinstance(v, dict)).any():
            out[c] = out[c].map(lambda v: None if v is None else json.dumps(_jsonable(v), ensure_ascii=False))
        elif vals.map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            out[c] = out[c].map(lambda v: None if v is None else list(_jsonable(v)) if not isinstance(v, str) else [v])
        elif not vals.map(lambda v: isinstance(v, str)).all():
            out[c] = out[c].map(lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
    return out


def _write_table(df: pd.DataFrame, stem: Path) -> list[Path]:
    csv, pq = stem.with_suffix(".csv"), stem.with_suffix(".parquet")
    # Called only inside atomic_dir's temporary folder: the folder swap makes the output atomic.
    # utf-8-sig: Excel (what many reviewers open CSV with) needs the BOM to show Chinese.
    _for_csv(df).to_csv(csv, index=False, encoding="utf-8-sig")
    _for_parquet(df).to_parquet(pq, index=False)
    return [csv, pq]


@dataclass
class Analysis:
    """Everything :func:`analyze` found, as DataFrames that join on report ids and offsets.

    - ``reports``: one row per report (id, path, agency, year, level, era, section lengths,
      statement counts, narrative/reused characters, originality);
    - ``sections``: one row per section (doc, label, heading, start, end, text);
    - ``statements``: one row per problem/improvement statement with its theme ``labels`` and ``scores``;
    - ``passages``: reused passage pairs (doc_a/start_a/end_a … similarity, kind, scope, family);
    - ``families``: recurring passages grouped (n_occurrences, n_docs, n_agencies, years, text);
    - ``skipped``: (path, reason) of files that could not be read;
    - ``reuse``: the :class:`giptext.reuse.ReuseResult` (for its reviewer page), or ``None``;
    - ``tables``: one row per statistics-table cell (:func:`giptext.tables.extract`);
    - ``table_checks``: the table checks that failed (:func:`giptext.tables.check`).
    """

    reports: pd.DataFrame
    sections: pd.DataFrame
    statements: pd.DataFrame
    passages: pd.DataFrame
    families: pd.DataFrame
    skipped: list[tuple[str, str]] = field(default_factory=list)
    reuse: Any = None
    source: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    tables: pd.DataFrame = field(default_factory=pd.DataFrame)
    table_checks: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summary(self) -> dict[str, Any]:
        """Headline numbers (JSON-ready): counts, share of narrative reused, median originality."""
        r = self.reports
        d: dict[str, Any] = {
            "source": self.source,
            "reports": len(r),
            "skipped": len(self.skipped),
            "sections": len(self.sections),
            "statements": len(self.statements),
            "passages": len(self.passages),
            "families": len(self.families),
            "table_cells": len(self.tables),
            "failed_table_checks": len(self.table_checks),
        }
        if {"narrative_chars", "reused_chars"} <= set(r.columns) and r["narrative_chars"].sum() > 0:
            d["narrative_reused_share"] = round(float(r["reused_chars"].sum() / r["narrative_chars"].sum()), 4)
        if "originality" in r and r["originality"].notna().any():
            d["median_originality"] = round(float(r["originality"].median()), 4)
        return d

    def figures(self) -> dict[str, Any]:
        """The dashboard's figures, name → matplotlib Figure (not saved)."""
        from giptext.present import plots

        codebook, names = _codebook()
        st, r = self.statements, self.reports
        return {
            "themes_by_year": plots.theme_heatmap(st, r, by="year", codebook=codebook, names=names),
            "themes_by_level": plots.theme_heatmap(st, r, by="level", codebook=codebook, names=names),
            "themes_by_era": plots.theme_heatmap(st, r, by="era", codebook=codebook, names=names),
            "theme_cooccurrence": plots.theme_cooccurrence(st, codebook=codebook, names=names),
            "originality": plots.originality_distribution(r),
            "boilerplate_families": plots.top_families(self.families),
            "reuse_network": plots.reuse_network(self.passages, r),
            **_table_figures(self.tables),
        }

    def write(self, out_dir: str | Path, *, figures: bool = True, html: bool = True,
              progress: bool | None = None) -> list[Path]:
        """Write tables (CSV + Parquet), figures (PNG + SVG), ``reuse.html``, ``index.html`` and
        ``summary.json`` into ``out_dir``; return the paths written.

        The folder is built beside ``out_dir`` and swapped in when complete
        (:func:`giptext._atomic.atomic_dir`): a previous output stays whole until then, a
        stopped run leaves no mix of old and new files, and the result carries giptext's
        output marker (never read as input). An existing ``out_dir`` must be empty or an
        earlier giptext output: it is replaced as a whole.
        """
        from giptext._version import __version__

        final = Path(out_dir)
        with atomic_dir(final, marker={"giptext": __version__, "source": self.source}) as out:
            written = self._write_into(out, figures=figures, html=html, progress=progress)
        return [final / p.relative_to(out) for p in written]

    def _write_into(self, out: Path, *, figures: bool, html: bool, progress: bool | None) -> list[Path]:
        written: list[Path] = []
        for attr, stem in TABLES.items():
            written += _write_table(getattr(self, attr), out / stem)

        figs: dict[str, tuple[Path, Path | None]] = {}
        if figures:
            from giptext.present import plots

            made = self.figures()
            for name, fig in _progress(made.items(), "figures", len(made), progress, unit="figure"):
                png, svg = plots.save(fig, out / "figures" / name)
                figs[name] = (png, svg)
                written += [png, svg]

        reuse_page = None
        if html and self.reuse is not None and hasattr(self.reuse, "write_html"):
            try:
                self.reuse.write_html(out / "reuse.html")
            except ModuleNotFoundError as exc:  # the reviewer page module is optional in a partial install
                if exc.name != "giptext.present.reuse_page":
                    raise
                warnings.warn("reuse reviewer page not available (giptext.present.reuse_page missing); "
                              "index.html links nowhere",
                              stacklevel=2)
            else:
                reuse_page = "reuse.html"
                written.append(out / "reuse.html")
        if html:
            from giptext.present.dashboard import write_dashboard

            written.append(write_dashboard(self, out, figs, reuse_page=reuse_page, reuse_anchor=_reuse_anchor(self.reuse)))
        summary = {**self.summary(), "settings": _jsonable(self.settings),
                   "skipped_files": [{"path": p, "reason": w} for p, w in self.skipped]}
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(out / "summary.json")
        return written

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(f"<tr><th style='text-align:left'>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>"
                       for k, v in self.summary().items())
        tables = ", ".join(f"<code>.{a}</code> ({len(getattr(self, a))} rows)" for a in TABLES)
        return f"<div><b>giptext Analysis</b><table>{rows}</table><div>DataFrames: {tables}</div></div>"

    def __repr__(self) -> str:
        s = self.summary()
        return (f"Analysis({s['reports']} reports, {s['statements']} statements, {s['passages']} reused passages, "
                f"{s['families']} families, {s['skipped']} skipped)")


def _reuse_anchor(reuse: Any) -> Callable[[str, dict], str | None] | None:
    """The reviewer page's fragment for a family or passage row.

    Families are ``#fam-<family>`` on the page; a passage links to its pair's card when the
    page module says how it numbers pairs (``pair_anchors(result)``), else to its family.
    """
    if reuse is None:
        return None
    pairs: dict[tuple[str, str], str] = {}
    try:
        from giptext.present import reuse_page as page

        if hasattr(page, "pair_anchors"):
            pairs = dict(page.pair_anchors(reuse))
    except ImportError:
        pass

    def anchor(kind: str, row: dict) -> str | None:
        if kind == "passage":
            hit = pairs.get((str(row.get("doc_a")), str(row.get("doc_b"))))
            if hit:
                return hit
        fam = row.get("family")
        if fam is None or (isinstance(fam, float) and math.isnan(fam)):
            return None
        return f"fam-{int(fam) if isinstance(fam, (int, float)) else fam}"

    return anchor


def _table_figures(cells: pd.DataFrame) -> dict[str, Any]:
    from giptext.present.tables import requests_by_outcome

    return {"requests_by_outcome": requests_by_outcome(cells)}


def _table_frames(reports: list[Report], progress: bool | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every table cell, and the table checks that failed (never raises on a bad table)."""
    from giptext.tables import CELL_COLUMNS, CHECK_COLUMNS, cells, check_rows

    cell_rows: list[tuple] = []
    check_rows_: list[tuple] = []
    for r in _progress(reports, "tables", len(reports), progress):
        found = cells(r)
        cell_rows += [(r.id, *c) for c in found]
        check_rows_ += [(r.id, *c) for c in check_rows(r, found) if c.ok is False]
    checks = pd.DataFrame(check_rows_, columns=list(CHECK_COLUMNS))
    checks["ok"] = checks["ok"].astype("boolean")
    return pd.DataFrame(cell_rows, columns=list(CELL_COLUMNS)), checks


def _codebook() -> tuple[list[str] | None, dict[str, str] | None]:
    try:
        from giptext.themes.codebook import load_codebook
    except ImportError:
        return None, None
    cb = load_codebook()
    return list(cb.labels), {t.label: t.zh.split("/")[0] for t in cb}


def analyze(
    corpus_or_path: Any,
    out_dir: str | Path | None = None,
    *,
    themes_model: Any = None,
    reuse_options: dict[str, Any] | None = None,
    progress: bool | None = None,
    exclude: Iterable[str | Path] = (),
) -> Analysis:
    """Read, split, label and compare a corpus; optionally write everything to ``out_dir``.

    ``corpus_or_path``: a folder of reports, one report file, a :class:`giptext.Corpus`, or
    any iterable of :class:`Report`. ``themes_model``: a fitted theme classifier or a name
    :func:`giptext.themes.load` knows (default :func:`giptext.themes.load_default`).
    ``reuse_options``: keyword arguments for :func:`giptext.reuse.detect`. ``progress``:
    ``True`` always shows bars on stderr, ``False`` never, ``None`` when stderr is a terminal.
    ``exclude``: folders not to read. ``out_dir`` and any folder holding giptext output
    (its marker file) are never read as input, so ``analyze(".", "out")`` run twice does not
    read ``out/index.html``.

    Example::

        >>> a = analyze("corpora/samples", progress=False)
        >>> a.summary()["reports"]
        5
    """
    if isinstance(themes_model, Path):
        themes_model = str(themes_model)
    model_label = themes_model if isinstance(themes_model, str) else None
    if model_label is not None and model_label not in ("default", "themes-default"):
        # a model named by the user is checked (and refused) before any report is read
        themes_model = _resolve_themes_model(themes_model)
    if out_dir is not None:
        check_output_dir(out_dir)
    exclude = [*exclude, *([out_dir] if out_dir is not None else [])]
    reports, skipped, source = _load(corpus_or_path, progress, exclude)
    if not reports:
        err = CorpusError(source, "no readable report" + (f" ({len(skipped)} file(s) skipped)" if skipped else ""))
        err.skipped = skipped  # so a front end can still list why each file was skipped
        raise err

    section_rows: list[dict[str, Any]] = []
    report_rows: list[dict[str, Any]] = []
    for r in _progress(reports, "sections", len(reports), progress):
        section_rows += _section_rows(r)
        report_rows.append(_report_row(r))
    reports_df = pd.DataFrame(report_rows)
    reports_df["year"] = reports_df["year"].astype("Int64")  # nullable: unknown years stay <NA>, not 2021.0
    sections_df = pd.DataFrame(section_rows, columns=_SECTION_COLS)

    table_cells, table_checks = _table_frames(reports, progress)
    statements, model_name = _label_statements(reports, themes_model, progress)
    meta_cols = reports_df.set_index("id")[["agency", "year", "level", "era"]]
    for c in ("agency", "year", "level", "era"):
        if c not in statements.columns:
            statements[c] = statements["doc"].map(meta_cols[c]) if "doc" in statements else None
    if "year" in statements.columns:
        statements["year"] = pd.to_numeric(statements["year"], errors="coerce").astype("Int64")
    statements = statements[[c for c in _STATEMENT_COLS if c in statements.columns]
                            + [c for c in statements.columns if c not in _STATEMENT_COLS]]

    reuse = None
    passages = families = pd.DataFrame()
    if len(reports) >= 2:
        reuse = _detect_reuse(reports, reuse_options, progress)
        passages, families = _frame(reuse, "passages"), _frame(reuse, "families")
        per_report = _frame(reuse, "reports")
        if not per_report.empty and "id" in per_report.columns:
            extra = [c for c in per_report.columns if c == "id" or c not in reports_df.columns]
            reports_df = reports_df.merge(per_report[extra], on="id", how="left")

    settings = {
        "themes_model": model_label or model_name,
        # settings objects (detect(settings=..., paraphrase=...)) as plain dicts, so the
        # settings stay JSON
        "reuse_options": {k: _plain_setting(v) for k, v in (reuse_options or {}).items()},
    }
    result = Analysis(reports=reports_df, sections=sections_df, statements=statements, passages=passages,
                      families=families, skipped=skipped, reuse=reuse, source=source, settings=settings,
                      tables=table_cells, table_checks=table_checks)
    if out_dir is not None:
        result.write(out_dir, progress=progress)
    return result


def _model_name(model: Any) -> str:
    if model is None:
        return "themes-default"
    if isinstance(model, str):
        return model
    name = getattr(model, "name", None) or getattr(model, "name_", None)
    return str(name) if name else type(model).__name__


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`analyze`.

    ``giptext.analyze`` is meant to be the function, but importing the submodule
    (``from giptext.analyze import Analysis``) makes Python bind the package attribute to the
    module; a callable module keeps ``giptext.analyze(corpus)`` working either way.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Analysis:
        return analyze(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Analysis", "ERAS", "TABLES", "analyze", "era_of"]
