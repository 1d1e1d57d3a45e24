"""Codec names and the FrameInfo record returned by cdma.frame_info()."""

from collections import namedtuple

from . import _cdma

# The permanent codec ids of cdma.h (docs/format.md, "Codec registry") by
# their names, read from the library (cdma_codec_name; ids fit a byte in the
# frame header) so they have one home.
CODECS = {name: i for i in range(256) if (name := _cdma.codec_name(i))}


def codec_id(codec):
    """Codec id for a name, an id, or None (auto)."""
    if codec is None:
        return CODECS["auto"]
    if isinstance(codec, str):
        try:
            return CODECS[codec]
        except KeyError:
            raise ValueError("unknown codec %r; choose from %s"
                             % (codec, ", ".join(sorted(CODECS)))) from None
    return int(codec)


# cdma_errors.h's codes by the names cdma.Error.name carries, read from the
# library (codes are below CDMA_ERROR_maxCode, 64) so they have one home.
_ERROR_CODES = {name: code for code in range(64) if (name := _cdma.error_name(code))}


def make_error(name, detail=None):
    """A cdma.Error for the error `name` ("metadata_invalid"), shaped like
    those the library raises; a `detail` is appended to its description."""
    code = _ERROR_CODES[name]
    text = _cdma.error_string(code)
    e = _cdma.Error(text if detail is None else "%s: %s" % (text, detail))
    e.code, e.name = code, name
    return e


def codec_name(codec_id_):
    """The codec's name, or its id as a string when the library knows none."""
    return _cdma.codec_name(codec_id_) or str(codec_id_)


_FIELDS = ("content_size", "frame_size", "header_size", "prefix_size", "format_version",
           "element_width", "block_size", "codec", "level", "has_checksum", "dtype", "shape",
           "fortran_order")


class FrameInfo(namedtuple("FrameInfo", _FIELDS)):
    """What a frame header says. content_size is None when the frame was
    streamed without a pledged size; frame_size is None when the blocks after
    the header are missing or damaged; codec is the name requested at
    compression; dtype and shape are None when not recorded; fortran_order
    is True when the content is a Fortran-order .npy array (its file prefix
    says so), whose bytes are in column-major order."""

    __slots__ = ()

    def __new__(cls, **kw):
        kw["codec"] = codec_name(kw["codec"])
        return super().__new__(cls, **kw)

    @property
    def ratio(self):
        """content_size / frame_size, or None when either is unknown."""
        if not self.frame_size or self.content_size is None:
            return None
        return self.content_size / self.frame_size
