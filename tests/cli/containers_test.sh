#!/usr/bin/env bash
# safetensors and .npz files through the CLI (issue 21, part 2):
# byte-for-byte round trips of files written here from the shared activations
# and weight-like tensors of every dtype, the committed golden file of each
# dtype, `info`'s tensor list, and hostile headers and archives refused (exit
# 2, naming the file and the tensor or member) with no output left behind.
#
#   containers_test.sh PATH/TO/cdma REPO_ROOT
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
ROOT=$(realpath "$2")
SHARED="$ROOT/../shared/data"
PY=/usr/bin/python3
export PYTHONPATH="$ROOT/tests/data/safetensors"
source "$HELPERS"
enter_work cdma-containers-test

# --- round trips -----------------------------------------------------------

$PY - "$SHARED" <<'PYEOF' || fail "write the safetensors samples"
import glob, sys
import numpy as np
import st_write

shared = sys.argv[1]
acts = [(p.split("/")[-1][:-4], np.load(p))
        for p in sorted(glob.glob(shared + "/pretrained/*/*.npy"))[:6]]
assert acts, "no activations under " + shared
st_write.write("acts_f32.safetensors", [(n, "F32", a) for n, a in acts])
st_write.write("acts_f16.safetensors", [(n, "F16", a.astype("<f2")) for n, a in acts])
st_write.write("acts_bf16.safetensors", [(n, "BF16", st_write.bf16_bits(a)) for n, a in acts],
               {"source": "pretrained activations"})
st_write.write("weights.safetensors", st_write.weights(), {"format": "pt"})
# Deeper than a frame records (32 dimensions): the shape lives in the header.
open("deep.safetensors", "wb").write(st_write.header_bytes([("deep", "U8", [1] * 39 + [2], 0, 2)]) + b"\1\2")
st_write.write("none.safetensors", [])
PYEOF

for f in acts_f32 acts_f16 acts_bf16 weights deep none; do
  roundtrip "$f.safetensors round-trips byte for byte" "$f.safetensors"
done
roundtrip "weights.safetensors round-trips with --codec zstd -T2" weights.safetensors --codec zstd -T2
roundtrip "weights.safetensors round-trips with --block-log 12" weights.safetensors --block-log 12

