"""cdma.load(): the tensors of a safetensors file compressed by the CLI, read
lazily, exactly as written; files that are not such a container refused."""

import io
import sys

import numpy as np
import pytest

import cdma

from conftest import REPO  # noqa: E402

sys.path.insert(0, str(REPO / "tests" / "data" / "safetensors"))
import st_write  # noqa: E402


@pytest.fixture
def weights_cdma(tmp_path, cli):
    tensors = st_write.weights(seed=3, rows=64, cols=48)
    path = tmp_path / "w.safetensors"
    st_write.write(path, tensors, {"format": "pt"})
    cli("compress", "-q", path)
    return tmp_path / "w.safetensors.cdma", tensors


def test_load_gives_every_tensor_exactly(weights_cdma):
    path, tensors = weights_cdma
    with cdma.load(path) as c:
        assert list(c) == [name for name, _, _ in tensors]
        assert len(c) == len(tensors)
        for name, dtype, array in tensors:
            want = np.asarray(array).astype(st_write.NUMPY_OF[dtype])
            got = c[name]
            assert got.shape == want.shape, name
            assert got.tobytes() == want.tobytes(), name
            assert c.shape(name) == want.shape
        assert c["layer.0.weight"].dtype == np.float32
        assert c["layer.1.weight_f16"].dtype == np.float16
        assert c["mask"].dtype == np.bool_


def test_tensors_are_decoded_one_at_a_time(weights_cdma):
    """Damage one tensor's frame: the container still opens and the other
    tensors still load (nothing but the header was decoded up front), and
    the damaged one raises rather than returning wrong data."""
    path, tensors = weights_cdma
    data = bytearray(path.read_bytes())
    names = [name for name, _, _ in tensors]
    with cdma.load(path) as c:
        at, n, _, _ = c._tensors["layer.0.weight"]
    data[at + n - 20] ^= 0x40  # inside the last block's payload or checksum
    path.write_bytes(bytes(data))
    with cdma.load(path) as c:
        assert c["layer.0.bias"].shape == (48,)
        with pytest.raises(cdma.Error, match=r"w\.safetensors\.cdma: tensor 'layer\.0\.weight': "):
            c["layer.0.weight"]
        assert set(c) == set(names)


def test_shape_deeper_than_a_frame_records(tmp_path, cli):
    path = tmp_path / "deep.safetensors"
    path.write_bytes(st_write.header_bytes([("deep", "U8", [1] * 39 + [2], 0, 2)]) + b"\x01\x02")
    cli("compress", "-q", path)
    with cdma.load(str(path) + ".cdma") as c:
        assert c.shape("deep") == (1,) * 39 + (2,)
        if np.__version__ >= "2":  # NumPy 2 allows 64 dimensions, NumPy 1 only 32
            assert c["deep"].shape == (1,) * 39 + (2,)
            assert c["deep"].tobytes() == b"\x01\x02"
        else:
            with pytest.raises(ValueError, match="tensor 'deep'"):
                c["deep"]


def test_not_a_container_is_refused(tmp_path, cli):
    np.save(tmp_path / "a.npy", np.arange(10, dtype="<f4"))
    cli("compress", "-q", tmp_path / "a.npy")
    with pytest.raises(ValueError, match="not a compressed safetensors or .npz file"):
        cdma.load(tmp_path / "a.npy.cdma")
    (tmp_path / "empty.cdma").write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        cdma.load(tmp_path / "empty.cdma")


def test_frames_that_disagree_with_the_header_are_refused(tmp_path, cli):
    """The header frame of one file before the tensor frames of another."""
    a, b = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    st_write.write(a, [("x", "F32", np.zeros(4, "<f4")), ("y", "F32", np.ones(2, "<f4"))])
    st_write.write(b, [("x", "F32", np.zeros(4, "<f4")), ("y", "F16", np.ones(4, "<f2"))])
    cli("compress", "-q", a, b)
    ra, rb = (p.with_name(p.name + ".cdma").read_bytes() for p in (a, b))
    head_a = cdma.frame_info(ra).frame_size
    head_b = cdma.frame_info(rb).frame_size
    mixed = tmp_path / "mixed.cdma"
    mixed.write_bytes(ra[:head_a] + rb[head_b:])
    with pytest.raises(ValueError, match="tensor 'y' does not match its frame"):
        cdma.load(mixed)
    # Fewer frames than tensors.
    x_size = cdma.frame_info(ra[head_a:]).frame_size
    (tmp_path / "short.cdma").write_bytes(ra[:head_a + x_size])
    with pytest.raises(ValueError):
        cdma.load(tmp_path / "short.cdma")


