"""The two ways offload() turns a saved span into frame bytes and back: the
strategy a Frame calls, so that the pipeline around it (background packing,
prefetch, in-flight bound, versions) is one and the same for both.

    HostCodec    the span is copied to host memory (when it is not there)
                 and compressed there by the C library: any level, any codec.
    DeviceCodec  the span is compressed where it lives by cdma.torch.zvc
                 (level-1 ZVC in tensor operations), and only the frame bytes
                 cross to host memory: pinned, on a side stream, on CUDA.

Both run on the background worker (or in the hook when the in-flight bound
is 0). encode() returns the frame bytes to hold (len() is their size) or
None when coding failed; decode() returns the 1-D span, on the device the
frame's owner will use it on after deliver().
"""

import threading

import torch

import cdma
from cdma import _cdma
from . import _layout, _pages, _trim, zvc


class HostCodec:
    def __init__(self, level, codec, threads):
        self.level, self.codec, self.threads = level, codec, threads

    def mark(self, src):
        """Called in the hook, on the training thread: nothing to order."""
        return None

    def encode(self, src, mark, width):
        # The originals of the frames made so far are free by now: hand their
        # heap pages back before this frame's buffer is allocated over them.
        _trim.before_alloc(src.numel() * src.element_size())
        host = src.detach() if src.device.type == "cpu" else src.detach().cpu()
        raw = _layout.as_bytes(host)
        if raw.nbytes < _pages.OWN_PAGES_MIN:
            return cdma.compress(raw, level=self.level, codec=self.codec,
                                 threads=self.threads, element_width=width, checksum=True)
        # Straight into pages of its own: no bytes object to fault in, copy
        # and free. Pages past the frame's end are never touched, and go.
        data = _pages.mapping(_cdma.compress_bound(raw.nbytes))
        n = _cdma.compress_into(raw, data, width, self.level, cdma.codec_id(self.codec),
                                self.threads, True)
        if n < raw.nbytes:
            data.resize(n)
        return data

    def decode(self, data, numel, dtype, device):
        _trim.before_alloc(numel * _layout.itemsize(dtype))
        flat = _pages.empty_span(numel, dtype)
        cdma.decompress_into(data, _layout.as_bytes(flat), threads=self.threads)
        return flat

    @staticmethod
    def deliver(flat, device):
        """The decoded span on `device` (CUDA: the documented host copy)."""
        return flat if device.type == "cpu" else flat.to(device)


class DeviceCodec:
    """Level-1 ZVC computed on the tensor's device; the frame is held in
    host memory (pinned on CUDA, so that the copies can be asynchronous)."""

    def __init__(self):
        self._streams = {}
        self._lock = threading.Lock()

    @staticmethod
    def accepts(t):
        """Whether zvc.encode codes `t` (it raises TypeError otherwise)."""
        try:
            zvc._check_encodable(t)
        except TypeError:
            return False
        return True

    def _side_stream(self, device):
        with self._lock:
            s = self._streams.get(device)
            if s is None:
                s = self._streams[device] = torch.cuda.Stream(device)
            return s

    def mark(self, src):
        """On the training thread: an event after the work that produced
        `src` on the current stream, for the side stream to wait for."""
        if src.device.type != "cuda":
            return None
        ev = torch.cuda.Event()
        ev.record(torch.cuda.current_stream(src.device))
        return ev

    def encode(self, src, mark, width):
        if src.device.type != "cuda":
            return zvc.encode(src, element_width=width, metadata=False)
        side = self._side_stream(src.device)
        with torch.cuda.device(src.device), torch.cuda.stream(side):
            side.wait_event(mark)
            frame = zvc.encode(src, element_width=width, metadata=False)
            host = torch.empty(frame.numel(), dtype=torch.uint8, pin_memory=True)
            host.copy_(frame, non_blocking=True)
            done = torch.cuda.Event()
            done.record(side)
        # Waits on this (worker) thread only; the training thread's stream
        # runs on. The side stream's temporaries die after the wait, and
        # `src` is released by the caller after it too.
        done.synchronize()
        return host

    def decode(self, data, numel, dtype, device):
        nbytes = numel * _layout.itemsize(dtype)
        if device.type != "cuda":
            out = zvc.decode(data, device="cpu", max_size=nbytes)
        else:
            side = self._side_stream(device)
            with torch.cuda.device(device), torch.cuda.stream(side):
                out = zvc.decode(data, device=device, max_size=nbytes)
                done = torch.cuda.Event()
                done.record(side)
            done.synchronize()
        if out.dtype != torch.uint8 or out.numel() != nbytes:
            raise zvc._fail("src_size_wrong", "the frame decodes to %d bytes, expected %d"
                            % (out.numel() * out.element_size(), nbytes))
        return out.view(dtype)

    @staticmethod
    def deliver(flat, device):
        """The span for the training thread's stream: decoded on the side
        stream, its memory must not be reused before that stream is done."""
        if flat.device.type == "cuda":
            flat.record_stream(torch.cuda.current_stream(flat.device))
        return flat