for g in "$ROOT"/tests/golden/safetensors/*.safetensors; do
  cp "$g" .
  roundtrip "golden $(basename "$g") round-trips byte for byte" "$(basename "$g")"
done

# Each tensor is its own frame with its dtype and element width: the
# weights file has 18 tensors, so 19 frames.
"$CDMA" compress -qf weights.safetensors
run info weights.safetensors.cdma
if [ "$rc" -eq 0 ] && grep -q "frames *19," out && grep -q "safetensors, 18 tensors" out &&
   grep -qE "^  BF16 +256x192 +98304 .* layer\.1\.weight_bf16$" out &&
   grep -qE "^  F8_E5M2 +256x192 +49152 " out && grep -qE "^  F32 +\(\) +4 " out; then
  pass "info lists each tensor with dtype, shape and size"
else
  fail "info on a compressed safetensors file: exit $rc: $(cat out err)"
fi
if "$CDMA" test -q weights.safetensors.cdma; then pass "test accepts it"; else fail "test refused it"; fi

# --- hostile headers ---------------------------------------------------------

# bad NAME PATTERN: NAME.safetensors must be refused with exit 2, a message
# naming the file and matching PATTERN, and nothing written.
bad() {
  expect_fail 2 "^cdma: $1\.safetensors: .*$2" "$1: refused" compress "$1.safetensors"
  expect_absent "$1: no output" "$1.safetensors.cdma"
}

$PY - <<'PYEOF' || fail "write the hostile samples"
import struct
import st_write

def raw(path, header, data=b""):
    open(path, "wb").write(header + data)

def entries(path, ents, data_size, meta=None):
    raw(path, st_write.header_bytes(ents, meta), b"\x01" * data_size)

raw("short.safetensors", b"\x05\x00\x00")
raw("past_end.safetensors", struct.pack("<Q", 1000) + b"{}")
raw("huge_len.safetensors", struct.pack("<Q", 2**63) + b"{}")
raw("bad_json.safetensors", struct.pack("<Q", 9) + b'{"a": [1,')
raw("not_object.safetensors", struct.pack("<Q", 2) + b"[]")
raw("bad_utf8.safetensors", struct.pack("<Q", 7) + b'{"\xff":1}')
entries("overlap.safetensors", [("a", "F32", [2], 0, 8), ("b", "F32", [1], 4, 8)], 8)
entries("gap.safetensors", [("a", "F32", [2], 0, 8), ("b", "F32", [1], 12, 16)], 16)
entries("reversed.safetensors", [("a", "F32", [0], 8, 0)], 8)
entries("short_data.safetensors", [("a", "F32", [4], 0, 16)], 12)
entries("trailing.safetensors", [("a", "F32", [2], 0, 8)], 12)
entries("unknown_dtype.safetensors", [("a", "F4", [2], 0, 1)], 1)
entries("bad_shape.safetensors", [("a", "F32", [3], 0, 8)], 8)
entries("bad_meta.safetensors", [("a", "F32", [2], 0, 8)], 8, {"n": 1})
raw("dup.safetensors", st_write.header_bytes([("a", "F32", [1], 0, 4)])[:-1]
    .rstrip(b" }") + b'},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', b"\0" * 8)
PYEOF
# dup.safetensors was built by hand: fix its length field.
$PY - <<'PYEOF'
import struct
b = open("dup.safetensors", "rb").read()
body = b[8:-8]
open("dup.safetensors", "wb").write(struct.pack("<Q", len(body)) + body + b[-8:])
PYEOF

bad short "shorter than the 8-byte header length"
bad past_end "header length 1000 runs past the end"
bad huge_len "over the limit"
bad bad_json "not valid JSON"
bad not_object "start with '\{'"
bad bad_utf8 "UTF-8"
bad overlap 'tensor "b": data_offsets \[4, 8\] overlap'
bad gap 'tensor "b": data_offsets \[12, 16\] leave a gap'
bad reversed 'tensor "a": "data_offsets" out of order'
bad short_data "end at 16 but the file holds 12"
bad trailing "end at 8 but the file holds 12"
bad unknown_dtype 'tensor "a": unknown dtype "F4"'
bad bad_shape 'tensor "a": shape 3 of F32 does not fill'
bad bad_meta '"__metadata__" entry "n"'
bad dup 'tensor "a" appears twice'
no_temp_files "no temporary files after the refusals"

# --- .npz ----------------------------------------------------------------------

$PY - "$SHARED" <<'PYEOF' || fail "write the .npz samples"
import glob, sys, zipfile
import numpy as np
import st_write

shared = sys.argv[1]
acts = {p.split("/")[-1][:-4]: np.load(p) for p in sorted(glob.glob(shared + "/pretrained/*/*.npy"))[:4]}
weights = {n.replace(".", "_"): a for n, _, a in st_write.weights() if a.dtype != np.uint16}
np.savez("acts.npz", **acts)
np.savez("weights.npz", **weights, fortran=np.asfortranarray(np.arange(12.0).reshape(3, 4)))
np.savez_compressed("deflated.npz", **acts)
# Deflated and stored members interleaved.
with zipfile.ZipFile("mixed.npz", "w") as z:
    for k, (n, a) in enumerate(acts.items()):
        np.save("m.npy", a)
        z.write("m.npy", n + ".npy", zipfile.ZIP_DEFLATED if k % 2 else zipfile.ZIP_STORED)
np.savez("empty.npz")

def member(path, name, data, method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo(name), data, compress_type=method)