def test_npz_fortran_member_frame_claims_no_c_order_shape(tmp_path, cli):
    """A frame's shape means C order: the frame of a Fortran-order .npz
    member must not record (3, 4), or readers trusting it would transpose."""
    f = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    np.savez(tmp_path / "f.npz", fortran=f, plain=np.arange(12.0).reshape(3, 4))
    cli("compress", "-q", tmp_path / "f.npz")
    data = (tmp_path / "f.npz.cdma").read_bytes()
    shapes, at = {}, 0
    while at < len(data):
        info = cdma.frame_info(data[at:])
        prefix = cdma._cdma.file_prefix(data[at:at + info.frame_size])
        for name in (b"fortran.npy", b"plain.npy"):
            if name in prefix:
                shapes[name] = info.shape
        at += info.frame_size
    assert shapes == {b"fortran.npy": None, b"plain.npy": (3, 4)}


# --- .npz ---------------------------------------------------------------------

def _npz_arrays():
    rng = np.random.default_rng(21)
    relu = np.maximum(rng.standard_normal((32, 24)), 0).astype("<f4")
    return {
        "relu": relu,
        "half": relu.astype("<f2"),
        "ids": np.arange(300, dtype="<i8"),
        "mask": relu > 0,
        "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
        "scalar": np.float32(2.5),
        "empty": np.zeros((0, 4), "<f4"),
        "big_endian": np.arange(10, dtype=">i4"),
    }


@pytest.fixture
def npz_cdma(tmp_path, cli):
    arrays = _npz_arrays()
    path = tmp_path / "a.npz"
    np.savez(path, **arrays)
    cli("compress", "-q", path)
    return tmp_path / "a.npz.cdma", path


def test_load_npz_gives_what_numpy_load_gives(npz_cdma):
    path, original = npz_cdma
    with np.load(original) as want, cdma.load(path) as got:
        assert list(got) == want.files
        for name in want.files:
            a, b = want[name], got[name]
            assert (a.dtype, a.shape) == (b.dtype, b.shape), name
            assert a.tobytes(order="A") == b.tobytes(order="A"), name
            assert a.flags.f_contiguous == b.flags.f_contiguous, name
            assert got.shape(name) == a.shape
        assert got["fortran"].flags.f_contiguous and not got["fortran"].flags.c_contiguous
        # NpzFile's rule: "x.npy" finds member x too.
        assert got["ids.npy"].tobytes() == want["ids"].tobytes()
        assert got.shape("ids.npy") == (300,)
        with pytest.raises(KeyError):
            got["nope"]


def test_npz_members_are_decoded_one_at_a_time(npz_cdma):
    path, original = npz_cdma
    data = bytearray(path.read_bytes())
    with cdma.load(path) as c:
        at, n, _, _ = c._tensors["relu"]
    data[at + n - 20] ^= 0x40
    path.write_bytes(bytes(data))
    with cdma.load(path) as c, np.load(original) as want:
        assert c["ids"].tobytes() == want["ids"].tobytes()
        with pytest.raises(cdma.Error, match=r"a\.npz\.cdma: tensor 'relu': "):
            c["relu"]


def test_npz_deflated_members_are_not_listed(tmp_path, cli):
    """savez_compressed's members are carried as bytes, not as tensors:
    the stored ones around them still load exactly."""
    import zipfile
    arrays = _npz_arrays()
    path = tmp_path / "mixed.npz"
    with zipfile.ZipFile(path, "w") as z:
        for k, (name, a) in enumerate(arrays.items()):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asanyarray(a))
            z.writestr(name + ".npy", buf.getvalue(),
                       compress_type=zipfile.ZIP_DEFLATED if k % 2 else zipfile.ZIP_STORED)
    cli("compress", "-q", path)
    stored = [n for k, n in enumerate(arrays) if k % 2 == 0]
    with cdma.load(str(path) + ".cdma") as c, np.load(path) as want:
        assert list(c) == stored
        for name in stored:
            assert c[name].tobytes(order="A") == want[name].tobytes(order="A")


