#!/usr/bin/env python3
"""The compressing DMA engine in software, on a GPU: per-layer device
compress/decompress time of cdma.torch.zvc, bytes over the link with and
without compression, and the training step time against PyTorch's
save_on_cpu(pin_memory=True) and no offload. scripts/offload-gpu-bench runs
it; without a CUDA device it prints "no CUDA device" and exits 0.

The net is the VGG of shared/tools/make-activations (random inputs of the
Fashion-MNIST shape: the activations' sparsity comes from the ReLUs).
--device cpu runs the same measurements on CPU tensors (no pinned memory,
no side stream), which checks the script where no GPU is.

--profile FILE also writes the net's layer file as `python3 -m
cdma.torch.profile --device-codec` does (measured fwd_ms, bwd_ms, the device
codec's ratio, compress_ms and decompress_ms per layer), for
`cdma model --layers FILE`: the model of the hardware engine and the
software engine measured here, side by side on the same network.
"""

import argparse
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from cdma.torch import _example_nets
from cdma.torch import profile as layer_profile
from cdma.torch import zvc
from cdma.torch.demo import find_tool, load_tool


class Timer:
    """Milliseconds of device work: CUDA events on a GPU, wall time on CPU."""

    def __init__(self, device):
        self.cuda = device.type == "cuda"

    def __call__(self, fn, repeats):
        times = []
        for _ in range(repeats):
            if self.cuda:
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(
                    enable_timing=True)
                start.record()
                fn()
                end.record()
                end.synchronize()
                times.append(start.elapsed_time(end))
            else:
                t0 = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)


def host_buffer(n, device):
    return torch.empty(n, dtype=torch.uint8, pin_memory=device.type == "cuda")


def codable(model, min_bytes):
    """Whether offload would code a saved tensor: activations of at least
    min_bytes, not the weights (nor views of them) that stay on the device."""
    weights = {p.storage().data_ptr() for p in model.parameters()}
    return lambda t: (t.numel() * t.element_size() >= min_bytes and t.dtype.is_floating_point
                      and t.storage().data_ptr() not in weights)


def saved_tensors(model, x, y, min_bytes):
    """The tensors autograd saves in one step that offload would code, each
    once (a ReLU output saved by the ReLU and the next layer is one)."""
    kept, seen, wanted = [], set(), codable(model, min_bytes)

    def pack(t):
        key = (t.data_ptr(), tuple(t.shape), t.stride(), t.dtype)
        if wanted(t) and key not in seen:
            seen.add(key)
            kept.append(t.detach())
        return t
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        F.cross_entropy(model(x), y)
    return kept


def per_layer(model, x, y, args, device, timer):
    rows = []
    for i, t in enumerate(saved_tensors(model, x, y, args.min_bytes)):
        raw = t.numel() * t.element_size()
        frame = zvc.encode(t)
        host_raw, host_frame = host_buffer(raw, device), host_buffer(frame.numel(), device)
        flat = t.contiguous().view(-1).view(torch.uint8)
        rows.append({
            "tensor": "%d %s %s" % (i, str(t.dtype)[6:], "x".join(map(str, t.shape))),
            "raw": raw, "frame": frame.numel(),
            "encode": timer(lambda: zvc.encode(t), args.repeats),
            "d2h_raw": timer(lambda: host_raw.copy_(flat, non_blocking=True), args.repeats),
            "d2h_frame": timer(lambda: host_frame.copy_(frame, non_blocking=True), args.repeats),
            "decode": timer(lambda: zvc.decode(host_frame, device=device), args.repeats),
        })
        assert torch.equal(zvc.decode(host_frame, device=device).view(-1).view(torch.uint8),
                           flat)
    return rows


class DeviceCodecOffload(torch.autograd.graph.saved_tensors_hooks):
    """Saved tensors coded on their device; only the frame crosses the link,
    copied to pinned host memory on a side stream (a minimal version of what
    cdma.torch.offload(device_codec=True) does, for timing)."""

    def __init__(self, model, device, min_bytes):
        side = torch.cuda.Stream() if device.type == "cuda" else None
        wanted = codable(model, min_bytes)

        def pack(t):
            if not wanted(t):
                return t
            frame = zvc.encode(t)
            host = host_buffer(frame.numel(), device)
            if side is None:
                host.copy_(frame)
                return host, None, t.dtype, t.shape, t.device
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                host.copy_(frame, non_blocking=True)
                frame.record_stream(side)
                done = torch.cuda.Event()
                done.record(side)
            return host, done, t.dtype, t.shape, t.device

        def unpack(packed):
            if isinstance(packed, torch.Tensor):
                return packed
            host, done, dtype, shape, dev = packed
            if done is not None:
                done.synchronize()
            return zvc.decode(host, device=dev)
        super().__init__(pack, unpack)


