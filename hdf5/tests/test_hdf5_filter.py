"""The cdma HDF5 filter through h5py and h5dump, each step in a fresh process
that finds libH5Zcdma.so only through HDF5_PLUGIN_PATH (conftest.py)."""
import json
import math
import os
import shutil
import subprocess

import numpy as np
import pytest

import cases
from conftest import run, worker, worker_json

FILTER_ID = 52640


@pytest.fixture(scope="module")
def written(plugin_dir, tmp_path_factory):
    """Every dataset of cases.py written by one process and read back by
    another: (file, report, folder of the arrays read)."""
    tmp = tmp_path_factory.mktemp("h5")
    path = tmp / "all.h5"
    worker(plugin_dir, "write", path)
    out = tmp / "read"
    out.mkdir()
    report = worker_json(plugin_dir, "read", path, out)
    return path, report, out


@pytest.mark.parametrize("case", cases.cases(), ids=lambda c: c["name"])
def test_round_trip_is_exact(written, case):
    _, report, out = written
    expected = cases.make(case["dtype"], case["shape"], case["seed"])
    got = np.load(out / (case["name"] + ".npy"))
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert got.tobytes() == expected.tobytes()


@pytest.mark.parametrize("case", cases.cases(), ids=lambda c: c["name"])
def test_every_chunk_went_through_cdma(written, case):
    """The filter ran on every chunk (h5py makes it optional, so a failure
    would have stored the chunk raw with its mask bit set) and recorded
    level, element width and chunk size in cd_values."""
    _, report, _ = written
    r = report[case["name"]]
    assert [f["id"] for f in r["filters"]] == [FILTER_ID]
    level = case["level"] or 3
    itemsize = np.dtype(case["np_dtype"]).itemsize
    chunk_bytes = math.prod(case["chunks"]) * itemsize
    assert r["filters"][0]["cd_values"] == [level, case["width"], chunk_bytes]
    n_chunks = math.prod(-(-s // c) for s, c in zip(case["shape"], case["chunks"]))
    assert len(r["chunks"]) == n_chunks
    assert all(c["mask"] == 0 for c in r["chunks"])


def test_sparse_data_is_smaller(written):
    _, report, _ = written
    for case in cases.cases():
        if case["dtype"] == "f32" and case["chunks"] == (1000,):
            raw = math.prod(case["shape"]) * 4
            assert report[case["name"]]["storage"] < 0.8 * raw, case["name"]


def test_unreadable_without_the_plugin(written, tmp_path):
    """The data really is cdma frames: an HDF5 whose plugin path holds no
    plugin cannot read it (and says which filter is missing)."""
    path, _, _ = written
    empty = tmp_path / "no-plugins"
    empty.mkdir()
    out = tmp_path / "read"
    out.mkdir()
    r = worker(str(empty), "read", path, out, check=False)
    assert r.returncode != 0
    assert "OSError" in r.stderr and "filter" in r.stderr, r.stderr


def first_chunk(plugin_dir, path, name):
    out = path.parent / "chunks"
    out.mkdir(exist_ok=True)
    report = worker_json(plugin_dir, "read", path, out)
    return report[name]["chunks"][0]


@pytest.mark.parametrize("dtype", ["f32", "bf16", "u8"])
def test_damaged_chunk_raises(plugin_dir, written, tmp_path, dtype):
    """Every byte of one stored chunk inverted in turn, in a copy of the file:
    each read raises, or (a bit the decoder ignores) returns the original;
    never other data."""
    src, _, _ = written
    path = tmp_path / "one.h5"
    shutil.copy(src, path)
    name = f"{dtype}_300_Ldefault"
    chunk = first_chunk(plugin_dir, path, name)
    positions = range(chunk["offset"], chunk["offset"] + chunk["size"])
    results = worker_json(plugin_dir, "damaged", path, name, *positions)
    message = results.pop("message", "")
    outcomes = list(results.values())
    assert "WRONG" not in outcomes
    assert outcomes.count("raised") >= 0.99 * len(outcomes)
    assert "cdma filter: chunk" in message, message


@pytest.mark.parametrize("payload", ["truncated", "garbage", "smaller_frame", "larger_frame",
                                     "trailing", "one_byte"])
def test_lying_chunk_raises(plugin_dir, written, tmp_path, payload):
    """Chunks written straight into the file (write_direct_chunk), bypassing
    the encoder: the decoder refuses each instead of trusting its sizes."""
    src, report, _ = written
    path = tmp_path / "lie.h5"
    shutil.copy(src, path)
    with open(src, "rb") as fh:
        whole = fh.read()

    def stored(name, i=0):
        c = report[name]["chunks"][i]
        return whole[c["offset"]:c["offset"] + c["size"]]

    target = "f32_300_Ldefault"
    frame = stored(target)
    bodies = {
        "truncated": frame[:len(frame) // 2],
        "garbage": bytes(np.random.default_rng(7).integers(0, 256, 4096, dtype=np.uint8)),
        # Valid frames of another chunk size: 1000 f32 (4000 bytes) and one u8.
        "larger_frame": stored("f32_1000_Ldefault"),
        "smaller_frame": stored("u8_1_Ldefault"),
        "trailing": frame + b"\0" * 16,
        "one_byte": frame[:1],
    }
    chunk_file = tmp_path / "chunk.bin"
    chunk_file.write_bytes(bodies[payload])
    worker(plugin_dir, "direct", path, target, chunk_file)
    out = tmp_path / "read"
    out.mkdir()
    r = worker(plugin_dir, "read", path, out, check=False)
    assert r.returncode != 0
    assert "OSError: Can't read data (cdma filter: " in r.stderr, r.stderr


@pytest.mark.parametrize("opts,expect", [
    ([10], "level 10"),
    ([3, 3], "element width 3"),
    ([3, 2, 0, 1], "4 parameters given, at most 3"),
])
def test_bad_parameters_are_refused(plugin_dir, tmp_path, opts, expect):
    r = worker(plugin_dir, "create", tmp_path / "bad.h5", json.dumps(opts), check=False)
    assert r.returncode != 0
    assert "cdma filter: " + expect in r.stderr, r.stderr


@pytest.mark.parametrize("opts,recorded", [
    ([], [3, 4, 40]),
    ([0], [3, 4, 40]),
    ([9, 0], [9, 4, 40]),
    ([1, 8], [1, 8, 40]),
    ([5, 1, 999], [5, 1, 40]),  # a chunk size copied from elsewhere is replaced
])
def test_good_parameters_are_recorded(plugin_dir, tmp_path, opts, recorded):
    r = json.loads(worker(plugin_dir, "create", tmp_path / "ok.h5", json.dumps(opts)).stdout)
    assert r == dict(cd_values=recorded, same=True)


@pytest.mark.parametrize("dtype,width", [
    ("<c8", 8),                                 # compound of two f32, coded whole
    ("<c16", 8),                                # compound of two f64
    ([["a", "<f4"], ["b", "<f8"]], 4),          # 12 bytes: three 4-byte words
    ([["v", "<f2", [3]]], 2),                   # an array of three f16: 6 bytes
    ("V2", 2),                                  # opaque: bf16
    ("V6", 2),                                  # opaque of 6 bytes: three 2-byte words
    ("S3", 1),                                  # fixed-length string
    ("<u8", 8),
])
def test_element_width_from_datatype(plugin_dir, tmp_path, dtype, width):
    r = json.loads(worker(plugin_dir, "create", tmp_path / "w.h5", "[]",
                          json.dumps(dtype)).stdout)
    itemsize = np.dtype(dtype if isinstance(dtype, str)
                        else [tuple(m) for m in dtype]).itemsize
    assert r == dict(cd_values=[3, width, 10 * itemsize], same=True)


@pytest.mark.parametrize("name", ["f32_16x32_L9", "u8_2x8x17_Ldefault", "i8_1000_L1"])
def test_h5dump_reads_cdma_datasets(plugin_dir, written, tmp_path, name):
    """h5dump, a C program that knows nothing of cdma, dumps the raw values
    (HDF5 1.10's h5dump has no binary dump of f16 or opaque types)
    once the plugin is on its path, and fails without it."""
    path, _, out = written
    dump = tmp_path / "dump.bin"
    run(["h5dump", "-d", "/" + name, "-b", "LE", "-o", str(dump), str(path)], plugin_dir)
    assert dump.read_bytes() == np.load(out / (name + ".npy")).tobytes()

    empty = tmp_path / "no-plugins"
    empty.mkdir()
    r = run(["h5dump", "-d", "/" + name, "-b", "LE", "-o", str(tmp_path / "x.bin"), str(path)],
            str(empty), check=False)
    assert r.returncode != 0 or "error" in (r.stdout + r.stderr).lower()
