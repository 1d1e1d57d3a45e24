"""offload(device_codec=True): saved tensors coded by cdma.torch.zvc on their
device, on the same pipeline as the host codec. Every case runs on CPU
tensors here; the CUDA cases run where a CUDA device is present."""

import warnings

import pytest

torch = pytest.importorskip("torch")

import cdma  # noqa: E402
import cdma.torch  # noqa: E402
from cdma.torch import zvc  # noqa: E402
from test_torch_zvc_gradients import DEVICES, assert_same_gradients  # noqa: E402

SYNC_AND_ASYNC = [0, 1 << 30]  # max_inflight_bytes: coded in the hook / on the worker


@pytest.fixture
def no_host_codec(monkeypatch):
    """Makes the host codec fail: a frame can then only come from zvc."""
    def fail(*a, **k):
        raise AssertionError("the host codec was used")
    monkeypatch.setattr(cdma, "compress", fail)
    monkeypatch.setattr(cdma, "decompress_into", fail)


@pytest.mark.parametrize("net", ["vgg", "resnet"])
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("inflight", SYNC_AND_ASYNC)
def test_gradients_identical_bit_for_bit(net, device, inflight, no_host_codec):
    hook = cdma.torch.offload(device_codec=True, max_inflight_bytes=inflight)
    assert_same_gradients(net, device, hook)
    total = hook.stats.total()
    assert total.compressed >= 3 and total.held_bytes < total.raw_bytes


@pytest.mark.parametrize("device", DEVICES)
def test_frames_are_level_1_zvc_frames_in_host_memory(device):
    """What is held is the compressed bytes, on the host (pinned on CUDA),
    and the C library reads them as the span's bytes."""
    t = torch.relu(torch.randn(256, 256, generator=torch.Generator().manual_seed(2)))
    t = t.to(device)
    hook = cdma.torch.offload(device_codec=True, min_bytes=0, max_inflight_bytes=0)
    packed = hook._pack(t)
    data = packed.frame.data
    assert isinstance(data, torch.Tensor) and data.device.type == "cpu"
    assert data.is_pinned() == (t.device.type == "cuda")
    assert len(data) < t.numel() * t.element_size()
    raw = cdma.decompress(data.numpy().tobytes())
    assert bytes(raw) == t.cpu().numpy().tobytes()
    back = hook._unpack(packed)
    assert back.device == t.device and torch.equal(back, t)


def _complex_case():
    g = torch.Generator().manual_seed(6)
    x = torch.complex(torch.relu(torch.randn(256, 128, generator=g)),
                      torch.relu(torch.randn(256, 128, generator=g)))
    w = torch.randn(128, 4, dtype=torch.complex64, generator=g, requires_grad=True)
    return x, w


def test_complex_tensors_fall_back_to_the_host_codec_with_one_warning():
    x, w = _complex_case()
    ref = torch.autograd.grad((x @ w).abs().sum(), w)[0]
    hook = cdma.torch.offload(device_codec=True, min_bytes=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):  # two steps, several complex saves each: one warning
            with hook:
                out = (x @ w).abs().sum() + (x * 2 @ w).abs().sum()
            got = torch.autograd.grad(out, w)[0]
    mine = [c for c in caught if "device_codec" in str(c.message)]
    assert len(mine) == 1 and issubclass(mine[0].category, RuntimeWarning)
    assert "complex64" in str(mine[0].message) and "host codec" in str(mine[0].message)
    assert hook.stats.total().compressed >= 2  # held by the host codec, not kept raw
    with hook:
        ref2 = (x @ w).abs().sum() + (x * 2 @ w).abs().sum()
    assert torch.equal(got, torch.autograd.grad(ref2, w)[0])
    assert torch.equal(torch.autograd.grad((x @ w).abs().sum(), w)[0], ref)
    # a new offload object warns again, once
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with cdma.torch.offload(device_codec=True, min_bytes=0):
            (x @ w).abs().sum()
    assert len([c for c in caught if "device_codec" in str(c.message)]) == 1


