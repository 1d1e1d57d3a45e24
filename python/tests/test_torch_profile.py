"""cdma.torch.profile: a PyTorch model's measured layers as a layer file
that `cdma model` reads (docs/cost-model.md, "Layer times")."""

import json
import os
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")  # python3-torch (scripts/install-deps)

from cdma.torch import profile as prof  # noqa: E402
from cdma.torch._example_nets import ResNetStyle, VGGStyle  # noqa: E402


def batch(n=2, seed=0):
    return torch.randn((n, 1, 32, 32), generator=torch.Generator().manual_seed(seed))


def by_name(layers):
    return {l.name: l for l in layers}


def test_shared_vgg_profile_is_read_by_cdma_model(cli, tmp_path):
    out = tmp_path / "vgg.csv"
    assert prof.main(["vgg", "--batch", "2", "--repeat", "1", "--out", str(out)]) == 0
    r = cli("model", "--layers", out, "--codec", "zvc", "--json")
    d = json.loads(r.stdout)
    layers = d["layers"]
    # The image, six convolutions, three poolings, three fully connected:
    # one row per tensor of the shared dumps, plus the image and the logits.
    assert [l["kind"] for l in layers] == ["input"] + ["conv", "conv", "pool"] * 3 + ["fc"] * 3
    assert layers[1]["bytes"] == 2 * 16 * 32 * 32 * 4       # conv1's ReLU output
    assert layers[3]["bytes"] == 2 * 16 * 16 * 16 * 4       # the first pool: a quarter
    assert layers[4]["inputs"] == [layers[3]["name"]]
    assert all(l["fwd_s"] >= 0 and l["bwd_s"] >= 0 for l in layers)
    scen = {s["label"]: s["totals"] for s in d["scenarios"]}
    assert scen["cdma zvc"]["link_bytes"] < scen["uncompressed"]["link_bytes"]  # ReLU outputs compress


def test_residual_adds_and_shortcuts_are_a_graph():
    model = ResNetStyle().eval()
    layers = by_name(prof.profile(model, batch(), repeat=1))
    # A block with a 1x1 shortcut: the add joins conv2 (BN fused) and the
    # shortcut, and both of the block's branches read the same tensor.
    add = [l for l in layers.values() if l.kind == "other" and "blocks.2.short.0" in l.inputs]
    assert len(add) == 1 and add[0].inputs == ["blocks.2.conv2", "blocks.2.short.0"]
    assert layers["blocks.2.short.0"].inputs == layers["blocks.2.conv1"].inputs
    assert layers["blocks.2.conv1"].out_bytes == 2 * 32 * 16 * 16 * 4
    # BN and ReLU run inside the layer before them, as the shared dumps have it.
    assert not any("bn" in name or "relu" in name for name in layers)


def test_ratios_come_from_the_codec():
    conv = torch.nn.Conv2d(1, 8, 3, padding=1)
    model = torch.nn.Sequential(conv, torch.nn.ReLU())
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.fill_(-1.0)   # every ReLU output is zero: ZVC keeps only a mask
    zero = prof.profile(model, batch(), repeat=1)[1]
    with torch.no_grad():
        conv.bias.fill_(1.0)    # every output is 1.0: nothing for ZVC to drop
    dense = prof.profile(model, batch(), repeat=1)[1]
    assert zero.ratio > 20
    assert 0.9 < dense.ratio <= 1.0
    assert zero.out_bytes == dense.out_bytes == 2 * 8 * 32 * 32 * 4


def test_the_image_is_not_compressed_unless_asked():
    model = VGGStyle().eval()
    zeros = torch.zeros((2, 1, 32, 32))
    assert prof.profile(model, zeros, repeat=1)[0].ratio == 1.0
    assert prof.profile(model, zeros, repeat=1, compress_input=True)[0].ratio > 20


