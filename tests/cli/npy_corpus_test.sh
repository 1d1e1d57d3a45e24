#!/usr/bin/env bash
# Every kind of tensor file issue 5 lists, through the built `cdma`: .npy
# files written by NumPy itself (the small committed ones in tests/data/npy,
# and the full corpus make_corpus.py writes at test time when Debian's
# python3-numpy is installed), and raw files of every cdma dtype. Each must
# round-trip byte for byte, and `cdma info` must show its dtype, shape and
# element width.
#
#   npy_corpus_test.sh PATH/TO/cdma PATH/TO/tests/data/npy
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
NPY=$(realpath "$2")
PY=/usr/bin/python3  # Debian's, with python3-numpy; not whatever python3 is first on PATH
source "$HELPERS"
enter_work cdma-corpus-test

# info_has DESC FILE.cdma PATTERN...: `cdma info` succeeds and prints every PATTERN.
info_has() {
  local desc=$1 file=$2
  shift 2
  run info "$file"
  if [ "$rc" -ne 0 ]; then
    fail "$desc: info exit $rc: $(cat err)"
    return
  fi
  local p
  for p in "$@"; do
    if ! grep -qE -- "$p" out; then
      fail "$desc: info lacks /$p/: $(cat out)"
      return
    fi
  done
  pass "$desc"
}

