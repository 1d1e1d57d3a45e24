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

CUDA tensors are copied to host memory first and copied back to their device
on unpack (synchronously). That path is small and documented here because
this project's test machines have no GPU: it is exercised only where one is.
"""

from .offload import offload
from ._stats import LayerStats, OffloadStats
from .tensors import compress, decompress

__all__ = ["offload", "OffloadStats", "LayerStats", "compress", "decompress"]
