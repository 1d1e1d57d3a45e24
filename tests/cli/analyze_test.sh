#!/usr/bin/env bash
# `cdma analyze` through the built binary: figures checked against answers
# computed here independently (exact density and zero runs, all-zero
# channels, a ZVC frame size from docs/format.md's formula), the JSON, CSV
# and SVG outputs parsed, and every failure path.
#
#   analyze_test.sh PATH/TO/cdma PATH/TO/tests/data/npy
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
NPY=$(realpath "$2")
PY=/usr/bin/python3  # json, csv, xml and struct only; numpy only for the corpus part
source "$HELPERS"
enter_work cdma-analyze-test

# check DESC PYTHON-CODE: runs the code (with the file names in argv) and
# passes when it exits 0.
check() {
  local desc=$1 code=$2
  shift 2
  if "$PY" -c "$code" "$@" >py.out 2>&1; then
    pass "$desc"
  else
    fail "$desc: $(tail -3 py.out)"
  fi
}

if [ ! -x "$PY" ]; then
  echo "SKIP: analyze figure checks (no $PY)"
  finish
fi

# ---------------------------------------------------------------- known answers
"$PY" - <<'PYEOF'
import os, struct

def npy(path, descr, shape, data, fortran=False):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    d = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, fortran, "(%s)" % "".join("%d, " % s for s in shape) if len(shape) != 1
        else "(%d,)" % shape[0])
    total = (10 + len(d) + 1 + 63) // 64 * 64
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", total - 10) + d.encode())
        f.write(b" " * (total - 10 - len(d) - 1) + b"\n" + data)

def f32(values):
    return struct.pack("<%df" % len(values), *values)

# Zero runs of 5, 40, 1, 100 and 31 between five nonzero values (-0.0 and
# NaN among them: "zero" is bitwise).
runs = [1.0] + [0.0] * 5 + [-0.0] + [0.0] * 40 + [float("nan")] + [0.0] + [2.0] + \
       [0.0] * 100 + [3.0] + [0.0] * 31
npy("known/net/early/00_runs.npy", "<f4", [len(runs)], f32(runs))

# 100000 elements, every third nonzero except in block 1 (all zero).
v = [0.0] * 100000
for i in range(0, 100000, 3):
    if i // 32768 != 1:
        v[i] = 1.0 + i % 7
npy("known/net/early/01_zvc.npy", "<f4", [100000], f32(v))

# NHWC 2x4x4x3 with channel 1 zero everywhere and map (n=1, c=2) zero.
nhwc = []
for n in range(2):
    for h in range(4):
        for w in range(4):
            for c in range(3):
                nhwc.append(0.0 if c == 1 or (n == 1 and c == 2) else 1.0 + h + w)
npy("known/net/final/00_nhwc.npy", "<f4", [2, 4, 4, 3], f32(nhwc))

# bf16 as ml_dtypes writes it ('<V2'): high bytes 0x3f, 0x40, 0x40, 0x41.
npy("bf16.npy", "<V2", [6], bytes([0x80, 0x3f, 0, 0, 0, 0x40, 0x80, 0x40, 0, 0, 0, 0x41]))
PYEOF

