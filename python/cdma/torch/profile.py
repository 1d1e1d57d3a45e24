"""Measured layer times and compression ratios for `cdma model`.

    python3 -m cdma.torch.profile vgg --out vgg-profile.csv
    python3 -m cdma.torch.profile mypkg.nets:build --input-shape 3,224,224 --batch 32 --out net.csv
    cdma model --layers vgg-profile.csv --gpu titanxp

    from cdma.torch.profile import profile, write_layers_csv
    layers = profile(model, example_batch)
    write_layers_csv("net.csv", layers)

The model is traced with torch.fx and cut into the layers a vDNN-style
runtime offloads around: each convolution, linear, pooling, concatenation
or element-wise join (a residual add) is a layer, and what follows it in
place (ReLU and other activations, batch norm, dropout, flatten and
reshapes) runs inside it, so that its output is the tensor the next layers
read, as in the shared corpus's dumps. Each layer is timed alone on the
model's device, forward and backward (the gradients of its inputs and of
its own parameters), as the median of `repeat` runs after one warm-up; each
output is compressed with the real codec to give its ratio. The image is
not compressed unless `compress_input` says so.

The result is a graph-form layer file (docs/cost-model.md, "Layer times"):
name, kind, inputs, out_bytes, fwd_ms, bwd_ms, ratio. On a CPU the times are
the CPU's; profile on the GPU you want to model.

With `device_codec` (--device-codec) each output is coded by the device
codec, cdma.torch.zvc, on the model's device, as offload(device_codec=True)
codes it: the ratio is its frame's, and two more columns hold its measured
time to compress the output there (compress_ms) and to decode the frame back
on the device (decompress_ms; the frame's copy from host memory is left
out: `cdma model` times the link itself). `cdma model` then adds a "device
codec" scenario, the engine in software, beside its model of the hardware one.
"""

import argparse
import dataclasses
import importlib
import operator
import os
import statistics
import sys
import tempfile
import time

import torch
import torch.fx
from torch import nn

import cdma
from . import _layout, zvc

# The ratio range `cdma model` reads (lib/model/limits.hpp).
_MAX_RATIO = 1e6

_CONV = (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)
_POOL = (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d, nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d,
         nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d,
         nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d)
# Run in place after the layer that feeds them (fused, as cuDNN and the
# corpus's dumps treat them); a norm that cannot be fused is a norm layer.
_FOLLOWER_MODULES = (nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Sigmoid, nn.Tanh,
                     nn.Dropout, nn.Dropout2d, nn.Identity, nn.Flatten,
                     nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)
_NORM_MODULES = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.LayerNorm, nn.GroupNorm,
                 nn.LocalResponseNorm, nn.InstanceNorm1d, nn.InstanceNorm2d, nn.InstanceNorm3d)
_FOLLOWER_FUNCTIONS = {"relu", "relu_", "relu6", "leaky_relu", "elu", "gelu", "silu", "sigmoid", "tanh",
                       "dropout", "dropout2d", "flatten", "view", "reshape", "contiguous", "squeeze",
                       "unsqueeze", "batch_norm"}
_FUNCTION_KINDS = {"conv1d": "conv", "conv2d": "conv", "conv3d": "conv", "linear": "fc",
                   "max_pool1d": "pool", "max_pool2d": "pool", "max_pool3d": "pool",
                   "avg_pool1d": "pool", "avg_pool2d": "pool", "avg_pool3d": "pool",
                   "adaptive_avg_pool1d": "pool", "adaptive_avg_pool2d": "pool",
                   "adaptive_max_pool2d": "pool", "local_response_norm": "norm",
                   "layer_norm": "norm", "group_norm": "norm", "batch_norm": "norm",
                   "cat": "concat", "concat": "concat"}


@dataclasses.dataclass
class ProfiledLayer:
    """One row of the layer file. `inputs` names earlier layers; fwd_ms and
    bwd_ms are None for the image, which costs no compute."""
    name: str
    kind: str
    inputs: list
    out_bytes: int
    fwd_ms: float = None
    bwd_ms: float = None
    ratio: float = None
    compress_ms: float = None    # the device codec's, with device_codec
    decompress_ms: float = None


