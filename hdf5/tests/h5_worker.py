"""Runs h5py in a subprocess for the HDF5 filter tests, so that each write and
each read starts a fresh HDF5 that finds the cdma plugin only through
HDF5_PLUGIN_PATH (test_hdf5_filter.py sets it, and nothing else).

    h5_worker.py write FILE              every dataset of cases.py
    h5_worker.py read FILE OUTDIR        each dataset to OUTDIR/NAME.npy, and
                                         a JSON report on stdout
    h5_worker.py damaged FILE DSET POS..  reads DSET from copies of FILE with
                                         the byte at each POS inverted
    h5_worker.py direct FILE DSET CHUNK   writes CHUNK's bytes (a file) as
                                         DSET's first chunk, unfiltered
    h5_worker.py create FILE OPTS [DTYPE] creates a dataset with
                                         compression_opts=OPTS (JSON) and
                                         reports its cd_values
"""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases  # noqa: E402

FILTER_ID = 52640


def write(path):
    with h5py.File(path, "w") as f:
        for c in cases.cases():
            data = cases.make(c["dtype"], c["shape"], c["seed"])
            opts = None if c["level"] is None else (c["level"],)
            f.create_dataset(c["name"], data=data, chunks=c["chunks"],
                             compression=FILTER_ID, compression_opts=opts)


def chunk_report(dset):
    """Each stored chunk's filter mask (0: every filter ran), offset and size."""
    out = []
    for i in range(dset.id.get_num_chunks()):
        info = dset.id.get_chunk_info(i)
        out.append(dict(mask=info.filter_mask, offset=info.byte_offset, size=info.size))
    return out


def read(path, outdir):
    report = {}
    with h5py.File(path, "r") as f:
        for name, dset in f.items():
            np.save(os.path.join(outdir, name + ".npy"), dset[()])
            dcpl = dset.id.get_create_plist()
            filters = [dcpl.get_filter(i) for i in range(dcpl.get_nfilters())]
            report[name] = dict(
                filters=[dict(id=fid, flags=flags, cd_values=list(cd)) for fid, flags, cd, _ in filters],
                chunks=chunk_report(dset),
                storage=dset.id.get_storage_size())
    json.dump(report, sys.stdout)


def damaged(path, dset_name, positions):
    """For each position: 'raised', 'exact' (the decoder ignored the bit) or
    'WRONG' (data other than the original came back)."""
    with open(path, "rb") as fh:
        pristine = fh.read()
    with h5py.File(path, "r") as f:
        expected = f[dset_name][()]
    copy = path + ".damaged"
    results = {}
    for pos in positions:
        b = bytearray(pristine)
        b[pos] ^= 0xFF
        with open(copy, "wb") as fh:
            fh.write(b)
        try:
            with h5py.File(copy, "r") as f:
                got = f[dset_name][()]
            results[pos] = "exact" if np.array_equal(got, expected) else "WRONG"
        except OSError as e:
            results[pos] = "raised"
            results.setdefault("message", str(e))
    os.remove(copy)
    json.dump(results, sys.stdout)


def direct(path, dset_name, chunk_file):
    with open(chunk_file, "rb") as fh:
        payload = fh.read()
    with h5py.File(path, "a") as f:
        f[dset_name].id.write_direct_chunk((0,) * f[dset_name].ndim, payload, filter_mask=0)


def create(path, opts, dtype="<f4"):
    """Creates a dataset of `dtype` (a numpy dtype description, JSON) with
    compression_opts=opts, writes and reads it back, and prints the
    cd_values the filter recorded."""
    dt = np.dtype(dtype if isinstance(dtype, str) else [tuple(m) for m in dtype])
    data = np.zeros(100, dtype=dt)
    data.view(np.uint8)[::3] = np.arange(len(data.view(np.uint8)[::3])) % 251
    with h5py.File(path, "w") as f:
        d = f.create_dataset("x", data=data, chunks=(10,),
                             compression=FILTER_ID, compression_opts=tuple(opts) or None)
        cd = list(d.id.get_create_plist().get_filter_by_id(FILTER_ID)[1])
    with h5py.File(path, "r") as f:
        same = f["x"][()].tobytes() == data.tobytes()
    json.dump(dict(cd_values=cd, same=same), sys.stdout)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "write":
        write(args[0])
    elif cmd == "read":
        read(args[0], args[1])
    elif cmd == "damaged":
        damaged(args[0], args[1], [int(p) for p in args[2:]])
    elif cmd == "direct":
        direct(args[0], args[1], args[2])
    elif cmd == "create":
        create(args[0], *map(json.loads, args[1:]))
    else:
        sys.exit(f"unknown command {cmd}")
