"""Codec names come from the library (cdma_codec_name): cdma.CODECS, the
codec= argument and FrameInfo.codec agree with it and with the permanent
ids of docs/format.md."""

import numpy as np
import pytest

import cdma
from cdma import _cdma


def test_codecs_are_the_permanent_ids():
    assert cdma.CODECS == {"store": 0, "zero": 1, "zvc": 2, "zrle": 3, "split": 4, "zstd": 5,
                           "lz4": 6, "auto": 255}


def test_extension_names_what_the_library_names():
    assert [_cdma.codec_name(i) for i in (0, 2, 255)] == ["store", "zvc", "auto"]
    # Ids the library does not know, and ones no C int holds.
    assert [_cdma.codec_name(i) for i in (7, 254, -1, 2**40)] == [None] * 4


# "zero" is chosen by the encoder per block, never asked for.
@pytest.mark.parametrize("name", sorted(set(cdma.CODECS) - {"zero"}))
def test_frame_info_names_the_codec_asked_for(name):
    a = np.zeros(4096, dtype=np.float32)
    a[::3] = 1.5
    frame = cdma.compress(a, codec=name)
    assert cdma.frame_info(frame).codec == name
    assert np.array_equal(cdma.decompress(frame), a)


def test_unknown_codec_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown codec 'zvcc'.*split.*zvc"):
        cdma.compress(np.zeros(16, dtype=np.float32), codec="zvcc")
