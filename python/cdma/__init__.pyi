# Type stubs for the cdma package (PEP 561; py.typed marks the package typed).
# The docstrings live in the modules; `help(cdma.<name>)` shows them.
import io
from typing import Any, BinaryIO, Iterator, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt


Buffer = Union[bytes, bytearray, memoryview, np.ndarray, Any]
Codec = Union[str, int, None]

__version__: str
CODECS: dict[str, int]
COMPRESSOBJ_FLUSH_FINISH: int
COMPRESSOBJ_FLUSH_BLOCK: int

class Error(Exception):
    code: int
    name: Optional[str]

class FrameInfo(NamedTuple):
    content_size: Optional[int]
    frame_size: Optional[int]
    header_size: int
    prefix_size: int
    format_version: int
    element_width: int
    block_size: int
    codec: str
    level: int
    has_checksum: bool
    dtype: Optional[str]
    shape: Optional[Tuple[int, ...]]
    fortran_order: bool
    @property
    def ratio(self) -> Optional[float]: ...

def compress(obj: Buffer, level: Optional[int] = ..., codec: Codec = ..., threads: int = ...,
             *, element_width: Optional[int] = ..., checksum: bool = ...) -> bytes: ...
def decompress(data: Buffer, *, threads: int = ...,
               max_output_size: Optional[int] = ...) -> npt.NDArray[Any]: ...
def decompress_into(data: Buffer, out: Buffer, *, threads: int = ...) -> int: ...
def decompress_range(data: Buffer, offset: int, length: int, *, threads: int = ...,
                     max_output_size: Optional[int] = ...) -> bytes: ...
def frame_info(data: Buffer) -> FrameInfo: ...

class CdmaFile(io.BufferedIOBase):
    name: Any
    def __init__(self, path: Any, mode: str = ..., *, level: Optional[int] = ...,
                 codec: Codec = ..., threads: int = ..., element_width: Optional[int] = ...,
                 checksum: bool = ..., dtype: Any = ...,
                 shape: Optional[Sequence[int]] = ...) -> None: ...
    def write(self, data: Buffer) -> int: ...  # type: ignore[override]
    def flush_frame(self) -> None: ...
    def read_array(self) -> npt.NDArray[Any]: ...

def open(path: Any, mode: str = ..., *, level: Optional[int] = ..., codec: Codec = ...,
         threads: int = ..., element_width: Optional[int] = ..., checksum: bool = ...,
         dtype: Any = ..., shape: Optional[Sequence[int]] = ...) -> CdmaFile: ...

class CompressionObj:
    def compress(self, data: Buffer) -> bytes: ...
    def flush(self, flush_mode: int = ...) -> bytes: ...

class Compressor:
    level: Optional[int]
    threads: int
    checksum: bool
    element_width: Optional[int]
    codec: Codec
    def __init__(self, level: Optional[int] = ..., threads: int = ..., checksum: bool = ...,
                 element_width: Optional[int] = ..., codec: Codec = ...) -> None: ...
    def compress(self, data: Buffer) -> bytes: ...
    def compressobj(self, size: int = ...) -> CompressionObj: ...
    def stream_writer(self, writer: BinaryIO, size: int = ..., closefd: bool = ...) -> CdmaFile: ...
    def copy_stream(self, ifh: BinaryIO, ofh: BinaryIO, size: int = ..., read_size: int = ...,
                    write_size: int = ...) -> Tuple[int, int]: ...

class DecompressionObj:
    @property
    def eof(self) -> bool: ...
    def decompress(self, data: Buffer) -> bytes: ...
    def flush(self, length: int = ...) -> bytes: ...

class Decompressor:
    threads: int
    max_output_size: Optional[int]
    def __init__(self, threads: int = ..., max_output_size: Optional[int] = ...) -> None: ...
    def decompress(self, data: Buffer) -> bytes: ...
    def decompressobj(self) -> DecompressionObj: ...
    def stream_reader(self, source: BinaryIO, closefd: bool = ...) -> CdmaFile: ...
    def read_to_iter(self, reader: Union[BinaryIO, Buffer], read_size: int = ...,
                     write_size: int = ...) -> Iterator[bytes]: ...
    def copy_stream(self, ifh: BinaryIO, ofh: BinaryIO, read_size: int = ...,
                    write_size: int = ...) -> Tuple[int, int]: ...
