"""cdma with PyTorch: tensor round trips and the exact saved-tensor hook."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")  # python3-torch (scripts/install-deps)

import cdma  # noqa: E402
import cdma.torch  # noqa: E402
from conftest import train_step  # noqa: E402


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
    loss0, grads0 = train_step(model, x, y)
    hook = cdma.torch.offload(level=1, min_bytes=1024)
    loss1, grads1 = train_step(model, x, y, hook)
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
    hook = cdma.torch.offload(min_bytes=4096, max_inflight_bytes=0)
    small = relu_like((10,), torch.float32)
    assert hook._pack(small).tensor is small
    noise = torch.randn(10000)
    packed = hook._pack(noise)  # does not shrink: the span is held, no frame
    assert packed.frame.data is None
    assert packed.frame.tensor.data_ptr() == noise.data_ptr()
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


# -- issue 19: every autograd situation, memory structure, bad input ----------

def _grads(fn, params, hook):
    """fn() -> loss, run inside `hook` (None: plainly); then backward."""
    for p in params:
        p.grad = None
    if hook is None:
        loss = fn()
    else:
        with hook:
            loss = fn()
    loss.backward()
    return [p.grad.clone() for p in params]


def _bits(t):
    return t.view(torch.uint8) if t.dtype == torch.bool else t.contiguous().view(-1).view(
        torch.uint8)


def assert_bits_equal(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.dtype == y.dtype and x.shape == y.shape and torch.equal(_bits(x), _bits(y))


def _inplace_cases():
    """name -> (x, W, hook kwargs) for `out = (x @ W).sum()`: x held
    compressed, kept under min_bytes, kept as incompressible, or x and W
    parameters."""
    g = torch.Generator().manual_seed(3)
    sparse_x = torch.relu(torch.randn(256, 128, generator=g))
    noise_x = torch.randn(256, 128, generator=g)
    return {
        "compressed": (sparse_x, False, {"min_bytes": 0}),
        "under_min_bytes": (sparse_x, False, {"min_bytes": 1 << 30}),
        "incompressible": (noise_x, False, {"min_bytes": 0}),
        "parameter": (sparse_x, True, {"min_bytes": 0}),
    }


@pytest.mark.parametrize("case", sorted(_inplace_cases()))
@pytest.mark.parametrize("sync", [False, True])
def test_inplace_change_after_forward_raises_like_autograd(case, sync):
    x0, x_is_param, kw = _inplace_cases()[case]
    for hook in (None, cdma.torch.offload(max_inflight_bytes=0 if sync else 1 << 30, **kw)):
        x = x0.clone().requires_grad_(x_is_param)
        W = torch.ones(128, 4, requires_grad=True)
        if hook is None:
            out = (x @ W).sum()
        else:
            with hook:
                out = (x @ W).sum()
        with torch.no_grad():
            x.mul_(3)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            out.backward()


def test_inplace_change_of_a_view_base_raises():
    base = torch.relu(torch.randn(64, 256, generator=torch.Generator().manual_seed(4)))
    W = torch.ones(64, 8, requires_grad=True)
    with cdma.torch.offload(min_bytes=0):
        out = (base.t() @ W).sum()   # saves a view of base
    base.add_(1)                     # the view's version moves with its base
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.backward()


def _mlp(seed=0, dtype=torch.float32):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                               torch.nn.ReLU(), torch.nn.Linear(256, 10)).to(dtype)


def _batch(seed=1, n=128):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 64, generator=g), torch.randint(0, 10, (n,), generator=g)


def test_retain_graph_two_backward_passes():
    model, (x, y) = _mlp(), _batch()
    params = list(model.parameters())

    def two_passes(hook):
        for p in params:
            p.grad = None
        if hook is None:
            loss = torch.nn.functional.cross_entropy(model(x), y)
        else:
            with hook:
                loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward(retain_graph=True)
        loss.backward()
        return [p.grad.clone() for p in params]

    hook = cdma.torch.offload(min_bytes=0)
    assert_bits_equal(two_passes(None), two_passes(hook))
    assert hook.stats.total().compressed > 0


def test_create_graph_double_backward():
    model, (x, y) = _mlp(), _batch()
    model[1], model[3] = torch.nn.Softplus(), torch.nn.Tanh()  # twice differentiable
    params = list(model.parameters())

    def grad_penalty():
        loss = torch.nn.functional.cross_entropy(model(x), y)
        g = torch.autograd.grad(loss, params, create_graph=True)
        return sum((gi * gi).sum() for gi in g)

    hook = cdma.torch.offload(min_bytes=0)
    assert_bits_equal(_grads(grad_penalty, params, None), _grads(grad_penalty, params, hook))
    assert hook.stats.total().compressed > 0


@pytest.mark.parametrize("reentrant", [True, False])
def test_checkpoint_inside_the_context(reentrant):
    import torch.utils.checkpoint as cp
    model, (x, y) = _mlp(), _batch()
    params = list(model.parameters())
    x.requires_grad_(True)  # the reentrant variant needs an input that requires grad

    def fn():
        h = cp.checkpoint(model[:3], x, use_reentrant=reentrant)
        return torch.nn.functional.cross_entropy(model[3:](h), y)

    hook = cdma.torch.offload(min_bytes=0)
    assert_bits_equal(_grads(fn, params, None), _grads(fn, params, hook))


def test_nested_contexts():
    model, (x, y) = _mlp(), _batch()
    params = list(model.parameters())
    outer, inner = cdma.torch.offload(min_bytes=0), cdma.torch.offload(level=3, min_bytes=0)

    def fn():
        h = model[:2](x)
        with inner:
            h = model[2:4](h)
        return torch.nn.functional.cross_entropy(model[4:](h), y)

    assert_bits_equal(_grads(fn, params, None), _grads(fn, params, outer))
    assert outer.stats.total().unique > 0 and inner.stats.total().unique > 0


def test_exception_inside_the_context_pops_the_hooks():
    model, (x, y) = _mlp(), _batch()
    hook = cdma.torch.offload(min_bytes=0)
    with pytest.raises(ZeroDivisionError):
        with hook:
            model(x)
            1 / 0
    saved = hook.stats.pending.saved
    loss = torch.nn.functional.cross_entropy(model(x), y)  # outside: no hook
    loss.backward()
    assert hook.stats.pending.saved == saved
    params = list(model.parameters())
    fn = lambda: torch.nn.functional.cross_entropy(model(x), y)  # noqa: E731
    assert_bits_equal(_grads(fn, params, None), _grads(fn, params, hook))


def _dtype_case(dtype):
    """(params, fn) whose backward needs a saved tensor of `dtype`, created
    inside fn (so that it is not kept alive by the caller)."""
    g = torch.Generator().manual_seed(7)
    if dtype == torch.int64:
        w = torch.randn(512, 64, generator=g, requires_grad=True)
        idx = torch.randint(0, 64, (512, 64), generator=g)
        return [w], lambda: torch.gather(w * 1.0, 1, idx.clone()).pow(2).sum()
    if dtype == torch.bool:
        w = torch.randn(512, 64, generator=g, requires_grad=True)
        return [w], lambda: torch.where((w > 0.5).clone(), w * 2.0, w * w).sum()
    if dtype.is_complex:
        w = torch.randn(256, 64, dtype=dtype, generator=g, requires_grad=True)
        return [w], lambda: (torch.relu(w.real) * w).abs().sum()
    w = torch.randn(512, 64, generator=g).to(dtype).requires_grad_()
    # masked_fill: CPU torch has no relu for float16
    return [w], lambda: ((w * 1.5).masked_fill(w < 0, 0) * (w - 0.2).masked_fill(w < 0.2, 0)
                         ).float().sum()


@pytest.mark.parametrize("dtype", [torch.int64, torch.bool, torch.bfloat16, torch.float16,
                                   torch.complex64, torch.complex128])
def test_saved_tensors_of_every_dtype(dtype):
    params, fn = _dtype_case(dtype)
    ref = _grads(fn, params, None)
    hook = cdma.torch.offload(min_bytes=0)
    assert_bits_equal(ref, _grads(fn, params, hook))
    assert hook.stats.total().compressed > 0


def test_two_threads_two_models_own_contexts():
    import threading
    data = [_batch(seed=s) for s in (1, 2)]
    models = [_mlp(seed=s) for s in (1, 2)]

    def train(k, hooked, out):
        x, y = data[k]
        params = list(models[k].parameters())
        fn = lambda: torch.nn.functional.cross_entropy(models[k](x), y)  # noqa: E731
        out[k] = [_grads(fn, params, cdma.torch.offload(min_bytes=0) if hooked else None)
                  for _ in range(5)]

    ref, got = {}, {}
    for k in (0, 1):
        train(k, False, ref)
    threads = [threading.Thread(target=train, args=(k, True, got)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in (0, 1):
        for a, b in zip(ref[k], got[k]):
            assert_bits_equal(a, b)


def test_frames_die_after_their_last_use():
    x = torch.relu(torch.randn(256, 256, generator=torch.Generator().manual_seed(5)))
    w = torch.ones(1, requires_grad=True)
    hook = cdma.torch.offload(min_bytes=0)
    with hook:
        a = torch.relu(x * w)           # frame A: a (relu's result)
        b = torch.relu(a * 2.0)         # frame B: b (relu's result, and twice by b * b)
        loss = (b * b).sum()
        del b
    # frames in packing order: x (by x * w), a, the scalar 2.0, b
    frames = [f() for f in hook._order]
    assert len(frames) == 4 and all(f is not None for f in frames)
    frame_a, frame_b = weakref_of(frames[1]), weakref_of(frames[3])
    del frames
    seen = {}

    def at_grad_of_a(grad):  # runs after b's nodes, before a's
        seen["b"], seen["a"] = frame_b() is None, frame_a() is None

    a.register_hook(at_grad_of_a)
    loss.backward()
    assert seen == {"b": True, "a": False}
    assert frame_a() is None and hook.stats.held_bytes_now == 0


def weakref_of(obj):
    import weakref
    return weakref.ref(obj)


def test_a_span_saved_twice_is_decoded_once(monkeypatch):
    calls = []
    real = cdma.decompress_into
    monkeypatch.setattr(cdma, "decompress_into", lambda *a, **k: calls.append(1) or real(*a, **k))
    x = torch.relu(torch.randn(256, 256, generator=torch.Generator().manual_seed(6)))
    w = torch.ones(1, requires_grad=True)
    hook = cdma.torch.offload(min_bytes=0, max_inflight_bytes=0)
    with hook:
        b = torch.relu(x * w)
        loss = (b * b).sum()     # b saved three times: by relu and twice by mul
        del b
    loss.backward()              # (x, saved by x * w, is the caller's: held as it is)
    assert hook.stats.total().saved == 4 and hook.stats.total().compressed == 1
    assert len(calls) == 1


def _unpack_log(hook):
    """Wraps the hook's unpack: records, per saved frame unpacked, its dtype
    and whether backward found it prefetched (decoded or being decoded)."""
    from cdma.torch.offload import _Packed
    log, real = [], hook._unpack

    def unpack(packed):
        if isinstance(packed, _Packed):
            f = packed.frame
            with hook.lock:
                log.append((f.seq, f.dtype, f.tensor is not None or f.future is not None))
        return real(packed)
    torch.autograd.graph.saved_tensors_hooks.__init__(hook, hook._pack, unpack)
    return log


@pytest.mark.parametrize("device_codec", [False, True])
def test_prefetch_decodes_a_max_pool_input_before_its_indices(device_codec):
    """Max-pool saves its input, then its indices, and backward unpacks the
    input first: right after the node above it unpacks, the input must be
    the frame being decoded ahead, not only the indices."""
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(3, 16, 3, padding=1)
    fc = torch.nn.Linear(16 * 16 * 16, 10)
    x = torch.randn(8, 3, 32, 32)
    hook = cdma.torch.offload(min_bytes=0, device_codec=device_codec)
    log = _unpack_log(hook)
    with hook:
        h = torch.nn.functional.max_pool2d(torch.relu(conv(x)), 2)
        loss = fc(h.flatten(1)).square().sum()
        del h
    loss.backward()
    order = [(seq, dtype) for seq, dtype, _ in log]
    pool_input = next(i for i, (seq, dtype) in enumerate(order)
                      if dtype == torch.float32 and i + 1 < len(order)
                      and order[i + 1][1] == torch.int64)
    assert order[0][0] > order[pool_input][0]  # fc's input was unpacked first
    assert log[pool_input][2], "the max-pool input was not prefetched: %s" % log
    assert log[pool_input + 1][2], "the indices were not prefetched: %s" % log
    grads = [conv.weight.grad.clone(), fc.weight.grad.clone()]
    conv.zero_grad(), fc.zero_grad()
    fc(torch.nn.functional.max_pool2d(torch.relu(conv(x)), 2).flatten(1)).square().sum().backward()
    assert torch.equal(grads[0], conv.weight.grad) and torch.equal(grads[1], fc.weight.grad)


def test_a_large_frame_is_held_in_exactly_its_own_bytes():
    # compressed straight into a mapping of the bound's size, then shrunk
    from cdma.torch import _pages
    g = torch.Generator().manual_seed(9)
    a = torch.randn(_pages.OWN_PAGES_MIN, generator=g, requires_grad=True)  # 1 MiB of fp32
    hook = cdma.torch.offload(min_bytes=0, max_inflight_bytes=0)
    with hook:
        loss = torch.relu(a).sum()   # saves relu's result, half zeros
    frame = next(f() for f in hook._order if f() is not None)
    assert len(frame.data) == cdma.frame_info(frame.data).frame_size
    assert len(frame.data) < frame.raw_bytes
    assert hook.stats.total().held_bytes == len(frame.data)
    loss.backward()
    assert torch.equal(a.grad, (a.detach() > 0).float())


@pytest.mark.parametrize("sync", [False, True])
def test_free_heap_pages_are_handed_back_before_a_large_compress(monkeypatch, sync):
    # Originals that frames replace are freed into malloc's heaps, where they
    # stay resident unless handed back: forward's memory would then not fall
    # by what the frames save (issue 19).
    from cdma.torch import _inflight, _trim
    calls = []
    monkeypatch.setattr(_trim, "_malloc_trim", lambda pad: calls.append(pad) or 0)
    g = torch.Generator().manual_seed(7)
    small = torch.randn(_trim.TRIM_MIN // 8, generator=g, requires_grad=True)
    big = torch.randn(_trim.TRIM_MIN // 4, generator=g, requires_grad=True)
    hook = cdma.torch.offload(min_bytes=0, max_inflight_bytes=0 if sync else 2**30)
    with hook:
        loss = torch.relu(small).sum()   # saves relu's result: TRIM_MIN / 2 bytes
        _inflight.submit(lambda: None).result()  # the worker's queue is done
        assert calls == []
        loss = loss + torch.relu(big).sum()  # TRIM_MIN bytes
        _inflight.submit(lambda: None).result()
    assert calls == [0]
    assert hook.stats.total().compressed == 2


@pytest.mark.parametrize("limit", [0, 100_000, 300_000])
def test_bytes_in_flight_are_bounded(limit):
    model, (x, y) = _mlp(), _batch(n=512)  # saved tensors of 64-512 KiB
    params = list(model.parameters())
    fn = lambda: torch.nn.functional.cross_entropy(model(x), y)  # noqa: E731
    hook = cdma.torch.offload(min_bytes=0, max_inflight_bytes=limit)
    assert_bits_equal(_grads(fn, params, None), _grads(fn, params, hook))
    assert hook.stats.peak_inflight_bytes <= limit
    assert hook.stats.inflight_bytes == 0 and hook.stats.held_bytes_now == 0
    assert 0 < hook.stats.peak_held_bytes < hook.stats.total().raw_bytes


def test_a_tensor_still_referenced_is_held_as_it_is():
    x = torch.relu(torch.randn(512, 256, generator=torch.Generator().manual_seed(8)))
    W = torch.ones(256, 4, requires_grad=True)
    fn = lambda: (x @ W).sum()  # noqa: E731  (saves x, which the caller keeps)
    ref = _grads(fn, [W], None)
    W.grad = None
    hook = cdma.torch.offload(min_bytes=0)
    with hook:
        out = fn()
    (frame,) = [f() for f in hook._order]  # a frame would add to x, not replace it
    assert frame.data is None and frame.tensor.data_ptr() == x.data_ptr()
    assert hook.stats.total().kept == 1 and hook.stats.total().compressed == 0
    out.backward()
    assert_bits_equal(ref, [W.grad])


def test_a_damaged_frame_raises_naming_the_layer():
    model, (x, y) = _mlp(), _batch()
    stats = cdma.torch.OffloadStats()
    hook = cdma.torch.offload(min_bytes=0, max_inflight_bytes=0, stats=stats)
    with hook:
        h = model[:2](x)
        stats.end_layer("fc1")
        loss = torch.nn.functional.cross_entropy(model[2:](h), y)
        del h
    frames = [f() for f in hook._order]
    victim = next(f for f in frames if f is not None and f.data is not None
                  and f.layer.name == "fc1")
    damaged = bytearray(victim.data)
    damaged[len(damaged) // 2] ^= 0x5A
    victim.data = bytes(damaged)
    del frames, victim
    # autograd's engine re-raises what a hook raised as RuntimeError, message kept
    with pytest.raises(RuntimeError, match="checksum_wrong.*layer 'fc1'"):
        loss.backward()


@pytest.mark.parametrize("kwargs", [
    {"level": 0}, {"level": 10}, {"level": "fast"}, {"level": 1.5}, {"min_bytes": -1},
    {"threads": 0}, {"max_inflight_bytes": -1}, {"max_inflight_bytes": None},
    {"stats": {}}, {"codec": 3.0}, {"codec": "zipp"}])
def test_nonsensical_arguments_raise_value_error_naming_them(kwargs):
    (name,) = kwargs
    with pytest.raises(ValueError, match=name):
        cdma.torch.offload(**kwargs)


def test_a_failed_compression_holds_the_tensor_and_frees_the_bound(monkeypatch):
    def fail(*a, **k):
        raise MemoryError("no memory for the frame")
    monkeypatch.setattr(cdma, "compress", fail)
    model, (x, y) = _mlp(), _batch()
    params = list(model.parameters())
    fn = lambda: torch.nn.functional.cross_entropy(model(x), y)  # noqa: E731
    hook = cdma.torch.offload(min_bytes=0, max_inflight_bytes=1 << 20)
    ref = _grads(fn, params, None)
    assert_bits_equal(ref, _grads(fn, params, hook))
    assert_bits_equal(ref, _grads(fn, params, hook))  # would wait forever on a leaked bound
    assert hook.stats.total().compressed == 0 and hook.stats.inflight_bytes == 0


def test_max_inflight_bytes_zero_compresses_in_pack():
    hook = cdma.torch.offload(min_bytes=0, max_inflight_bytes=0)
    t = relu_like((256, 256), torch.float32)
    packed = hook._pack(t)
    assert packed.frame.future is None and packed.frame.data is not None
    assert packed.frame.source is None  # the raw span is no longer held
    assert hook.stats.peak_inflight_bytes == 0


def test_one_context_reused_step_after_step():
    model, (x, y) = _mlp(), _batch()
    params = list(model.parameters())
    fn = lambda: torch.nn.functional.cross_entropy(model(x), y)  # noqa: E731
    ref = _grads(fn, params, None)
    hook = cdma.torch.offload(min_bytes=0)
    counts = []
    for _ in range(3):
        assert_bits_equal(ref, _grads(fn, params, hook))
        counts.append(len(hook._order))
    assert counts[0] > 0 and counts == counts[:1] * 3  # earlier steps' frames forgotten
