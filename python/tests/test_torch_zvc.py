"""cdma.torch.zvc: ZVC frames made and read with tensor operations, checked
against the C library (same bytes at level 1) and the CLI, both ways."""

import ctypes
import ctypes.util

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import cdma  # noqa: E402
from cdma._xxh3 import xxh3_64  # noqa: E402
from cdma.torch import zvc  # noqa: E402

DTYPES = [torch.float64, torch.float32, torch.float16, torch.bfloat16, torch.int64,
          torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool]
# Around the 4 KiB block of block_log=12, and sizes that are not a multiple
# of 8 elements (a partial mask byte) or of the block.
SIZES = [0, 1, 5, 8, 9, 1023, 1024, 1025, 3000, 4097, 12289]
DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(
    not torch.cuda.is_available(), reason="no CUDA device: the device path runs on CPU tensors"))]


def sparse_tensor(n, dtype, seed=0, density=0.3):
    rng = np.random.default_rng(seed)
    x = np.abs(rng.standard_normal(n)) * 3 * (rng.random(n) < density)
    return torch.from_numpy(x).to(dtype)


def raw(t):
    """The tensor's bytes (bfloat16 has no NumPy type)."""
    t = t.cpu()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.contiguous().numpy().tobytes()


def host(frame):
    return bytes(frame.cpu().numpy())


def c_frame(t, **kw):
    """The C library's frame of `t` (bf16 through its int16 bits)."""
    return cdma.compress(t.view(torch.int16).numpy() if t.dtype == torch.bfloat16 else t.numpy(),
                         **kw)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", SIZES)
def test_frames_are_the_c_library_level_1_frames(dtype, n):
    t = sparse_tensor(n, dtype, seed=n)
    frame = host(zvc.encode(t, block_log=12))
    back = cdma.decompress(frame)
    assert back.tobytes() == raw(t) and back.shape == tuple(t.shape)
    if dtype != torch.bfloat16:  # the C library records bf16 only from ml_dtypes arrays
        expected = cdma.compress(t.numpy(), level=1, codec="zvc", checksum=False)
        # same bytes once the block size is the default's
        assert host(zvc.encode(t)) == expected


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", SIZES)
def test_decodes_c_library_level_1_frames(dtype, n):
    t = sparse_tensor(n, dtype, seed=n + 1).reshape(-1, 1) if n else sparse_tensor(0, dtype)
    frame = c_frame(t, level=1)  # content checksum on, as by default
    out = zvc.decode(frame)
    assert raw(out) == raw(t)
    if dtype != torch.bfloat16:
        assert out.dtype == t.dtype and out.shape == t.shape


@pytest.mark.parametrize("width", [1, 2, 4, 8])
@pytest.mark.parametrize("n", [0, 1, 7, 4095, 4096, 4097, 8191, 20001])
def test_element_widths_with_tails_match_the_c_library(width, n):
    data = sparse_tensor(n, torch.uint8, seed=width * 100 + n, density=0.5)
    frame = host(zvc.encode(data, element_width=width, metadata=False))
    assert frame == cdma.compress(data.numpy().tobytes(), level=1, codec="zvc",
                                  element_width=width, checksum=False)
    assert raw(zvc.decode(frame)) == raw(data)
    c = cdma.compress(data.numpy().tobytes(), level=1, element_width=width)
    assert raw(zvc.decode(c)) == raw(data)