@dataclasses.dataclass
class _Group:
    name: str
    kind: str
    nodes: list


def _target_name(node):
    t = node.target
    return t if isinstance(t, str) else getattr(t, "__name__", str(t))


def _classify(gm, node):
    """(kind, follower?) for a node that produces a tensor."""
    if node.op == "call_module":
        m = gm.get_submodule(node.target)
        if isinstance(m, _CONV):
            return "conv", False
        if isinstance(m, nn.Linear):
            return "fc", False
        if isinstance(m, _POOL):
            return "pool", False
        if isinstance(m, _FOLLOWER_MODULES):
            return ("norm" if isinstance(m, _NORM_MODULES) else "other"), True
        if isinstance(m, _NORM_MODULES):
            return "norm", False
        return "other", False
    name = _target_name(node)
    if name in _FOLLOWER_FUNCTIONS:
        return _FUNCTION_KINDS.get(name, "other"), True
    if name in _FUNCTION_KINDS:
        return _FUNCTION_KINDS[name], False
    return "other", False  # add, mul, anything else: a layer of its own


def _tensor_behind(node, env):
    """The tensor node a node reads, through non-tensor nodes (a tuple)."""
    for a in node.all_input_nodes:
        if isinstance(env.get(a), torch.Tensor):
            return a
        behind = _tensor_behind(a, env)
        if behind is not None:
            return behind
    return None


def _group(gm, env):
    """The layers, in execution order, and which group owns each node."""
    groups, owner = [], {}
    users = {n: [u for u in n.users if u.op != "output"] for n in gm.graph.nodes}
    for node in gm.graph.nodes:
        value = env.get(node)
        if node.op == "placeholder":
            g = _Group(node.name, "input", [node])
        elif node.op == "output" or not isinstance(value, torch.Tensor):
            continue  # sizes and other constants: read from env
        elif node.op == "get_attr":
            continue  # parameters and buffers used as values
        elif _target_name(node) == "getitem":
            # A part of a tensor (torch.chunk, split): not a layer; whoever
            # reads it reads the layer that made the whole.
            base = _tensor_behind(node, env)
            if base in owner:
                owner[node] = owner[base]
            continue
        else:
            kind, follower = _classify(gm, node)
            feeds = [a for a in node.all_input_nodes if a in owner]
            if follower and len(feeds) == 1:
                g = owner[feeds[0]]
                if g.kind != "input" and g.nodes[-1] is feeds[0] and len(users[feeds[0]]) == 1:
                    g.nodes.append(node)
                    owner[node] = g
                    continue
            name = node.target if node.op == "call_module" else node.name
            g = _Group(str(name), kind, [node])
        groups.append(g)
        owner[node] = g
    return groups, owner


def _with_producers(nodes, env):
    """`nodes` preceded by the nodes that turn tensors into what they read
    when that is not a tensor (torch.chunk's tuple before its getitem), so
    the layer's inputs are the tensors behind them."""
    out = []

    def add(n):
        for a in n.all_input_nodes:
            if a.op in ("call_function", "call_method", "call_module") and \
                    not isinstance(env.get(a), torch.Tensor) and a not in out:
                add(a)
        if n not in out:
            out.append(n)
    for n in nodes:
        add(n)
    return out


