"""A CPU without AVX-512 or AVX2 (CDMA_MAX_TARGET caps every kernel): the
module imports and writes the same frames, and decodes them exactly."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import cdma
from conftest import sparse


@pytest.mark.parametrize("target", ["avx3", "avx2", "sse4", "scalar"])
def test_capped_targets_write_the_same_frames(tmp_path, rng, target):
    arrays = {"f32": sparse(rng, (64, 1000), np.float32),
              "f16": sparse(rng, (64, 1000), np.float16),
              "u8": (sparse(rng, 64000, np.float32) * 9).astype(np.uint8)}
    for name, a in arrays.items():
        np.save(tmp_path / (name + ".npy"), a)
        for level in (1, 3, 7):
            (tmp_path / ("%s.%d.cdma" % (name, level))).write_bytes(cdma.compress(a, level=level))
    child = textwrap.dedent("""
        import pathlib, sys, numpy as np, cdma
        d = pathlib.Path(sys.argv[1])
        for npy in d.glob("*.npy"):
            a = np.load(npy)
            for level in (1, 3, 7):
                ref = (d / ("%s.%d.cdma" % (npy.stem, level))).read_bytes()
                assert cdma.compress(a, level=level) == ref, (npy.name, level)
                assert np.array_equal(cdma.decompress(ref), a), (npy.name, level)
    """)
    env = dict(os.environ, CDMA_MAX_TARGET=target)
    subprocess.run([sys.executable, "-c", child, str(tmp_path)], check=True, env=env)
