"""The compiled (numba) kernels of reuse detection: is their cache warm, and warming it.

The kernels are compiled on first use and cached on disk by numba (``cache=True``: next to the
modules in ``giptext/reuse/__pycache__``, or under ``NUMBA_CACHE_DIR``). A fresh checkout has
no cache, so the first detection compiles them, which takes a while; :func:`warm` does it ahead
(``make install`` calls ``python -m giptext.reuse._jit``), and :func:`detect` calls
:func:`ensure_warm` so that a cold first run says what it is doing instead of waiting silently.
"""
from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from typing import Any, TextIO

KERNEL_MODULES = (
    "giptext.reuse.view",
    "giptext.reuse.minhash",
    "giptext.reuse.lsh",
    "giptext.reuse.align_batch",
    "giptext.reuse.families",
    "giptext.reuse.archive",
)
"""The modules that hold ``@njit(cache=True)`` kernels."""

_WARMED = False


def _kernels() -> list[tuple[str, Any]]:
    """(qualified name, dispatcher) for every cached, non-inlined kernel of :data:`KERNEL_MODULES`."""
    from numba.core.registry import CPUDispatcher

    out = []
    for name in KERNEL_MODULES:
        mod = importlib.import_module(name)
        for attr, obj in sorted(vars(mod).items()):
            if (isinstance(obj, CPUDispatcher) and obj.__module__ == name
                    and obj.targetoptions.get("inline", "never") == "never"):
                out.append((f"{name}.{attr}", obj))
    return out


def _index_path(dispatcher: Any) -> str | None:
    """Where numba keeps this kernel's cache index (None if numba's layout is not the one known)."""
    try:
        return dispatcher._cache._cache_file._index_path
    except AttributeError:
        return None


def _is_cached(dispatcher: Any, since: float = 0.0) -> bool:
    """True when the kernel's cache index exists, is newer than its source and than ``since``."""
    path = _index_path(dispatcher)
    if path is None or not os.path.exists(path):
        return False
    try:
        stamp = os.path.getmtime(path)
        source = os.path.getmtime(sys.modules[dispatcher.__module__].__file__)
    except (OSError, KeyError, TypeError):
        return False
    return stamp >= source and stamp >= since


def cold_kernels() -> list[str]:
    """Names of the kernels that the next detection would compile (no fresh cache found)."""
    return [name for name, d in _kernels() if not _is_cached(d)]


def warm(*, progress: bool = True, stream: TextIO | None = None) -> float:
    """Compile every kernel now (into numba's on-disk cache) and return the seconds it took.

    Runs :func:`giptext.reuse.detect` on two short built-in texts, which calls each kernel
    once. ``progress``: print a one-line notice and a progress bar counting the kernels
    compiled (on ``stream``, default stderr). Does nothing (and returns 0) when every kernel is
    already cached.
    """
    global _WARMED
    stream = stream or sys.stderr
    kernels = [(n, d) for n, d in _kernels() if not _is_cached(d)]
    if not kernels:
        _WARMED = True
        return 0.0
    start = time.time()
    bar = None
    stop = threading.Event()
    if progress:
        from tqdm.auto import tqdm

        stream.write(f"giptext: compiling the reuse kernels ({len(kernels)}, numba) — once per install, "
                     "usually 15–60 s; they are cached for later runs\n")
        stream.flush()
        bar = tqdm(total=len(kernels), desc="compiling kernels", unit="kernel", file=stream, leave=False)

        def poll() -> None:
            while not stop.wait(0.25):
                done = sum(_is_cached(d, start - 1) for _, d in kernels)
                if done != bar.n:
                    bar.n = done
                    bar.refresh()

        threading.Thread(target=poll, daemon=True).start()
    try:
        from giptext.reuse.detect import detect

        _WARMED = True  # the warm-up run below must not warm again
        a = "本机关认真贯彻落实《政府信息公开条例》，强化组织领导，完善工作机制，主动公开政府信息。"
        b = "本机关认真贯彻落实《政府信息公开条例》，加强组织领导，健全工作机制，主动公开政府信息。"
        detect({"warm-a": a * 3, "warm-b": b * 3}, sections="all", progress=False, n_jobs=1)
        from giptext.reuse.archive import _warm_kernels

        _warm_kernels()  # the archive's index lookups, which a detection does not call
    finally:
        stop.set()
        if bar is not None:
            bar.n = sum(_is_cached(d, start - 1) for _, d in kernels)
            bar.close()
    took = time.time() - start
    if progress:
        stream.write(f"giptext: reuse kernels compiled in {took:.0f} s\n")
    return took


def ensure_warm(progress: Any = None) -> None:
    """Before the first detection of a process: compile cold kernels with a notice.

    The notice and bar are shown unless ``progress`` is ``False``; with a warm cache this only
    checks the cache files, once per process.
    """
    global _WARMED
    if _WARMED:
        return
    warm(progress=progress is not False)
    _WARMED = True


if __name__ == "__main__":  # `python -m giptext.reuse._jit`: what `make install` runs
    if not cold_kernels():
        print("giptext: reuse kernels already compiled and cached")
    else:
        warm(progress=True, stream=sys.stdout)
