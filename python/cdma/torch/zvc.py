"""ZVC written with PyTorch tensor operations: cdma v1 frames made and read
on whatever device the tensor lives on (CPU or CUDA alike; no custom kernel).

    from cdma.torch import zvc
    frame = zvc.encode(acts)          # uint8 tensor on acts.device: a cdma frame
    back = zvc.decode(frame)          # same dtype, shape and bytes as acts

This is the software version of the compressing DMA engine: the zero mask and
the compacted nonzero elements are computed where the tensor is, so only the
compressed bytes need to cross the link. The frames are ordinary cdma v1
frames (docs/format.md): `cdma.decompress` and `cdma decompress` read them,
and decode() reads the frames the C library writes at level 1.

Frames written here are the C library's level-1 frames without the content
checksum (cdma.compress(x, level=1, codec="zvc", checksum=False) gives the
same bytes): XXH3-64 over the whole content has no tensor-operation form in
PyTorch, and the format makes that checksum optional. The header keeps its
checksum (computed on the host, over a few dozen bytes). decode() checks the
whole structure of a frame, and every mask count against its payload size
before any element is gathered, but cannot verify a content checksum that a
frame carries; decode such frames with cdma.decompress when that matters.
Blocks of other codecs (split, zstd, ... from levels above 1) are refused.
"""

import torch

from cdma._info import CODECS, codec_name, make_error
from cdma._xxh3 import xxh3_64
from . import _layout

DEFAULT_BLOCK_LOG = 17  # the C library's default: 128 KiB blocks
_MAGIC = b"\x43\x44\x4d\xa1"
_FIXED_HEADER = 20  # before Metadata_Size / Metadata / Header_Checksum
_FLAG_CHECKSUM, _FLAG_METADATA, _FLAG_SEEK = 1, 2, 4
_LAST_BLOCK = 1
_SEEK_MAGIC = 0x4B455343
_MAX_METADATA = 1052672
_UNKNOWN_SIZE = (1 << 64) - 1
_STORE, _ZERO, _ZVC = CODECS["store"], CODECS["zero"], CODECS["zvc"]
_LEVEL = 1  # Level_Hint: level 1 is plain ZVC in the C library
# Elements are compared and moved as integers of their width: an element is
# "zero" only when every bit is, so -0.0 and NaN payloads are kept exactly.
_INT = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}


def _fail(name, detail):
    """A cdma.Error like the library's, with `detail` saying where."""
    return make_error(name, detail)


def _le(value, size):
    return int(value).to_bytes(size, "little")


# ---------------------------------------------------------------- encoding

def _check_encodable(t):
    if t.layout != torch.strided or t.is_quantized:
        raise TypeError("cdma.torch.zvc.encode: %s tensors are not supported; "
                        "compress them with cdma.torch.compress (host codec)" % (t.layout,))
    if t.dtype.is_complex or t.dtype not in _layout.DTYPE_NAMES:
        raise TypeError("cdma.torch.zvc.encode: dtype %s is not supported; "
                        "compress it with cdma.torch.compress (host codec)" % (t.dtype,))


def _frame_header(width, block_log, content_size, dtype_name, shape):
    meta = b""
    if dtype_name is not None:
        name = dtype_name.encode()
        meta += b"\x01" + _le(len(name), 4) + name
        meta += b"\x02" + _le(8 * len(shape), 4) + b"".join(_le(d, 8) for d in shape)
    flags = _FLAG_METADATA if meta else 0
    head = (_MAGIC + bytes([1, flags, width, block_log, _ZVC, _LEVEL, 0, 0])
            + _le(content_size, 8))
    if meta:
        head += _le(len(meta), 4) + meta
    return head + _le(xxh3_64(head) & 0xFFFFFFFF, 4)


def _flat_bytes(t, width):
    """The tensor's bytes in C order as a 1-D uint8 tensor, with its first
    byte aligned for `width`-byte integer views."""
    if t.numel() == 0:  # empty tensors may have stride 0, which view(uint8) refuses
        return torch.empty(0, dtype=torch.uint8, device=t.device)
    flat = t.contiguous().reshape(-1).view(torch.uint8)
    if flat.data_ptr() % width:
        flat = flat.clone()
    return flat