np.save("ok.npy", np.arange(4, dtype="<f4"))
ok = open("ok.npy", "rb").read()
member("dotdot.npz", "../x.npy", ok)
member("absolute.npz", "/tmp/x.npy", ok)
member("not_npy.npz", "x.txt", b"hello")
member("garbage.npz", "x.npy", b"\x93NUMPY garbage")
member("short_npy.npz", "x.npy", ok[:-3])
member("bzip.npz", "x.npy", ok, zipfile.ZIP_BZIP2)
open("truncated.npz", "wb").write(open("acts.npz", "rb").read()[:-10])
open("not_zip.npz", "wb").write(b"just some bytes, no archive here at all")
PYEOF

for f in acts weights deflated mixed empty; do
  roundtrip "$f.npz round-trips byte for byte" "$f.npz"
done
run compress -vf weights.npz
if grep -q "stored, coded by dtype" err && [ "$(stat -c %s weights.npz.cdma)" -lt "$(stat -c %s weights.npz)" ]; then
  pass "stored members are coded (the archive shrinks)"
else
  fail "weights.npz: $(cat err)"
fi
run info weights.npz.cdma
if [ "$rc" -eq 0 ] && grep -q "container *\.npz, 18 stored members" out &&
   grep -qE '^  <f4 +256x192 +196804 +[0-9]+ +[0-9.]+x  layer_0_weight\.npy$' out &&
   grep -qE '^  <f8 +3x4 F +[0-9]+ +[0-9]+ +[0-9.]+x  fortran\.npy$' out; then
  pass "info lists each .npz member with descr, shape, order and ratio"
else
  fail "info on a compressed .npz: $rc $(cat out err)"
fi

badz() {
  expect_fail 2 "^cdma: $1\.npz: .*$2" "$1.npz: refused" compress "$1.npz"
  expect_absent "$1.npz: no output" "$1.npz.cdma"
}
badz dotdot 'member "\.\./x\.npy": not a plain relative name'
badz absolute 'member "/tmp/x\.npy": not a plain relative name'
badz not_npy 'member "x\.txt": not a \.npy member'
badz garbage 'member "x\.npy": '
badz short_npy 'member "x\.npy": .*(truncated|short|bytes)'
badz bzip 'member "x\.npy": compression method 12'
badz truncated "not a zip archive"
badz not_zip "not a zip archive"
no_temp_files "no temporary files after the .npz refusals"

# --- decompress --tensor ---------------------------------------------------------

# The bytes --tensor gives are the tensor's bytes in the original file.
"$CDMA" compress -qf weights.safetensors weights.npz
$PY - <<'PYEOF' || fail "cut the expected tensor bytes"
import json, struct, zipfile
b = open("weights.safetensors", "rb").read()
n = struct.unpack("<Q", b[:8])[0]
t = json.loads(b[8:8 + n])["layer.1.weight_bf16"]["data_offsets"]
open("want_bf16", "wb").write(b[8 + n + t[0]:8 + n + t[1]])
open("want_bf16_range", "wb").write(b[8 + n + t[0] + 100:8 + n + t[0] + 100 + 50])
import numpy as np
open("want_ids", "wb").write(np.load("weights.npz")["ids_i32"].tobytes())
PYEOF
run decompress --tensor layer.1.weight_bf16 -o got_bf16 weights.safetensors.cdma
if [ "$rc" -eq 0 ] && cmp -s got_bf16 want_bf16; then pass "--tensor gives a safetensors tensor's bytes"; else fail "--tensor safetensors: $rc $(cat err)"; fi
run decompress --tensor layer.1.weight_bf16 --range 100:50 -o got_range weights.safetensors.cdma
if [ "$rc" -eq 0 ] && cmp -s got_range want_bf16_range; then pass "--tensor with --range"; else fail "--tensor --range: $rc $(cat err)"; fi
run decompress --tensor ids_i32 -o got_ids weights.npz.cdma
if [ "$rc" -eq 0 ] && cmp -s got_ids want_ids; then pass "--tensor gives a .npz member's array bytes"; else fail "--tensor npz: $rc $(cat err)"; fi
# A stored member after a deflated one: its frame is its own, found by its
# own name (its prefix once began with the deflated member's header).
"$CDMA" compress -qf mixed.npz
$PY - <<'PYEOF' || fail "cut the mixed archive's members"
import zipfile
import numpy as np
with zipfile.ZipFile("mixed.npz") as z:
    infos = z.infolist()