def _frames(data):
    out, at = [], 0
    while at < len(data):
        n = cdma.frame_info(data[at:]).frame_size
        out.append(data[at:at + n])
        at += n
    return out


def test_npz_frames_that_disagree_are_refused(tmp_path, cli, npz_cdma):
    path, _ = npz_cdma
    frames = _frames(path.read_bytes())
    # A member frame twice: the name appears twice.
    (tmp_path / "twice.cdma").write_bytes(frames[0] + frames[0] + frames[-1])
    with pytest.raises(ValueError, match="member 'relu.npy' appears twice"):
        cdma.load(tmp_path / "twice.cdma")
    # A tensor frame without a member header.
    (tmp_path / "tensor.cdma").write_bytes(frames[0] + cdma.compress(np.arange(8, dtype="<f4")))
    with pytest.raises(ValueError, match=r"tensor\.cdma: .*frame 2 holds a tensor"):
        cdma.load(tmp_path / "tensor.cdma")
    # A prefix that is not a zip member header: a .npy file's own frame.
    np.save(tmp_path / "x.npy", np.arange(8, dtype="<f4"))
    cli("compress", "-q", tmp_path / "x.npy")
    (tmp_path / "npy.cdma").write_bytes(frames[0] + (tmp_path / "x.npy.cdma").read_bytes())
    with pytest.raises(ValueError, match="frame 2 is not a zip member header"):
        cdma.load(tmp_path / "npy.cdma")


def test_hostile_names_are_escaped_in_messages(tmp_path, cli):
    """A name with ESC and a newline cannot reach the message raw."""
    evil = "y\x1b[31m\nFAKE"
    a, b = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    st_write.write(a, [("x", "F32", np.zeros(4, "<f4")), (evil, "F32", np.ones(2, "<f4"))])
    st_write.write(b, [("x", "F32", np.zeros(4, "<f4")), (evil, "F16", np.ones(4, "<f2"))])
    cli("compress", "-q", a, b)
    ra, rb = (p.with_name(p.name + ".cdma").read_bytes() for p in (a, b))
    head_a, head_b = cdma.frame_info(ra).frame_size, cdma.frame_info(rb).frame_size
    (tmp_path / "mixed.cdma").write_bytes(ra[:head_a] + rb[head_b:])
    with pytest.raises(ValueError) as e:
        cdma.load(tmp_path / "mixed.cdma")
    assert "\x1b" not in str(e.value) and "\n" not in str(e.value)
    assert r"y\x1b[31m\nFAKE" in str(e.value)


@pytest.mark.parametrize("kind", ["safetensors", "npz"])
def test_truncated_files_are_refused_naming_the_frame(tmp_path, weights_cdma, npz_cdma, kind):
    path = weights_cdma[0] if kind == "safetensors" else npz_cdma[0]
    data = path.read_bytes()
    for cut in (len(data) - 1, len(data) // 2, 7):
        short = tmp_path / ("short_%d.cdma" % cut)
        short.write_bytes(data[:cut])
        with pytest.raises(cdma.Error, match=r"short_%d\.cdma: frame \d+ at offset \d+: " % cut):
            cdma.load(short)


def test_hostile_safetensors_header_frames_are_refused(tmp_path):
    """Header frames cdma compress would refuse, written as frames by hand:
    overlapping offsets, offsets out of order, a header length past the end."""
    body = cdma.compress(np.zeros(2, "<f4"))
    cases = {
        "overlap": (st_write.header_bytes([("a", "F32", [2], 0, 8), ("b", "F32", [1], 4, 8)]),
                    r"tensor \"b\": data_offsets \[4, 8\] overlap"),
        "reversed": (st_write.header_bytes([("a", "F32", [0], 8, 0), ("b", "F32", [2], 0, 8)]),
                     r"tensor \"a\": \"data_offsets\" out of order"),
        "past_end": (b"\xff" + bytes(7) + b"{}", r"header length 255 runs past the end"),
    }
    for name, (header, message) in cases.items():
        path = tmp_path / (name + ".cdma")
        path.write_bytes(cdma.compress(header) + body + body)
        with pytest.raises(ValueError, match=r"%s\.cdma: .*%s" % (name, message)):
            cdma.load(path)
