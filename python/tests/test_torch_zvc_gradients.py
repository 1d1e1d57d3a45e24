"""Saved activations through cdma.torch.zvc give the same gradients, bit for
bit, as a run without it: the shared VGG (the Fashion-MNIST net of
shared/tools/make-activations) and the ResNet of the same tool."""

import importlib.machinery
import importlib.util

import pytest

torch = pytest.importorskip("torch")

from cdma.torch import zvc  # noqa: E402

from conftest import REPO, train_step  # noqa: E402

TOOL = REPO.parent / "shared" / "tools" / "make-activations"
DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(
    not torch.cuda.is_available(), reason="no CUDA device: the same test runs on CPU tensors"))]


def build_net(name):
    if not TOOL.is_file():
        pytest.skip("shared/tools/make-activations not found at %s" % TOOL)
    loader = importlib.machinery.SourceFileLoader("make_activations", str(TOOL))
    spec = importlib.util.spec_from_loader("make_activations", loader)
    tool = importlib.util.module_from_spec(spec)
    loader.exec_module(tool)
    torch.manual_seed(0)
    return tool, tool.build_net(name)


def inputs(tool, batch, device):
    """A Fashion-MNIST minibatch as the tool prepares it, or inputs of the
    same shape and scale where the data set is not installed."""
    try:
        arrays, _ = tool.load_fashion_mnist(tool.find_data_dir())
        x = tool.to_input(arrays["train_images"][:batch], 0.2860, 0.3530)
        y = torch.from_numpy(arrays["train_labels"][:batch].astype("int64"))
    except (SystemExit, KeyError, TypeError, AttributeError):
        g = torch.Generator().manual_seed(1)
        x = (torch.rand(batch, 1, 32, 32, generator=g) - 0.2860) / 0.3530
        y = torch.randint(0, 10, (batch,), generator=g)
    return torch.as_tensor(x).float().to(device), y.to(device)


def through_zvc(coded):
    """Every saved tensor the codec can code is kept as a frame only;
    `coded` collects the sizes (raw, frame) of those coded."""
    def pack(t):
        try:
            frame = zvc.encode(t)
            coded.append((t.numel() * t.element_size(), frame.numel()))
            return frame, t.dtype
        except TypeError:  # a tensor the device codec does not code
            return t, None

    def unpack(packed):
        frame, dtype = packed
        return frame if dtype is None else zvc.decode(frame)
    return torch.autograd.graph.saved_tensors_hooks(pack, unpack)


def bits(t):
    return t.view({8: torch.int64, 4: torch.int32, 2: torch.int16}[t.element_size()])


def assert_same_gradients(net, device, hooks):
    """One step of `net` on `device` without hooks and inside `hooks`:
    the loss and every gradient are the same bits."""
    tool, model = build_net(net)
    model = model.to(device).train()
    x, y = inputs(tool, 8, device)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    loss0, grads0 = train_step(model, x, y)
    model.load_state_dict(state)  # BatchNorm's running statistics moved
    loss1, grads1 = train_step(model, x, y, hooks)
    assert torch.equal(bits(loss0), bits(loss1))
    assert len(grads0) == len(grads1)
    for a, b in zip(grads0, grads1):
        assert a.device == b.device and torch.equal(bits(a), bits(b))


@pytest.mark.parametrize("net", ["vgg", "resnet"])
@pytest.mark.parametrize("device", DEVICES)
def test_gradients_identical_bit_for_bit(net, device):
    coded = []
    assert_same_gradients(net, device, through_zvc(coded))
    assert len(coded) >= 10 and sum(f for _, f in coded) < sum(r for r, _ in coded)
