#!/usr/bin/python3
"""Peak memory and step time of one training step, with and without
cdma.torch.offload, on activation-dominated CNNs (issue 19's method).

The network: `depth` conv 3x3 layers (padding 1) of `width` channels, each
followed by a ReLU, a 2x2 max-pool after every second one, then a linear
classifier; `batch` random images of 3 x `image` x `image`, fp32, SGD.
Resident memory is sampled every 2 ms from /proc/self/statm by a thread;
a step is split into forward (up to the loss) and backward (backward() and
the optimizer step). Every (network, mode) runs in its own process, modes
alternating, so that one run's allocator state never leaks into another's.

    PYTHONPATH=build/python bench/offload_peak.py                 # issue 19's CNN
    PYTHONPATH=build/python bench/offload_peak.py --net 6x48/32/96 --repeat 3
    PYTHONPATH=build/python bench/offload_peak.py --modes plain,1 --json out.json

--net DEPTHxWIDTH/BATCH/IMAGE (repeatable). Modes: plain (no hook), or a cdma
level (1, 3, ...) for offload(level=...), optionally with :sync for
max_inflight_bytes=0. Peaks are robust to machine load; step times are not
(compare them only side by side, alternating, as done here).
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 2.0 ** 20


def parse_net(s):
    try:
        dw, batch, image = s.split("/")
        depth, width = dw.split("x")
        net = dict(depth=int(depth), width=int(width), batch=int(batch), image=int(image))
    except ValueError:
        raise argparse.ArgumentTypeError("--net: expected DEPTHxWIDTH/BATCH/IMAGE, got %r" % s)
    if min(net.values()) <= 0 or net["image"] % (1 << (net["depth"] // 2)):
        raise argparse.ArgumentTypeError("--net %s: image must halve depth/2 times" % s)
    return net


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--net", type=parse_net, action="append",
                   help="DEPTHxWIDTH/BATCH/IMAGE (default 8x32/64/128, issue 19's CNN)")
    p.add_argument("--modes", default="plain,1,3", help="comma-separated (plain,1,3)")
    p.add_argument("--repeat", type=int, default=1, help="processes per (net, mode) (1)")
    p.add_argument("--steps", type=int, default=2,
                   help="steps per process; the first is a warm-up, not reported (2)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (2)")
    p.add_argument("--min-bytes", type=int, default=64 * 1024)
    p.add_argument("--budget", type=float, metavar="MIB",
                   help="also find, for no hook and for the first level in --modes, the "
                        "largest batch whose step peak fits in MIB (binary search over "
                        "batch sizes, one process each)")
    p.add_argument("--json", metavar="FILE", help="also write every measurement")
    p.add_argument("--child", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


class Sampler(threading.Thread):
    """Resident memory every 2 ms, as (time, bytes)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.stop = [], threading.Event()

    def run(self):
        while not self.stop.wait(0.002):
            self.samples.append((time.perf_counter(), rss_bytes()))

    def peak(self, t0, t1):
        inside = [b for t, b in self.samples if t0 <= t <= t1]
        return max(inside) if inside else 0


def build(net):
    import torch
    layers, c, side = [], 3, net["image"]
    for i in range(net["depth"]):
        layers += [torch.nn.Conv2d(c, net["width"], 3, padding=1), torch.nn.ReLU()]
        c = net["width"]
        if i % 2 == 1:
            layers.append(torch.nn.MaxPool2d(2))
            side //= 2
    layers += [torch.nn.Flatten(), torch.nn.Linear(c * side * side, 10)]
    return torch.nn.Sequential(*layers)


def child(spec):
    import torch
    import cdma.torch
    net, mode, args = spec["net"], spec["mode"], spec["args"]
    torch.set_num_threads(args["threads"])
    torch.manual_seed(0)
    model = build(net)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(net["batch"], 3, net["image"], net["image"], generator=gen)
    y = torch.randint(0, 10, (net["batch"],), generator=gen)
    sampler = Sampler()
    sampler.start()
    out = []
    for step in range(args["steps"]):
        hook = None
        if mode != "plain":
            level, _, sync = mode.partition(":")
            kw = {"max_inflight_bytes": 0} if sync else {}
            hook = cdma.torch.offload(level=int(level), min_bytes=args["min_bytes"], **kw)
        opt.zero_grad(set_to_none=True)
        time.sleep(0.05)
        t0, c0 = time.perf_counter(), time.process_time()
        before = rss_bytes()
        if hook is None:
            loss = torch.nn.functional.cross_entropy(model(x), y)
        else:
            with hook:
                loss = torch.nn.functional.cross_entropy(model(x), y)
        t1 = time.perf_counter()
        held = rss_bytes()
        loss.backward()
        opt.step()
        t2, c2 = time.perf_counter(), time.process_time()
        time.sleep(0.01)
        digest = hashlib.sha256()
        for p in model.parameters():
            digest.update(p.grad.numpy().tobytes())
        r = {"before": before, "peak_forward": max(sampler.peak(t0, t1), held),
             "held_after_forward": held, "peak_backward": sampler.peak(t1, t2),
             "step_s": t2 - t0, "step_cpu_s": c2 - c0, "forward_s": t1 - t0, "grads": digest.hexdigest()}
        if hook is not None:
            tot = hook.stats.total()
            r.update(raw_bytes=tot.raw_bytes, held_bytes=tot.held_bytes,
                     pack_wait_s=getattr(hook.stats, "pack_wait_seconds", None),
                     unpack_wait_s=getattr(hook.stats, "unpack_wait_seconds", None))
        out.append(r)
        del loss, hook
    sampler.stop.set()
    return out[1:] if len(out) > 1 else out