assert [i.compress_type for i in infos[:3]] == [0, 8, 0]
open("mixed_names", "w").write(" ".join(i.filename[:-4] for i in infos[:3]))
open("want_third", "wb").write(np.load("mixed.npz")[infos[2].filename[:-4]].tobytes())
PYEOF
read -r first deflated third <mixed_names
run decompress --tensor "$third" -o got_third mixed.npz.cdma
if [ "$rc" -eq 0 ] && cmp -s got_third want_third; then pass "--tensor finds a stored member after a deflated one"; else fail "--tensor after deflated: $rc $(cat err)"; fi
expect_fail 1 "--tensor $deflated: no such tensor \(it has $first\.npy, $third\.npy" \
  "--tensor of a deflated member: not a coded tensor" decompress --tensor "$deflated" -o nothing mixed.npz.cdma
expect_fail 1 "--tensor nope: no such tensor \(it has layer" "--tensor NAME that is not there" \
  decompress --tensor nope -o nothing weights.safetensors.cdma
expect_absent "--tensor NAME that is not there: no output" nothing
expect_fail 1 "--range .* past the" "--tensor --range past the tensor's end" \
  decompress --tensor layer.0.bias --range 700:100 -o nothing weights.safetensors.cdma

# --- untrusted names: escaped wherever they are shown ---------------------------

$PY - <<'PYEOF' || fail "write the files with hostile names"
import numpy as np, zipfile
import st_write
evil = "a\\b\x1b[31m\nFAKE"
st_write.write("evil.safetensors", [(evil, "F32", np.arange(4, dtype="<f4"))])
# A shape of 3 elements for 16 bytes: refused, naming the tensor.
open("evil_bad.safetensors", "wb").write(st_write.header_bytes([(evil, "F32", [3], 0, 16)]) + bytes(16))
np.save("ok.npy", np.arange(4, dtype="<f4"))
# Zip names with "\\" are refused as paths; the rest of the name stays.
zevil = evil.replace("\\", "")
with zipfile.ZipFile("evil.npz", "w") as z:
    z.write("ok.npy", zevil + ".npy")
with zipfile.ZipFile("evil_bad.npz", "w") as z:
    z.writestr(zevil + ".txt", b"x")
PYEOF
"$CDMA" compress -qf evil.safetensors evil.npz
for f in evil.safetensors evil.npz; do
  run info "$f.cdma"
  if [ "$rc" -eq 0 ] && ! grep -q $'\e' out && ! grep -q '^FAKE' out &&
     grep -qE "'a(\\\\\\\\)?b\\\\x1b\[31m\\\\nFAKE" out; then
    pass "info on $f shows the hostile name escaped, on one line"
  else
    fail "info on $f: rc $rc: $(od -c out | head -20)"
  fi
done
expect_fail 2 'tensor "a\\\\b\\x1b\[31m\\nFAKE"' "a hostile tensor name is escaped in the error" \
  compress -f evil_bad.safetensors
expect_fail 2 'member "ab\\x1b\[31m\\nFAKE\.txt": not a \.npy member' \
  "a hostile member name is escaped in the error" compress -f evil_bad.npz
expect_fail 1 "no such tensor \(it has 'a\\\\\\\\b\\\\x1b" "--tensor lists hostile names escaped" \
  decompress --tensor nope -o nothing evil.safetensors.cdma

