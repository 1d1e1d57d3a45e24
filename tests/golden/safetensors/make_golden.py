"""Writes the committed golden safetensors inputs, one small file per dtype
(run once; the files are committed so that a change to the reader or to
st_write.py cannot silently change what the tests check against):

    /usr/bin/python3 tests/golden/safetensors/make_golden.py tests/golden/safetensors
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "data", "safetensors"))
import st_write  # noqa: E402

out = sys.argv[1]
for name, dtype, array in st_write.weights(seed=21, rows=16, cols=24):
    if array.size < 2:
        continue
    path = os.path.join(out, dtype.lower() + ".safetensors")
    if os.path.exists(path):
        continue  # the first tensor of each dtype
    st_write.write(path, [(name, dtype, array), (name + ".bias", dtype, array.reshape(-1)[:5])],
                   {"format": "pt", "dtype": dtype})
