#!/usr/bin/python3
"""The CLI end to end against the library in memory, side by side (issue 22).

Makes a 256 MiB fp32 .npy on tmpfs (the payloads of vgg/final + resnet/final,
sorted by name and tiled, exactly the buffer bench_codecs codes), then runs in
rounds, the commands of a round in an order that rotates from round to round:

  cli   `cdma compress -c -T N FILE > /dev/null` and `cdma decompress -c -T N
        FILE.cdma > /dev/null`, whole process, wall time;
  cat   `cat FILE > /dev/null` (and of FILE.cdma): what reading the input costs;
  lib   build/bench/bench_codecs cdma_default[_T2]_(de)compress/fp32, the
        median of its own repetitions (the library's one-shot calls on the
        same bytes in memory).

Prints per command the median over the rounds, and CLI / library. The
machine's load average is printed before and after: figures taken while
something else had the cores mean little.

Usage: bench/cli_vs_library.py [--rounds N] [--threads 1,2,0] [--size MiB]
                               [--dir /dev/shm/...] [--build build]
                               [--baseline OTHER/cdma]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CDMA_BENCH_DATA", ROOT.parent / "shared" / "data"))


def npy_payload(path):
    raw = path.read_bytes()
    if raw[:6] != b"\x93NUMPY":
        raise SystemExit(f"not a .npy file: {path}")
    if raw[6] >= 2:
        start = 12 + int.from_bytes(raw[8:12], "little")
    else:
        start = 10 + int.from_bytes(raw[8:10], "little")
    return raw[start:]


def make_input(path, size):
    """The tile of bench/tiled_data.hpp, as a 1-D float32 .npy."""
    period = b"".join(npy_payload(f) for d in ("vgg/final", "resnet/final")
                      for f in sorted((DATA / d).glob("*.npy")))
    count = size // 4
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }" % count
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as out:
        out.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
        left = count * 4
        while left:
            n = min(left, len(period))
            out.write(period[:n])
            left -= n


def wall(cmd, stdout=subprocess.DEVNULL):
    """(wall seconds, CPU seconds: user + system of the process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=stdout)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def library_ms(build):
    """Median ms of bench_codecs' default-level runs on fp32, by name."""
    out = subprocess.run(
        [str(build / "bench/bench_codecs"), "--benchmark_format=json",
         "--benchmark_filter=^cdma_default(_T2)?_(de)?compress/fp32/"],
        check=True, capture_output=True, text=True, env={**os.environ, "CDMA_BENCH_DATA": str(DATA)}).stdout
    res = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            name = b["run_name"].split("/")[0]
            res[name] = b["real_time"]
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--threads", default="1,2,0", help="CLI -T values to time")
    ap.add_argument("--size", type=int, default=256, help="MiB of tensor data")
    ap.add_argument("--dir", default="/dev/shm/cdma-cli-bench")
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--cdma", help="the cdma binary (default BUILD/cli/cdma)")
    ap.add_argument("--baseline", help="another cdma binary (e.g. main's) timed in the same rounds")
    ap.add_argument("--no-library", action="store_true", help="skip bench_codecs")
    a = ap.parse_args()
    a.no_library |= a.size != 256  # bench_codecs codes 256 MiB, no other size
    build = Path(a.build)
    cdma = a.cdma or str(build / "cli/cdma")
    work = Path(a.dir)
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"fp32_{a.size}M.npy"
    if not src.exists() or src.stat().st_size < a.size << 20:
        make_input(src, a.size << 20)
    packed = work / (src.name + ".cdma")
    subprocess.run([cdma, "compress", "-q", "-f", "-T1", str(src), "-o", str(packed)], check=True)
    threads = [int(t) for t in a.threads.split(",")]

    cmds = {"cat": ["cat", str(src)], "cat .cdma": ["cat", str(packed)]}
    bins = {"": cdma, "base ": a.baseline} if a.baseline else {"": cdma}
    for t in threads:
        for tag, b in bins.items():
            cmds[f"{tag}compress -T{t}"] = [b, "compress", "-q", "-c", f"-T{t}", str(src)]
            cmds[f"{tag}decompress -T{t}"] = [b, "decompress", "-q", "-c", f"-T{t}", str(packed)]
    times = {k: [] for k in cmds}
    cpu = {k: [] for k in cmds}
    lib = {}
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    names = list(cmds)
    for r in range(a.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for k in order:
            w, c = wall(cmds[k])
            times[k].append(w)
            cpu[k].append(c)
        if not a.no_library:
            for k, v in library_ms(build).items():
                lib.setdefault(k, []).append(v)
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)

    med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    cpumed = {k: statistics.median(v) * 1e3 for k, v in cpu.items()}
    libmed = {k: statistics.median(v) for k, v in lib.items()}
    print(f"input {src} ({src.stat().st_size} bytes), .cdma {packed.stat().st_size} bytes, "
          f"{a.rounds} rounds, medians")
    base = " baseline CLI | baseline / library |" if a.baseline else ""
    print(f"| | library, in memory | CLI | CLI / library |{base} cat of the input |")
    print("|---|---|---|---|---|" + ("---|---|" if a.baseline else ""))
    for t in threads:
        for d in ("compress", "decompress"):
            key = f"{d} -T{t}"
            lname = f"cdma_default{'_T2' if t == 2 else ''}_{d}"
            l = libmed.get(lname) if t in (1, 2) else None
            ratio = f"{med[key] / l:.2f}x" if l else "-"
            lcell = f"{l:.0f} ms" if l else "-"
            c = med["cat" if d == "compress" else "cat .cdma"]
            bcell = ""
            if a.baseline:
                b = med["base " + key]
                bcell = f" {b:.0f} ms | {b / l:.2f}x |" if l else f" {b:.0f} ms | - |"
            print(f"| {key} | {lcell} | {med[key]:.0f} ms | {ratio} |{bcell} {c:.0f} ms |")
    # CPU time does not grow with the machine's load as wall time does.
    print()
    print("CPU time (user + system), medians:")
    print("| | CLI |" + (" baseline CLI |" if a.baseline else "") + " cat |")
    print("|---|---|---|" + ("---|" if a.baseline else ""))
    for t in threads:
        for d in ("compress", "decompress"):
            key = f"{d} -T{t}"
            c = cpumed["cat" if d == "compress" else "cat .cdma"]
            bcell = f" {cpumed['base ' + key]:.0f} ms |" if a.baseline else ""
            print(f"| {key} | {cpumed[key]:.0f} ms |{bcell} {c:.0f} ms |")

if __name__ == "__main__":
    main()