@pytest.mark.parametrize("inflight", SYNC_AND_ASYNC)
def test_sparse_saved_tensors_take_the_host_path_with_one_warning(inflight):
    """torch.sparse.mm saves its sparse operand: the device codec cannot
    code it, the step goes on, gradients are exact, one warning."""
    g = torch.Generator().manual_seed(8)
    s = torch.relu(torch.randn(256, 256, generator=g)).to_sparse()
    w = torch.randn(256, 8, generator=g, requires_grad=True)
    ref = torch.autograd.grad(torch.sparse.mm(s, w).square().sum(), w)[0]
    hook = cdma.torch.offload(device_codec=True, min_bytes=0, max_inflight_bytes=inflight)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            with hook:
                out = torch.sparse.mm(s, w).square().sum() + torch.sparse.mm(s, w * 2).sum()
            got = torch.autograd.grad(out, w)[0]
    mine = [c for c in caught if "device_codec" in str(c.message)]
    assert len(mine) == 1 and issubclass(mine[0].category, RuntimeWarning)
    assert "sparse_coo" in str(mine[0].message) and "host path" in str(mine[0].message)
    ref_both = torch.autograd.grad(torch.sparse.mm(s, w).square().sum()
                                   + torch.sparse.mm(s, w * 2).sum(), w)[0]
    assert torch.equal(got, ref_both) and not torch.equal(got, ref)


def test_quantized_tensors_take_the_host_path_with_one_warning():
    """A quantized tensor reaching the hooks is kept as it is (as the host
    path keeps it), with one warning, and comes back unchanged."""
    q = torch.quantize_per_tensor(torch.relu(torch.randn(64, 64)), 0.1, 0, torch.quint8)
    hook = cdma.torch.offload(device_codec=True, min_bytes=0, max_inflight_bytes=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        packed = [hook._pack(q), hook._pack(q)]
    mine = [c for c in caught if "device_codec" in str(c.message)]
    assert len(mine) == 1 and "quantized" in str(mine[0].message)
    for p in packed:
        back = hook._unpack(p)
        assert back.is_quantized and torch.equal(back.int_repr(), q.int_repr())


def test_the_host_codec_path_does_not_warn_for_sparse_tensors():
    s = torch.relu(torch.randn(64, 64)).to_sparse()
    w = torch.randn(64, 8, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with cdma.torch.offload(min_bytes=0):
            out = torch.sparse.mm(s, w).sum()
        out.backward()
    assert not [c for c in caught if "cdma" in str(c.message)]


@pytest.mark.parametrize("inflight", SYNC_AND_ASYNC)
def test_inplace_change_after_forward_raises_like_autograd(inflight, no_host_codec):
    base = torch.relu(torch.randn(64, 256, generator=torch.Generator().manual_seed(3)))
    w = torch.ones(64, 8, requires_grad=True)
    hook = cdma.torch.offload(device_codec=True, min_bytes=0, max_inflight_bytes=inflight)
    with hook:
        out = (base.t() @ w).sum()  # saves a view of base, which dies: held as a frame
    base.add_(1)                    # the view's version moves with its base
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.backward()
    if inflight == 0:  # in the background the change may land before the worker packs it
        assert hook.stats.total().compressed == 1


def _flip_magic(frame):
    frame.data[0] ^= 0x5A


def _flip_mask_bit(frame):
    # The first block's first mask byte (24-byte frame header, 12-byte block
    # header): one more or one fewer nonzero element than the payload holds.
    frame.data[24 + 12] ^= 0x01


def _truncate(frame):
    frame.data = frame.data[:-3].clone()


@pytest.mark.parametrize("damage,error", [(_flip_magic, "prefix_unknown"),
                                          (_flip_mask_bit, "corruption_detected"),
                                          (_truncate, "src_size_wrong|corruption_detected")])
def test_a_damaged_device_frame_raises_naming_the_layer(damage, error):
    g = torch.Generator().manual_seed(4)
    x = torch.relu(torch.randn(256, 128, generator=g))
    w1 = torch.randn(128, 128, generator=g, requires_grad=True)
    w = torch.ones(128, 4, requires_grad=True)
    stats = cdma.torch.OffloadStats()
    hook = cdma.torch.offload(device_codec=True, min_bytes=0, max_inflight_bytes=0,
                              stats=stats)
    with hook:
        h = torch.relu(x @ w1) * 1.0  # relu saves its output: sparse, compressed
        stats.end_layer("fc1")
        out = (h @ w).sum()
        del h
    frames = [f() for f in hook._order]
    victim = next(f for f in frames if f is not None and f.data is not None
                  and f.layer.name == "fc1")
    damage(victim)
    del frames, victim
    with pytest.raises(RuntimeError, match="(%s).*layer 'fc1'" % error):
        out.backward()
    assert w1.grad is None  # no gradient from a damaged frame


@pytest.mark.parametrize("kwargs", [
    {"device_codec": "yes"}, {"device_codec": 1}, {"device_codec": True, "level": 3},
    {"device_codec": True, "codec": "zstd"}])
def test_device_codec_arguments_are_checked(kwargs):
    with pytest.raises(ValueError, match="device_codec"):
        cdma.torch.offload(**kwargs)


def test_zvc_is_re_exported():
    assert cdma.torch.zvc is zvc and "zvc" in cdma.torch.__all__
