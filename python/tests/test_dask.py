"""cdma.dask on a LocalCluster of 2 worker processes: a tree of .npy files
round-trips bit for bit through one Zarr store, the reported ratio is the one
the chunk files give, and a worker killed mid-run still leaves a complete,
correct store."""

import os
import subprocess
import sys

import numpy as np
import pytest

import cloudpickle
import dask.array as da
import zarr
from distributed import Client, LocalCluster

import cdma
import cdma.dask
from conftest import sparse

# Readers defined here run on the workers, which cannot import this file:
# send them by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def make_tree(root, rng):
    """A few MB of activation-like dumps in nested folders, with the dtypes
    and layouts dumps come in (bf16 as NumPy's |V2, Fortran order, 0-d, empty)."""
    tensors = {
        "vgg/early/01_conv_relu.npy": sparse(rng, (8, 16, 32, 32), np.float32),
        "vgg/early/02_pool.npy": sparse(rng, (8, 16, 16, 16), np.float16),
        "vgg/final-bf16/01_conv_relu.npy":
            (sparse(rng, (8, 16, 32, 32), np.float32).view(np.uint32) >> 16)
            .astype(np.uint16).view("V2"),
        "resnet/mid/fc.npy": np.asfortranarray(sparse(rng, (64, 300), np.float64)),
        "resnet/mid/mask.npy": rng.random((40, 50)) < 0.2,
        "resnet/mid/q.npy": (sparse(rng, (1000, 33), np.float32) * 30).astype(np.int8),
        "resnet/big.npy": sparse(rng, (12, 64, 64, 64), np.float32),  # 12 rows of 1 MiB
        "resnet/scalar.npy": np.array(3.5, np.float32),
        "resnet/empty.npy": np.zeros((0, 7), np.float32),
        "resnet__mid/fc.npy": sparse(rng, (5, 5), np.float32),  # same flat name as resnet/mid/fc
    }
    for rel, a in tensors.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, a)
    (root / "notes.txt").write_text("not a tensor")
    return tensors


def same_bits(a, b):
    return (a.dtype == b.dtype and a.shape == b.shape
            and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes())


def stored_bytes_from_chunk_files(store):
    """frame_size summed over every chunk file of the store, read from the
    frames themselves; each frame must hold one whole (padded) chunk."""
    stored = 0
    for name, z in zarr.open_group(store, mode="r").arrays():
        chunk_raw = z.dtype.itemsize * int(np.prod(z.chunks))
        files = [f for f in os.listdir(os.path.join(store, name)) if not f.startswith(".")]
        assert len(files) == z.nchunks, name
        for f in files:
            frame = open(os.path.join(store, name, f), "rb").read()
            if z.shape == ():  # Zarr stores one value raw, whatever the compressor
                assert z.compressor is None and len(frame) == chunk_raw
                stored += len(frame)
                continue
            assert z.compressor.codec_id == "cdma"
            info = cdma.frame_info(frame)
            assert (info.frame_size, info.content_size) == (len(frame), chunk_raw)
            stored += info.frame_size
    return stored


def check_store(store, tensors):
    tree = cdma.dask.open_tree(store)
    assert sorted(tree) == sorted(tensors)
    for rel, a in tensors.items():
        assert isinstance(tree[rel], da.Array)
        assert same_bits(tree[rel].compute(), a), rel


def test_tree_round_trips_bit_for_bit_and_ratio_is_the_chunks(tmp_path, rng, client):
    tensors = make_tree(tmp_path / "src", rng)
    store = str(tmp_path / "acts.zarr")
    report = cdma.dask.compress_tree(tmp_path / "src", store, client=client,
                                     chunk_bytes=5 << 20, level=3)  # big.npy: 5+5+2 rows
    check_store(store, tensors)

    assert report.files == len(tensors)
    assert report.raw_bytes == sum(a.nbytes for a in tensors.values())
    stored = stored_bytes_from_chunk_files(store)
    assert report.stored_bytes == stored
    assert report.ratio == report.raw_bytes / stored
    big = zarr.open_group(store, mode="r")[
        next(a.name for a in report.arrays if a.path.endswith("big.npy"))]
    assert big.compressor.codec_id == "cdma" and big.chunks[0] == 5 and big.nchunks == 3
    assert not [p for p in os.listdir(tmp_path) if ".tmp-" in p]


def test_killed_worker_still_gives_a_complete_store(tmp_path, rng, client):
    tensors = make_tree(tmp_path / "src", rng)
    marker = str(tmp_path / "killed-once")

    class DiesMidWrite:
        """big.npy, whose worker dies (once) after writing some of its chunks."""

        def __init__(self, path):
            self.a = cdma.dask.load_npy(path)
            self.shape, self.dtype = self.a.shape, self.a.dtype

        def __getitem__(self, rows):
            if rows.start >= 5:
                try:
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    pass
                else:
                    os._exit(17)  # the worker process dies, without cleanup
            return self.a[rows]

    def reader_that_kills_its_worker_once(path):
        return DiesMidWrite(path) if path.endswith("big.npy") else cdma.dask.load_npy(path)

    workers_before = set(client.scheduler_info()["workers"])
    store = str(tmp_path / "acts.zarr")
    report = cdma.dask.compress_tree(tmp_path / "src", store, client=client,
                                     chunk_bytes=1 << 20,
                                     reader=reader_that_kills_its_worker_once)
    assert os.path.exists(marker), "the reader never killed its worker"
    assert set(client.scheduler_info()["workers"]) != workers_before  # a nanny restarted one
    check_store(store, tensors)
    assert report.stored_bytes == stored_bytes_from_chunk_files(store)