# ---------------------------------------------------------------- committed files
committed=("$NPY"/*.npy)
[ -e "${committed[0]}" ] || fail "no committed .npy files under $NPY"
mkdir -p small
for f in "${committed[@]}"; do
  cp "$f" small/
  roundtrip "committed $(basename "$f") round trip" "small/$(basename "$f")"
done
info_has "v1.0 big-endian header is carried" small/v1_be_f4.npy.cdma \
  "descr '>f4'" 'v1\.0' 'shape +4x6' 'dtype +\(not recorded\)'
info_has "v3.0 Fortran-order header is carried" small/v3_fortran_f8.npy.cdma \
  'v3\.0' 'Fortran order' 'dtype +f64' 'shape +5x7'
info_has "legacy 16-byte alignment keeps its header size" small/align16_v2_i2.npy.cdma \
  'file prefix +96 bytes' 'v2\.0' 'dtype +i16'
info_has "record of 4+3+4 bytes takes element width 1" small/record.npy.cdma \
  'element width +1 bytes' 'descr structured'
roundtrip "'<V2' with --dtype bf16 round trip" small/bf16_V2.npy --dtype bf16
info_has "'<V2' with --dtype bf16 is recorded as bf16" small/bf16_V2.npy.cdma \
  'dtype +bf16' 'element width +2 bytes' 'shape +2x4x3x3' "descr '<V2'"

# ---------------------------------------------------------------- raw files, every dtype
head -c 3072 /dev/urandom | tr '\000-\177' '\000' >raw.bin
for dt in f64 f32 f16 bf16 f8e4m3 f8e5m2 i8 u8 i16 u16 i32 u32 i64 u64 bool; do
  case $dt in
    f64 | i64 | u64) shape=4,12,8 ;;
    f32 | i32 | u32) shape=4,12,16 ;;
    f16 | bf16 | i16 | u16) shape=4,12,32 ;;
    *) shape=4,12,64 ;;
  esac
  roundtrip "raw --dtype $dt --shape $shape round trip" raw.bin --dtype "$dt" --shape "$shape"
  info_has "raw $dt: dtype and shape recorded" raw.bin.cdma "dtype +$dt\$" \
    "shape +${shape//,/x}\$"
done
expect_fail 1 "unknown dtype" "an unknown --dtype is a usage error" compress --dtype f128 raw.bin

# ---------------------------------------------------------------- NumPy corpus
if [ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null; then
  mkdir -p np
  if ! "$PY" "$NPY/make_corpus.py" np >py.log 2>&1; then
    fail "make_corpus.py failed: $(cat py.log)"
  fi
  count=0
  for f in np/*.npy; do
    name=$(basename "$f" .npy)
    case $name in
      object) continue ;;
      bf16_*) roundtrip "NumPy $name round trip (--dtype bf16)" "$f" --dtype bf16 ;;
      fp8_e4m3) roundtrip "NumPy $name round trip (--dtype f8e4m3)" "$f" --dtype f8e4m3 ;;
      fp8_e5m2) roundtrip "NumPy $name round trip (--dtype f8e5m2)" "$f" --dtype f8e5m2 ;;
      *) roundtrip "NumPy $name round trip" "$f" ;;
    esac
    count=$((count + 1))
  done
  [ "$count" -ge 50 ] && pass "corpus has $count files" || fail "corpus has only $count files"
  expect_fail 2 "object array" "NumPy object array is refused" compress np/object.npy
  expect_absent "refused object array leaves no output" np/object.npy.cdma

  for v in 1 2 3; do
    info_has "NumPy v$v.0 header" "np/v${v}_f4.npy.cdma" "v$v\\.0 header" 'dtype +f32' \
      'shape +4x8x6x6' 'file prefix +128 bytes'
    info_has "NumPy v$v.0 16-byte aligned header" "np/v${v}_align16.npy.cdma" "v$v\\.0 header" \
      'shape +9x5'
  done
  for t in f2:f16 f4:f32 f8:f64 i1:i8 i2:i16 i4:i32 i8:i64 u1:u8 u2:u16 u4:u32 u8:u64; do
    info_has "'<${t%%:*}' is named ${t#*:}" "np/descr_le_${t%%:*}.npy.cdma" "dtype +${t#*:}\$" \
      'shape +7x9'
  done
  info_has "'>f4' carries no dtype name" np/descr_be_f4.npy.cdma "descr '>f4'" \
    'dtype +\(not recorded\)'
  info_has "'|b1' is bool" np/descr_b1.npy.cdma 'dtype +bool' 'shape +33$'
  # The width fallback: the largest of 8, 4, 2, 1 dividing the item size.
  for t in U5:4 be_c16:8 le_c8:8 longdouble:8 S7:1 V3:1 M8:8; do
    info_has "descr_${t%%:*} takes element width ${t#*:}" "np/descr_${t%%:*}.npy.cdma" \
      "element width +${t#*:} bytes"
  done
  info_has "nested record (13 bytes) takes element width 1" np/nested_record.npy.cdma \
    'element width +1 bytes'
  info_has "0-d array has shape ()" np/scalar_f4.npy.cdma 'shape +\(\)$' 'content +4 bytes'
  info_has "empty array with huge dims" np/empty_huge_dims.npy.cdma \
    'shape +0x1099511627776x1048576$' 'content +0 bytes'
  info_has "32-d array keeps its shape" np/ndim32.npy.cdma \
    'shape +1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x1x3$'
  info_has "Fortran order is carried" np/fortran_be_i4.npy.cdma 'Fortran order' "descr '>i4'"
  info_has "4 MiB tensor spans several blocks" np/large_u1.npy.cdma 'content +4194304 bytes'
  info_has "'|V2' with --dtype bf16" np/bf16_void.npy.cdma 'dtype +bf16' 'element width +2'
  info_has "'|V1' with --dtype f8e4m3" np/fp8_e4m3.npy.cdma 'dtype +f8e4m3' 'element width +1'
  info_has "'|V1' with --dtype f8e5m2" np/fp8_e5m2.npy.cdma 'dtype +f8e5m2'
  expect_fail 1 "--dtype f32 has 4-byte elements but descr '\|V2' has 2-byte" \
    "--dtype of another width is refused for '|V2'" compress -f --dtype f32 np/bf16_void.npy

  # NumPy reads back what cdma restored.
  if "$PY" - np <<'PYEOF'
import glob, sys
import numpy as np
for f in glob.glob(sys.argv[1] + "/*.npy.back"):
    a, b = np.load(f[:-5], allow_pickle=False), np.load(f, allow_pickle=False)
    assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), f
PYEOF
  then
    pass "NumPy loads every restored file with identical dtype, shape and bytes"
  else
    fail "NumPy could not load a restored file"
  fi
else
  echo "SKIP: NumPy corpus (no python3-numpy at $PY)"
fi

no_temp_files "no temporary files are left"
finish