def encode(tensor, *, element_width=None, block_log=DEFAULT_BLOCK_LOG, metadata=True):
    """Compress `tensor` into one cdma v1 frame of ZVC blocks, computed on
    the tensor's device. Returns a 1-D uint8 tensor on that device.

    element_width: 1, 2, 4 or 8 bytes per ZVC element (default: the
        tensor's element size). block_log: Block_Size = 2**block_log bytes,
        12..24. metadata: record dtype and shape, so that decode() and
        cdma.decompress() give the tensor back as it was.
    Blocks where ZVC does not shrink are stored raw and all-zero blocks are
    coded as `zero`, exactly as the C library does at level 1.
    Raises TypeError for sparse, quantized and complex tensors.
    """
    t = tensor.detach()
    _check_encodable(t)
    width = t.element_size() if element_width is None else int(element_width)
    if width not in _INT:
        raise ValueError("cdma.torch.zvc.encode: element_width must be 1, 2, 4 or 8, not %r"
                         % (element_width,))
    if not 12 <= int(block_log) <= 24:
        raise ValueError("cdma.torch.zvc.encode: block_log must be 12..24 (4 KiB..16 MiB), "
                         "not %r" % (block_log,))
    block_log = int(block_log)
    flat = _flat_bytes(t, width)
    size = flat.numel()
    dev = flat.device
    header = _frame_header(width, block_log, size,
                           _layout.DTYPE_NAMES[t.dtype] if metadata else None, tuple(t.shape))
    if size == 0:  # the one empty block an empty content has
        block = bytes([_STORE, _LAST_BLOCK, 0, 0]) + _le(0, 8)
        return torch.frombuffer(bytearray(header + block), dtype=torch.uint8).to(dev)

    block = 1 << block_log
    per_block = block // width  # elements in a full block: a multiple of 8
    blocks = -(-size // block)
    last_raw = size - (blocks - 1) * block
    tail = last_raw % width
    elements = (size - tail) // width
    values_int = flat[:elements * width].view(_INT[width])
    nonzero = values_int != 0
    # Pad to whole blocks: the padding is the zero bits a mask ends with.
    padded = torch.zeros(blocks * per_block, dtype=torch.bool, device=dev)
    padded[:elements] = nonzero
    bit_weights = torch.tensor([1, 2, 4, 8, 16, 32, 64, 128], dtype=torch.uint8, device=dev)
    masks = (padded.view(-1, 8).to(torch.uint8) * bit_weights).sum(1, dtype=torch.uint8)
    counts = padded.view(blocks, per_block).sum(1)
    tail_nonzero = flat[size - tail:].ne(0).any().reshape(1).to(counts.dtype)
    host = torch.cat([counts, tail_nonzero]).tolist()  # the one wait for the device
    nnz, tail_nonzero = host[:-1], bool(host[-1])
    values = values_int[nonzero].view(torch.uint8)

    block_heads = bytearray()
    plan = []  # (codec, block k, raw size, elements, tail bytes, nonzeros before block k)
    seen = 0
    for k in range(blocks):
        raw = block if k + 1 < blocks else last_raw
        t_k = tail if k + 1 == blocks else 0
        n = (raw - t_k) // width
        payload = -(-n // 8) + nnz[k] * width + t_k
        if payload <= raw - 1:  # a payload must be smaller than its block
            all_zero = nnz[k] == 0 and not (t_k and tail_nonzero)
            codec = _ZERO if all_zero else _ZVC
            payload = 0 if all_zero else payload
        else:
            codec, payload = _STORE, raw
        block_heads += (bytes([codec, _LAST_BLOCK if k + 1 == blocks else 0, 0, 0])
                        + _le(raw, 4) + _le(payload, 4))
        plan.append((codec, k, raw, n, t_k, seen))
        seen += nnz[k]
    heads = torch.frombuffer(bytearray(header + block_heads), dtype=torch.uint8).to(dev)
    pieces = [heads[:len(header)]]
    for codec, k, raw, n, t_k, before in plan:
        at = len(header) + 12 * k
        pieces.append(heads[at:at + 12])
        if codec == _STORE:
            pieces.append(flat[k * block:k * block + raw])
        elif codec == _ZVC:
            first = k * per_block // 8
            pieces.append(masks[first:first + -(-n // 8)])
            pieces.append(values[before * width:(before + nnz[k]) * width])
            if t_k:
                pieces.append(flat[size - t_k:])
    return torch.cat(pieces)


# ---------------------------------------------------------------- decoding

def _host_view(frame):
    """(host bytes of the frame, the frame as a uint8 tensor or None)."""
    if isinstance(frame, torch.Tensor):
        if frame.dtype != torch.uint8 or frame.dim() != 1:
            raise TypeError("cdma.torch.zvc.decode: frame must be a 1-D uint8 tensor or bytes, "
                            "not a %s tensor of shape %s" % (frame.dtype, tuple(frame.shape)))
        frame = frame.contiguous()
        return bytes(frame.cpu().numpy()), frame
    return bytes(memoryview(frame).cast("B")), None


class _Header:
    pass


def _parse_header(src):
    if len(src) < 4:
        raise _fail("src_size_wrong", "%d bytes is too short for a frame" % len(src))
    if src[:4] != _MAGIC:
        raise _fail("prefix_unknown", "the input does not start with a cdma frame")
    if len(src) < _FIXED_HEADER + 4:
        raise _fail("src_size_wrong", "the frame header is truncated")
    if src[4] != 1:
        raise _fail("version_unsupported", "format version %d" % src[4])
    h = _Header()
    h.flags = src[5]
    if h.flags & ~(_FLAG_CHECKSUM | _FLAG_METADATA | _FLAG_SEEK) or src[10] or src[11]:
        raise _fail("reserved_bits_set", "reserved header bits are set")
    pos, meta_size = _FIXED_HEADER, 0
    if h.flags & _FLAG_METADATA:
        if len(src) < pos + 8:
            raise _fail("src_size_wrong", "the frame header is truncated")
        meta_size = int.from_bytes(src[pos:pos + 4], "little")
        pos += 4
        if meta_size == 0 or meta_size > _MAX_METADATA:
            raise _fail("corruption_detected", "Metadata_Size %d is out of range" % meta_size)
        if len(src) - pos - 4 < meta_size:
            raise _fail("src_size_wrong", "the frame header is truncated")
    end = pos + meta_size
    if int.from_bytes(src[end:end + 4], "little") != xxh3_64(src[:end]) & 0xFFFFFFFF:
        raise _fail("header_checksum_wrong", "the frame header is damaged")
    h.width, h.block_log = src[6], src[7]
    if h.width not in _INT or not 12 <= h.block_log <= 24:
        raise _fail("frame_parameter_invalid", "element width %d, block log %d"
                    % (h.width, h.block_log))
    h.content_size = int.from_bytes(src[12:20], "little")
    h.dtype, h.shape = _parse_metadata(src[pos:end])
    h.size = end + 4
    return h


def _parse_metadata(meta):
    dtype = shape = None
    seen = set()
    p = 0
    while p < len(meta):
        if len(meta) - p < 5:
            raise _fail("corruption_detected", "a metadata entry is truncated")
        tag, length = meta[p], int.from_bytes(meta[p + 1:p + 5], "little")
        value = meta[p + 5:p + 5 + length]
        if len(value) < length:
            raise _fail("corruption_detected", "a metadata entry runs past the metadata")
        if tag < 4:
            if tag == 0 or tag in seen:
                raise _fail("corruption_detected", "metadata tag %d is invalid or repeated" % tag)
            seen.add(tag)
        if tag == 1:
            if not 1 <= length <= 15 or any(c < 0x21 or c > 0x7E for c in value):
                raise _fail("metadata_invalid", "the recorded dtype is not 1..15 printable bytes")
            dtype = value.decode("ascii")
        elif tag == 2:
            if length % 8 or length // 8 > 32:
                raise _fail("metadata_invalid", "the recorded shape is malformed")
            shape = tuple(int.from_bytes(value[i:i + 8], "little") for i in range(0, length, 8))
        elif tag == 3 and not 1 <= length <= 1 << 20:
            raise _fail("metadata_invalid", "the recorded file prefix is malformed")
        p += 5 + length
    return dtype, shape


def _walk_blocks(src, h):
    """Every block's (codec, content offset, raw size, payload offset,
    payload size), checked against the format's rules; and the frame's end."""
    block = 1 << h.block_log
    known = h.content_size != _UNKNOWN_SIZE
    blocks, pos, total = [], h.size, 0
    while True:
        k = len(blocks)
        if len(src) - pos < 12:
            raise _fail("src_size_wrong", "block %d is truncated" % k)
        codec, flags = src[pos], src[pos + 1]
        raw = int.from_bytes(src[pos + 4:pos + 8], "little")
        csize = int.from_bytes(src[pos + 8:pos + 12], "little")
        if flags & ~_LAST_BLOCK or src[pos + 2] or src[pos + 3]:
            raise _fail("reserved_bits_set", "block %d has reserved bits set" % k)
        last = bool(flags & _LAST_BLOCK)
        if codec not in (_STORE, _ZERO, _ZVC):
            # Valid codecs of higher levels too: this decoder knows only level 1's.
            raise _fail("codec_unknown", "block %d is coded with %s; cdma.torch.zvc decodes "
                        "store, zero and zvc blocks (level 1), cdma.decompress decodes all"
                        % (k, codec_name(codec)))
        if raw > block or (not last and raw != block):
            raise _fail("corruption_detected", "block %d holds %d bytes in %d-byte blocks"
                        % (k, raw, block))
        if raw == 0 and not (k == 0 and last and (not known or h.content_size == 0)):
            raise _fail("corruption_detected", "block %d is empty" % k)
        if csize > raw or (codec == _STORE and csize != raw) or (codec == _ZERO and csize):
            raise _fail("corruption_detected", "block %d: payload of %d bytes for %d bytes of %s"
                        % (k, csize, raw, codec_name(codec)))
        if len(src) - pos - 12 < csize:
            raise _fail("src_size_wrong", "block %d's payload is truncated" % k)
        total += raw
        if known and total > h.content_size:
            raise _fail("corruption_detected", "the blocks hold more than Content_Size")
        blocks.append((codec, total - raw, raw, pos + 12, csize))
        pos += 12 + csize
        if last:
            break
    if known and total != h.content_size:
        raise _fail("corruption_detected", "the blocks hold %d bytes, Content_Size says %d"
                    % (total, h.content_size))
    if h.flags & _FLAG_CHECKSUM:
        if len(src) - pos < 8:
            raise _fail("src_size_wrong", "the content checksum is truncated")
        pos += 8  # not verified here: see the module's docstring
    if h.flags & _FLAG_SEEK:
        pos = _check_seek_table(src, pos, blocks)
    if pos != len(src):
        raise _fail("src_size_wrong", "%d bytes follow the frame" % (len(src) - pos))
    return blocks, total


def _check_seek_table(src, pos, blocks):
    need = 8 * len(blocks) + 8
    if len(src) - pos < need:
        raise _fail("src_size_wrong", "the seek table is truncated")
    for k, (_, _, _, _, csize) in enumerate(blocks):
        if int.from_bytes(src[pos + 8 * k:pos + 8 * k + 4], "little") != 12 + csize:
            raise _fail("corruption_detected", "seek table entry %d does not match its block" % k)
    end = pos + need
    if (int.from_bytes(src[end - 8:end - 4], "little") != len(blocks)
            or int.from_bytes(src[end - 4:end], "little") != _SEEK_MAGIC):
        raise _fail("corruption_detected", "the seek table's count or magic is wrong")
    return end


def _zvc_layout(blocks, width):
    """For each ZVC block: (content offset, elements n, mask offset, mask
    bytes, nnz, values offset, tail bytes), nnz being what its payload size
    implies; the mask's bit count is checked against it on the device."""
    out = []
    for k, (codec, offset, raw, at, csize) in enumerate(blocks):
        if codec != _ZVC or raw == 0:  # an empty content's block has nothing to place
            continue
        n, tail = divmod(raw, width)
        mask = -(-n // 8)
        rest = csize - mask - tail
        if rest < 0 or rest % width or rest // width > n:
            raise _fail("corruption_detected", "block %d: a %d-byte ZVC payload cannot hold %d "
                        "elements and %d tail bytes" % (k, csize, n, tail))
        out.append((offset, n, at, mask, rest // width, at + mask, tail))
    return out


def _as_tensor(out, h):
    """`out` viewed as the recorded dtype and shape, when they describe it."""
    dtype = _layout.NAME_DTYPES.get(h.dtype)
    if dtype is None or h.shape is None:
        return out
    count = 1
    for d in h.shape:
        count *= d
    if count * _layout.itemsize(dtype) != out.numel():
        return out
    return out.view(dtype).view(h.shape)


def decode(frame, *, device=None, max_size=None):
    """Decode one cdma v1 frame of store, zero and ZVC blocks (what
    encode() and the C library at level 1 write) with tensor operations.

    frame: a 1-D uint8 tensor (on any device) or a bytes-like object. The
        block headers are read on the host (a device frame is copied there
        for that); the data moves on `device`, by default the frame
        tensor's device, else the CPU.
    max_size: refuse (memory_limit_exceeded) a frame decoding to more bytes.
    Returns the recorded dtype and shape when the frame has them, else a
    1-D uint8 tensor. Raises cdma.Error for a damaged frame, before anything
    is gathered, and cdma.Error `codec_unknown` for blocks of codecs other
    than store, zero and zvc (frames of levels above 1).
    """
    src, tensor = _host_view(frame)
    h = _parse_header(src)
    blocks, total = _walk_blocks(src, h)
    if max_size is not None and total > max_size:
        raise _fail("memory_limit_exceeded", "the frame decodes to %d bytes, max_size is %d"
                    % (total, max_size))
    zvc = _zvc_layout(blocks, h.width)
    if device is None:
        device = tensor.device if tensor is not None else "cpu"
    data = (tensor if tensor is not None else torch.frombuffer(bytearray(src), dtype=torch.uint8))
    data = data.to(device)
    out = torch.zeros(total, dtype=torch.uint8, device=data.device)
    if zvc:
        _scatter_zvc(data, out, zvc, h.width, h.block_log)
    for codec, offset, raw, at, _ in blocks:
        if codec == _STORE and raw:
            out[offset:offset + raw].copy_(data[at:at + raw])
    return _as_tensor(out, h)


def _scatter_zvc(data, out, zvc, width, block_log):
    dev = data.device
    per_block = (1 << block_log) // width  # elements of a full block: a multiple of 8
    masks = torch.cat([data[m:m + mb] for _, _, m, mb, _, _, _ in zvc])
    bit_weights = torch.tensor([1, 2, 4, 8, 16, 32, 64, 128], dtype=torch.uint8, device=dev)
    bits = (masks.unsqueeze(1) & bit_weights).ne(0).view(-1)
    # The element flags of the whole content, padded to whole blocks; the
    # masks of consecutive ZVC blocks are consecutive bits, copied at once.
    blocks = -(-out.numel() // (1 << block_log))
    flags = torch.zeros(blocks * per_block, dtype=torch.bool, device=dev)
    runs, at = [], 0
    for offset, n, _, mb, _, _, _ in zvc:
        first = offset // width
        if runs and runs[-1][0] + runs[-1][2] == first and runs[-1][2] % per_block == 0:
            runs[-1][2] += n
        else:
            runs.append([first, at, n])
        at += 8 * mb
    for first, bit, n in runs:
        flags[first:first + n] = bits[bit:bit + n]
    counts = flags.view(blocks, per_block).sum(1)
    which = torch.tensor([offset >> block_log for offset, _, _, _, _, _, _ in zvc], device=dev)
    expected = torch.tensor([nnz for _, _, _, _, nnz, _, _ in zvc], device=dev)
    # Only a frame's last block can end its mask with unused bits.
    last_offset, last_n, _, last_mb, _, _, _ = zvc[-1]
    unused = bits[bits.numel() - (8 * last_mb - last_n):]
    # The sizes are checked before any element moves: a mask whose count
    # disagrees with its payload is damage, never an out-of-bounds gather.
    if bool((counts[which] != expected).any() | unused.any()):
        raise _fail("corruption_detected", "a ZVC mask disagrees with its payload size, "
                    "or sets bits past its last element")
    pieces = [data[v:v + nnz * width] for _, _, _, _, nnz, v, _ in zvc if nnz]
    if pieces:
        values = torch.cat(pieces).view(_INT[width])
        # Only the last block has a tail, so the elements of every block
        # tile the content up to its last whole element.
        whole = out.numel() // width
        out[:whole * width].view(_INT[width]).masked_scatter_(flags[:whole], values)
    for offset, n, _, _, nnz, v, tail in zvc:
        if tail:
            at = v + nnz * width
            out[offset + n * width:offset + n * width + tail].copy_(data[at:at + tail])
