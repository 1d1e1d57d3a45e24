#!/usr/bin/env python3
"""CPU speed of cdma.torch.zvc (ZVC in PyTorch tensor operations) against
the C library's level 1 (plain ZVC), in one process on the same tensors.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/torch_zvc.py [DIR...]
DIR: directories of .npy activations (default ../shared/data/vgg/final and
../shared/data/resnet/final). Each file is compressed and decompressed by
both paths (median of --repeats runs); the C library writes its default
frame (content checksum on) and also the checksum-free frame the torch path
writes. Prints a Markdown table: MB/s of content, ratio.
"""

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np
import torch

import cdma
from cdma.torch import zvc


def median_seconds(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def files(dirs):
    root = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data"
    dirs = dirs or [root / "vgg" / "final", root / "resnet" / "final"]
    out = sorted(p for d in dirs for p in pathlib.Path(d).glob("*.npy"))
    if not out:
        sys.exit("torch_zvc: no .npy files in %s" % ", ".join(map(str, dirs)))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch intra-op threads (the C library uses one thread)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    rows, totals = [], {k: 0.0 for k in ("bytes", "tz_c", "tz_d", "c_c", "c_d", "c_c0")}
    for path in files(args.dirs):
        arr = np.load(path)
        t = torch.from_numpy(arr)
        frame = zvc.encode(t)
        c_frame = cdma.compress(arr, level=1)
        assert bytes(frame.numpy()) == cdma.compress(arr, level=1, codec="zvc", checksum=False)
        times = {
            "tz_c": median_seconds(lambda: zvc.encode(t), args.repeats),
            "tz_d": median_seconds(lambda: zvc.decode(frame), args.repeats),
            "c_c": median_seconds(lambda: cdma.compress(arr, level=1), args.repeats),
            "c_c0": median_seconds(lambda: cdma.compress(arr, level=1, checksum=False),
                                   args.repeats),
            "c_d": median_seconds(lambda: cdma.decompress(c_frame), args.repeats),
        }
        size = arr.nbytes
        totals["bytes"] += size
        for k, v in times.items():
            totals[k] += v
        rows.append((path.parent.parent.name + "/" + path.name, size, size / frame.numel(), times))
    mb = lambda n, s: "%.0f" % (n / s / 1e6)  # noqa: E731
    print("| tensor | MiB | ratio | torch encode MB/s | torch decode MB/s | C L1 compress MB/s "
          "| C L1 no checksum MB/s | C decompress MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, size, ratio, t in rows + [("**all**", totals["bytes"], None, totals)]:
        print("| %s | %.2f | %s | %s | %s | %s | %s | %s |" % (
            name, size / 2**20, "%.2f" % ratio if ratio else "", mb(size, t["tz_c"]),
            mb(size, t["tz_d"]), mb(size, t["c_c"]), mb(size, t["c_c0"]), mb(size, t["c_d"])))
    print("\ntorch %s, %d intra-op thread(s); C library one thread; median of %d runs"
          % (torch.__version__, args.threads, args.repeats))


if __name__ == "__main__":
    main()
