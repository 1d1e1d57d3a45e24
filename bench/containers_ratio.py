"""Compression ratio of safetensors checkpoints: cdma (one frame per tensor,
`cdma compress FILE.safetensors`) beside zstd -19 and lz4 (Debian's CLIs) on
the same files. Prints a Markdown table for the README.

    PYTHONPATH=tests/data/safetensors /usr/bin/python3 bench/containers_ratio.py build/cli/cdma

Inputs, written to a temporary directory:
- dense random normal weights (std 0.02, as transformer initialisations
  use), 4 tensors of 1024x1024, in fp32, bf16 and fp16;
- torch.nn default-initialised layers (kaiming-uniform Linear and Conv2d
  weights, zero-free), fp32 and bf16, when torch is installed;
- the shared pretrained activations (../shared/data/pretrained, ReLU
  outputs: sparse), fp32 and bf16.
"""
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import st_write

CDMA = os.path.abspath(sys.argv[1])
SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")


def files(d):
    rng = np.random.default_rng(0)
    w = [rng.normal(0, 0.02, (1024, 1024)).astype("<f4") for _ in range(4)]
    yield "random normal weights", "F32", [("w%d" % i, "F32", x) for i, x in enumerate(w)]
    yield "random normal weights", "BF16", [("w%d" % i, "BF16", st_write.bf16_bits(x)) for i, x in enumerate(w)]
    yield "random normal weights", "F16", [("w%d" % i, "F16", x.astype("<f2")) for i, x in enumerate(w)]
    try:
        import torch
        torch.manual_seed(0)
        mods = [torch.nn.Linear(1024, 1024), torch.nn.Linear(1024, 4096),
                torch.nn.Conv2d(256, 256, 3)]
        t = [(n, p.detach().numpy().astype("<f4")) for i, m in enumerate(mods)
             for n, p in [("m%d.%s" % (i, k), v) for k, v in m.named_parameters()]]
        yield "torch.nn default init", "F32", [(n, "F32", x) for n, x in t]
        yield "torch.nn default init", "BF16", [(n, "BF16", st_write.bf16_bits(x)) for n, x in t]
    except ImportError:
        pass
    acts = [(os.path.basename(p)[:-4], np.load(p))
            for p in sorted(glob.glob(os.path.join(SHARED, "pretrained", "*", "*.npy")))]
    if acts:
        yield "pretrained activations (ReLU)", "F32", [(n, "F32", a) for n, a in acts]
        yield "pretrained activations (ReLU)", "BF16", [(n, "BF16", st_write.bf16_bits(a)) for n, a in acts]


def size_of(cmd, path):
    out = subprocess.run(cmd + [path], check=True, stdout=subprocess.PIPE).stdout
    return len(out)


def main():
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for k, (what, dtype, tensors) in enumerate(files(d)):
            path = os.path.join(d, "f%d.safetensors" % k)
            st_write.write(path, tensors)
            n = os.path.getsize(path)
            subprocess.run([CDMA, "compress", "-qf", path], check=True)
            back = path + ".back"
            subprocess.run([CDMA, "decompress", "-qf", "-o", back, path + ".cdma"], check=True)
            assert open(back, "rb").read() == open(path, "rb").read(), "round trip differs"
            c = os.path.getsize(path + ".cdma")
            z = size_of(["zstd", "-19", "-q", "-c"], path)
            l = size_of(["lz4", "-q", "-c"], path)
            rows.append((what, dtype, n, n / c, n / z, n / l))
    print("| tensors | dtype | size | cdma | zstd -19 | lz4 |")
    print("|---|---|---:|---:|---:|---:|")
    for what, dtype, n, c, z, l in rows:
        print("| %s | %s | %.1f MB | %.2fx | %.2fx | %.2fx |" % (what, dtype, n / 1e6, c, z, l))


if __name__ == "__main__":
    main()
