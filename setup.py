"""Builds the _cdma extension of the cdma Python package with the project's
CMake build (target cdma_python, libcdma linked statically), then lets
setuptools package it beside the pure-Python modules. The version comes from
include/cdma/cdma.h, the one place the C library takes it from."""

import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def library_version():
    header = (ROOT / "include" / "cdma" / "cdma.h").read_text()
    parts = []
    for field in ("MAJOR", "MINOR", "PATCH"):
        match = re.search(r"#define CDMA_VERSION_%s (\d+)" % field, header)
        if match is None:
            raise RuntimeError("include/cdma/cdma.h has no CDMA_VERSION_%s" % field)
        parts.append(match.group(1))
    return ".".join(parts)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    """Configures a private CMake tree (no tests, no benchmarks) for the
    interpreter running the build and copies the module it produces."""

    def build_extension(self, ext):
        target = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve()
        tree = pathlib.Path(self.build_temp).resolve() / "cmake"
        configure = ["cmake", "-S", str(ROOT), "-B", str(tree),
                     "-DCMAKE_BUILD_TYPE=Release",
                     "-DPython3_EXECUTABLE=" + sys.executable,
                     "-DCDMA_BUILD_TESTS=OFF", "-DCDMA_BUILD_BENCH=OFF"]
        configure += os.environ.get("CDMA_CMAKE_ARGS", "").split()
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(tree), "--target", "cdma_python",
                        "-j", jobs], check=True)
        built = sorted((tree / "python" / "cdma").glob("_cdma*.so"))
        if len(built) != 1:
            raise RuntimeError("expected one _cdma module in %s, found %s" % (tree, built))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)


setup(version=library_version(),
      ext_modules=[CMakeExtension("cdma._cdma")],
      cmdclass={"build_ext": CMakeBuild})