def step_times(model, x, y, args, device, timer):
    modes = {"no offload": lambda: None,
             "save_on_cpu(pin_memory=True)": lambda: torch.autograd.graph.save_on_cpu(
                 pin_memory=device.type == "cuda"),
             "torch ZVC on the device": lambda: DeviceCodecOffload(model, device, args.min_bytes)}
    out = {}
    for name, make in modes.items():
        def one_step():
            model.zero_grad(set_to_none=True)
            hooks = make()
            if hooks is None:
                loss = F.cross_entropy(model(x), y)
            else:
                with hooks:
                    loss = F.cross_entropy(model(x), y)
            loss.backward()
        timer(one_step, 2)  # warm-up: allocator, kernels, pinned pools
        out[name] = timer(one_step, args.steps)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cuda", help="cuda (default) or cpu")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=10, help="timed steps per mode")
    ap.add_argument("--repeats", type=int, default=10, help="timings per layer")
    ap.add_argument("--min-bytes", type=int, default=64 << 10)
    ap.add_argument("--tool", help="path of shared/tools/make-activations")
    ap.add_argument("--profile", metavar="FILE",
                    help="also write the net's layer file with the device codec's per-layer "
                         "times and ratios, for cdma model --layers FILE")
    args = ap.parse_args(argv)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print("no CUDA device")
        return 0
    tool = load_tool(find_tool(args.tool))
    torch.manual_seed(0)
    model = tool.build_net("vgg").to(device).train()
    g = torch.Generator().manual_seed(1)
    x = ((torch.rand(args.batch, 1, 32, 32, generator=g) - 0.2860) / 0.3530).to(device)
    y = torch.randint(0, 10, (args.batch,), generator=g).to(device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    timer = Timer(device)
    rows = per_layer(model, x, y, args, device, timer)
    print("Device: %s, torch %s, VGG batch %d (median ms of %d runs)\n"
          % (name, torch.__version__, args.batch, args.repeats))
    print("| saved tensor | raw KiB | frame KiB | ratio | encode ms | D2H raw ms "
          "| D2H frame ms | decode ms (H2D incl.) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %.0f | %.0f | %.2f | %.3f | %.3f | %.3f | %.3f |" % (
            r["tensor"], r["raw"] / 1024, r["frame"] / 1024, r["raw"] / r["frame"],
            r["encode"], r["d2h_raw"], r["d2h_frame"], r["decode"]))
    raw, frame = sum(r["raw"] for r in rows), sum(r["frame"] for r in rows)
    print("\nBytes over the link per step: %.1f MiB uncompressed, %.1f MiB compressed (%.2fx)"
          % (raw / 2**20, frame / 2**20, raw / max(frame, 1)))
    print("\n| step (forward + backward) | ms |\n|---|---:|")
    for mode, ms in step_times(model, x, y, args, device, timer).items():
        print("| %s | %.2f |" % (mode, ms))
    if args.profile:
        write_profile(args.profile, model, x, args, name)
    return 0


def write_profile(path, model, x, args, device_name):
    """The net's layers, timed on the device with the device codec's ratio
    and times (cdma.torch.profile's format), for cdma model --layers."""
    # The shared VGG as torch.fx traces it (the tool's copy records its
    # activations as it runs, which fx cannot follow): same layers, weights.
    net = _example_nets.VGGStyle().to(x.device)
    net.load_state_dict(model.state_dict())
    layers = layer_profile.profile(net.eval(), x, repeat=args.repeats, device_codec=True)
    comment = ("bench/offload_gpu.py --profile: shared VGG, batch %d of 1x32x32, eval mode, on %s "
               "(torch %s)\n"
               "times: median of %d runs per layer after a warm-up; ratios: the device codec's "
               "frames (cdma.torch.zvc, level-1 ZVC, no checksum); compress_ms, decompress_ms: "
               "its times on the device, frame copies left out"
               % (x.shape[0], device_name, torch.__version__, args.repeats))
    layer_profile.write_layers_csv(path, layers, comment)
    print("\nLayer file with the device codec's per-layer times and ratios: %s "
          "(cdma model --layers %s)" % (path, path))


if __name__ == "__main__":
    sys.exit(main())