run analyze -q --json -T 2 known
[ "$rc" -eq 0 ] && pass "analyze --json of a directory" || fail "analyze --json: exit $rc: $(cat err)"
cp out a.json
check "exact density and zero runs" '
import json, sys
t = {x["name"].split("/")[-1]: x for x in json.load(open(sys.argv[1]))["tensors"]}["00_runs.npy"]
r = t["zero_runs"]
assert (t["elements"], t["nonzero"]) == (182, 5), t
assert abs(t["density"] - 5 / 182) < 1e-12
assert (r["count"], r["long_run_zeros"], r["longest"]) == (5, 140, 100), r
assert abs(r["mean"] - 177 / 5) < 1e-9 and abs(r["long_run_fraction"] - 140 / 177) < 1e-9
assert t["dtype"] == "f32" and t["shape"] == "182" and t["channels"] is None
' a.json
check "ZVC frame size equals the format formula" '
import json, sys
t = {x["name"].split("/")[-1]: x for x in json.load(open(sys.argv[1]))["tensors"]}["01_zvc.npy"]
n, block = 100000, 32768
nz = [i % 3 == 0 and i // block != 1 for i in range(n)]
# 24-byte frame header, 8-byte checksum; per block a 12-byte header, then
# ceil(count/8) mask bytes and 4 bytes per nonzero (nothing for all-zero).
size = 24 + 8
for s in range(0, n, block):
    k = sum(nz[s:s + block]); cnt = min(block, n - s)
    size += 12 + (0 if k == 0 else (cnt + 7) // 8 + 4 * k)
m = {x["method"]: x for x in t["methods"]}["zvc/1"]
assert m["compressed_bytes"] == size, (m, size)
assert abs(m["ratio"] - 400000 / size) < 1e-6, m
assert t["nonzero"] == sum(nz)
' a.json
check "all-zero channels of an NHWC tensor" '
import json, sys
t = {x["name"].split("/")[-1]: x for x in json.load(open(sys.argv[1]))["tensors"]}["00_nhwc.npy"]
assert t["channels"] == {"layout": "nhwc", "channels": 3, "zero_channels": 1, "maps": 6,
                         "zero_maps": 3}, t["channels"]
' a.json
check "directory pools and total add counts" '
import json, sys
j = json.load(open(sys.argv[1]))
d = {x["name"]: x for x in j["directories"]}
assert sorted(d) == ["known", "known/net", "known/net/early", "known/net/final"], sorted(d)
assert d["known/net/early"]["tensors"] == 2 and d["known"]["tensors"] == 3
tot = j["total"]
assert tot["elements"] == 182 + 100000 + 96
assert tot["nonzero"] == sum(t["nonzero"] for t in j["tensors"])
for m in range(len(j["methods"])):
    c = [t["methods"][m]["compressed_bytes"] for t in j["tensors"]]
    assert tot["methods"][m]["compressed_bytes"] == sum(c), m
labels = [m["label"] for m in j["methods"]]
assert "zvc/1" in labels and "zvc/9" in labels and "libzstd-1" in labels
assert "libzstd-19" in labels and "liblz4" in labels
assert tot["best"] in labels
' a.json

run analyze -q --json -T 1 known
cmp -s out a.json && pass "-T 1 and -T 2 give the same output" || fail "output depends on -T"
run analyze -q --json --fast known
check "--fast skips libzstd -19 and keeps cdma levels 1, 3, 9" '
import json, sys
labels = [m["label"] for m in json.load(open(sys.argv[1]))["methods"]]
assert "libzstd-19" not in labels and "zvc/3" in labels and "zvc/2" not in labels, labels
' out
run analyze -q --json --levels 2,5 --layout nchw known/net/final
check "--levels and --layout" '
import json, sys
j = json.load(open(sys.argv[1]))
labels = [m["label"] for m in j["methods"]]
assert "zvc/2" in labels and "zvc/5" in labels and "zvc/1" not in labels, labels
assert j["tensors"][0]["channels"]["layout"] == "nchw"
' out

run analyze -q --json --dtype bf16 bf16.npy known/net/early
check "'<V2' with --dtype bf16 is analysed as bf16, f32 files stay f32" '
import json, sys
ts = json.load(open(sys.argv[1]))["tensors"]
t = ts[0]
assert t["dtype"] == "bf16" and t["descr"] == "<V2" and t["nonzero"] == 4, t
assert t["exponent_entropy_bits"] == 1.5, t
assert [x["dtype"] for x in ts[1:]] == ["f32", "f32"], ts
' out

run analyze -q --csv known
check "--csv: one row per tensor, directory and total, same width" '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
kinds = [r["kind"] for r in rows]
assert kinds == ["tensor"] * 3 + ["directory"] * 4 + ["total"], kinds
assert all(None not in r for r in rows)
assert rows[0]["density"] and float(rows[-1]["ratio zvc/1"]) > 1
' out

run analyze known
if [ "$rc" -eq 0 ] && grep -qE '^tensor +dtype +shape +elements +density' out &&
  grep -qE '^total ' out && grep -q 'analysed 3 tensors' err; then
  pass "table by default, timing line on stderr"
else
  fail "table: exit $rc: $(cat out err)"
fi

run analyze -q --plot plot.svg known
check "--plot writes well-formed SVG with a panel per directory" '
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
assert doc.documentElement.tagName == "svg"
assert len(doc.getElementsByTagName("polyline")) == 2 * 3  # 2 panels x 3 ratio series
assert len(doc.getElementsByTagName("rect")) >= 1 + 2 + 3  # background, frames, bars
' plot.svg
expect_fail 1 "plot.svg already exists; use -f" "--plot refuses to overwrite without -f" \
  analyze -q --plot plot.svg known
run analyze -q -f --plot plot.svg known
[ "$rc" -eq 0 ] && pass "--plot -f overwrites" || fail "--plot -f: exit $rc: $(cat err)"

# Names are the user's bytes: whatever a file or directory name holds, the
# JSON and the SVG stay valid (a byte that is not UTF-8 becomes U+FFFD).
odd=$'odd\xff\x7f"q\'&<'
mkdir -p "names/$odd"
cp known/net/early/00_runs.npy "names/$odd/$odd.npy"
run analyze -q --fast --json --plot names.svg names
check "a name that is not UTF-8 gives valid JSON and SVG" '
import json, sys, xml.dom.minidom
j = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))  # strict UTF-8
name = j["tensors"][0]["name"]
assert name.endswith("odd\ufffd\x7f\"q\x27&<.npy"), ascii(name)
svg = xml.dom.minidom.parse(sys.argv[2])
titles = [t.firstChild.data for t in svg.getElementsByTagName("title")]
assert any(t.startswith("odd\ufffd\ufffd\"q\x27&<: density") for t in titles), ascii(titles)
' out names.svg

