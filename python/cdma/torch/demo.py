"""Lossless activation offload, measured: python3 -m cdma.torch.demo

Trains the VGG-style net of shared/tools/make-activations on Fashion-MNIST
twice from the same seed, once plainly and once inside cdma.torch.offload(),
each in its own process (so peak memory is measured per run), then checks
that every loss and every gradient is identical bit for bit and prints, per
layer and in total, the saved-activation bytes raw and as held by cdma, the
ratio, peak memory and step time. scripts/offload-demo builds and runs it.
"""

import argparse
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TOOL_ENV = "CDMA_MAKE_ACTIVATIONS"
TOOL_REL = os.path.join("shared", "tools", "make-activations")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m cdma.torch.demo", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=300, help="training steps per run (300)")
    p.add_argument("--batch", type=int, default=128, help="minibatch (128, the tool's)")
    p.add_argument("--level", type=int, default=1, help="cdma level (1: plain ZVC)")
    p.add_argument("--codec", default=None, help="cdma codec (default auto)")
    p.add_argument("--min-bytes", type=int, default=64 * 1024,
                   help="smaller saved tensors are kept as they are (65536)")
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads (2)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tool", default=None,
                   help="path of make-activations (default: $%s, else %s above the "
                        "working directory)" % (TOOL_ENV, TOOL_REL))
    p.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    p.add_argument("--layers-csv", metavar="FILE",
                   help="write a `cdma model --layers` file with the measured ratios")
    p.add_argument("--child", choices=("plain", "cdma"), help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    p.add_argument("--lockstep", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def find_tool(path):
    if path:
        return path
    if os.environ.get(TOOL_ENV):
        return os.environ[TOOL_ENV]
    d = os.getcwd()
    while True:
        for cand in (os.path.join(d, TOOL_REL), os.path.join(d, "..", TOOL_REL)):
            if os.path.isfile(cand):
                return os.path.normpath(cand)
        if os.path.dirname(d) == d:
            sys.exit("demo: make-activations not found; pass --tool PATH")
        d = os.path.dirname(d)


def load_tool(path):
    """Imports make-activations (a script without .py) as a module, to use
    its data loading and its network rather than copies of them."""
    loader = importlib.machinery.SourceFileLoader("make_activations", path)
    spec = importlib.util.spec_from_loader("make_activations", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


# --------------------------------------------------------------- one run ---

def reset_peak_rss():
    """Restart the kernel's peak-RSS counter (VmHWM) of this process."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:  # not Linux, or not allowed: the peak then covers loading
        pass


def peak_rss_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class _Taps:
    """The `taps` list the tool's forward() appends to after each layer:
    here it closes the layer in the offload statistics and, on sampled
    steps, measures the ratio of the layer's output feature map alone (the
    next layer's input: what `cdma model` needs per layer)."""

    def __init__(self, stats, measure, level, codec):
        self.stats, self.measure, self.level, self.codec = stats, measure, level, codec

    def append(self, item):
        self.stats.end_layer(item[0])
        self.sample(*item)

    def sample(self, name, t):
        import cdma
        if self.measure is not None:
            c = t.detach().contiguous()
            raw = c.numel() * c.element_size()
            frame = cdma.compress(c, level=self.level, codec=self.codec, checksum=False)
            acc = self.measure.setdefault(name, [0, 0])
            acc[0] += raw
            acc[1] += min(len(frame), raw)  # offload keeps what does not shrink


class _Turn:
    """Lockstep with the other run: the parent lets the two processes take
    turns step by step, so both see the same machine load and the step times
    compare fairly (the machine may be busy with other work)."""

    def __init__(self, lockstep):
        self.lockstep = lockstep

    def wait(self):
        if self.lockstep and not sys.stdin.buffer.read(1):
            sys.exit("demo: parent went away")

    def done(self):
        if self.lockstep:
            sys.stdout.buffer.write(b".")
            sys.stdout.buffer.flush()


def train(args, mode):
    turn = _Turn(args.lockstep)
    import numpy as np
    import torch
    import torch.nn.functional as F
    import cdma.torch

    tool = load_tool(find_tool(args.tool))
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    torch.use_deterministic_algorithms(True)
    arrays, _ = tool.load_fashion_mnist(tool.find_data_dir())
    tr_img, tr_lab = arrays["train_images"], arrays["train_labels"]
    scaled = tr_img.astype(np.float64) / 255.0  # the tool's normalisation
    mean, std = float(scaled.mean()), float(scaled.std())
    del scaled, arrays
    y_all = torch.from_numpy(tr_lab.astype(np.int64))

    # The tool's seeds and recipe (net index 0 = vgg), over args.steps steps.
    torch.manual_seed(args.seed * 1000 + 17)
    model = tool.build_net("vgg")
    model.train()
    gen = torch.Generator().manual_seed(args.seed * 1000 + 101)
    peak = tool.RECIPE["vgg"]["lr"]
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": tool.WEIGHT_DECAY},
                           {"params": no_decay, "weight_decay": 0.0}],
                          lr=peak, momentum=tool.MOMENTUM, nesterov=True)

    n = tr_img.shape[0]
    perm, pos = None, n
    losses, grad_hashes, step_ms, step_cpu_ms, per_step = [], [], [], [], []
    maps = {}  # feature map -> [raw bytes, frame bytes] over the sampled steps
    samples = 0
    reset_peak_rss()  # measure training, not the float64 statistics pass above
    for step in range(args.steps):
        if pos + args.batch > n:
            perm = torch.randperm(n, generator=gen)
            pos = 0
        idx = perm[pos:pos + args.batch]
        pos += args.batch
        # Batches are normalised as they are drawn, not all 60000 images up
        # front: the 250 MB of float inputs would swamp the memory figures.
        xb = tool.to_input(tr_img[idx.numpy()], mean, std)
        yb = y_all[idx]
        for g in opt.param_groups:
            g["lr"] = tool.lr_at(step, args.steps, peak)
        opt.zero_grad(set_to_none=True)
        turn.wait()
        t0, c0 = time.perf_counter(), time.process_time()
        if mode == "cdma":
            stats = cdma.torch.OffloadStats()
            sample = maps if (step + 1) % 25 == 0 or step + 1 == args.steps else None
            samples += sample is not None
            if sample is not None:
                _Taps(stats, sample, args.level, args.codec).sample("input", xb)
            with cdma.torch.offload(level=args.level, codec=args.codec,
                                    min_bytes=args.min_bytes, stats=stats):
                loss = F.cross_entropy(
                    model(xb, _Taps(stats, sample, args.level, args.codec)), yb)
                stats.end_layer("classifier+loss")
        else:
            loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        step_ms.append(1000 * (time.perf_counter() - t0))
        step_cpu_ms.append(1000 * (time.process_time() - c0))
        turn.done()
        losses.append(loss.detach().view(torch.int32).item())  # the bits
        h = hashlib.sha256()
        for p in model.parameters():
            h.update(p.grad.numpy().tobytes())
        grad_hashes.append(h.hexdigest())
        if mode == "cdma":
            per_step.append({name: [s.unique, s.compressed, s.raw_bytes, s.held_bytes]
                             for name, s in stats.layers.items()}
                            | {"_pack_s": stats.pack_seconds, "_unpack_s": stats.unpack_seconds})
        if (step + 1) % 50 == 0:
            print("  %s: step %d/%d  loss %.4f  %.0f ms/step"
                  % (mode, step + 1, args.steps, float(loss),
                     statistics.mean(step_ms[-50:])), file=sys.stderr, flush=True)
    final = hashlib.sha256(b"".join(p.detach().numpy().tobytes()
                                    for p in model.parameters())).hexdigest()
    return {"mode": mode, "losses": losses, "grad_hashes": grad_hashes, "final_params": final,
            "step_ms": step_ms, "step_cpu_ms": step_cpu_ms, "per_step": per_step,
            "maps": maps, "samples": samples, "widths": list(model.WIDTHS), "fc": model.FC,
            "peak_rss_kib": peak_rss_kib(), "loadavg": os.getloadavg(),
            "torch": torch.__version__, "cdma": cdma.__version__}


# ----------------------------------------------------------------- report ---

def summarise(plain, comp, args):
    layers = {}
    for step in comp["per_step"]:
        for name, v in step.items():
            if name.startswith("_"):
                continue
            acc = layers.setdefault(name, [0, 0, 0, 0])
            for i in range(4):
                acc[i] += v[i]
    steps = len(comp["per_step"])
    maps = {k: {"bytes": v[0], "ratio": v[0] / v[1]} for k, v in comp["maps"].items()}
    rows = [{"layer": k, "tensors": v[0] / steps, "compressed": v[1] / steps,
             "raw_bytes": v[2] / steps, "held_bytes": v[3] / steps,
             "ratio": v[2] / v[3] if v[3] else 1.0} for k, v in layers.items()]
    raw = sum(r["raw_bytes"] for r in rows)
    held = sum(r["held_bytes"] for r in rows)
    totals_per_step = [(sum(v[2] for k, v in s.items() if not k.startswith("_")),
                        sum(v[3] for k, v in s.items() if not k.startswith("_")))
                       for s in comp["per_step"]]
    skip = min(10, steps // 10)  # the first steps warm caches and allocators
    pm = statistics.median(plain["step_ms"][skip:])
    cm = statistics.median(comp["step_ms"][skip:])
    pc = statistics.median(plain["step_cpu_ms"][skip:])
    cc = statistics.median(comp["step_cpu_ms"][skip:])
    return {
        "steps": steps, "batch": args.batch, "level": args.level, "codec": args.codec or "auto",
        "min_bytes": args.min_bytes, "threads": args.threads,
        "layers": rows, "raw_bytes": raw, "held_bytes": held, "feature_maps": maps,
        "model_layers": model_layers(comp, maps, args.batch),
        "ratio": raw / held if held else 1.0,
        "peak_saved_raw": max(t[0] for t in totals_per_step),
        "peak_saved_held": max(t[1] for t in totals_per_step),
        "peak_rss_kib": {"plain": plain["peak_rss_kib"], "cdma": comp["peak_rss_kib"]},
        "step_ms_median": {"plain": pm, "cdma": cm},
        "step_ms_mean": {"plain": statistics.mean(plain["step_ms"][skip:]),
                         "cdma": statistics.mean(comp["step_ms"][skip:])},
        "overhead": cm / pm - 1.0,
        "step_cpu_ms_median": {"plain": pc, "cdma": cc},
        "cpu_overhead": cc / pc - 1.0,
        "loadavg": {"plain": plain["loadavg"], "cdma": comp["loadavg"]},
        "pack_ms_per_step": 1000 * statistics.mean(s["_pack_s"] for s in comp["per_step"]),
        "unpack_ms_per_step": 1000 * statistics.mean(s["_unpack_s"] for s in comp["per_step"]),
        "losses_identical": plain["losses"] == comp["losses"],
        "gradients_identical": plain["grad_hashes"] == comp["grad_hashes"],
        "final_params_identical": plain["final_params"] == comp["final_params"],
        "final_loss_bits": comp["losses"][-1] if steps else None,
        "torch": comp["torch"], "cdma": comp["cdma"],
    }


def kib(n):
    return "%.0f" % (n / 1024.0)


def markdown(s):
    L = ["| layer | saved tensors | compressed | raw KiB | held KiB | ratio |",
         "|---|---:|---:|---:|---:|---:|"]
    for r in s["layers"]:
        L.append("| %s | %.1f | %.1f | %s | %s | %.2f |" % (
            r["layer"], r["tensors"], r["compressed"], kib(r["raw_bytes"]),
            kib(r["held_bytes"]), r["ratio"]))
    L.append("| **total per step** | | | **%s** | **%s** | **%.2f** |"
             % (kib(s["raw_bytes"]), kib(s["held_bytes"]), s["ratio"]))
    if s["feature_maps"]:
        L.append("")
        L.append("Output feature maps alone (each layer's ReLU or pooling output, the next "
                 "layer's input), ratio at the sampled steps: "
                 + ", ".join("%s %.2f" % (k, v["ratio"]) for k, v in s["feature_maps"].items()))
    L.append("")
    L.append("| | without hook | with cdma.torch.offload |")
    L.append("|---|---:|---:|")
    L.append("| saved activations at the end of forward, largest step (MiB) | %.2f | %.2f |"
             % (s["peak_saved_raw"] / 2**20, s["peak_saved_held"] / 2**20))
    L.append("| peak RSS while training (MiB) | %.0f | %.0f |"
             % (s["peak_rss_kib"]["plain"] / 1024, s["peak_rss_kib"]["cdma"] / 1024))
    L.append("| step time, median (ms) | %.1f | %.1f (%+.1f%%) |"
             % (s["step_ms_median"]["plain"], s["step_ms_median"]["cdma"], 100 * s["overhead"]))
    L.append("| step CPU time, median (ms, both threads) | %.1f | %.1f (%+.1f%%) |"
             % (s["step_cpu_ms_median"]["plain"], s["step_cpu_ms_median"]["cdma"],
                100 * s["cpu_overhead"]))
    L.append("| in cdma: compress / decompress (ms per step, mean) | | %.1f / %.1f |"
             % (s["pack_ms_per_step"], s["unpack_ms_per_step"]))
    L.append("")
    ok = s["losses_identical"] and s["gradients_identical"] and s["final_params_identical"]
    L.append("%d steps, batch %d, level %d, codec %s, min_bytes %d, %d torch threads; "
             "torch %s, cdma %s; the runs took turns step by step, load average %.1f. "
             "Bit-exact: losses %s, gradients %s, final weights %s%s."
             % (s["steps"], s["batch"], s["level"], s["codec"], s["min_bytes"], s["threads"],
                s["torch"], s["cdma"], s["loadavg"]["cdma"][0],
                _yes(s["losses_identical"]),
                _yes(s["gradients_identical"]), _yes(s["final_params_identical"]),
                "" if ok else "  ** MISMATCH **"))
    return "\n".join(L)


def _yes(b):
    return "identical" if b else "DIFFERENT"


def model_layers(comp, maps, batch):
    """The net as `cdma model` sees it (as data/model/vgg-fmnist.csv, at this
    batch): each layer, its forward FLOPs, and the feature map it reads, which
    is what a vDNN runtime offloads during it, with its measured ratio.
    FLOPs: conv 2*Cin*9*Cout*H*W, pool three comparisons per output,
    fc 2*in*out, per image."""
    w, fc, rows = comp["widths"], comp["fc"], []
    src, cin, side, k = "input", 1, 32, 0
    for b, width in enumerate(w):
        for _ in range(2):
            k += 1
            rows.append(("conv%d" % k, "conv", src, 2 * cin * 9 * width * side * side))
            src, cin = "conv%d_relu" % k, width
        side //= 2
        rows.append(("pool%d" % (b + 1), "pool", src, 3 * width * side * side))
        src = "pool%d" % (b + 1)
    flat = cin * side * side
    rows += [("fc1", "fc", src, 2 * flat * fc), ("fc2", "fc", "fc1_relu", 2 * fc * fc),
             ("classifier", "fc", "fc2_relu", 2 * fc * 10)]
    samples = max(1, comp["samples"])
    return [{"name": n, "kind": kind, "reads": r, "flops": f * batch,
             "bytes": maps[r]["bytes"] // samples if r in maps else None,
             "ratio": maps[r]["ratio"] if r in maps else None} for n, kind, r, f in rows]


def layers_csv(s, path):
    """A `cdma model --layers` file with the ratios measured in training."""
    with open(path, "w") as f:
        f.write("# cdma.torch.demo: VGG-style net, batch %d, level %d, after %d steps;\n"
                "# bytes = the feature map the layer reads, ratio measured on it.\n"
                "name,kind,bytes,flops,ratio\n" % (s["batch"], s["level"], s["steps"]))
        for r in s["model_layers"]:
            if r["bytes"] is not None:
                f.write("%s,%s,%d,%d,%.4f\n" % (r["name"], r["kind"], r["bytes"], r["flops"],
                                                r["ratio"]))


def child_command(args, mode, out):
    cmd = [sys.executable, "-m", "cdma.torch.demo", "--child", mode, "--child-out", out,
           "--lockstep", "--steps", str(args.steps), "--batch", str(args.batch),
           "--level", str(args.level), "--min-bytes", str(args.min_bytes),
           "--threads", str(args.threads), "--seed", str(args.seed),
           "--tool", find_tool(args.tool)]
    return cmd + (["--codec", args.codec] if args.codec else [])


def run_both(args, tmp):
    """Runs the two trainings as separate processes (separate memory peaks,
    nothing shared), taking turns one step at a time."""
    # A fixed mmap threshold makes glibc return every large block to the
    # system when freed, so peak RSS follows live memory in both runs rather
    # than the allocator's caching (its default threshold adapts upwards).
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="131072")
    outs = {m: os.path.join(tmp, m + ".json") for m in ("plain", "cdma")}
    procs = {m: subprocess.Popen(child_command(args, m, outs[m]), stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, env=env) for m in outs}
    try:
        for _ in range(args.steps):
            for m in ("plain", "cdma"):
                procs[m].stdin.write(b"s")
                procs[m].stdin.flush()
                if procs[m].stdout.read(1) != b".":
                    raise RuntimeError("demo: the %s run failed" % m)
    finally:
        for p in procs.values():
            p.stdin.close()
            p.wait()
    for m, p in procs.items():
        if p.returncode != 0:
            raise RuntimeError("demo: the %s run exited with %d" % (m, p.returncode))
    results = {}
    for m, path in outs.items():
        with open(path) as f:
            results[m] = json.load(f)
    return results["plain"], results["cdma"]


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        result = train(args, args.child)
        with open(args.child_out, "w") as f:
            json.dump(result, f)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        print("training %d steps twice, without and with cdma.torch.offload, in turns ..."
              % args.steps, file=sys.stderr)
        plain, comp = run_both(args, tmp)
    s = summarise(plain, comp, args)
    print(markdown(s))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(s, f, indent=1)
    if args.layers_csv:
        layers_csv(s, args.layers_csv)
    ok = s["losses_identical"] and s["gradients_identical"] and s["final_params_identical"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
