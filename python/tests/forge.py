"""Forged frames for tests: a valid frame with its header metadata rewritten
(docs/format.md, "Frame_Header" and "Metadata") and its header checksum
recomputed, so the blocks and checksums stay valid and only the tensor
metadata lies. The library's own parser then reads the forgery.

    python3 forge.py IN OUT [--dtype NAME|-] [--shape 3,4|-|none] [--prefix-replace OLD NEW]
"""

import ctypes
import struct
import sys

_xxh = ctypes.CDLL("libxxhash.so.0")  # libxxhash-dev is a build dependency
_xxh.XXH3_64bits.restype = ctypes.c_uint64
_xxh.XXH3_64bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t]

_FIXED = 20          # magic .. Content_Size
_METADATA_PRESENT = 2
TAG_DTYPE, TAG_SHAPE, TAG_PREFIX = 1, 2, 3
KEEP = object()


def _entries(frame):
    """(metadata entries {tag: value}, header size) of a frame."""
    flags = frame[5]
    if not flags & _METADATA_PRESENT:
        return {}, _FIXED + 4
    (size,) = struct.unpack_from("<I", frame, _FIXED)
    meta = frame[_FIXED + 4:_FIXED + 4 + size]
    entries, pos = {}, 0
    while pos < len(meta):
        tag = meta[pos]
        (n,) = struct.unpack_from("<I", meta, pos + 1)
        entries[tag] = bytes(meta[pos + 5:pos + 5 + n])
        pos += 5 + n
    return entries, _FIXED + 4 + size + 4


def metadata(frame):
    return _entries(frame)[0]


def forge(frame, dtype=KEEP, shape=KEEP, prefix=KEEP, content_size=KEEP):
    """`frame` with its dtype (str, or None to drop it), shape (tuple, or
    None), file prefix (bytes, or None) or Content_Size (int) replaced."""
    frame = bytes(frame)
    entries, header_size = _entries(frame)
    for tag, value in ((TAG_DTYPE, None if dtype is None or dtype is KEEP else dtype.encode()),
                       (TAG_SHAPE, None if shape is None or shape is KEEP
                        else struct.pack("<%dQ" % len(shape), *shape)),
                       (TAG_PREFIX, None if prefix is KEEP else prefix)):
        given = {TAG_DTYPE: dtype, TAG_SHAPE: shape, TAG_PREFIX: prefix}[tag]
        if given is KEEP:
            continue
        if value is None:
            entries.pop(tag, None)
        else:
            entries[tag] = value
    meta = b"".join(bytes([t]) + struct.pack("<I", len(v)) + v for t, v in sorted(entries.items()))
    fixed = bytearray(frame[:_FIXED])
    if content_size is not KEEP:
        struct.pack_into("<Q", fixed, 12, content_size)
    if meta:
        fixed[5] |= _METADATA_PRESENT
        head = bytes(fixed) + struct.pack("<I", len(meta)) + meta
    else:
        fixed[5] &= ~_METADATA_PRESENT & 0xFF
        head = bytes(fixed)
    checksum = _xxh.XXH3_64bits(head, len(head)) & 0xFFFFFFFF
    return head + struct.pack("<I", checksum) + frame[header_size:]


def zero_frame(blocks, block_log=24):
    """A valid frame of `blocks` all-zero blocks of 2**block_log bytes, 12
    bytes each (codec 1, "zero"), without content checksum: tiny input that
    decodes to a lot."""
    block = 1 << block_log
    head = struct.pack("<IBBBBBBHQ", 0xA14D4443, 1, 0, 1, block_log, 255, 0, 0, blocks * block)
    head += struct.pack("<I", _xxh.XXH3_64bits(head, len(head)) & 0xFFFFFFFF)
    body = b"".join(struct.pack("<BBHII", 1, int(k == blocks - 1), 0, block, 0)
                    for k in range(blocks))
    return head + body


def main(argv):
    src, dst, args = argv[0], argv[1], argv[2:]
    kw = {}
    while args:
        opt = args.pop(0)
        if opt == "--dtype":
            v = args.pop(0)
            kw["dtype"] = None if v == "-" else v
        elif opt == "--shape":
            v = args.pop(0)
            kw["shape"] = None if v == "-" else tuple(int(x) for x in v.split(",") if x)
        elif opt == "--content-size":
            kw["content_size"] = int(args.pop(0))
        elif opt == "--prefix-replace":
            old, new = args.pop(0).encode(), args.pop(0).encode()
            kw["_replace"] = (old, new)
        else:
            raise SystemExit("forge.py: unknown option " + opt)
    data = open(src, "rb").read()
    if "_replace" in kw:
        old, new = kw.pop("_replace")
        prefix = metadata(data)[TAG_PREFIX]
        assert old in prefix, (old, prefix)
        kw["prefix"] = prefix.replace(old, new, 1)
    open(dst, "wb").write(forge(data, **kw))


if __name__ == "__main__":
    main(sys.argv[1:])