# A refused input is untouched, and an existing output is not replaced.
echo keep >overlap.safetensors.cdma
expect_fail 2 "overlap" "a refused input with -f" compress -f overlap.safetensors
if [ "$(cat overlap.safetensors.cdma)" = keep ]; then pass "the old output is kept"; else fail "the old output was replaced"; fi

# --- truncated compressed containers: every reader refuses them -----------------

for f in weights.safetensors weights.npz; do
  size=$(stat -c %s "$f.cdma")
  for cut in $((size - 1)) $((size / 2)) 7; do
    head -c "$cut" "$f.cdma" >"cut_$f.cdma"
    expect_fail 2 "^cdma: cut_$f\.cdma: .*(damaged frame|truncated|frame)" "info: $f.cdma cut to $cut bytes" \
      info "cut_$f.cdma"
    expect_fail 2 "^cdma: cut_$f\.cdma: " "decompress: $f.cdma cut to $cut bytes" \
      decompress -o "cut_$f" "cut_$f.cdma"
    expect_absent "decompress: $f.cdma cut to $cut bytes: no output" "cut_$f"
    expect_fail 2 "^cdma: cut_$f\.cdma: " "--tensor: $f.cdma cut to $cut bytes" \
      decompress --tensor mask -o "cut_$f.mask" "cut_$f.cdma"
    expect_absent "--tensor: $f.cdma cut to $cut bytes: no output" "cut_$f.mask"
  done
done
no_temp_files "no temporary files after the truncated containers"

# --- analyze and bench: per tensor, as for a directory of .npy files ----------

# Each tensor of a container gives the same figures as the same tensor in a
# .npy file of its own: the safetensors tensors are written as .npy files
# (bf16 and fp8 as the raw-bytes descr --dtype names), the .npz members are
# their own .npy bytes.
$PY - <<'PYEOF' || fail "write the tensors as .npy files"
import json, os, struct, zipfile
import numpy as np
os.makedirs("as_npy/st", exist_ok=True)
os.makedirs("as_npy/npz", exist_ok=True)
b = open("weights.safetensors", "rb").read()
n = struct.unpack("<Q", b[:8])[0]
descr = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<V2", "F8_E4M3": "|V1",
         "F8_E5M2": "|V1", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "|i1", "U64": "<u8",
         "U32": "<u4", "U16": "<u2", "U8": "|u1", "BOOL": "|b1"}
names = []
for name, t in json.loads(b[8:8 + n]).items():
    if name == "__metadata__" or t["dtype"] in ("BF16", "F8_E4M3", "F8_E5M2"):
        continue  # their .npy twin needs --dtype, which would apply to all
    begin, end = t["data_offsets"]
    a = np.frombuffer(b[8 + n + begin:8 + n + end], np.dtype(descr[t["dtype"]])).reshape(t["shape"])
    np.save("as_npy/st/%s.npy" % name, a)
    names.append(name)
open("st_names", "w").write("\n".join(names))
with zipfile.ZipFile("weights.npz") as z:
    for i in z.infolist():
        open("as_npy/npz/" + i.filename, "wb").write(z.read(i))
