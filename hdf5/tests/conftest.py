"""Fixtures for the HDF5 filter tests: the plugin's folder (from ctest, via
CDMA_HDF5_PLUGIN_DIR) and a way to run h5py or h5dump in a fresh process that
finds the plugin only through HDF5_PLUGIN_PATH."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "h5_worker.py")


@pytest.fixture(scope="session")
def plugin_dir():
    d = os.environ.get("CDMA_HDF5_PLUGIN_DIR")
    if not d or not os.path.isfile(os.path.join(d, "libH5Zcdma.so")):
        pytest.fail("set CDMA_HDF5_PLUGIN_DIR to the folder holding libH5Zcdma.so "
                    "(ctest does: ctest -R hdf5_filter)")
    return d


def clean_env(plugin_path):
    """The environment of a child: no inherited HDF5 or Python settings, and
    HDF5_PLUGIN_PATH naming only `plugin_path` (which replaces HDF5's default
    folder, so an installed copy of the plugin is never the one found)."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env["HDF5_PLUGIN_PATH"] = plugin_path
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(args, plugin_path, check=True):
    r = subprocess.run(args, env=clean_env(plugin_path), capture_output=True, text=True,
                       timeout=240)
    if check and r.returncode != 0:
        raise AssertionError(f"{args} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def worker(plugin_path, *args, check=True):
    """Runs h5_worker.py with Debian's interpreter (where h5py lives)."""
    return run([sys.executable, WORKER, *map(str, args)], plugin_path, check=check)


def worker_json(plugin_path, *args):
    return json.loads(worker(plugin_path, *args).stdout)
