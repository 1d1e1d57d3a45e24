"""Shared fixtures: the package under test comes from the build tree
(PYTHONPATH set by ctest), never from an installed copy."""

import os
import pathlib
import subprocess

import numpy as np
import pytest

# The source tree, for test data and tools: scripts/test-wheel runs a copy of
# these tests away from it and says where it is.
REPO = pathlib.Path(os.environ.get("CDMA_SOURCE_DIR") or pathlib.Path(__file__).resolve().parents[2])


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def sparse(rng, shape, dtype, density=0.3):
    """ReLU-like data: about `density` of the elements nonzero."""
    x = rng.standard_normal(shape) * (rng.random(shape) < density)
    return np.abs(x).astype(dtype)


@pytest.fixture
def cli():
    """Runs the `cdma` CLI built with the module (CDMA_CLI, set by ctest);
    returns the CompletedProcess."""
    path = os.environ.get("CDMA_CLI")
    assert path and os.path.exists(path), "CDMA_CLI must name the built cdma binary"

    def run(*args, check=True):
        r = subprocess.run([path, *map(str, args)], capture_output=True, text=True)
        if check:
            assert r.returncode == 0, (args, r.returncode, r.stderr)
        return r
    return run


def train_step(model, x, y, hooks=None):
    """One forward and backward pass of `model` on (x, y), inside the
    saved-tensor `hooks` when given; returns (loss, gradients), copied. The
    seed is fixed so that two runs draw the same dropout masks."""
    import torch
    model.zero_grad(set_to_none=True)
    torch.manual_seed(5)
    if hooks is None:
        loss = torch.nn.functional.cross_entropy(model(x), y)
    else:
        with hooks:
            loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    return loss.detach().clone(), [p.grad.clone() for p in model.parameters()]