PYEOF
# The rows of `analyze --csv`, keyed by tensor name without its file part,
# without the descr column (a safetensors tensor has none: "raw").
rows() { "$CDMA" analyze -q --fast --csv "$@" | awk -F, '$1 == "tensor" { n = $2; sub(/.*[:\/]/, "", n); sub(/\.npy$/, "", n); $2 = n; $4 = ""; print }' | sort; }
rows weights.safetensors | grep -Ff st_names >st_rows
(cd as_npy/st && rows ./*.npy) >npy_rows
if [ -s npy_rows ] && [ "$(wc -l <st_rows)" -eq "$(wc -l <npy_rows)" ] && cmp -s st_rows npy_rows; then
  pass "analyze: each safetensors tensor as its .npy twin ($(wc -l <st_rows) tensors)"
else
  fail "analyze safetensors vs .npy: $(diff st_rows npy_rows | head -5 | cut -c1-200)"
fi
rows weights.npz >npz_rows
(cd as_npy/npz && rows ./*.npy) >npy_rows
if [ "$(wc -l <npz_rows)" -eq 18 ] && cmp -s npz_rows npy_rows; then
  pass "analyze: each .npz member as its .npy twin"
else
  fail "analyze npz vs .npy: $(diff npz_rows npy_rows | head -5)"
fi
run analyze -q --fast weights.safetensors weights.npz
if [ "$rc" -eq 0 ] && grep -qE '^weights\.safetensors:layer\.1\.weight_bf16 +bf16 +256x192 ' out &&
   grep -qE '^weights\.safetensors:layer\.2\.weight_e4m3 +f8e4m3 ' out &&
   grep -qE '^weights\.safetensors +.* 18 ' out && grep -qE '^weights\.npz +.* 18 ' out; then
  pass "analyze names each tensor FILE:TENSOR with its dtype, and totals each container"
else
  fail "analyze on containers: $rc $(head -5 out) $(cat err)"
fi
run analyze -q --fast deflated.npz mixed.npz
if [ "$rc" -eq 0 ] && grep -q "^cdma: deflated.npz: 4 deflated members (numpy.savez_compressed) skipped" err &&
   grep -q "^cdma: mixed.npz: 2 deflated members" err && [ "$(grep -c '^mixed\.npz:' out)" -eq 2 ]; then
  pass "analyze skips deflated members with a note and measures the stored ones"
else
  fail "analyze deflated: $rc $(cat err)"
fi
# A tensor named like a .npy file whose bytes begin like one is still a
# safetensors tensor of its own dtype.
$PY - <<'PYEOF' || fail "write mimic.safetensors"
import numpy as np
import st_write
np.save("small.npy", np.arange(6, dtype="<f4"))
b = np.frombuffer(open("small.npy", "rb").read(), np.uint8)
st_write.write("mimic.safetensors", [("fake.npy", "U8", b)])
PYEOF
run analyze -q --fast mimic.safetensors
if [ "$rc" -eq 0 ] && grep -qE "^mimic\.safetensors:fake\.npy +u8 +$(stat -c %s small.npy) " out; then
  pass "analyze reads a safetensors tensor as its dtype, whatever it looks like"
else
  fail "mimic.safetensors: $rc $(cat out err)"
fi
expect_fail 2 "^cdma: overlap\.safetensors: tensor \"b\": data_offsets \[4, 8\] overlap" \
  "analyze refuses a malformed safetensors header, naming the tensor" analyze -q --fast overlap.safetensors
expect_fail 2 '^cdma: dotdot\.npz: member "\.\./x\.npy": not a plain relative name' \
  "analyze refuses a hostile .npz, naming the member" analyze -q --fast dotdot.npz
expect_fail 2 '^cdma: garbage\.npz:x\.npy: ' "analyze names the container and member of a bad .npy" \
  analyze -q --fast garbage.npz
expect_fail 1 "^cdma: weights\.npz\.cdma: a compressed file" "analyze refuses a compressed container" \
  analyze -q --fast weights.npz.cdma
run bench -qf --rounds 1 --codecs cdma-3 --json weights.safetensors weights.npz
data_bytes=$($PY -c '
import struct, numpy as np
b = open("weights.safetensors", "rb").read()
z = np.load("weights.npz")
print(len(b) - 8 - struct.unpack("<Q", b[:8])[0] + sum(z[k].nbytes for k in z.files))')
if [ "$rc" -eq 0 ] && grep -q '"files": 36,' out && grep -q "\"bytes\": $data_bytes," out; then
  pass "bench times each tensor of both containers ($data_bytes bytes)"
else
  fail "bench on containers: $rc $(head -4 out) $(cat err) (want $data_bytes bytes)"
fi
expect_fail 2 "^cdma: overlap\.safetensors: tensor \"b\"" "bench refuses a malformed header" \
  bench -qf --rounds 1 overlap.safetensors

finish
