#!/usr/bin/env bash
# Frames whose tensor metadata lies (issue 17, 2.6): valid frames with their
# dtype, shape or file prefix (.npy header) rewritten and the header checksum
# recomputed, so only the metadata is wrong. `info`, `test` and `decompress`
# must call that corruption (exit 2, naming it) and leave no output.
#
#   metadata_test.sh PATH/TO/cdma PATH/TO/python/tests/forge.py
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
FORGE=$(realpath "$2")
PY=/usr/bin/python3
source "$HELPERS"
enter_work cdma-metadata-test

$PY -c 'import numpy as np; np.save("a.npy", np.arange(12, dtype="<f4").reshape(3, 4))'
$PY -c 'import numpy as np; np.save("f.npy", np.asfortranarray(np.arange(12, dtype="<i2").reshape(3, 4)))'
"$CDMA" compress -q a.npy f.npy || fail "compress the samples"
head -c 48 /dev/zero >raw.bin
"$CDMA" compress -q --dtype f32 --shape 3,4 raw.bin || fail "compress the raw sample"

# forge NAME SOURCE ARGS...: NAME.cdma is SOURCE.cdma with ARGS applied.
forge() {
  local name=$1 src=$2
  shift 2
  $PY "$FORGE" "$src" "$name.cdma" "$@" || fail "forge $name"
}
forge object a.npy.cdma --dtype npy:O
forge unknown a.npy.cdma --dtype zz9
forge shape a.npy.cdma --shape 3,5
forge overflow a.npy.cdma --shape 4294967296,4294967296,256
forge wider raw.bin.cdma --dtype f64
forge partial raw.bin.cdma --dtype npy:\<V7 --shape -
forge npy-shape a.npy.cdma --prefix-replace "(3, 4)" "(4, 4)"
forge npy-transposed a.npy.cdma --prefix-replace "(3, 4)" "(4, 3)"
forge npy-object f.npy.cdma --prefix-replace "'<i2'" "'|O2'"
forge npy-keys f.npy.cdma --prefix-replace "'descr'" "'DESCR'"

for name in object unknown shape overflow wider partial npy-shape npy-transposed npy-object npy-keys; do
  expect_fail 2 "inconsistent tensor metadata" "info: $name" info "$name.cdma"
  expect_fail 2 "inconsistent tensor metadata" "test: $name" test "$name.cdma"
  expect_fail 2 "inconsistent tensor metadata" "decompress: $name" decompress -o "$name.out" "$name.cdma"
  expect_absent "decompress: $name leaves no output" "$name.out"
  expect_fail 2 "inconsistent tensor metadata" "decompress -c: $name" decompress -c "$name.cdma"
done
expect_fail 2 "inconsistent tensor metadata" "--range: npy-shape" decompress --range 0:4 npy-shape.cdma

# A stream with no content size: the shape is checked once the frame ends.
head -c 40 /dev/zero | "$CDMA" compress -q -c --dtype u8 >streamed.cdma
forge streamed-ok streamed.cdma --dtype f32 --shape 2,5
forge streamed-bad streamed.cdma --dtype f32 --shape 3,5
run test streamed-ok.cdma
[ "$rc" -eq 0 ] && pass "test: a streamed frame whose shape fits" || fail "streamed-ok: exit $rc: $(cat err)"
expect_fail 2 "inconsistent tensor metadata" "test: a streamed frame whose shape does not fit" \
  test streamed-bad.cdma

# Honest frames still pass, with the forger rewriting the same metadata.
forge same a.npy.cdma --dtype f32 --shape 3,4
cmp -s same.cdma a.npy.cdma && pass "the forger keeps honest metadata" || fail "forger changed bytes"
for f in a.npy.cdma f.npy.cdma raw.bin.cdma; do
  run test "$f"
  [ "$rc" -eq 0 ] && pass "test: $f" || fail "test $f: exit $rc: $(cat err)"
  run info "$f"
  [ "$rc" -eq 0 ] && pass "info: $f" || fail "info $f: exit $rc: $(cat err)"
done
"$CDMA" decompress -q -c f.npy.cdma | cmp -s - f.npy && pass "F-order file restored" ||
  fail "F-order file not restored"

finish
