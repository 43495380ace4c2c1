"""Writing files and folders so that a stopped run never leaves a half-written result.

* :func:`atomic_path` / :func:`atomic_write` — a file is written under a temporary name beside
  its destination and moved into place with :func:`os.replace` (atomic on one file system):
  readers see the old file or the new one, never a torn one.
* :func:`atomic_dir` — a whole output folder (``analyze -o OUT``) is built in a temporary
  folder beside ``OUT`` and swapped in at the end. The previous ``OUT`` stays untouched until
  the new one is complete; if the run is stopped, the temporary folder (named
  ``.OUT.giptext-tmp-<pid>-<random>``) is removed, or, after a hard kill, removed by the next
  run that writes to ``OUT``. The finished folder carries :data:`OUTPUT_MARKER`, which tells
  giptext never to read it as input and allows a later run to replace it.

Example::

    >>> from giptext._atomic import atomic_dir                  # doctest: +SKIP
    >>> with atomic_dir("out") as tmp:                          # doctest: +SKIP
    ...     (tmp / "summary.json").write_text("{}")
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Iterator

from giptext.errors import ConfigError

#: A folder holding this file is giptext output (``analyze`` writes it): never read as reports.
OUTPUT_MARKER = ".giptext-output"
_TMP = ".giptext-tmp-"
_OLD = ".giptext-old-"


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it onto ``path``, on any error
    (or interruption) remove it and leave ``path`` as it was."""
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    # same suffix: writers that pick a format by extension still see it
    tmp = dest.with_name(f".{dest.stem}{_TMP}{os.getpid()}-{secrets.token_hex(4)}{dest.suffix}")
    try:
        yield tmp
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text in ``encoding``, or bytes) to ``path`` atomically; return the path."""
    with atomic_path(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding=encoding)
    return Path(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _stale(parent: Path, name: str) -> None:
    """Remove what a killed run left beside ``parent/name``; put back an output it had moved aside."""
    for kind in (_OLD, _TMP):
        prefix = f".{name}{kind}"
        for p in sorted(parent.glob(f"{prefix}*")):
            pid = p.name[len(prefix):].split("-", 1)[0]
            if not pid.isdigit() or _alive(int(pid)):
                continue
            if kind == _OLD and not (parent / name).exists():
                os.rename(p, parent / name)  # killed between moving the old output aside and the new one in
            else:
                shutil.rmtree(p, ignore_errors=True)


#: Names ``analyze`` writes; a folder holding only these (an output from before the marker) may be replaced.
KNOWN_OUTPUT = {"index.html", "reuse.html", "summary.json", "figures"} | {
    f"{stem}.{ext}" for stem in ("reports", "sections", "statements", "reuse_passages", "reuse_families", "tables")
    for ext in ("csv", "parquet")
}


def is_replaceable(out: Path) -> bool:
    """True when ``out`` may be replaced as a whole: missing, empty, carrying
    :data:`OUTPUT_MARKER`, or holding only names giptext writes."""
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    names = {p.name for p in out.iterdir()}
    return not names or OUTPUT_MARKER in names or names <= KNOWN_OUTPUT


def check_output_dir(out: str | os.PathLike) -> None:
    """Raise :class:`ConfigError` unless ``out`` can receive a giptext output folder
    (checked before a long run, so it is not refused only at the end)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ConfigError(out, "output path exists and is not a folder")
    if not is_replaceable(out):
        raise ConfigError(out, f"output folder holds files giptext did not write (no {OUTPUT_MARKER}); "
                               "giptext replaces its output folder as a whole: name a new or empty folder")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


@contextlib.contextmanager
def atomic_dir(out: str | os.PathLike, marker: dict | None = None) -> Iterator[Path]:
    """Build a folder in a temporary sibling of ``out`` and swap it in when the block ends.

    ``out`` must be missing, or a folder :func:`is_replaceable` accepts: giptext replaces its
    output folder as a whole and will not delete a folder of someone else's files.
    :data:`OUTPUT_MARKER` (JSON: ``marker`` plus ``"complete": true``) is written last.
    """
    out = Path(out)
    if out.is_symlink():  # replace the folder it points to, not the link
        out = out.resolve()
    check_output_dir(out)
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    _stale(parent, out.name)
    check_output_dir(out)  # _stale may have put a moved-aside output back
    tag = f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp = parent / f".{out.name}{_TMP}{tag}"
    tmp.mkdir()
    try:
        yield tmp
        atomic_write(tmp / OUTPUT_MARKER, json.dumps({**(marker or {}), "complete": True}, ensure_ascii=False, indent=1))
        if out.exists():
            if _exchange(tmp, out):
                shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous output
                return
            old = parent / f".{out.name}{_OLD}{tag}"
            os.rename(out, old)
            try:
                os.rename(tmp, out)
            except BaseException:
                os.rename(old, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


__all__ = ["OUTPUT_MARKER", "atomic_path", "atomic_write", "atomic_dir", "check_output_dir", "is_replaceable", "KNOWN_OUTPUT"]
