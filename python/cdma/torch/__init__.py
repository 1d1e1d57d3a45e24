"""cdma for PyTorch: exact, compressed saved activations.

    import cdma.torch
    with cdma.torch.offload(level=1):
        loss = criterion(model(x), y)     # saved activations are compressed here
    loss.backward()                       # ... and restored bit for bit here

Autograd keeps the tensors a backward pass needs (ReLU outputs, layer inputs,
pooling indices) alive from the forward pass until the backward pass. Inside
offload(), each such tensor of at least `min_bytes` is compressed through
cdma into host memory when it is saved, and decoded when backward needs it:
same dtype, shape, strides, device and bytes, so losses and gradients are
identical to a run without it. Sparse ReLU outputs typically shrink 2-4x.

Two paths: the host codec (default) copies a CUDA tensor to host memory and
compresses it there with the C library (any level); offload(device_codec=True)
compresses on the tensor's device with cdma.torch.zvc (level-1 ZVC) and moves
only the frame bytes, pinned and on a side stream, and decodes on the device
in backward. On a CPU-only machine both run with CPU tensors.
"""

from .offload import offload
from ._stats import LayerStats, OffloadStats
from .tensors import compress, decompress
from . import zvc

__all__ = ["offload", "OffloadStats", "LayerStats", "compress", "decompress", "zvc"]
