"""Compares the cdma HDF5 filter with the compression filters Debian ships
(Blosc 32001 with shuffle and bitshuffle, LZ4 32004) and HDF5's own gzip, on
the same datasets through h5py: ratio, write and read throughput, one run.

    /usr/bin/python3 hdf5/bench/filters.py [--data ../shared/data] [--repeat 5]

Needs hdf5-filter-plugin and hdf5-filter-plugin-blosc-serial (Debian) and the
built plugin (build/hdf5/plugins). Every method writes and reads the same
datasets in a file in /dev/shm (no disk in the timings); the methods take
turns, --repeat rounds, and each time is the method's best; every read is
checked against the data written.
Throughput counts uncompressed bytes (MB = 1e6 bytes) on one core: Blosc is
pinned to one thread like cdma.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CDMA = 52640
BLOSC = 32001
LZ4 = 32004
# Blosc's cd_values 0..3 are its own; 4: clevel, 5: shuffle (1 byte, 2 bit),
# 6: compressor (1 lz4, 5 zstd).
METHODS = [
    ("none", {}),
    ("gzip -1 + shuffle", dict(compression="gzip", compression_opts=1, shuffle=True)),
    ("Blosc lz4 5 + shuffle", dict(compression=BLOSC, compression_opts=(0, 0, 0, 0, 5, 1, 1))),
    ("Blosc lz4 5 + bitshuffle", dict(compression=BLOSC, compression_opts=(0, 0, 0, 0, 5, 2, 1))),
    ("Blosc zstd 5 + bitshuffle", dict(compression=BLOSC, compression_opts=(0, 0, 0, 0, 5, 2, 5))),
    ("LZ4 (32004)", dict(compression=LZ4, compression_opts=(0,))),
    ("cdma -1", dict(compression=CDMA, compression_opts=(1,))),
    ("cdma -3 (default)", dict(compression=CDMA)),
    ("cdma -9", dict(compression=CDMA, compression_opts=(9,))),
]
SETS = [("resnet/final", "f32"), ("vgg/final", "f32"), ("resnet/final-fp16", "f16"),
        ("resnet/final-bf16", "bf16 (opaque)")]
CHUNK_BYTES = 128 * 1024


def plugin_path():
    """This build's plugin first, then Debian's plugin folder (Blosc, LZ4)."""
    debian = subprocess.run(["pkg-config", "--variable=PluginDir", "hdf5"], capture_output=True,
                            text=True).stdout.strip() or "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins"
    return os.path.join(ROOT, "build", "hdf5", "plugins") + ":" + debian


def chunks_for(shape, itemsize):
    """Whole slices along the first axis, as many as fit in CHUNK_BYTES."""
    row = itemsize
    for d in shape[1:]:
        row *= d
    return (max(1, min(shape[0], CHUNK_BYTES // row)),) + tuple(shape[1:])


def load(data_dir, subdir):
    import numpy as np
    folder = os.path.join(data_dir, subdir)
    return {f[:-4]: np.load(os.path.join(folder, f)) for f in sorted(os.listdir(folder))
            if f.endswith(".npy")}


def time_method(h5py, arrays, kwargs, path):
    """One write and one read of every array; returns (stored bytes, write s, read s)."""
    t0 = time.perf_counter()
    with h5py.File(path, "w") as f:
        for name, a in arrays.items():
            f.create_dataset(name, data=a, chunks=chunks_for(a.shape, a.itemsize), **kwargs)
    tw = time.perf_counter() - t0
    t0 = time.perf_counter()
    with h5py.File(path, "r") as f:
        back = {name: f[name][()] for name in arrays}
        stored = sum(f[name].id.get_storage_size() for name in arrays)
    tr = time.perf_counter() - t0
    for name, a in arrays.items():
        if back[name].tobytes() != a.tobytes():
            sys.exit(f"{name}: read back different data")
    return stored, tw, tr


def measure(h5py, arrays, path, repeat):
    """Every method once per round, `repeat` rounds, so that a change in the
    machine's load touches all methods alike; the best time of each."""
    best = {m: (0, float("inf"), float("inf")) for m, _ in METHODS}
    for _ in range(repeat):
        for method, kwargs in METHODS:
            stored, tw, tr = time_method(h5py, arrays, kwargs, path)
            _, bw, br = best[method]
            best[method] = (stored, min(bw, tw), min(br, tr))
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    os.environ.setdefault("HDF5_PLUGIN_PATH", plugin_path())
    os.environ.setdefault("BLOSC_NTHREADS", "1")
    import h5py

    for fid in (CDMA, BLOSC, LZ4):
        if not h5py.h5z.filter_avail(fid):
            sys.exit(f"filter {fid} not found on HDF5_PLUGIN_PATH={os.environ['HDF5_PLUGIN_PATH']}")

    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    print(f"h5py {h5py.version.version}, HDF5 {h5py.version.hdf5_version}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}; chunks of up to {CHUNK_BYTES // 1024} KiB "
          f"along the first axis; best of {args.repeat} rounds\n")
    ratios = {m: [] for m, _ in METHODS}
    totals = {m: [0, 0.0, 0.0] for m, _ in METHODS}  # raw bytes, write s, read s
    for subdir, label in SETS:
        arrays = load(args.data, subdir)
        raw = sum(a.nbytes for a in arrays.values())
        with tempfile.TemporaryDirectory(dir=shm) as tmp:
            best = measure(h5py, arrays, os.path.join(tmp, "b.h5"), args.repeat)
        print(f"{subdir} ({label}, {len(arrays)} tensors, {raw / 1e6:.1f} MB)\n")
        print("| filter | ratio | write MB/s | read MB/s |")
        print("|---|---:|---:|---:|")
        for method, _ in METHODS:
            stored, tw, tr = best[method]
            print(f"| {method} | {raw / stored:.2f} | {raw / tw / 1e6:.0f} | {raw / tr / 1e6:.0f} |")
            ratios[method].append(raw / stored)
            t = totals[method]
            t[0], t[1], t[2] = t[0] + raw, t[1] + tw, t[2] + tr
        print(flush=True)

    print("All sets: ratio per set, throughput over all of them\n")
    print("| filter | " + " | ".join(s for s, _ in SETS) + " | write MB/s | read MB/s |")
    print("|---|" + "---:|" * (len(SETS) + 2))
    for method, _ in METHODS:
        raw, tw, tr = totals[method]
        cells = " | ".join(f"{r:.2f}" for r in ratios[method])
        print(f"| {method} | {cells} | {raw / tw / 1e6:.0f} | {raw / tr / 1e6:.0f} |")

if __name__ == "__main__":
    main()
