"""The numba kernels' cache check and warm-up (giptext.reuse._jit)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from giptext.reuse import _jit, detect

ROOT = Path(__file__).resolve().parent.parent


def test_every_kernel_module_is_listed():
    listed = {name.rsplit(".", 1)[0] for name, _ in _jit._kernels()}
    with_njit = {f"giptext.reuse.{p.stem}" for p in (ROOT / "giptext" / "reuse").glob("*.py")
                 if p.stem != "_jit" and "\n@njit(cache=True" in p.read_text(encoding="utf-8")}
    assert listed == with_njit == set(_jit.KERNEL_MODULES)


def test_a_fresh_cache_is_reported_cold(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", "from giptext.reuse import _jit; print(len(_jit.cold_kernels()))"],
                         env=env, capture_output=True, text=True, check=True)
    assert int(out.stdout) == len(_jit._kernels()) > 10


def test_after_a_detection_nothing_is_cold():
    detect({"a": "认真贯彻落实条例强化组织领导完善工作机制", "b": "认真贯彻落实条例强化组织领导健全工作机制"},
           sections="all")
    assert _jit.cold_kernels() == []
    assert _jit.warm(progress=False) == 0.0  # a warm cache: nothing to do