def _runner(gm, group, env):
    """(external tensor inputs, fn(*tensors) -> output) for one layer."""
    nodes = _with_producers(group.nodes, env)
    inside = set(nodes)
    ext = []
    for n in nodes:
        for a in n.all_input_nodes:
            # Parameters and buffers read as values (get_attr) are constants.
            if a not in inside and a.op != "get_attr" and isinstance(env.get(a), torch.Tensor) \
                    and a not in ext:
                ext.append(a)

    def run(*tensors):
        local = dict(zip(ext, tensors))
        look = lambda a: local[a] if a in local else env[a]  # noqa: E731
        for n in nodes:
            args = torch.fx.node.map_arg(n.args, look)
            kwargs = torch.fx.node.map_arg(n.kwargs, look)
            if n.op == "call_module":
                local[n] = gm.get_submodule(n.target)(*args, **kwargs)
            elif n.op == "call_function":
                local[n] = n.target(*args, **kwargs)
            else:  # call_method
                local[n] = getattr(args[0], n.target)(*args[1:], **kwargs)
        return local[group.nodes[-1]]
    return ext, run


def _parameters(gm, group):
    params = []
    for n in group.nodes:
        if n.op == "call_module":
            params += [p for p in gm.get_submodule(n.target).parameters() if p.requires_grad]
    return params


def _sync_for(device):
    return torch.cuda.synchronize if device.type == "cuda" else (lambda: None)


def _time_layer(run, inputs, params, repeat):
    """Median forward and backward seconds over `repeat` runs, after one
    warm-up (cuDNN picks its algorithm and caches fill on the first)."""
    device = inputs[0].device if inputs else torch.device("cpu")
    sync = _sync_for(device)
    fwd, bwd = [], []
    for i in range(repeat + 1):
        xs = [x.detach().clone().requires_grad_(x.is_floating_point()) for x in inputs]
        sync()
        t0 = time.perf_counter()
        out = run(*xs)
        sync()
        t1 = time.perf_counter()
        wrt = [x for x in xs if x.requires_grad] + params
        t2 = t3 = 0.0
        if out.requires_grad and wrt:
            grad = torch.ones_like(out)  # the cost does not depend on the values
            sync()
            t2 = time.perf_counter()
            torch.autograd.grad(out, wrt, grad, allow_unused=True)
            sync()
            t3 = time.perf_counter()
        if i:
            fwd.append(t1 - t0)
            bwd.append(t3 - t2)
    return statistics.median(fwd), statistics.median(bwd)


def _ratio(t, codec, level):
    """Uncompressed bytes over frame bytes, without the content checksum a
    DMA engine would not append (as `cdma model --dumps` measures)."""
    frame = cdma.compress(t.detach(), level=level, codec=codec, checksum=False)
    return min(_MAX_RATIO, t.numel() * t.element_size() / len(frame))


def _median_s(fn, device, repeat):
    """Median seconds of fn() over `repeat` runs after one warm-up."""
    sync = _sync_for(device)
    times = []
    for i in range(repeat + 1):
        sync()
        t0 = time.perf_counter()
        fn()
        sync()
        if i:
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _device_codec(t, repeat):
    """(ratio, compress seconds, decompress seconds) of the device codec on
    `t`, where it lives, as offload(device_codec=True) codes it (the frame
    without metadata; offload's element width). The decode starts from the
    frame in host memory (pinned on CUDA), as offload's unpack does, less
    the time of copying the frame to the device: that is the link's."""
    t = t.detach()
    width = _layout.offload_width(t.dtype)
    frame = zvc.encode(t, element_width=width, metadata=False)
    host = torch.empty(frame.numel(), dtype=torch.uint8, pin_memory=t.device.type == "cuda")
    host.copy_(frame)
    back = zvc.decode(host, device=t.device)
    if not torch.equal(back, t.contiguous().view(-1).view(torch.uint8)):
        raise AssertionError("cdma.torch.profile: the device codec did not give %s %s back"
                             % (t.dtype, tuple(t.shape)))
    encode_s = _median_s(lambda: zvc.encode(t, element_width=width, metadata=False), t.device,
                         repeat)
    decode_s = _median_s(lambda: zvc.decode(host, device=t.device), t.device, repeat)
    copy_s = _median_s(lambda: host.to(t.device, non_blocking=True), t.device, repeat) \
        if t.device.type != "cpu" else 0.0
    raw = t.numel() * t.element_size()
    return min(_MAX_RATIO, raw / frame.numel()), encode_s, max(0.0, decode_s - copy_s)


