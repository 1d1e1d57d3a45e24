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
