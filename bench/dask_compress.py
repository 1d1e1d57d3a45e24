#!/usr/bin/python3
"""Single-process `cdma compress -r` against cdma.dask.compress_tree on the
same directory of .npy dumps, and the Dask path with 1 and 2 workers.

The data sets are copied into a scratch folder first (the CLI writes its
.cdma files under --output-dir; nothing touches the originals). Every figure
is the median over --runs runs. Throughput counts the tensors' bytes (not
the .npy headers); the ratio is those bytes over the compressed bytes (the
.cdma files for the CLI, the Zarr chunk files for Dask, without Zarr's JSON
metadata). The CLI's time is the whole process; the Dask time is one
compress_tree() call on a cluster already started (its start-up is printed
apart: it is paid once per session, not per directory).

Usage: bench/dask_compress.py [--data DIR] [--sets vgg,resnet] [--runs N]
                              [--cli build/cli/cdma] [--level L]
Run from the repository root with PYTHONPATH=build/python.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def tensor_bytes(root):
    total = 0
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(".npy"):
                total += np.load(os.path.join(dirpath, f), mmap_mode="r").nbytes
    return total


def tree_size(root, suffix=""):
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, files in os.walk(root) for f in files
               if f.endswith(suffix) and not f.startswith("."))


def run_cli(cli, src, level):
    # Outputs go next to their inputs, in the scratch copy: --output-dir puts
    # every file in one folder, and dumps of several runs share their names.
    command = [cli, "compress", "-r", "-q", "-f", src]
    if level is not None:
        command += ["-l", str(level)]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - started
    stored = tree_size(src, ".cdma")
    for d, _, files in os.walk(src):
        for f in files:
            if f.endswith(".cdma"):
                os.remove(os.path.join(d, f))
    return seconds, stored


def run_dask(client, src, out, level):
    import cdma.dask

    shutil.rmtree(out, ignore_errors=True)
    report = cdma.dask.compress_tree(src, out, client=client, level=level)
    return report.seconds, report.stored_bytes


def row(name, seconds, stored, files, raw):
    s = statistics.median(seconds)
    return "| %s | %.1f | %.3f | %.3f | %.2f |" % (
        name, files / s, raw / s / 1e9, raw / statistics.median(stored), s)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="../shared/data")
    p.add_argument("--sets", default="vgg,resnet")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cli", default="build/cli/cdma")
    p.add_argument("--level", type=int)
    args = p.parse_args()

    from dask.distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory(prefix="cdma-dask-bench-") as scratch:
        src = os.path.join(scratch, "src")
        for name in args.sets.split(","):
            shutil.copytree(os.path.join(args.data, name), os.path.join(src, name))
        files = sum(f.endswith(".npy") for _, _, fs in os.walk(src) for f in fs)
        raw = tensor_bytes(src)
        print("%d files, %.1f MB of tensors (%s); median of %d runs"
              % (files, raw / 1e6, args.sets, args.runs), file=sys.stderr)

        results = []
        cli = [run_cli(args.cli, src, args.level)
               for _ in range(args.runs)]
        results.append(("`cdma compress -r` (1 process)", cli))
        for workers in (1, 2):
            started = time.perf_counter()
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                print("LocalCluster(%d) up in %.1f s" % (workers, time.perf_counter() - started),
                      file=sys.stderr)
                run_dask(client, src, os.path.join(scratch, "warm.zarr"), args.level)  # imports
                runs = [run_dask(client, src, os.path.join(scratch, "out.zarr"), args.level)
                        for _ in range(args.runs)]
            results.append(("`cdma.dask.compress_tree`, %d worker%s" % (
                workers, "s" if workers > 1 else ""), runs))

        print("| path | files/s | GB/s | ratio | seconds |")
        print("|---|---:|---:|---:|---:|")
        for name, runs in results:
            print(row(name, [r[0] for r in runs], [r[1] for r in runs], files, raw))


if __name__ == "__main__":
    main()
