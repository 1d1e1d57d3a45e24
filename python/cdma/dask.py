"""cdma at cluster scale, with Dask moving the data and Zarr holding it.

    from dask.distributed import Client
    import cdma.dask

    client = Client("tcp://scheduler:8786")          # or Client() for a local one
    report = cdma.dask.compress_tree("/shared/acts", "/shared/acts.zarr")
    print(report.files, report.ratio)
    arrays = cdma.dask.open_tree("/shared/acts.zarr")  # {relative path: dask array}

compress_tree() writes every .npy file under a directory into one Zarr (v2)
group, one array per file, chunked along the first axis and coded with
cdma.numcodecs.Cdma (0-d arrays excepted: Zarr stores their one value raw). Each file is one task: the worker that runs it maps the
file itself and writes its chunks straight into the store, so no tensor
passes through the scheduler, and every machine must see the source and the
store at the same paths (a shared filesystem). A task rewrites its whole
array, so a task the cluster reruns after losing a worker leaves the same
bytes; the store is assembled under a temporary name beside OUT and renamed
into place only once every chunk of every array is present.

compress_array() writes one Dask array with the codec (Dask's to_zarr).
"""

import contextlib
import hashlib
import os
import shutil
import sys
import time
import uuid
from collections import namedtuple

import numpy as np
import zarr

import dask
import dask.array as da

from .numcodecs import Cdma

DEFAULT_CHUNK_BYTES = 4 << 20
_PATH_ATTR = "cdma_path"  # the file's path relative to the source directory
_MAX_NAME = 200  # leaves room for the -N of _unique_names and a .partial suffix
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


class TreeReport(namedtuple("TreeReport", "files raw_bytes stored_bytes seconds arrays")):
    """What compress_tree() wrote. raw_bytes counts the tensors' elements
    (not the .npy headers); stored_bytes counts the chunk files, without
    Zarr's small JSON metadata; arrays lists one ArrayReport per file."""

    __slots__ = ()

    @property
    def ratio(self):
        return self.raw_bytes / self.stored_bytes if self.stored_bytes else None


ArrayReport = namedtuple("ArrayReport", "path name shape dtype raw_bytes stored_bytes")


def load_npy(path):
    """The default reader: the .npy file memory-mapped, read as it is written."""
    return np.load(path, mmap_mode="r", allow_pickle=False)