def test_unknown_model_is_refused_and_the_output_untouched(tmp_path, capsys):
    out = tmp_path / "keep.csv"
    out.write_text("mine\n")
    with pytest.raises(SystemExit) as e:
        prof.main(["alexnet", "--out", str(out)])
    assert e.value.code == 2
    assert "resnet or vgg" in capsys.readouterr().err
    assert out.read_text() == "mine\n"
    with pytest.raises(SystemExit):
        prof.main(["vgg", "--batch", "0"])


def test_python_dash_m_entry_point(cli, tmp_path):
    out = tmp_path / "resnet.csv"
    subprocess.run([sys.executable, "-m", "cdma.torch.profile", "resnet", "--batch", "1", "--repeat", "1",
                    "--out", str(out)], check=True, env=dict(os.environ))
    text = out.read_text()
    assert text.startswith("# cdma.torch.profile resnet: batch 1")
    r = cli("model", "--layers", out, "--codec", "zvc")
    assert "graph" in r.stdout


class _Split(torch.nn.Module):
    """Halves of the channels through torch.chunk (a tuple, then getitem)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.left = torch.nn.Conv2d(2, 2, 1)

    def forward(self, x):
        halves = torch.chunk(torch.relu(self.conv(x)), 2, dim=1)  # fx cannot unpack a proxy
        return torch.cat([self.left(halves[0]), halves[1]], dim=1)


def test_layers_behind_a_tuple_read_the_tensor_before_it(cli, tmp_path):
    profiled = prof.profile(_Split().eval(), batch(), repeat=1)
    layers = by_name(profiled)
    assert layers["left"].inputs == ["conv"]
    cat = [l for l in layers.values() if l.kind == "concat"]
    assert len(cat) == 1 and cat[0].out_bytes == layers["conv"].out_bytes
    assert cat[0].inputs == ["left", "conv"]
    out = tmp_path / "split.csv"
    prof.write_layers_csv(str(out), profiled, "a channel split")
    assert out.read_text().startswith("# a channel split\nname,kind,inputs,")
    cli("model", "--layers", out, "--codec", "zvc")


# -- the device codec's measured times and ratios (issue 24, item 5) ---------

def _model_json(cli, path, *extra):
    d = json.loads(cli("model", "--layers", path, "--codec", "zvc", "--json", *extra).stdout)
    return d, {s["label"]: s for s in d["scenarios"]}


def _rewrite(src, dst, change):
    """`src`'s layer file with change(row) applied to every data row (a dict
    of its cells, codec times as floats when present)."""
    lines = src.read_text().splitlines()
    head_at = next(i for i, l in enumerate(lines) if not l.startswith("#"))
    head = lines[head_at].split(",")
    out = lines[:head_at + 1]
    for line in lines[head_at + 1:]:
        row = dict(zip(head, line.split(",")))
        change(row)
        out.append(",".join(row[h] for h in head))
    dst.write_text("\n".join(out) + "\n")


def test_device_codec_profile_is_read_by_cdma_model(cli, tmp_path):
    out = tmp_path / "vgg-device.csv"
    assert prof.main(["vgg", "--batch", "2", "--repeat", "1", "--device-codec", "--out", str(out)]) == 0
    text = out.read_text()
    assert "device codec" in text
    assert "name,kind,inputs,out_bytes,fwd_ms,bwd_ms,ratio,compress_ms,decompress_ms\n" in text
    d, scen = _model_json(cli, out, "--no-dram-contention")
    layers = d["layers"]
    # Every layer but the image carries the codec's times; the image none.
    assert "compress_s" not in layers[0]
    assert all(l["compress_s"] > 0 and l["decompress_s"] > 0 for l in layers[1:])
    dev = scen["device codec"]
    assert dev["codec"] == "device"
    # The software engine moves the frames: as many bytes as the model's
    # hardware engine at the same ratios, fewer than uncompressed, and it
    # pays its measured codec time on the step.
    assert dev["totals"]["link_bytes"] == scen["cdma zvc"]["totals"]["link_bytes"]
    assert dev["totals"]["link_bytes"] < scen["uncompressed"]["totals"]["link_bytes"]
    offloaded = [l for l in layers if l["offloaded"]]
    codec_s = sum(l.get("compress_s", 0) + l.get("decompress_s", 0) for l in offloaded)
    assert dev["totals"]["codec_s"] == pytest.approx(codec_s)
    # ... and the text report has the column and the scenario.
    txt = cli("model", "--layers", out, "--codec", "zvc").stdout
    assert "device codec (GPU time)" in txt and "device ratio" in txt


def test_device_codec_ratios_are_the_c_library_level_1_ratios():
    """The device codec writes the C library's level-1 frames, so with it a
    layer's ratio is what the host codec measures (no checksum either way)."""
    model = VGGStyle().eval()
    host = prof.profile(model, batch(), repeat=1)
    device = prof.profile(model, batch(), repeat=1, device_codec=True)
    for h, d in zip(host, device):
        assert d.name == h.name
        if h.kind == "input":
            assert d.ratio == 1.0 and d.compress_ms is None
            continue
        # The same frames but for the dtype and shape the host codec records.
        host_frame, device_frame = h.out_bytes / h.ratio, d.out_bytes / d.ratio
        assert 0 < host_frame - device_frame < 64
        assert d.compress_ms > 0 and d.decompress_ms >= 0


