#!/usr/bin/env bash
# CLI tests for the built `cdma` binary: round trips of real and generated
# tensors, and every failure path the CLI promises (one-line error, exit
# code, no output file left behind, input untouched).
#
#   cli_test.sh PATH/TO/cdma PATH/TO/data
#
# Each check prints PASS or FAIL; the script exits 1 if any check failed.
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
DATA=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdma-cli-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# pass/fail/run/expect_fail/expect_absent/no_temp_files/roundtrip/finish
source "$HELPERS"

# npy FILE MAJOR DICT NDATA: writes a .npy by hand (header padded to 64
# bytes as NumPy does) followed by NDATA sparse-ish data bytes.
npy() {
  local out=$1 major=$2 dict=$3 ndata=$4
  local lenbytes=2
  [ "$major" -gt 1 ] && lenbytes=4
  local pre=$((8 + lenbytes))
  local hlen=$(((pre + ${#dict} + 1 + 63) / 64 * 64 - pre))
  {
    printf '\x93NUMPY'
    printf "\\x$(printf %02x "$major")\\x00"
    printf "\\x$(printf %02x $((hlen & 255)))\\x$(printf %02x $((hlen >> 8 & 255)))"
    [ "$lenbytes" -eq 4 ] && printf '\x00\x00'
    printf '%s' "$dict"
    printf '%*s\n' $((hlen - ${#dict} - 1)) ''
    head -c "$ndata" /dev/urandom | tr '\000-\177' '\000'
  } >"$out"
}

# ---------------------------------------------------------------- basics
run --version
if [ "$rc" -eq 0 ] && grep -qE '^cdma [0-9]+\.[0-9]+\.[0-9]+$' out; then
  pass "--version prints 'cdma X.Y.Z'"
else
  fail "--version: exit $rc, output: $(cat out err)"
fi

run --help
if [ "$rc" -eq 0 ] && grep -q compress out && grep -q decompress out; then
  pass "--help lists the subcommands"
else
  fail "--help: exit $rc"
fi

expect_fail 1 'subcommand' "no subcommand is a usage error"
expect_fail 1 'level' "--level out of range is a usage error" compress --level 12 x.npy
expect_fail 1 'codec' "unknown --codec is a usage error" compress --codec lzma x.npy

# zstd's level flags: -N is --level N in any position, and `cdma -N F`
# compresses. The frame records the level, so info shows which one took.
levels_src=$(ls "$DATA"/samples/*.npy | head -1)
for form in "compress -9 lv.npy" "compress lv.npy -2" "-7 lv.npy"; do
  cp "$levels_src" lv.npy
  rm -f lv.npy.cdma
  want=$(echo "$form" | grep -oE -- '-[0-9]' | tr -d -)
  run $form
  if [ "$rc" -eq 0 ] && "$CDMA" info lv.npy.cdma 2>&1 | grep -qE "level $want\b"; then
    pass "'cdma $form' compresses at level $want"
  else
    fail "'cdma $form': exit $rc, $(cat err; "$CDMA" info lv.npy.cdma 2>&1 | grep level)"
  fi
done
rm -f lv.npy lv.npy.cdma

# ---------------------------------------------------------------- real .npy
samples=("$DATA"/samples/*.npy)
if [ ! -e "${samples[0]}" ]; then
  fail "no sample .npy files under $DATA/samples"
fi
for s in "${samples[@]}"; do
  name=$(basename "$s")
  cp "$s" "$name"
  run compress "$name"
  if [ "$rc" -ne 0 ] || [ ! -s "$name.cdma" ]; then
    fail "compress $name: exit $rc: $(cat err)"
    continue
  fi
  if ! grep -qE "^$name: [0-9]+ -> [0-9]+ bytes \([0-9.]+x\), " err; then
    fail "compress $name: summary line missing: $(cat err)"
  fi
  cmp -s "$s" "$name" || fail "compress $name: input was modified"
  mv "$name" "$name.orig"
  run decompress "$name.cdma"
  if [ "$rc" -eq 0 ] && cmp -s "$name" "$name.orig"; then
    pass "round trip of $name is byte-identical"
  else
    fail "round trip of $name: exit $rc: $(cat err)"
  fi
  [ -e "$name.cdma" ] || fail "decompress $name removed its input"
done

f32=vgg_final_03_conv3_relu.npy
bf16=vgg_final-bf16_07_conv6_relu.npy
f16=vgg_final-fp16_02_pool1.npy

run info "$f32.cdma"
if [ "$rc" -eq 0 ] && grep -qE 'dtype +f32' out && grep -qE 'shape +8x32x16x16' out &&
  grep -qE 'element width +4' out && grep -qE "descr '<f4'" out; then
  pass "info shows dtype, shape, element width and the .npy header"
else
  fail "info: exit $rc: $(cat out err)"
fi

run compress -q --dtype bf16 -o bf16.cdma "$bf16"
run info bf16.cdma
if [ "$rc" -eq 0 ] && grep -qE 'dtype +bf16' out && grep -qE 'element width +2' out; then
  pass "--dtype bf16 names a '<V2' .npy"
else
  fail "--dtype bf16 on '<V2': exit $rc: $(cat out err)"
fi
expect_fail 1 "--dtype f32.*2-byte" "--dtype whose width differs from the .npy's is refused" \
  compress -o wrong.cdma --dtype f32 "$f16"
expect_absent "refused --dtype leaves no output" wrong.cdma

for codec in zvc store auto; do
  roundtrip "round trip with --codec $codec" "$f16" --codec "$codec"
done
roundtrip "round trip with --level 9 --block-log 12" "$f32" --level 9 --block-log 12

# ---------------------------------------------------------------- overwrite
cp "$f32.cdma" before.cdma
expect_fail 1 "exists.*-f" "compress refuses to overwrite without -f" compress "$f32"
cmp -s before.cdma "$f32.cdma" && pass "refused overwrite left the old output intact" ||
  fail "refused overwrite changed the existing output"
run compress -f --level 1 "$f32"
if [ "$rc" -eq 0 ] && ! cmp -s before.cdma "$f32.cdma"; then
  pass "compress -f overwrites"
else
  fail "compress -f: exit $rc: $(cat err)"
fi
expect_fail 1 "exists.*-f" "decompress refuses to overwrite without -f" decompress "$f32.cdma"
run decompress -f "$f32.cdma"
[ "$rc" -eq 0 ] && cmp -s "$f32" "$f32.orig" && pass "decompress -f overwrites" ||
  fail "decompress -f: exit $rc: $(cat err)"
expect_fail 1 "input file itself" "-o naming the input is refused" compress -f -o "$f32" "$f32"
cmp -s "$f32" "$f32.orig" && pass "input survives -o naming itself" || fail "input was destroyed"

# ---------------------------------------------------------------- -o and -c
run compress -q -o custom.out "$f32"
run decompress -q -o restored.npy custom.out
[ "$rc" -eq 0 ] && cmp -s restored.npy "$f32.orig" && pass "-o names the output both ways" ||
  fail "-o: exit $rc: $(cat err)"
expect_fail 1 "does not end in .cdma" "decompress of a name without .cdma needs -o" decompress custom.out
expect_fail 1 "one input" "-o with two inputs is a usage error" compress -o x.cdma "$f32" "$f16"

"$CDMA" compress -c "$f32" >stdout.cdma 2>err
rc=$?
"$CDMA" decompress -c stdout.cdma >stdout.npy 2>>err
if [ "$rc" -eq 0 ] && cmp -s stdout.npy "$f32.orig"; then
  pass "-c writes to stdout both ways"
else
  fail "-c: exit $rc: $(cat err)"
fi
expect_absent "-c writes no file" "$f32.cdma.cdma" stdout

# ---------------------------------------------------------------- quiet/verbose
run compress -q -f "$f16"
[ "$rc" -eq 0 ] && [ ! -s err ] && pass "-q prints nothing on success" || fail "-q: $(cat err)"
run compress -v -f "$f16"
[ "$rc" -eq 0 ] && grep -q "descr '<f2'" err && pass "-v describes the input" || fail "-v: $(cat err)"

# ---------------------------------------------------------------- raw input
tail -c 262144 "$f32" >raw.bin
expect_fail 1 "raw input needs an element type: pass --dtype" "raw input without --dtype names the flag" \
  compress raw.bin
expect_absent "missing --dtype leaves no output" raw.bin.cdma
roundtrip "raw .bin round trip with --dtype f32 --shape" raw.bin --dtype f32 --shape 8,32,16,16
run info raw.bin.cdma
grep -qE 'shape +8x32x16x16' out && grep -qE 'dtype +f32' out && pass "raw dtype and shape are recorded" ||
  fail "raw info: $(cat out err)"
for dt in u8 bf16 i32 f64; do
  roundtrip "raw round trip with --dtype $dt" raw.bin --dtype "$dt"
done
expect_fail 1 "shape 8x32 of f32 needs 1024 bytes" "--shape that does not match the size is refused" \
  compress -f --dtype f32 --shape 8,32 raw.bin
head -c 1001 raw.bin >odd.bin
expect_fail 1 "not a whole number of 4-byte" "a raw size that is not a multiple of the dtype is refused" \
  compress --dtype f32 odd.bin
: >empty.bin
roundtrip "empty raw file round trip" empty.bin --dtype u8

# ---------------------------------------------------------------- bad .cdma input
head -c 4096 /dev/urandom >garbage.cdma
expect_fail 2 "not a cdma frame" "garbage input to decompress fails" decompress garbage.cdma
expect_absent "garbage input leaves no output" garbage
expect_fail 2 "cdma frame" "info of garbage fails" info garbage.cdma

size=$(stat -c %s "$f32.cdma")
for cut in 3 30 $((size / 2)) $((size - 1)); do
  head -c "$cut" "$f32.cdma" >trunc.npy.cdma
  expect_fail 2 "." "decompress of a .cdma cut to $cut bytes fails" decompress trunc.npy.cdma
  expect_absent "truncated input ($cut bytes) leaves no output" trunc.npy
done
# Concatenated frames decode as one stream (stream_test.sh checks more);
# bytes after the last frame that are not a frame are refused.
{ cat "$f32.cdma"; head -c 100 /dev/urandom; } >trailing.npy.cdma
expect_fail 2 "trailing" "trailing bytes after the frame are refused" decompress trailing.npy.cdma
expect_absent "trailing-bytes input leaves no output" trailing.npy

# Flip one byte in the middle of the payload: the checksum must catch it.
cp "$f32.cdma" flip.npy.cdma
off=$((size / 2))
byte=$(od -An -tu1 -j "$off" -N1 flip.npy.cdma | tr -d ' ')
printf "\\x$(printf %02x $((byte ^ 0x10)))" | dd of=flip.npy.cdma bs=1 seek="$off" conv=notrunc status=none
expect_fail 2 "." "a flipped payload byte is detected" decompress flip.npy.cdma
expect_absent "corrupt input leaves no output" flip.npy

expect_fail 3 "cannot open" "a missing input is an I/O error" compress missing.npy
expect_fail 3 "regular file" "a directory input is an I/O error" compress "$WORK"

# Several inputs: one bad file does not stop the others; the exit code is the failure's.
rm -f "$f16.cdma"
"$CDMA" compress -q missing.npy "$f16" 2>err
rc=$?
[ "$rc" -eq 3 ] && [ -s "$f16.cdma" ] && pass "a failing input does not stop the next one" ||
  fail "multi-file: exit $rc, $(cat err)"

# ---------------------------------------------------------------- malformed .npy
npy ok.npy 1 "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 8), }" 128
roundtrip "hand-written v1.0 .npy round trip" ok.npy
npy v2.npy 2 "{'descr': '<i2', 'fortran_order': False, 'shape': (100,), }" 200
roundtrip "v2.0 header round trip" v2.npy
npy v3.npy 3 "{'descr': '<u4', 'fortran_order': True, 'shape': (3, 5), }" 60
roundtrip "v3.0 header, Fortran order round trip" v3.npy
npy be.npy 1 "{'descr': '>f8', 'fortran_order': False, 'shape': (16,), }" 128
roundtrip "big-endian descr round trip" be.npy
npy scalar.npy 1 "{'descr': '<f4', 'fortran_order': False, 'shape': (), }" 4
roundtrip "0-d array round trip" scalar.npy
npy empty.npy 1 "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 7), }" 0
roundtrip "empty array round trip" empty.npy
npy str.npy 1 "{'descr': '<U5', 'fortran_order': False, 'shape': (3,), }" 60
roundtrip "'<U5' (20-byte elements, width-4 fallback) round trip" str.npy
npy rec.npy 1 "{'descr': [('a', '<f4'), ('b', '|V3'), ('c', '<i2', (2,))], 'fortran_order': False, 'shape': (5,), }" 55
roundtrip "structured dtype round trip" rec.npy

bad() { # bad DESC PATTERN DICT NDATA [MAJOR]
  npy bad.npy "${5:-1}" "$3" "$4"
  expect_fail 2 "$2" "$1" compress -f bad.npy
}
bad "missing key is refused" "missing key 'shape'" "{'descr': '<f4', 'fortran_order': False}" 0
bad "extra key is refused" "unexpected key 'extra'" \
  "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}" 4
bad "repeated key is refused" "key 'descr' repeated" \
  "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}" 4
bad "truncated data is refused" "truncated.*needs 400" \
  "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 10), }" 399
bad "trailing data is refused" "1 bytes after the data" \
  "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 10), }" 401
bad "negative dimension is refused" "non-negative" "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }" 0
bad "shape list is refused" "must be a tuple" "{'descr': '<f4', 'fortran_order': False, 'shape': [4], }" 16
bad "overflowing shape is refused" "overflows" \
  "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }" 0
bad "object dtype is refused" "object array" "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }" 8
bad "unknown descr is refused" "not a NumPy type string" \
  "{'descr': '<f3', 'fortran_order': False, 'shape': (1,), }" 3
bad "non-boolean fortran_order is refused" "True or False" \
  "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }" 4
bad "syntax error is refused" "not a Python literal" "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)" 4
bad "version 4.0 is refused" "version 4.0" "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }" 4 4
{ printf '\x93NUMPY\x02\x00\x11\x27\x00\x00'; head -c 10001 /dev/zero; } >bad.npy
expect_fail 2 "10001 bytes, over the 10000-byte limit" "a header over 10000 bytes is refused" compress -f bad.npy
{ printf '\x93NUMPY\x01\x00\x00\x01'; printf "{'descr'"; } >bad.npy
expect_fail 2 "header says 256 bytes" "a header longer than the file is refused" compress -f bad.npy
printf 'not numpy at all' >bad.npy
expect_fail 2 "not a .npy file" "a .npy name without the magic is refused" compress -f bad.npy
expect_absent "malformed .npy inputs leave no output" bad.npy.cdma
no_temp_files "no temporary files are left anywhere"

# ---------------------------------------------------------------- NumPy corpus
# Files written by NumPy itself, when Debian's python3-numpy is installed.
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null; then
  mkdir -p np && "$PY" - np <<'PYEOF'
import sys, numpy as np
from numpy.lib import format as fmt
out = sys.argv[1]
rng = np.random.default_rng(0)
def relu(shape, dtype):
    a = rng.standard_normal(shape).astype(np.float64)
    return np.maximum(a, 0).astype(dtype)
cases = {
    "f4": relu((4, 8, 6, 6), "<f4"), "f2": relu((64,), "<f2"), "f8": relu((3, 7), "<f8"),
    "be_f4": relu((5, 5), ">f4"), "fortran": np.asfortranarray(relu((6, 10), "<f4")),
    "scalar": np.float32(3.5), "empty": np.zeros((0, 3), "<f4"), "bool": relu((33,), "<f4") > 0,
    "i8": (relu((40,), "<f8") * 100).astype("<i8"), "u1": (relu((50,), "<f4") * 9).astype("|u1"),
    "c8": relu((9,), "<f4").astype("<c8"), "U5": np.array(["ab", "", "hello"], "<U5"),
    "V3": np.zeros(7, "V3"),
    "rec": np.zeros(4, [("x", "<f4"), ("y", "<i2", (3,))]),
}
for name, a in cases.items():
    np.save(f"{out}/{name}.npy", a)
for v in [(2, 0), (3, 0)]:
    with open(f"{out}/v{v[0]}.npy", "wb") as f:
        fmt.write_array(f, relu((10, 10), "<f4"), version=v)
np.save(f"{out}/object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
PYEOF
  for f in np/*.npy; do
    [ "$f" = np/object.npy ] && continue
    roundtrip "NumPy-written $(basename "$f") round trip" "$f"
  done
  expect_fail 2 "object array" "NumPy object array is refused" compress np/object.npy
else
  echo "SKIP: NumPy corpus (no python3-numpy at $PY)"
fi

finish