# ---------------------------------------------------------------- failures
mkdir -p empty mixed
cp known/net/early/00_runs.npy mixed/
printf 'not a tensor' >mixed/bad.npy
head -c 64 /dev/zero >mixed/raw.bin
expect_fail 3 "missing: cannot open" "a missing path is an I/O error" analyze -q missing
expect_fail 1 "no .npy files found \(raw .bin files are analysed with --dtype\)" \
  "a directory without tensors is a usage error" analyze -q empty
expect_fail 2 "mixed/bad.npy: not a .npy file" "a malformed file is named, the rest analysed" \
  analyze -q mixed
grep -q 00_runs.npy out && ! grep -q raw.bin out && pass "good files still reported; .bin skipped" ||
  fail "mixed directory output: $(cat out)"
run analyze -q --dtype f32 --json mixed
[ "$rc" -eq 2 ] && grep -q 'raw.bin' out && pass "--dtype adds raw .bin files" ||
  fail "--dtype with .bin: exit $rc: $(cat out err)"
expect_fail 1 "raw input needs an element type: pass --dtype" "explicit raw file without --dtype" \
  analyze -q mixed/raw.bin
expect_fail 1 "--shape is for raw input" "--shape on a .npy is a usage error" \
  analyze -q --shape 182 mixed/00_runs.npy
expect_fail 1 "--shape 3x3 does not hold the 64 u8 elements" "a --shape that does not fit" \
  analyze -q --dtype u8 --shape 3,3 mixed/raw.bin
expect_fail 1 "excludes" "--json and --csv exclude each other" analyze --json --csv known
expect_fail 1 "layout" "an unknown --layout is a usage error" analyze --layout hwcn known
expect_fail 1 "levels" "a level out of range is a usage error" analyze --levels 0 known
expect_fail 1 "dtype" "an unknown --dtype is a usage error" analyze --dtype f128 known
expect_fail 1 "paths is required" "analyze needs a path" analyze

# ---------------------------------------------------------------- the NumPy corpus
if "$PY" -c 'import numpy' 2>/dev/null && mkdir -p np && "$PY" "$NPY/make_corpus.py" np >py.log 2>&1; then
  run analyze -q --fast --json np
  if [ "$rc" -eq 2 ] && [ "$(grep -c '^cdma: ' err)" -eq 1 ] && grep -q 'object.npy' err; then
    pass "analyze of the whole NumPy corpus: only object.npy refused, nothing crashes"
  else
    fail "analyze of the corpus: exit $rc: $(cat err)"
  fi
  check "every corpus file but object.npy is analysed" '
import json, sys
j = json.load(open(sys.argv[1]))
names = [t["name"] for t in j["tensors"]]
assert len(names) >= 50 and not any("object" in n for n in names), names
' out
else
  echo "SKIP: analyze of the NumPy corpus (no python3-numpy at $PY)"
fi

no_temp_files "no temporary files are left"
finish
