"""Shared fixtures: where ``shared/`` is, the dev corpus, the seed reports.

Tests that need ``../shared`` skip when it is absent on a user's machine, but fail in CI
(``CI`` set), where it is always beside the checkout: a CI run must exercise them.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from giptext.annotated import load_annotated, shared_dir

ROOT = Path(__file__).resolve().parent.parent


def _need(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI needs ../shared beside the checkout")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``shared/`` folder (dev corpus, seeds)."""
    return _need(shared_dir())


@pytest.fixture(scope="session")
def dev_dir(shared: Path) -> Path:
    """``shared/dev``: the annotated development corpus."""
    return _need(shared / "dev")


@pytest.fixture(scope="session")
def dev(dev_dir: Path):
    """The dev corpus loaded as an :class:`~giptext.annotated.AnnotatedCorpus`."""
    return load_annotated(dev_dir)


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    """``shared/seeds``: the five founding reports."""
    return _need(shared / "seeds")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """A folder for screenshots and other files tests leave behind for people to look at."""
    p = ROOT / "tests" / "_artifacts"
    p.mkdir(parents=True, exist_ok=True)
    return p