def test_cdma_model_answers_to_the_device_codec_columns(cli, tmp_path):
    out = tmp_path / "vgg-device.csv"
    prof.main(["vgg", "--batch", "2", "--repeat", "1", "--device-codec", "--out", str(out)])
    base_d, base = _model_json(cli, out, "--no-dram-contention")
    dev = base["device codec"]["totals"]

    def double_ratio(row):
        if row["compress_ms"]:
            row["ratio"] = "%.6g" % (2 * float(row["ratio"]))
    better = tmp_path / "ratio-x2.csv"
    _rewrite(out, better, double_ratio)
    _, scen = _model_json(cli, better, "--no-dram-contention")
    x2 = scen["device codec"]["totals"]
    # Twice the ratio: half the bytes of every coded tensor (the image is
    # copied as it is), less link time, no longer an iteration.
    coded = 0
    for l, a, b in zip(base_d["layers"], base["device codec"]["layers"],
                       scen["device codec"]["layers"]):
        if l["offloaded"] and "compress_s" in l:
            assert abs(b["link_bytes"] - a["link_bytes"] / 2) <= 1
            coded += 1
        else:
            assert b["link_bytes"] == a["link_bytes"]
    assert coded >= 5
    assert x2["link_bytes"] < dev["link_bytes"] and x2["link_s"] < dev["link_s"]
    assert x2["iteration_s"] <= dev["iteration_s"]

    extra_ms = 5.0  # every codec run 5 ms slower: all of it is GPU time on the step

    def slower(row):
        if row["compress_ms"]:
            row["compress_ms"] = "%.6g" % (float(row["compress_ms"]) + extra_ms)
    slow = tmp_path / "slower.csv"
    _rewrite(out, slow, slower)
    _, scen = _model_json(cli, slow, "--no-dram-contention")
    n = sum(1 for l in base_d["layers"] if l["offloaded"] and "compress_s" in l)
    assert n >= 5
    assert scen["device codec"]["totals"]["iteration_s"] == pytest.approx(
        dev["iteration_s"] + n * extra_ms * 1e-3, rel=1e-6)
    # The other scenarios do not read the codec columns.
    for label in ("oracle", "uncompressed", "cdma zvc"):
        assert scen[label]["totals"] == base[label]["totals"]


def test_device_codec_is_level_1_zvc_only(capsys):
    with pytest.raises(ValueError, match="device_codec"):
        prof.profile(VGGStyle().eval(), batch(), repeat=1, device_codec=True, level=3)
    with pytest.raises(SystemExit) as e:
        prof.main(["vgg", "--device-codec", "--codec", "zstd"])
    assert e.value.code == 2 and "--device-codec" in capsys.readouterr().err
