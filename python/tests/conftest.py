"""Shared fixtures: the package under test comes from the build tree
(PYTHONPATH set by ctest), never from an installed copy."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def sparse(rng, shape, dtype, density=0.3):
    """ReLU-like data: about `density` of the elements nonzero."""
    x = rng.standard_normal(shape) * (rng.random(shape) < density)
    return np.abs(x).astype(dtype)
