"""Common-component removal (giptext.embed.common)."""
import numpy as np
import pytest

from giptext.embed.common import common_components, remove_common
from giptext.errors import ConfigError


def _register_corpus(seed=0, n=400, d=24):
    """Rows = a shared register direction + a topic; pairs (2q, 2q+1) share their topic."""
    rng = np.random.default_rng(seed)
    register = rng.normal(size=d)
    topics = rng.normal(size=(n // 2, d))
    X = 6.0 * register + np.repeat(topics, 2, axis=0) + 0.3 * rng.normal(size=(n, d))
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)


def test_rows_are_unit_length_and_orthogonal_to_the_removed_directions():
    X = _register_corpus()
    mean, comps = common_components(X, 3)
    Y = remove_common(X, 3)
    assert Y.dtype == np.float32 and Y.shape == X.shape
    assert np.allclose(np.linalg.norm(Y, axis=1), 1.0, atol=1e-5)
    assert np.abs(Y @ comps.T).max() < 1e-4
    assert np.allclose(comps @ comps.T, np.eye(3), atol=1e-5)


def test_same_register_pairs_stop_looking_alike_while_same_topic_pairs_stay_close():
    X = _register_corpus()
    raw_unrelated = float(np.mean(np.sum(X[0:-2:2] * X[2::2], axis=1)))
    Y = remove_common(X, 1)
    unrelated = float(np.mean(np.sum(Y[0:-2:2] * Y[2::2], axis=1)))
    related = float(np.mean(np.sum(Y[0::2] * Y[1::2], axis=1)))
    assert raw_unrelated > 0.9  # the register dominates the raw cosine
    assert abs(unrelated) < 0.1
    assert related > 0.8


def test_deterministic_and_zero_only_centres():
    X = _register_corpus(seed=3)
    assert np.array_equal(remove_common(X, 4), remove_common(X.copy(), 4))
    Y0 = remove_common(X, 0)
    centred = X - X.mean(axis=0)
    assert np.allclose(Y0, centred / np.linalg.norm(centred, axis=1, keepdims=True), atol=1e-5)


def test_strided_fit_sample_is_used_above_fit_rows():
    X = _register_corpus(n=1000)
    mean, _ = common_components(X, 2, fit_rows=100)
    assert np.allclose(mean, X[::10].mean(axis=0), atol=1e-6)


def test_bad_settings_raise_config_error():
    with pytest.raises(ConfigError):
        remove_common(_register_corpus(), -1)
    with pytest.raises(ConfigError):
        remove_common(np.zeros((0, 8), dtype=np.float32), 2)