def array_name(relpath):
    """A name that is one safe path component for the file at `relpath`:
    "vgg/final/01_conv.npy" -> "vgg__final__01_conv". Not reversible (the
    original path is kept in the array's attributes)."""
    stem = relpath[:-4] if relpath.lower().endswith(".npy") else relpath
    parts = stem.replace(os.sep, "/").split("/")
    name = "__".join("".join(c if c in _SAFE else "_" for c in p) for p in parts)
    # Zarr keeps its metadata in names starting with ".z"; a leading dot also hides files.
    if name.startswith(".") or not name:
        name = "_" + name
    if len(name) > _MAX_NAME:  # filesystems cap a name at 255 bytes; deep trees get there
        digest = hashlib.sha1(relpath.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        name = name[:_MAX_NAME - 17] + "-" + digest
    return name


def find_npy(src):
    """Relative paths of the .npy files under `src`, sorted."""
    found = []
    for root, dirs, files in os.walk(src, onerror=_raise):
        dirs.sort()
        for f in sorted(files):
            if f.lower().endswith(".npy"):
                found.append(os.path.relpath(os.path.join(root, f), src))
    return found


def _raise(error):
    raise error


def _unique_names(relpaths):
    """array_name() for each path, with -2, -3, ... appended where two paths
    map to one name ("a/b.npy" and "a__b.npy"); stable for a sorted list."""
    taken, names = set(), []
    for rel in relpaths:
        base = name = array_name(rel)
        n = 1
        while name.lower() in taken:  # lower(): case-insensitive filesystems
            n += 1
            name = "%s-%d" % (base, n)
        taken.add(name.lower())
        names.append(name)
    return names


def _rows_per_chunk(shape, itemsize, chunk_bytes):
    if not shape:
        return ()
    row = itemsize * int(np.prod(shape[1:], dtype=np.int64))
    rows = max(1, chunk_bytes // row) if row else max(1, shape[0])
    return (min(rows, max(1, shape[0])),) + tuple(max(1, s) for s in shape[1:])


def _chunk_files(array_dir):
    """The chunk files of one array: not Zarr's .zarray/.zattrs, and not the
    hidden .partial files a writer killed mid-chunk may leave."""
    return [e for e in os.scandir(array_dir) if not e.name.startswith(".")]


def _compress_file(src_path, relpath, store_dir, name, level, chunk_bytes, reader):
    """One task: write the file at `src_path` as array `name` of the group at
    `store_dir`. Runs on a worker; rewrites the array from scratch, so running
    it twice gives the same store."""
    try:
        a = reader(src_path)
    except Exception as e:
        raise ValueError("cdma.dask: cannot read %s: %s" % (src_path, e)) from e
    if not (hasattr(a, "shape") and hasattr(a, "dtype")):
        raise TypeError("cdma.dask: the reader returned %s for %s, not an array"
                        % (type(a).__name__, src_path))
    dtype = np.dtype(a.dtype)
    if dtype.hasobject:
        raise TypeError("cdma.dask: %s holds Python objects (dtype %s), which cdma cannot "
                        "compress" % (src_path, dtype))
    shape = tuple(int(s) for s in a.shape)
    group = zarr.open_group(store_dir, mode="r+")
    z = group.create_dataset(name, shape=shape, dtype=dtype,
                             chunks=_rows_per_chunk(shape, dtype.itemsize, chunk_bytes),
                             compressor=Cdma(level=level), fill_value=None,
                             write_empty_chunks=True, overwrite=True)
    if not shape:
        z[...] = np.asarray(a)
    else:
        step = z.chunks[0]
        for start in range(0, shape[0], step):  # one chunk row at a time: memory stays bounded
            z[start:start + step] = np.asarray(a[start:start + step])
    z.attrs[_PATH_ATTR] = relpath.replace(os.sep, "/")
    raw = dtype.itemsize * int(np.prod(shape, dtype=np.int64))
    stored = sum(e.stat().st_size for e in _chunk_files(os.path.join(store_dir, name)))
    return ArrayReport(relpath, name, shape, dtype.str, raw, stored)


def _missing_chunks(store_dir, name):
    # Counted here: zarr 2.13's nchunks_initialized also counts .zattrs for 0-d arrays.
    z = zarr.open_array(os.path.join(store_dir, name), mode="r")
    return z.nchunks - len(_chunk_files(os.path.join(store_dir, name)))


def compress_tree(src, out, *, client=None, level=None, chunk_bytes=DEFAULT_CHUNK_BYTES,
                  reader=None, overwrite=False):
    """Compress every .npy file under directory `src` into the Zarr group at
    directory `out`, one task per file, and return a TreeReport.

    client: the dask.distributed Client to run on; None uses Dask's current
        scheduler (the default Client when one exists, else local threads).
    level: cdma level 1..9 (None: the library's default).
    chunk_bytes: the target size of one chunk before compression; chunks
        split the first axis only.
    reader: callable(path) -> array-like with shape and dtype that supports
        slicing along the first axis; called on the worker. Default
        load_npy, a read-only memory map.
    overwrite: replace an existing `out` (only once the new store is
        complete); otherwise an existing `out` raises FileExistsError.

    On any error nothing is left at `out` (an existing store is untouched).
    """
    src, out = os.fspath(src), os.path.abspath(os.fspath(out))
    if not os.path.isdir(src):
        raise NotADirectoryError("cdma.dask: %s is not a directory" % src)
    if os.path.exists(out) and not overwrite:
        raise FileExistsError("cdma.dask: %s exists (pass overwrite=True, or --force, to "
                              "replace it)" % out)
    Cdma(level=level)  # validates the level before any task runs
    if isinstance(chunk_bytes, bool) or not isinstance(chunk_bytes, int) or chunk_bytes < 1:
        raise ValueError("cdma.dask: chunk_bytes must be a positive int, not %r" % (chunk_bytes,))
    relpaths = find_npy(src)
    if not relpaths:
        raise ValueError("cdma.dask: no .npy files under %s" % src)
    reader = reader or load_npy
    names = _unique_names(relpaths)

    tmp = "%s.tmp-%s" % (out, uuid.uuid4().hex[:12])
    started = time.perf_counter()
    try:
        zarr.open_group(tmp, mode="w-")
        src_abs = os.path.abspath(src)
        tasks = [dask.delayed(_compress_file, pure=False)(
                     os.path.join(src_abs, rel), rel, tmp, name, level, chunk_bytes, reader,
                     dask_key_name="cdma-compress-%s-%s" % (name, uuid.uuid4().hex[:8]))
                 for rel, name in zip(relpaths, names)]
        if client is not None:
            futures = client.compute(tasks)
            try:
                arrays = client.gather(futures)
            except BaseException:
                client.cancel(futures)  # queued tasks must not write into a removed store
                raise
        else:
            arrays = list(dask.compute(*tasks))
        incomplete = [a.path for a in arrays if _missing_chunks(tmp, a.name)]
        if incomplete:
            raise RuntimeError("cdma.dask: chunks are missing from %s after the run"
                               % ", ".join(incomplete))
        _replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    return TreeReport(len(arrays), sum(a.raw_bytes for a in arrays),
                      sum(a.stored_bytes for a in arrays), seconds, arrays)


def _replace_dir(new, target):
    """Puts directory `new` at `target`; an old `target` goes only once `new` is there."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    old = "%s.old-%s" % (target, uuid.uuid4().hex[:12])
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    if os.path.isdir(old) and not os.path.islink(old):
        shutil.rmtree(old)
    else:
        os.remove(old)


def compress_array(x, store, component=None, *, level=None, overwrite=False, compute=True):
    """Write Dask array `x` into `store` (a path or a Zarr store) at
    `component` with the cdma codec, one task per chunk (Dask's to_zarr, whose
    rules apply: the chunks must be regular; rechunk first if they are not).
    Returns what to_zarr returns: None, or a Delayed when compute=False."""
    if not isinstance(x, da.Array):
        raise TypeError("cdma.dask.compress_array: x must be a dask.array.Array, not %s"
                        % type(x).__name__)
    return x.to_zarr(store, component=component, overwrite=overwrite, compute=compute,
                     compressor=Cdma(level=level), write_empty_chunks=True)


def open_tree(store):
    """{relative path of the original file: lazy dask array} for a store
    written by compress_tree(). Arrays written some other way appear under
    their Zarr names."""
    group = zarr.open_group(os.fspath(store) if isinstance(store, os.PathLike) else store,
                            mode="r")
    tree = {}
    for name, z in group.arrays():
        tree[z.attrs.get(_PATH_ATTR, name)] = da.from_zarr(z)
    return tree


def _format_report(r):
    gb = r.raw_bytes / 1e9
    return ("%d files, %.1f MB -> %.1f MB (ratio %.3f) in %.2f s: %.1f files/s, %.3f GB/s"
            % (r.files, r.raw_bytes / 1e6, r.stored_bytes / 1e6, r.ratio or 0.0, r.seconds,
               r.files / r.seconds, gb / r.seconds))


def main(argv=None):
    import argparse

    p = argparse.ArgumentParser(
        prog="python3 -m cdma.dask",
        description="Compress the .npy files under SRC into one Zarr store with the cdma "
                    "codec, one Dask task per file.")
    p.add_argument("src", metavar="SRC", help="directory of .npy files (searched recursively)")
    p.add_argument("out", metavar="OUT.zarr", help="the Zarr store to write")
    p.add_argument("--scheduler", metavar="ADDR",
                   help="address of a running dask scheduler, e.g. tcp://host:8786 (SRC and "
                        "OUT must be on a filesystem every worker sees at the same path)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="without --scheduler: start a local cluster of N worker processes "
                        "(default: one per core)")
    p.add_argument("-l", "--level", type=int, help="cdma level 1..9 (default: the library's)")
    p.add_argument("--chunk-mb", type=float, default=DEFAULT_CHUNK_BYTES / (1 << 20),
                   help="target chunk size before compression, MiB (default 4)")
    p.add_argument("-f", "--force", action="store_true", help="replace an existing OUT.zarr")
    args = p.parse_args(argv)
    if args.scheduler and args.workers is not None:
        p.error("--workers starts a local cluster; it cannot go with --scheduler")
    if args.workers is not None and args.workers < 1:
        p.error("--workers must be at least 1")
    if args.chunk_mb <= 0:
        p.error("--chunk-mb must be positive")

    from dask.distributed import Client, LocalCluster

    try:
        with contextlib.ExitStack() as stack:
            if args.scheduler:
                client = stack.enter_context(Client(args.scheduler))
            else:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=args.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None))
                client = stack.enter_context(Client(cluster))
            report = compress_tree(args.src, args.out, client=client, level=args.level,
                                   chunk_bytes=max(1, int(args.chunk_mb * (1 << 20))),
                                   overwrite=args.force)
    except (OSError, ValueError, TypeError, RuntimeError) as e:
        print("cdma.dask: error: %s" % e, file=sys.stderr)
        return 1
    print("%s -> %s: %s" % (args.src, args.out, _format_report(report)))
    return 0


if __name__ == "__main__":
    # Run as the real cdma.dask module, not __main__, so that the tasks it
    # sends to workers refer to functions the workers can import.
    from cdma.dask import main as _main

    sys.exit(_main())