@pytest.mark.parametrize("dtype,bits", [
    (torch.float32, [0x80000000, 0x7FC00001, 0xFFFFFFFF, 0x7F800000, 0x00000001, 0]),
    (torch.float64, [1 << 63, 0x7FF8000000000001, 0xFFF0000000000001, 1, 0]),
    (torch.float16, [0x8000, 0x7E01, 0xFC01, 0x0001, 0]),
    (torch.bfloat16, [0x8000, 0x7FC1, 0xFF81, 0x0001, 0]),
])
def test_special_floats_survive_bit_for_bit(dtype, bits):
    """-0.0, NaN payloads, infinities and denormals are nonzero bit patterns."""
    ints = {torch.float32: torch.int32, torch.float64: torch.int64}.get(dtype, torch.int16)
    pattern = torch.tensor([b - (1 << (8 * torch.empty((), dtype=ints).element_size()))
                            if b >= 1 << (8 * torch.empty((), dtype=ints).element_size() - 1)
                            else b for b in bits], dtype=ints)
    t = pattern.repeat(1000).view(dtype)
    frame = zvc.encode(t)
    out = zvc.decode(frame)
    assert raw(out) == raw(t)
    assert cdma.decompress(host(frame)).tobytes() == raw(t)
    # only the true zeros are masked out: one zero per repetition of the pattern
    assert len(host(frame)) < t.numel() * t.element_size()
    neg_zero = torch.full((4096,), -0.0, dtype=dtype)
    assert raw(zvc.decode(zvc.encode(neg_zero))) == raw(neg_zero)


@pytest.mark.parametrize("device", DEVICES)
def test_frames_stay_on_the_tensor_device(device):
    t = sparse_tensor(50000, torch.float32).reshape(50, 1000).to(device)
    frame = zvc.encode(t)
    assert frame.device.type == t.device.type and frame.dtype == torch.uint8
    out = zvc.decode(frame)
    assert out.device.type == t.device.type and torch.equal(out, t)
    assert raw(zvc.decode(host(frame), device=device)) == raw(t)


def test_shapes_and_layouts():
    t = sparse_tensor(6 * 7 * 8, torch.float32).reshape(6, 7, 8)
    for view in (t, t.permute(2, 0, 1), t[:, ::2], t[1, 2, 3]):
        out = zvc.decode(zvc.encode(view))
        assert out.shape == view.shape and torch.equal(out, view.contiguous())
    scalar = t[1, 2, 3]  # 0-d: a Shape entry of length 0
    assert host(zvc.encode(scalar)) == cdma.compress(scalar.numpy(), level=1, codec="zvc",
                                                     checksum=False)
    empty = torch.empty(3, 0, 5)
    assert zvc.decode(zvc.encode(empty)).shape == (3, 0, 5)
    assert host(zvc.encode(empty)) == cdma.compress(empty.numpy(), level=1, codec="zvc",
                                                    checksum=False)


def test_all_zero_and_incompressible_blocks():
    zeros = torch.zeros(3 * 1024 + 3, dtype=torch.float32)
    dense = torch.arange(1, 3 * 1024 + 1, dtype=torch.float32)
    for t in (zeros, dense, torch.cat([zeros, dense, zeros])):
        frame = host(zvc.encode(t, block_log=12))
        assert raw(zvc.decode(frame)) == raw(t)
        assert host(zvc.encode(t)) == cdma.compress(t.numpy(), level=1, codec="zvc",
                                                    checksum=False)
    info = cdma.frame_info(host(zvc.encode(dense)))
    assert info.codec == "zvc" and info.level == 1 and not info.has_checksum


def test_xxh3_matches_libxxhash():
    path = ctypes.util.find_library("xxhash")
    if path is None:
        pytest.skip("libxxhash not found")
    lib = ctypes.CDLL(path)
    lib.XXH3_64bits.restype = ctypes.c_uint64
    lib.XXH3_64bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    rng = np.random.default_rng(7)
    for n in list(range(0, 260)) + [1023, 1024, 1025, 2048, 5000]:
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        assert xxh3_64(data) == lib.XXH3_64bits(data, n), n


# ---------------------------------------------------------------- the CLI

def test_cli_decodes_torch_frames(tmp_path, cli):
    t = sparse_tensor(100003, torch.float32).reshape(-1)
    (tmp_path / "t.cdma").write_bytes(host(zvc.encode(t)))
    cli("test", "-q", tmp_path / "t.cdma")
    cli("decompress", "-q", tmp_path / "t.cdma")
    assert (tmp_path / "t").read_bytes() == raw(t)


@pytest.mark.parametrize("extra", [[], ["--seek-table"], ["--block-log", "12"]])
def test_torch_decodes_cli_frames(tmp_path, extra, cli):
    t = sparse_tensor(70001, torch.float16)
    (tmp_path / "t.raw").write_bytes(raw(t))
    cli("compress", "-q", "-1", "--dtype", "f16", "--shape", "70001", *extra, tmp_path / "t.raw")
    out = zvc.decode((tmp_path / "t.raw.cdma").read_bytes())
    assert out.dtype == torch.float16 and raw(out) == raw(t)