def profile(model, example, *, codec="zvc", level=1, repeat=5, compress_input=False,
            device_codec=False):
    """Profiles `model` on the batch `example` (one tensor, on the model's
    device) and returns its layers, in execution order.

    codec, level: what measures each output's ratio (as cdma.compress).
    repeat: timed runs per layer and direction; the median is kept.
    compress_input: give the image a measured ratio too (default: 1, so
        `cdma model` offloads it uncompressed).
    device_codec: code each output with the device codec (cdma.torch.zvc,
        level-1 ZVC) on the model's device, and record its ratio and its
        compress_ms and decompress_ms (median of `repeat` runs); codec and
        level must then be zvc and 1.
    Raises ValueError if torch.fx cannot trace the model or a layer's
    output is not a tensor.
    """
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    if device_codec and (codec != "zvc" or level != 1):
        raise ValueError("device_codec: the device codec is level-1 ZVC; leave codec and level "
                         "at zvc and 1")
    try:
        gm = torch.fx.symbolic_trace(model)
    except Exception as e:  # fx raises many kinds for untraceable code
        raise ValueError("cdma.torch.profile: torch.fx cannot trace the model: %s" % e) from e
    env = {}

    class _Record(torch.fx.Interpreter):
        def run_node(self, n):
            out = super().run_node(n)
            env[n] = out.detach() if isinstance(out, torch.Tensor) else out
            return out

    with torch.no_grad():
        _Record(gm).run(example)
    groups, owner = _group(gm, env)

    def measure(layer, out):
        """The output's ratio, and with device_codec the codec's times."""
        if device_codec:
            layer.ratio, c_s, d_s = _device_codec(out, repeat)
            layer.compress_ms, layer.decompress_ms = c_s * 1e3, d_s * 1e3
        else:
            layer.ratio = _ratio(out, codec, level)
        return layer

    layers = []
    for g in groups:
        out = env[g.nodes[-1]]
        if g.kind == "input":
            image = ProfiledLayer(g.name, "input", [], out.numel() * out.element_size(), ratio=1.0)
            layers.append(measure(image, out) if compress_input else image)
            continue
        ext, run = _runner(gm, g, env)
        inputs = []
        for a in ext:
            part = _target_name(a) == "getitem"
            if owner.get(a) is None or (owner[a].nodes[-1] is not a and not part):
                raise ValueError("cdma.torch.profile: layer %r reads %r, which is not a layer's output"
                                 % (g.name, a.name))
            inputs.append(owner[a].name)
        if not inputs:
            raise ValueError("cdma.torch.profile: layer %r reads no tensor another layer produced (it "
                             "reads %s); the profiler needs layers that pass tensors"
                             % (g.name, ", ".join(a.name for a in g.nodes[0].all_input_nodes) or "nothing"))
        fwd_s, bwd_s = _time_layer(run, [env[a] for a in ext], _parameters(gm, g), repeat)
        layers.append(measure(ProfiledLayer(g.name, g.kind, inputs, out.numel() * out.element_size(),
                                            fwd_s * 1e3, bwd_s * 1e3), out))
    return layers


def write_layers_csv(path, layers, comment=""):
    """Writes `layers` as a graph-form CSV layer file; `comment` lines go
    first, prefixed with '# '. The file appears only when complete."""
    lines = ["# " + c for c in comment.splitlines()]
    # The codec columns only when a device codec was measured: other files
    # stay as they were.
    codec_times = any(l.compress_ms is not None for l in layers)
    lines.append("name,kind,inputs,out_bytes,fwd_ms,bwd_ms,ratio"
                 + (",compress_ms,decompress_ms" if codec_times else ""))
    num = lambda v: "" if v is None else "%.6g" % v  # noqa: E731
    for l in layers:
        cells = [l.name, l.kind, ";".join(l.inputs), str(l.out_bytes),
                 num(l.fwd_ms), num(l.bwd_ms), num(l.ratio)]
        if codec_times:
            cells += [num(l.compress_ms), num(l.decompress_ms)]
        lines.append(",".join(cells))
    text = "\n".join(lines) + "\n"
    if path in (None, "-"):
        sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".profile-", dir=directory)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _load_model(spec):
    """'vgg' or 'resnet' (the shared corpus's nets), or 'module:callable'."""
    from . import _example_nets
    if spec in _example_nets.NETS:
        torch.manual_seed(0)
        return _example_nets.NETS[spec](), _example_nets.INPUT_SHAPE
    if ":" not in spec:
        raise ValueError("unknown model %r: give %s, or module:callable returning an nn.Module"
                         % (spec, " or ".join(sorted(_example_nets.NETS))))
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)(), None


