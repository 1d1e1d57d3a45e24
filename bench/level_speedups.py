#!/usr/bin/python3
"""Runs build/bench/level_table --csv several times and prints, per data set
and method, the ratio and the compress/decompress speed as multiples of
zstd -1's speed in the same run (the issue-3 targets are stated that way).
Each run's multiples are taken against that run's own zstd -1; the table
shows their median over the runs, so a noisy stretch on this shared machine
moves one run, not the figure.

The two "x like" columns compare like with like: with --no-checksum,
checksummed cdma rows against "zstd -1 +xxh" (zstd with its checksum, as
its command line writes), every other row against plain zstd -1.

Usage: bench/level_speedups.py [--runs N] [level_table args...]
  e.g. bench/level_speedups.py --runs 3 --rounds 5 --no-slow --no-checksum
Needs CDMA_BENCH_DATA (or the default data path) as level_table does.
"""
import statistics
import subprocess
import sys


def main():
    args = sys.argv[1:]
    runs = 3
    if args[:1] == ["--runs"]:
        runs = int(args[1])
        args = args[2:]
    per = {}  # (set, method) -> list of (ratio, cx, dx, c, d)
    order = []
    for _ in range(runs):
        out = subprocess.run(["build/bench/level_table", "--csv", *args], check=True,
                             capture_output=True, text=True).stdout
        rows = [line.split(",") for line in out.strip().splitlines()[1:]]
        base = {r[0]: (float(r[3]), float(r[4])) for r in rows if r[1] == "zstd -1"}
        # With --no-checksum: checksummed cdma rows against zstd with its
        # checksum too, "nc" rows against plain zstd (like for like).
        base_xxh = {r[0]: (float(r[3]), float(r[4])) for r in rows if r[1] == "zstd -1 +xxh"}
        for s, m, ratio, c, d in rows:
            key = (s, m)
            if key not in per:
                per[key] = []
                order.append(key)
            bc, bd = base[s]
            xc, xd = base_xxh.get(s, (bc, bd)) if m.startswith("cdma") and not m.endswith(" nc") else (bc, bd)
            per[key].append((float(ratio), float(c) / bc, float(d) / bd, float(c), float(d),
                             float(c) / xc, float(d) / xd))
    print(f"median of {runs} runs; x = multiple of zstd -1's speed in the same run")
    current = None
    for s, m in order:
        if s != current:
            current = s
            print(f"\n{s}\n{'method':<14}{'ratio':>7}{'comp GB/s':>11}{'x':>7}{'decomp GB/s':>13}{'x':>7}"
                  f"{'x like':>8}{'x like':>8}")
        v = per[(s, m)]
        med = [statistics.median(x[i] for x in v) for i in range(7)]
        print(f"{m:<14}{med[0]:>7.3f}{med[3]:>11.3f}{med[1]:>7.2f}{med[4]:>13.3f}{med[2]:>7.2f}"
              f"{med[5]:>8.2f}{med[6]:>8.2f}")


if __name__ == "__main__":
    main()