def run_child(net, mode, args):
    spec = {"net": net, "mode": mode, "args": {"threads": args.threads, "steps": args.steps,
                                               "min_bytes": args.min_bytes}}
    p = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", json.dumps(spec)],
                       stdout=subprocess.PIPE, check=True)
    return json.loads(p.stdout)


def step_peak(rows):
    return max(median(rows, "peak_forward"), median(rows, "peak_backward"))


def largest_batch(net, mode, budget, args):
    """The largest batch whose step peak fits in `budget` bytes (0 if none)."""
    fits = {}

    def ok(batch):
        if batch not in fits:
            peak = step_peak(run_child(dict(net, batch=batch), mode, args))
            fits[batch] = peak <= budget
            print("  %s batch %d: peak %.0f MiB, %s" % (mode, batch, peak / MIB,
                  "fits" if fits[batch] else "too big"), file=sys.stderr)
        return fits[batch]

    lo, hi = 0, net["batch"]
    while ok(hi):          # grow until a batch does not fit
        lo, hi = hi, hi * 2
    while hi - lo > 1:     # lo fits (or is 0), hi does not
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid)
    return lo


def name(net):
    return "%dx%d/%d/%d" % (net["depth"], net["width"], net["batch"], net["image"])


def median(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def table(results, modes):
    L = ["| net | mode | before | peak fwd | held after fwd | peak bwd | step peak | "
         "saved raw -> held | peak fall / bytes removed | step time | step CPU time | grads |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for net_name, by_mode in results.items():
        base = by_mode.get("plain")
        ref_peak = step_peak(base) if base else None
        for mode in modes:
            rows = by_mode[mode]
            peak = step_peak(rows)
            saved = fall = ""
            if mode != "plain":
                raw, held = median(rows, "raw_bytes"), median(rows, "held_bytes")
                saved = "%.0f -> %.0f" % (raw / MIB, held / MIB)
                if ref_peak is not None and raw > held:
                    fall = "%.0f%%" % (100.0 * (ref_peak - peak) / (raw - held))
            same = "" if not base else (
                "identical" if {r["grads"] for r in rows} == {r["grads"] for r in base}
                else "DIFFERENT")
            steps = sorted(r["step_s"] for r in rows)
            L.append("| %s | %s | %.0f | %.0f | %.0f | %.0f | **%.0f** | %s | %s | %s s | %.2f s | %s |" % (
                net_name, "no hook" if mode == "plain" else "level " + mode,
                median(rows, "before") / MIB, median(rows, "peak_forward") / MIB,
                median(rows, "held_after_forward") / MIB, median(rows, "peak_backward") / MIB,
                peak / MIB, saved, fall,
                "-".join("%.2f" % s for s in (steps[0], steps[-1])) if len(steps) > 1
                else "%.2f" % steps[0], median(rows, "step_cpu_s"), same))
    return "\n".join(L)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        json.dump(child(json.loads(args.child)), sys.stdout)
        return 0
    nets = args.net or [parse_net("8x32/64/128")]
    modes = args.modes.split(",")
    results = {}
    for net in nets:
        by_mode = results.setdefault(name(net), {m: [] for m in modes})
        for rep in range(args.repeat):
            for mode in modes:  # alternating: each mode sees the same load
                rows = run_child(net, mode, args)
                by_mode[mode] += rows
                print("%s %s #%d: %s" % (name(net), mode, rep, " ".join(
                    "peak %.0f/%.0f MiB %.2f s" % (r["peak_forward"] / MIB,
                                                  r["peak_backward"] / MIB, r["step_s"])
                    for r in rows)), file=sys.stderr)
    print(table(results, modes))
    if args.budget:
        level = next(m for m in modes if m != "plain")
        for net in nets:
            found = {m: largest_batch(net, m, args.budget * MIB, args) for m in ("plain", level)}
            print("\n%s: largest batch whose step peak fits in %.0f MiB: %d without the hook, "
                  "%d with offload(level=%s)" % (name(net), args.budget, found["plain"],
                                                  found[level], level))
    print("\nMiB; medians over %d process(es) x %d measured step(s); load average %.1f"
          % (args.repeat, max(1, args.steps - 1), os.getloadavg()[0]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