def _shape(text):
    try:
        dims = tuple(int(d) for d in text.split(","))
    except ValueError:
        dims = ()
    if not dims or any(d < 1 for d in dims):
        raise argparse.ArgumentTypeError("%r is not a shape like 3,224,224" % text)
    return dims


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m cdma.torch.profile", description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="vgg or resnet (the shared Fashion-MNIST nets), or module:callable")
    p.add_argument("--batch", type=int, default=8, help="images per batch (8, as the shared dumps)")
    p.add_argument("--input-shape", type=_shape, help="C,H,W of one image (needed for module:callable)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--codec", default="zvc", help="codec that measures the ratios (zvc)")
    p.add_argument("--level", type=int, default=1, help="codec level (1)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per layer and direction (5)")
    p.add_argument("--train", action="store_true",
                   help="profile in training mode (dropout on); default eval mode, as the dumps")
    p.add_argument("--compress-input", action="store_true", help="give the image a measured ratio too")
    p.add_argument("--device-codec", action="store_true",
                   help="code each output with the device codec (cdma.torch.zvc) on --device and "
                        "record its compress_ms and decompress_ms (cdma model's device codec scenario)")
    p.add_argument("--out", default="-", help="layer file to write (default: standard output)")
    a = p.parse_args(argv)
    if a.batch < 1 or a.repeat < 1:
        p.error("--batch and --repeat must be at least 1")
    if a.device_codec and (a.codec != "zvc" or a.level != 1):
        p.error("--device-codec: the device codec is level-1 ZVC; leave out --codec and --level")
    try:
        model, shape = _load_model(a.model)
    except (ValueError, ImportError, AttributeError) as e:
        p.error(str(e))
    shape = a.input_shape or shape
    if shape is None:
        p.error("--input-shape C,H,W is needed for %s" % a.model)
    device = torch.device(a.device)
    model = model.to(device).train(a.train)
    gen = torch.Generator().manual_seed(0)
    example = torch.randn((a.batch,) + tuple(shape), generator=gen).to(device)
    try:
        layers = profile(model, example, codec=a.codec, level=a.level, repeat=a.repeat,
                         compress_input=a.compress_input, device_codec=a.device_codec)
    except ValueError as e:
        p.error(str(e))
    threads = torch.get_num_threads()
    where = (torch.cuda.get_device_name(device) if device.type == "cuda"
             else "CPU (%d torch thread%s)" % (threads, "" if threads == 1 else "s"))
    ratios = ("the device codec's frames (cdma.torch.zvc, level-1 ZVC, no checksum); "
              "compress_ms, decompress_ms: its times on the device, frame copies left out"
              if a.device_codec else "%s level %d, no checksum" % (a.codec, a.level))
    comment = ("cdma.torch.profile %s: batch %d of %s, %s mode, on %s (torch %s)\n"
               "times: median of %d runs per layer after a warm-up; ratios: %s\n"
               "weights: torch's defaults seeded with 0; input: standard normal seeded with 0"
               % (a.model, a.batch, "x".join(map(str, shape)), "train" if a.train else "eval", where,
                  torch.__version__, a.repeat, ratios))
    write_layers_csv(a.out, layers, comment)
    return 0


if __name__ == "__main__":
    sys.exit(main())
