"""Damaged input raises cdma.Error with the library's error name; nothing
crashes the interpreter."""

import numpy as np
import pytest

import cdma
from conftest import sparse


@pytest.fixture
def frame(rng):
    return cdma.compress(sparse(rng, (20000,), "f4"))


def test_error_carries_code_and_name():
    with pytest.raises(cdma.Error) as e:
        cdma.decompress(b"definitely not a frame")
    assert e.value.name == "prefix_unknown" and e.value.code == 10
    assert "cdma frame" in str(e.value)


def test_every_library_error_has_a_name():
    for code in range(64):
        text = cdma._cdma.error_string(code)
        assert (cdma._cdma.error_name(code) is None) == (text == "Unspecified error code"), code


def test_truncated_frames(frame):
    for n in (0, 1, 10, len(frame) // 2, len(frame) - 1):
        with pytest.raises(cdma.Error):
            cdma.decompress(frame[:n])


def test_every_flipped_byte_is_caught_or_harmless(frame, rng):
    """A flipped byte anywhere either raises cdma.Error or (where the format
    tolerates it) decodes to the original; it never crashes or lies."""
    original = cdma.decompress(frame)
    positions = list(range(0, 64)) + list(rng.integers(64, len(frame), 300))
    raised = 0
    for pos in positions:
        bad = bytearray(frame)
        bad[pos] ^= 0x5A
        try:
            out = cdma.decompress(bytes(bad))
        except cdma.Error:
            raised += 1
            continue
        assert out.tobytes() == original.tobytes(), pos
    assert raised > len(positions) // 2


def test_header_damage_names(frame):
    bad = bytearray(frame)
    bad[10] ^= 1
    with pytest.raises(cdma.Error) as e:
        cdma.frame_info(bytes(bad))
    assert e.value.name in ("header_checksum_wrong", "reserved_bits_set", "prefix_unknown",
                            "version_unsupported", "frame_parameter_invalid")


def test_payload_damage_is_checksum_or_corruption(frame):
    bad = bytearray(frame)
    bad[len(frame) // 2] ^= 0xFF
    with pytest.raises(cdma.Error) as e:
        cdma.decompress(bytes(bad))
    assert e.value.name in ("checksum_wrong", "corruption_detected")


def test_trailing_garbage(frame):
    with pytest.raises(cdma.Error):
        cdma.decompress(frame + b"junk")


def test_bad_parameters():
    with pytest.raises(cdma.Error) as e:
        cdma.compress(np.zeros(4, "f4"), level=99)
    assert e.value.name == "parameter_out_of_bound"
    with pytest.raises(cdma.Error):
        cdma.compress(b"abc", element_width=3)


def test_decompress_into_too_small(frame):
    with pytest.raises(cdma.Error) as e:
        cdma.decompress_into(frame, bytearray(10))
    assert e.value.name == "dst_too_small"


def test_readonly_output_refused(frame):
    with pytest.raises((BufferError, TypeError, ValueError)):
        cdma.decompress_into(frame, bytes(100000))