# ---------------------------------------------------------------- bad input

def resign(frame):
    """`frame` with its header checksum recomputed, so that a change made
    to a header field reaches the structural checks behind it."""
    b = bytearray(frame)
    end = 20 + (4 + int.from_bytes(b[20:24], "little") if b[5] & 2 else 0)
    b[end:end + 4] = (xxh3_64(bytes(b[:end])) & 0xFFFFFFFF).to_bytes(4, "little")
    return bytes(b)


def small_frame():
    t = sparse_tensor(2 * 1024 + 13, torch.uint8, density=0.4)
    frame = host(zvc.encode(t, element_width=4, block_log=12, metadata=False))
    return frame


def decode_c(frame):
    return cdma.decompress(frame).tobytes()


def outcome(fn, frame):
    try:
        return raw(fn(frame)) if fn is zvc.decode else fn(frame)
    except cdma.Error as e:
        return ("error", e.name)


def test_every_byte_change_agrees_with_the_c_decoder():
    """Without a content checksum, the C decoder and decode() must agree on
    every damaged frame: the same error class or the same bytes."""
    frame = small_frame()
    for i in range(len(frame)):
        for flip in (0x01, 0x80, 0xFF):
            bad = bytearray(frame)
            bad[i] ^= flip
            for candidate in (bytes(bad), resign(bad)):
                ours, theirs = outcome(zvc.decode, candidate), outcome(decode_c, candidate)
                if isinstance(theirs, tuple):
                    assert isinstance(ours, tuple), (i, flip, theirs)
                else:
                    assert ours == theirs, (i, flip)


def hand_made(blocks, width=4, content_size=None, block_log=12):
    """A frame of `blocks` [(codec, flags, raw, payload)], header signed."""
    size = sum(raw for _, _, raw, _ in blocks) if content_size is None else content_size
    head = b"CDM\xa1" + bytes([1, 0, width, block_log, 2, 1, 0, 0]) + size.to_bytes(8, "little")
    frame = head + (xxh3_64(head) & 0xFFFFFFFF).to_bytes(4, "little")
    for codec, flags, raw, payload in blocks:
        frame += bytes([codec, flags, 0, 0]) + raw.to_bytes(4, "little")
        frame += len(payload).to_bytes(4, "little") + payload
    return frame


@pytest.mark.parametrize("frame", [
    hand_made([(2, 1, 0, b"")]),                                  # empty content, ZVC block
    hand_made([(1, 1, 0, b"")]),                                  # ... zero block
    hand_made([(2, 1, 3, b"abc")]),                               # tail only, nothing masked
    hand_made([(2, 1, 7, b"\x01wxyzabc")]),                       # one element and a tail
    hand_made([(2, 1, 7, b"\x00wxyzabc")]),                       # payload too long
    hand_made([(2, 1, 8, b"\x03abcdefg")]),                       # mask count over payload
    hand_made([(2, 1, 8, b"\x01abcd")]),                          # mask count agrees
    hand_made([(2, 1, 8, b"\x05abcdefgh")]),                      # mask bit past element 1
    hand_made([(0, 0, 4096, bytes(4096)), (2, 1, 4, b"\x01abcd")]),
    hand_made([(0, 0, 4095, bytes(4095)), (2, 1, 5, b"\x01abcde")]),  # short non-last block
    hand_made([(1, 0, 4096, b""), (1, 1, 4096, b"")]),
    hand_made([(1, 1, 4096, b"")], content_size=(1 << 64) - 1),   # unknown content size
    hand_made([(1, 1, 4097, b"")]),                               # more than a block
    hand_made([(1, 1, 8, b"")], content_size=4),                  # more than Content_Size
    hand_made([(2, 1, 8, b"\x01abcd")], width=8),                 # 8-byte elements
], ids=lambda frame: "frame%d" % len(frame))
def test_hand_made_frames_agree_with_the_c_decoder(frame):
    ours, theirs = outcome(zvc.decode, frame), outcome(decode_c, frame)
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple)
    else:
        assert ours == theirs


