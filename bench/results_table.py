#!/usr/bin/python3
"""Turns bench_codecs JSON output into the Markdown table of bench/RESULTS.md.

Usage: bench_codecs --benchmark_out=run.json --benchmark_out_format=json
       bench/results_table.py [--cpu] run.json

--cpu computes speeds from CPU time instead of wall-clock time: on a machine
with more runnable processes than cores, wall-clock time counts the slices
other processes had, CPU time does not (memory contention still shows).

Speeds are medians in GB/s (1e9 bytes of uncompressed data per second; the
console's "G/s" are GiB/s). Every speed is also given as a ratio to memcpy,
lz4 and zstd -1 of the same set in the same run, the only comparison that
means anything on a shared machine.
"""
import json
import sys

CODECS = [  # (benchmark prefix, label)
    ("memcpy", "memcpy"),
    ("zvc", "ZVC kernel (`zvc::encode/decode`, 128 KiB blocks)"),
    ("cdma1", "cdma frame, level 1 = ZVC (`cdma_compress`, XXH3 checksum)"),
    ("cdma1_nock", "cdma frame, level 1 = ZVC, checksum off"),
    ("cdma_default", "cdma frame, default level (3)"),
    ("lz4", "lz4 (`LZ4_compress_default`)"),
    ("zstd1", "zstd -1"),
]


def medians(path, cpu):
    """{(codec, direction, set): (bytes_per_second, ratio)} from median aggregates."""
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name, data_set = b["run_name"].split("/")[:2]
        if name == "memcpy":
            codec, direction = "memcpy", "both"
        else:
            codec, direction = name.rsplit("_", 1)
        bps = b["bytes_per_second"]  # from wall-clock time (UseRealTime)
        if cpu:
            bps *= b["real_time"] / b["cpu_time"]
        out[(codec, direction, data_set)] = (bps, b.get("ratio"))
    return data.get("context", {}), out


def speed(m, codec, direction, data_set):
    key = (codec, "both" if codec == "memcpy" else direction, data_set)
    return m[key][0] if key in m else None


def cell(value, base):
    return f"{value / base:.2f}x" if value and base else "-"


def table(m, data_set):
    rows = [
        "| codec | ratio | compress GB/s | vs memcpy | vs lz4 | vs zstd -1 "
        "| decompress GB/s | vs memcpy | vs lz4 | vs zstd -1 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for codec, label in CODECS:
        cols = []
        ratio = None
        for direction in ("compress", "decompress"):
            v = speed(m, codec, direction, data_set)
            entry = m.get((codec, direction, data_set))
            if entry and entry[1]:
                ratio = entry[1]
            cols.append(f"{v / 1e9:.2f}" if v else "-")
            for base in ("memcpy", "lz4", "zstd1"):
                cols.append(cell(v, speed(m, base, direction, data_set)))
        ratio_text = f"{ratio:.3f}" if ratio else "1"
        rows.append(f"| {label} | {ratio_text} | " + " | ".join(cols) + " |")
    return "\n".join(rows)


def main():
    cpu = "--cpu" in sys.argv[1:]
    path = [a for a in sys.argv[1:] if a != "--cpu"][0]
    context, m = medians(path, cpu)
    sets = []
    for (_, _, data_set) in m:
        if data_set not in sets:
            sets.append(data_set)
    target = context.get("cdma_simd_target", "?")
    print(f"Highway target: {target}; {context.get('num_cpus', '?')} CPUs at "
          f"{context.get('mhz_per_cpu', '?')} MHz; date {context.get('date', '?')}; "
          f"speeds from {'CPU' if cpu else 'wall-clock'} time, medians\n")
    for data_set in sets:
        print(f"### {data_set}\n")
        print(table(m, data_set))
        print()


if __name__ == "__main__":
    main()
