"""bench/offload_gpu.py (scripts/offload-gpu-bench): says "no CUDA device"
and succeeds without one, and its measurements run on CPU tensors."""

import os
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

from conftest import REPO  # noqa: E402
BENCH = REPO / "bench" / "offload_gpu.py"
TOOL = REPO.parent / "shared" / "tools" / "make-activations"


def run(*args, env=None):
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def test_without_cuda_it_says_so_and_succeeds():
    r = run(env={"CUDA_VISIBLE_DEVICES": ""})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "no CUDA device"


def test_measurements_run_on_cpu_tensors():
    if not TOOL.is_file():
        pytest.skip("shared/tools/make-activations not found at %s" % TOOL)
    r = run("--device", "cpu", "--batch", "2", "--steps", "1", "--repeats", "1",
            "--tool", str(TOOL))
    assert r.returncode == 0, r.stderr
    assert "Bytes over the link per step" in r.stdout
    for mode in ("no offload", "save_on_cpu(pin_memory=True)", "torch ZVC on the device"):
        assert "| %s |" % mode in r.stdout


def test_profile_is_written_for_cdma_model(tmp_path, cli):
    """--profile writes the net's layer file with the device codec's times
    and ratios, and cdma model compares it with its model of the engine."""
    if not TOOL.is_file():
        pytest.skip("shared/tools/make-activations not found at %s" % TOOL)
    out = tmp_path / "vgg-device.csv"
    r = run("--device", "cpu", "--batch", "2", "--steps", "1", "--repeats", "1",
            "--tool", str(TOOL), "--profile", str(out))
    assert r.returncode == 0, r.stderr
    assert str(out) in r.stdout
    text = out.read_text()
    assert text.startswith("# bench/offload_gpu.py --profile: shared VGG, batch 2")
    assert ",compress_ms,decompress_ms\n" in text
    m = cli("model", "--layers", out, "--codec", "zvc").stdout
    assert "device codec" in m
