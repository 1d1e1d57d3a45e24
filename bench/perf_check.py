#!/usr/bin/env python3
"""Performance regression checks (scripts/perf-check, run by .ci/run).

ratio: the exact size of `cdma compress --codec C -l L FILE` for every codec,
       level and sample in data/samples, against bench/baselines/sizes.csv.
       Sizes are deterministic, so any difference fails.
speed: instructions executed inside cdma_compress_cctx / cdma_decompress
       (callgrind, --toggle-collect) for one sample per codec, against
       bench/baselines/instructions.csv; more than 5% above fails. Wall
       time on a shared machine is noise; instruction counts are not.
       Highway is pinned to one target (valgrind hides AVX-512, so AVX2).

Usage: perf_check.py BUILD_DIR [--update] [--only sizes|instructions]
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINES = ROOT / "bench" / "baselines"
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.npy"))
SIZE_CODECS = ["auto", "zvc", "zrle", "split", "zstd", "lz4"]
LEVELS = range(1, 10)
# One sample per codec (the f32 one: the common case), at the level each is
# used at; "auto" three times because levels pick different codecs.
INSN_SAMPLE = ROOT / "data" / "samples" / "vgg_final_03_conv3_relu.npy"
INSN_CASES = [("auto", 1), ("auto", 3), ("auto", 9), ("zvc", 1), ("zrle", 1),
              ("split", 5), ("zstd", 3), ("lz4", 1)]
TARGET = os.environ.get("CDMA_PERF_TARGET", "AVX2")
TOLERANCE = 0.05
REFRESH = "to accept it on purpose: scripts/perf-check --update, commit bench/baselines/ " \
          "and explain the change in the commit message"


def rel(path):
    return str(Path(path).relative_to(ROOT))


def measure_sizes(cdma):
    rows = []
    for f in SAMPLES:
        for codec in SIZE_CODECS:
            for level in LEVELS:
                out = subprocess.run([cdma, "compress", "-q", "-c", "--codec", codec, "-l",
                                      str(level), str(f)], check=True, capture_output=True).stdout
                rows.append({"file": rel(f), "codec": codec, "level": str(level),
                             "bytes": str(len(out))})
    return rows


def count_instructions(sample_bin, direction, codec, level):
    fn = "cdma_compress_cctx" if direction == "compress" else "cdma_decompress"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                            "--collect-atstart=no", f"--toggle-collect={fn}", sample_bin,
                            "--target", TARGET, direction, codec, str(level), str(INSN_SAMPLE)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"perf-check: perf_sample {direction} {codec} -l {level} failed:\n{r.stderr}")
        target = r.stdout.strip()
        for line in out.read_text().splitlines():
            if line.startswith("summary:"):
                return target, int(line.split()[1])
    sys.exit("perf-check: no summary line in callgrind's output")


def valgrind_blocker(sample_bin):
    """Why valgrind cannot run perf_sample on this machine, or None. Seen
    here: libhwy's load-time timer calibration executes RDTSCP, which the
    CPU runs but does not advertise in cpuid, and valgrind 3.19 then refuses
    it (SIGILL) before any cdma code runs."""
    r = subprocess.run(["valgrind", "--tool=none", sample_bin, "--target", TARGET, "compress",
                        "zvc", "1", str(INSN_SAMPLE)], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    for line in r.stderr.splitlines():
        if "unhandled instruction bytes" in line:
            return line.split("==")[-1].strip()
    return None  # some other failure: count_instructions reports it in full


def measure_instructions(sample_bin):
    blocker = valgrind_blocker(sample_bin)
    if blocker is not None:
        if os.environ.get("CDMA_PERF_REQUIRE_INSTRUCTIONS"):
            sys.exit("perf-check: valgrind cannot run here: " + blocker)
        print("perf-check: instruction counts SKIPPED: valgrind cannot emulate this CPU "
              "(%s); sizes are still checked. CDMA_PERF_REQUIRE_INSTRUCTIONS=1 makes this "
              "an error." % blocker, file=sys.stderr)
        return None
    rows = []
    for codec, level in INSN_CASES:
        for direction in ("compress", "decompress"):
            target, n = count_instructions(sample_bin, direction, codec, level)
            rows.append({"file": rel(INSN_SAMPLE), "codec": codec, "level": str(level),
                         "direction": direction, "target": target, "instructions": str(n)})
    return rows


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"perf-check: wrote {rel(path)} ({len(rows)} rows)")


def check_sizes(rows):
    path = BASELINES / "sizes.csv"
    if not path.exists():
        return [f"{rel(path)} is missing; {REFRESH}"]
    key = lambda r: (r["file"], r["codec"], r["level"])
    base = {key(r): int(r["bytes"]) for r in read_csv(path)}
    now = {key(r): int(r["bytes"]) for r in rows}
    errors = []
    for k in sorted(set(base) | set(now)):
        f, codec, level = k
        if k not in now:
            errors.append(f"ratio: {codec} -l {level} on {f}: in the baseline but not measured")
        elif k not in base:
            errors.append(f"ratio: {codec} -l {level} on {f}: not in the baseline ({now[k]} bytes)")
        elif now[k] != base[k]:
            word = "WORSE" if now[k] > base[k] else "better"
            errors.append(f"ratio: {codec} -l {level} on {f}: {now[k]} bytes, baseline "
                          f"{base[k]} ({100.0 * (now[k] - base[k]) / base[k]:+.2f}%, {word})")
    print(f"perf-check: ratio: {len(rows)} compressed sizes compared")
    return errors


def check_instructions(rows):
    path = BASELINES / "instructions.csv"
    if not path.exists():
        return [f"{rel(path)} is missing; {REFRESH}"]
    key = lambda r: (r["file"], r["codec"], r["level"], r["direction"])
    base = {key(r): r for r in read_csv(path)}
    errors = []
    for r in rows:
        b = base.get(key(r))
        what = f"speed: {r['codec']} -l {r['level']} {r['direction']} on {r['file']}"
        if b is None:
            errors.append(f"{what}: not in the baseline")
        elif b["target"] != r["target"]:
            errors.append(f"{what}: counted on Highway target {r['target']}, the baseline on "
                          f"{b['target']}; counts are not comparable (CDMA_PERF_TARGET)")
        else:
            old, new = int(b["instructions"]), int(r["instructions"])
            change = (new - old) / old
            line = f"{what}: {new} instructions, baseline {old} ({100 * change:+.1f}%)"
            if change > TOLERANCE:
                errors.append(line + f", over the {100 * TOLERANCE:.0f}% limit")
            else:
                print("  ok " + line)
    return errors


def main():
    p = argparse.ArgumentParser()
    p.add_argument("build_dir")
    p.add_argument("--update", action="store_true", help="rewrite the baselines")
    p.add_argument("--only", choices=["sizes", "instructions"])
    a = p.parse_args()
    build = Path(a.build_dir)
    checks = [("sizes", lambda: measure_sizes(str(build / "cli" / "cdma")), check_sizes),
              ("instructions", lambda: measure_instructions(str(build / "bench" / "perf_sample")),
               check_instructions)]
    errors = []
    for name, measure, check in checks:
        if a.only not in (None, name):
            continue
        rows = measure()
        if rows is None:
            continue
        if a.update:
            write_csv(BASELINES / f"{name}.csv", rows)
        else:
            errors += check(rows)
    if errors:
        print("\n".join("perf-check: FAIL " + e for e in errors), file=sys.stderr)
        print(f"perf-check: {len(errors)} regression(s); if intended, {REFRESH}", file=sys.stderr)
        return 1
    if not a.update:
        print("perf-check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
