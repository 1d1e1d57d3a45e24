"""cdma with PyTorch: tensor round trips and the exact saved-tensor hook."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")  # python3-torch (scripts/install-deps)

import cdma  # noqa: E402
import cdma.torch  # noqa: E402


def relu_like(shape, dtype, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.relu(torch.randn(shape, generator=g)).to(dtype)


def same(a, b):
    return (a.dtype == b.dtype and a.shape == b.shape and a.stride() == b.stride()
            and torch.equal(a.view(torch.uint8) if a.dtype == torch.bool else a, b))


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16, torch.float32,
                                   torch.float64, torch.int64, torch.bool, torch.complex64])
def test_tensor_round_trip(dtype):
    t = relu_like((4, 8, 16), dtype)
    frame = cdma.compress(t)
    back = cdma.torch.decompress(frame)
    assert same(t, back)
    arr = cdma.decompress(frame)  # NumPy view of the same frame
    assert arr.shape == tuple(t.shape)
    if dtype == torch.bfloat16:
        assert cdma.frame_info(frame).dtype == "bf16"
        assert arr.view(np.uint16).tobytes() == t.view(torch.int16).numpy().tobytes()


def test_non_contiguous_tensor_is_copied_in_c_order():
    t = relu_like((32, 16), torch.float32).t()
    back = cdma.torch.decompress(cdma.torch.compress(t))
    assert back.is_contiguous() and torch.equal(back, t)


def test_requires_grad_tensor():
    t = relu_like((100,), torch.float32).requires_grad_()
    assert torch.equal(cdma.torch.decompress(cdma.compress(t)), t.detach())


# -- the saved-tensor hook ----------------------------------------------------

def _run(model, x, y, hook):
    model.zero_grad(set_to_none=True)
    if hook is None:
        loss = torch.nn.functional.cross_entropy(model(x), y)
    else:
        with hook:
            loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    return loss.detach().clone(), [p.grad.clone() for p in model.parameters()]


def _small_net():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(16 * 8 * 8, 64), torch.nn.ReLU(),
        torch.nn.Dropout(0.3), torch.nn.Linear(64, 10))


def test_gradients_identical_bit_for_bit():
    model = _small_net()
    g = torch.Generator().manual_seed(1)
    x = torch.randn(16, 1, 32, 32, generator=g)
    y = torch.randint(0, 10, (16,), generator=g)
    torch.manual_seed(5)
    loss0, grads0 = _run(model, x, y, None)
    hook = cdma.torch.offload(level=1, min_bytes=1024)
    torch.manual_seed(5)  # the same dropout mask
    loss1, grads1 = _run(model, x, y, hook)
    assert loss0.view(torch.int32).item() == loss1.view(torch.int32).item()
    for a, b in zip(grads0, grads1):
        assert torch.equal(a.view(torch.int32), b.view(torch.int32))
    total = hook.stats.total()
    assert total.compressed >= 3 and total.held_bytes < total.raw_bytes
    assert hook.stats.parameter_bytes > 0  # weights were left alone


def test_hook_restores_strides_and_layouts():
    base = relu_like((2, 8, 6, 6), torch.float32)
    cases = {
        "channels_last": base.contiguous(memory_format=torch.channels_last),
        "transposed": base.transpose(1, 3),
        "expanded": relu_like((1, 8, 1, 6), torch.float32).expand(4, 8, 5, 6),
        "sliced": base[:, 1::2, :, 2:],
        "offset": base.view(-1)[17:17 + 300].view(3, 100),
        "bf16": base.to(torch.bfloat16),
        "fp16_cl": base.half().contiguous(memory_format=torch.channels_last),
    }
    for name, t in cases.items():
        hook = cdma.torch.offload(min_bytes=0)
        packed = hook._pack(t)
        assert not torch.is_tensor(packed) or name == "expanded", name
        back = hook._unpack(packed)
        assert back.shape == t.shape and back.stride() == t.stride(), name
        assert back.dtype == t.dtype and torch.equal(back, t), name


def test_small_and_incompressible_tensors_are_kept():
    hook = cdma.torch.offload(min_bytes=4096)
    small = relu_like((10,), torch.float32)
    assert hook._pack(small) is small
    noise = torch.randn(10000)
    assert hook._pack(noise) is noise  # does not shrink
    assert hook.stats.pending.kept == 2


def test_shared_saves_are_stored_once():
    x = relu_like((64, 64), torch.float32).requires_grad_()
    hook = cdma.torch.offload(min_bytes=0)
    with hook:
        r = torch.relu(x * 1.0)        # relu saves its output
        out = (r @ r.t()).sum()        # mm saves r and a view of it
    out.backward()
    s = hook.stats.total()
    assert s.saved > s.unique  # the same storage was packed more than once


def test_layer_attribution():
    stats = cdma.torch.OffloadStats()
    x = relu_like((256, 64), torch.float32).requires_grad_()
    with cdma.torch.offload(min_bytes=0, stats=stats):
        a = torch.relu(x * 2)
        stats.end_layer("first")
        b = torch.relu(a * 3)
        stats.end_layer("second")
        loss = b.sum()
    loss.backward()
    assert list(stats.layers) == ["first", "second"]
    assert all(s.unique >= 1 for s in stats.layers.values())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU on this machine")
def test_cuda_tensors_come_back_on_their_device():  # pragma: no cover
    t = relu_like((64, 64), torch.float32).cuda()
    hook = cdma.torch.offload(min_bytes=0)
    back = hook._unpack(hook._pack(t))
    assert back.device == t.device and torch.equal(back, t)