def test_truncations_and_trailing_bytes_raise():
    frame = small_frame()
    for cut in range(len(frame)):
        with pytest.raises(cdma.Error):
            zvc.decode(frame[:cut])
    with pytest.raises(cdma.Error, match="follow the frame"):
        zvc.decode(frame + b"\0")


def test_inconsistent_mask_count_is_an_error_not_a_gather():
    t = torch.zeros(1024, dtype=torch.float32)
    t[::7] = 1.5
    frame = bytearray(host(zvc.encode(t, metadata=False)))
    mask_at = 24 + 12  # frame header, then the block header
    assert frame[mask_at] & 2 == 0
    frame[mask_at] |= 2  # one more nonzero element than the payload holds
    with pytest.raises(cdma.Error, match="mask") as e:
        zvc.decode(bytes(frame))
    assert e.value.name == "corruption_detected"
    frame[mask_at] &= ~1 & 0xFF  # ... and one fewer: the count matches again
    assert len(zvc.decode(bytes(frame))) == 4096


def test_mask_bits_past_the_last_element_are_an_error():
    frame = bytearray(host(zvc.encode(torch.tensor([0, 0, 0, 0, 0, 0, 0, 1] * 600 + [3],
                                                   dtype=torch.uint8), metadata=False)))
    last_mask_byte = 24 + 12 + 600  # 4801 elements: the 601st mask byte has 1 used bit
    assert frame[last_mask_byte] == 1
    frame[last_mask_byte] |= 0x80
    with pytest.raises(cdma.Error) as e:
        zvc.decode(bytes(frame))
    assert e.value.name == "corruption_detected"


@pytest.mark.parametrize("field,value,name", [
    (5, 0x08, "reserved_bits_set"),            # Frame_Flags bit 3
    (6, 3, "frame_parameter_invalid"),        # Element_Width
    (7, 25, "frame_parameter_invalid"),       # Block_Log
    (12, 4097, "corruption_detected"),        # Content_Size off by one
])
def test_damaged_header_fields(field, value, name):
    frame = bytearray(small_frame())
    frame[field] = value & 0xFF
    if field == 12:
        frame[12:20] = value.to_bytes(8, "little")
    with pytest.raises(cdma.Error) as e:
        zvc.decode(bytes(frame))
    # reserved bits are checked before the header checksum, the rest after
    assert e.value.name == (name if name == "reserved_bits_set" else "header_checksum_wrong")
    with pytest.raises(cdma.Error) as e:
        zvc.decode(resign(frame))
    assert e.value.name == name


def test_max_size_bounds_the_output():
    frame = host(zvc.encode(torch.zeros(1 << 20, dtype=torch.uint8)))
    assert len(frame) < 200  # 1 MiB of zero blocks
    with pytest.raises(cdma.Error) as e:
        zvc.decode(frame, max_size=(1 << 20) - 1)
    assert e.value.name == "memory_limit_exceeded"
    assert zvc.decode(frame, max_size=1 << 20).numel() == 1 << 20


def test_frames_of_other_codecs_are_refused():
    t = sparse_tensor(10000, torch.float32)
    with pytest.raises(cdma.Error, match="cdma.decompress") as e:
        zvc.decode(cdma.compress(t.numpy(), level=5))
    assert e.value.name == "codec_unknown"


@pytest.mark.parametrize("make", [
    lambda: torch.zeros(8, dtype=torch.complex64),
    lambda: torch.zeros(8, 8).to_sparse(),
    lambda: torch.quantize_per_tensor(torch.zeros(8), 0.1, 0, torch.quint8),
])
def test_tensors_the_device_codec_cannot_code(make):
    with pytest.raises(TypeError, match="host codec"):
        zvc.encode(make())


def test_bad_arguments():
    with pytest.raises(ValueError, match="element_width"):
        zvc.encode(torch.zeros(8), element_width=3)
    with pytest.raises(ValueError, match="block_log"):
        zvc.encode(torch.zeros(8), block_log=11)
    with pytest.raises(TypeError, match="uint8"):
        zvc.decode(torch.zeros(8))
