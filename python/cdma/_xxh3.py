"""XXH3-64 (seed 0) in pure Python, for the checksums of frame headers.

The frame format (docs/format.md) protects every header with the low 32 bits
of XXH3-64. Encoders written outside the C library (cdma.torch.zvc) need it
for a few hundred bytes per frame, so speed does not matter here; this
follows the scalar reference of libxxhash (xxhash.h) step by step.
"""

_M64 = (1 << 64) - 1
_P32_1, _P32_2, _P32_3 = 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D
_P64_1, _P64_2, _P64_3 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
_P64_4, _P64_5 = 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5

_SECRET = bytes.fromhex(
    "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
    "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
    "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
    "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364"
    "eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d3165526 29d4689e"
    "2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e".replace(" ", ""))
_STRIPE = 64
_STRIPES_PER_BLOCK = (len(_SECRET) - _STRIPE) // 8


def _r64(b, i):
    return int.from_bytes(b[i:i + 8], "little")


def _r32(b, i):
    return int.from_bytes(b[i:i + 4], "little")


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & _M64


def _mul_fold(a, b):
    p = a * b
    return (p ^ (p >> 64)) & _M64


def _avalanche(h):
    h ^= h >> 37
    h = (h * 0x165667919E3779F9) & _M64
    return h ^ (h >> 32)


def _xxh64_avalanche(h):
    h ^= h >> 33
    h = (h * _P64_2) & _M64
    h ^= h >> 29
    h = (h * _P64_3) & _M64
    return h ^ (h >> 32)


def _rrmxmx(h, n):
    h ^= _rotl(h, 49) ^ _rotl(h, 24)
    h = (h * 0x9FB21C651E98DF25) & _M64
    h ^= (h >> 35) + n
    h = (h * 0x9FB21C651E98DF25) & _M64
    return h ^ (h >> 28)


def _mix16(b, i, s):
    return _mul_fold(_r64(b, i) ^ _r64(_SECRET, s), _r64(b, i + 8) ^ _r64(_SECRET, s + 8))


def _short(b, n):
    if n > 8:
        lo = _r64(b, 0) ^ (_r64(_SECRET, 24) ^ _r64(_SECRET, 32))
        hi = _r64(b, n - 8) ^ (_r64(_SECRET, 40) ^ _r64(_SECRET, 48))
        swapped = int.from_bytes(lo.to_bytes(8, "little"), "big")
        return _avalanche((n + swapped + hi + _mul_fold(lo, hi)) & _M64)
    if n >= 4:
        keyed = (_r32(b, n - 4) + (_r32(b, 0) << 32)) ^ (_r64(_SECRET, 8) ^ _r64(_SECRET, 16))
        return _rrmxmx(keyed, n)
    if n:
        combined = (b[0] << 16) | (b[n >> 1] << 24) | b[n - 1] | (n << 8)
        return _xxh64_avalanche(combined ^ (_r32(_SECRET, 0) ^ _r32(_SECRET, 4)))
    return _xxh64_avalanche(_r64(_SECRET, 56) ^ _r64(_SECRET, 64))


def _medium(b, n):
    acc = (n * _P64_1) & _M64
    if n <= 128:
        pairs = (n - 1) // 32 + 1  # 17..32 -> 1, .. 97..128 -> 4
        for i in range(pairs):
            acc += _mix16(b, 16 * i, 32 * i) + _mix16(b, n - 16 * (i + 1), 32 * i + 16)
        return _avalanche(acc & _M64)
    for i in range(8):
        acc += _mix16(b, 16 * i, 16 * i)
    acc = _avalanche(acc & _M64)
    for i in range(8, n // 16):
        acc += _mix16(b, 16 * i, 16 * (i - 8) + 3)
    acc += _mix16(b, n - 16, 136 - 17)
    return _avalanche(acc & _M64)


def _accumulate(acc, b, i, s):
    for lane in range(8):
        val = _r64(b, i + 8 * lane)
        key = val ^ _r64(_SECRET, s + 8 * lane)
        acc[lane ^ 1] = (acc[lane ^ 1] + val) & _M64
        acc[lane] = (acc[lane] + (key & 0xFFFFFFFF) * (key >> 32)) & _M64


def _long(b, n):
    acc = [_P32_3, _P64_1, _P64_2, _P64_3, _P64_4, _P32_2, _P64_5, _P32_1]
    block = _STRIPE * _STRIPES_PER_BLOCK
    blocks = (n - 1) // block
    for k in range(blocks + 1):
        stripes = _STRIPES_PER_BLOCK if k < blocks else ((n - 1) - block * blocks) // _STRIPE
        for s in range(stripes):
            _accumulate(acc, b, k * block + s * _STRIPE, 8 * s)
        if k < blocks:
            for lane in range(8):
                a = acc[lane]
                a ^= a >> 47
                a ^= _r64(_SECRET, len(_SECRET) - _STRIPE + 8 * lane)
                acc[lane] = (a * _P32_1) & _M64
    _accumulate(acc, b, n - _STRIPE, len(_SECRET) - _STRIPE - 7)
    result = (n * _P64_1) & _M64
    for i in range(4):
        result += _mul_fold(acc[2 * i] ^ _r64(_SECRET, 11 + 16 * i),
                            acc[2 * i + 1] ^ _r64(_SECRET, 11 + 16 * i + 8))
    return _avalanche(result & _M64)


def xxh3_64(data):
    """XXH3-64 with seed 0 of `data` (bytes-like), as an int."""
    b = bytes(data)
    n = len(b)
    if n <= 16:
        return _short(b, n)
    if n <= 240:
        return _medium(b, n)
    return _long(b, n)