def test_compress_array_writes_a_lazy_round_trip(tmp_path, rng, client):
    a = sparse(rng, (64, 32, 32), np.float32)
    x = da.from_array(a, chunks=(16, 32, 32))
    store = str(tmp_path / "x.zarr")
    cdma.dask.compress_array(x, store, "acts/layer1", level=5)
    z = zarr.open_array(store, path="acts/layer1", mode="r")
    assert z.compressor.get_config()["level"] == 5 and z.chunks == (16, 32, 32)
    assert same_bits(da.from_zarr(store, component="acts/layer1").compute(), a)
    with pytest.raises(TypeError, match="dask.array"):
        cdma.dask.compress_array(a, store, "acts/layer2")


def test_bad_input_leaves_nothing_behind(tmp_path, rng, client):
    src = tmp_path / "src"
    src.mkdir()
    store = tmp_path / "acts.zarr"
    with pytest.raises(ValueError, match="no .npy files"):
        cdma.dask.compress_tree(src, store, client=client)
    with pytest.raises(NotADirectoryError):
        cdma.dask.compress_tree(src / "missing", store, client=client)
    np.save(src / "good.npy", sparse(rng, (4, 4), np.float32))
    (src / "sub").mkdir()
    (src / "sub" / "truncated.npy").write_bytes(np.lib.format.magic(1, 0) + b"\x10\x00{'descr'")
    with pytest.raises(ValueError, match="truncated.npy"):
        cdma.dask.compress_tree(src, store, client=client)
    assert os.listdir(tmp_path) == ["src"]
    with pytest.raises(ValueError, match="level"):
        cdma.dask.compress_tree(src, store, client=client, level=42)
    with pytest.raises(ValueError, match="chunk_bytes"):
        cdma.dask.compress_tree(src, store, client=client, chunk_bytes=0)


def test_existing_store_is_kept_unless_overwrite(tmp_path, rng, client):
    src = tmp_path / "src"
    src.mkdir()
    first = sparse(rng, (4, 4), np.float32)
    np.save(src / "a.npy", first)
    store = tmp_path / "acts.zarr"
    cdma.dask.compress_tree(src, store, client=client)
    second = sparse(rng, (6, 3), np.float16)
    np.save(src / "a.npy", second)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        cdma.dask.compress_tree(src, store, client=client)
    assert same_bits(cdma.dask.open_tree(store)["a.npy"].compute(), first)
    (src / "broken.npy").write_bytes(b"not npy")
    with pytest.raises(ValueError, match="broken.npy"):
        cdma.dask.compress_tree(src, store, client=client, overwrite=True)
    assert same_bits(cdma.dask.open_tree(store)["a.npy"].compute(), first)
    (src / "broken.npy").unlink()
    cdma.dask.compress_tree(src, store, client=client, overwrite=True)
    assert same_bits(cdma.dask.open_tree(store)["a.npy"].compute(), second)
    assert sorted(os.listdir(tmp_path)) == ["acts.zarr", "src"]


def test_array_names_are_safe_and_distinct():
    assert cdma.dask.array_name("vgg/final/01 conv:relu.npy") == "vgg__final__01_conv_relu"
    assert cdma.dask.array_name(".zarray.npy") == "_.zarray"
    names = cdma.dask._unique_names(["a/b.npy", "a__b.npy", "A__B.npy"])
    assert len({n.lower() for n in names}) == 3
    deep = ["/".join(["layer%03d" % i] * 40) + "/x%d.npy" % j for i in range(2) for j in range(2)]
    names = cdma.dask._unique_names(deep)
    assert len(set(names)) == 4 and all(len(n) <= 200 for n in names)


def test_deep_tree_with_long_paths(tmp_path, rng, client):
    src = tmp_path / "src"
    deep = src.joinpath(*["activations_of_a_rather_long_layer_name"] * 8)  # 330 bytes flat
    deep.mkdir(parents=True)
    tensors = {}
    for i in range(2):
        rel = os.path.relpath(deep / ("%d.npy" % i), src)
        tensors[rel] = sparse(rng, (3, 5), np.float32)
        np.save(src / rel, tensors[rel])
    store = str(tmp_path / "acts.zarr")
    cdma.dask.compress_tree(src, store)  # no client=: Dask's current one, the fixture's
    check_store(store, tensors)


def test_command_line_entry_on_a_running_scheduler(tmp_path, rng, client, capsys):
    src = tmp_path / "src"
    (src / "d").mkdir(parents=True)
    a = sparse(rng, (16, 8, 8), np.float32)
    np.save(src / "d" / "x.npy", a)
    out = tmp_path / "out.zarr"
    # In this process (a new interpreter per run costs tens of seconds here).
    args = [str(src), str(out), "--scheduler", client.scheduler.address, "--level", "7"]
    assert cdma.dask.main(args) == 0
    assert "1 files" in capsys.readouterr().out
    assert same_bits(cdma.dask.open_tree(out)["d/x.npy"].compute(), a)
    assert cdma.dask.main(args) == 1
    assert "--force" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        cdma.dask.main(args[:-2] + ["--workers", "2"])
    assert e.value.code == 2 and "--scheduler" in capsys.readouterr().err
    run = subprocess.run([sys.executable, "-m", "cdma.dask", "--help"],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0 and "--scheduler ADDR" in run.stdout
