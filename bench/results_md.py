#!/usr/bin/env python3
"""docs/results.md from `cdma bench --csv` runs, one per network and stage.

Usage: bench/results_md.py DIR > docs/results.md
DIR holds NET-STAGE.csv (as `cdma bench --csv ../shared/data/NET/STAGE`
writes) and, beside docs/results.md, docs/results/NET-STAGE.svg the charts.
"""
import csv
import sys
from pathlib import Path

NETS = ["vgg", "resnet"]
STAGES = ["init", "early", "mid", "final", "final-fp16", "final-bf16"]
TABLES = [("ratio", "Compression ratio", 2),
          ("compress_gbps", "Compression, GB/s", 3),
          ("decompress_gbps", "Decompression, GB/s", 3),
          ("decompress_vs_memcpy", "Decompression / memcpy", 3)]


def load(d, net, stage):
    p = Path(d) / f"{net}-{stage}.csv"
    if not p.exists() or p.stat().st_size == 0:
        return None
    with open(p, newline="") as f:
        return {r["method"]: r for r in csv.DictReader(f)}


def main():
    d = sys.argv[1]
    out = []
    for net in NETS:
        runs = {s: load(d, net, s) for s in STAGES}
        stages = [s for s in STAGES if runs[s]]
        if not stages:
            continue
        methods = list(runs[stages[0]].keys())
        out.append(f"## {net}\n")
        for key, title, digits in TABLES:
            out.append(f"**{title}**\n")
            out.append("| method | " + " | ".join(stages) + " |")
            out.append("|---|" + "---|" * len(stages))
            for m in methods:
                cells = []
                for s in stages:
                    v = float(runs[s][m][key])
                    best = key == "ratio" and m != "memcpy" and v == max(
                        float(r[key]) for r in runs[s].values())
                    cell = f"{v:.{digits}f}"
                    cells.append(f"**{cell}**" if best else cell)
                out.append(f"| {m} | " + " | ".join(cells) + " |")
            out.append("")
        out.append("Charts: " + ", ".join(
            f"[{s}](results/{net}-{s}.svg)" for s in stages) + "\n")
        out.append(f"![{net} final](results/{net}-final.svg)\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
