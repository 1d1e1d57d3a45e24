#!/usr/bin/env bash
# Messages say what is actually wrong: bytes after the last frame are
# trailing garbage or zero padding, not a truncated header; an output that
# is the input says so first, with or without -f; a file named `.cdma` has
# the suffix and nothing else; file names with newlines or escape bytes
# are printed escaped, on one line. `cdma test` verifies seek-table block
# checksums and names what failed, as does `decompress --range`.
#
#   messages_test.sh PATH/TO/cdma
set -u

CDMA=$(realpath "$1")
source "$(dirname "$(realpath "$0")")/helpers.sh"
enter_work cdma-messages-test

/usr/bin/python3 -c '
import numpy as np
rng = np.random.default_rng(3)
a = rng.standard_normal(16384).astype(np.float32)
a[rng.random(16384) < 0.5] = 0
np.save("a.npy", a)'
"$CDMA" compress -q -k a.npy || exit 1

# ---------------------------------------------------------------- bytes after the last frame
for n in 1 2 3 8; do
  { cat a.npy.cdma; head -c "$n" /dev/zero; } >pad.cdma
  for cmd in decompress test info; do
    extra=
    [ "$cmd" = decompress ] && extra=-c
    expect_fail 2 "$n bytes? of zero padding after frame 1" "$cmd: $n zero bytes after the frame are padding" \
      $cmd $extra pad.cdma
    if grep -q truncated err; then fail "$cmd: $n zero bytes reported as truncation: $(cat err)"; fi
  done
done
{ cat a.npy.cdma; printf 'ab'; } >junk.cdma
expect_fail 2 "2 bytes of trailing garbage after frame 1" "2 bytes of garbage after the frame" test junk.cdma
# The first bytes of a real frame's magic are still a truncated frame.
{ cat a.npy.cdma; head -c 3 a.npy.cdma; } >cut.cdma
expect_fail 2 "truncated" "3 bytes of a second frame's magic are a truncated frame" test cut.cdma
cat a.npy.cdma a.npy.cdma >two.cdma
run test two.cdma
[ "$rc" -eq 0 ] && pass "two whole frames still test fine" || fail "two frames: exit $rc: $(cat err)"

# ---------------------------------------------------------------- output = input
cp a.npy.cdma same.cdma
for f in "" -f; do
  expect_fail 1 "is the input file itself" "decompress -o IN IN ${f:-without -f}: the real reason" \
    decompress $f -o same.cdma same.cdma
  expect_fail 1 "is the input file itself" "compress -o IN IN ${f:-without -f}: the real reason" \
    compress $f -o a.npy a.npy
done
cmp -s a.npy.cdma same.cdma && pass "the input is untouched" || fail "same.cdma was changed"
cp a.npy plot-in.npy
expect_fail 1 "is the input file itself" "analyze --plot INPUT -f refuses to replace its input" \
  analyze -f -q --plot plot-in.npy plot-in.npy
cmp -s a.npy plot-in.npy && pass "analyze left its input alone" || fail "analyze --plot replaced its input"

# ---------------------------------------------------------------- a file named .cdma
cp a.npy.cdma .cdma
mkdir -p d && cp a.npy.cdma d/.cdma
expect_fail 1 "only the \.cdma suffix.*-o OUT" "a file named .cdma: the suffix and no name" decompress .cdma
expect_fail 1 "only the \.cdma suffix.*-o OUT" "dir/.cdma: the suffix and no name" decompress d/.cdma
cp a.npy.cdma x.bin
expect_fail 1 "does not end in \.cdma" "other names still do not end in .cdma" decompress x.bin

# ---------------------------------------------------------------- control characters in names
nl_name=$'new\nline.cdma'
expect_fail 3 "'new\\\\nline\.cdma'" "a missing name with a newline is escaped, on one line" test "$nl_name"
esc_name=$'red\e[31m.cdma'
cp a.npy.cdma "$esc_name"
run test "$esc_name"
if [ "$rc" -ne 0 ]; then
  fail "test of a name with ESC: exit $rc: $(cat err)"
elif grep -q $'\e' err || ! grep -q 'red\\x1b\[31m' err; then
  fail "a name with ESC reaches the terminal raw: $(od -c err | head -3)"
else
  pass "a name with ESC is escaped in the summary line"
fi
run info "$esc_name"
[ "$rc" -eq 0 ] && ! grep -q $'\e' out && grep -q "^'red\\\\x1b\[31m\.cdma'$" out &&
  pass "info names the file escaped" || fail "info prints a raw name: $(od -c out | head -3)"
cp a.npy "$(printf 'tab\there.npy')"
run compress -v -f -o "$(printf 'out\nput.cdma')" "$(printf 'tab\there.npy')"
if [ "$rc" -ne 0 ]; then
  fail "compress of a name with a tab: exit $rc: $(cat err)"
elif grep -vq "^'tab\\\\there\.npy': " err || grep -q $'\t' err || ! grep -q 'out\\nput\.cdma' err; then
  fail "names in -v lines are not escaped: $(cat err)"
else
  pass "-v lines escape both the input and the output names"
fi

# ---------------------------------------------------------------- seek-table checksums
"$CDMA" compress -q -f --seek-table --block-log 12 -o seek.cdma a.npy || exit 1
run test seek.cdma
[ "$rc" -eq 0 ] && pass "test passes an intact seek table" || fail "intact seek table: exit $rc: $(cat err)"
# 64 KiB of content (the .npy header is the prefix, not content) in 4 KiB
# blocks: 16 blocks. The table ends the file: 8 bytes per block, then count
# and magic. Damage block 3's checksum.
/usr/bin/python3 - <<'PYEOF'
import struct
b = bytearray(open("seek.cdma", "rb").read())
assert b[-4:] == b"CSEK", b[-4:]
n = struct.unpack("<I", b[-8:-4])[0]
entry = len(b) - 8 - 8 * n + 8 * 2          # block 3 (index 2)
b[entry + 4] ^= 0x40                        # its Block_Checksum
open("seek-bad.cdma", "wb").write(b)
PYEOF
expect_fail 2 "frame 1, block 3 \(content bytes 8192\.\.12288\): the block checksum in the seek table" \
  "test finds a damaged seek-table checksum and names the block" test seek-bad.cdma
expect_fail 2 "block 3 .*seek table" "--range names the seek table, not the content checksum" \
  decompress --range 8192:100 -c seek-bad.cdma
if grep -q "Content checksum" err; then fail "--range blames the content checksum: $(cat err)"; fi
run decompress --range 0:100 -c seek-bad.cdma
[ "$rc" -eq 0 ] && pass "--range over intact blocks still works" || fail "--range 0:100: exit $rc: $(cat err)"
# Damage elsewhere in the seek table (a block size, the count) is named as
# the seek table's, by test and by decompress.
/usr/bin/python3 - <<'PYEOF'
import struct
b = bytearray(open("seek.cdma", "rb").read())
n = struct.unpack("<I", b[-8:-4])[0]
size = bytearray(b); size[len(b) - 8 - 8 * n] ^= 1          # block 1's Block_Bytes
open("seek-size.cdma", "wb").write(size)
count = bytearray(b); count[-8] ^= 1                         # Number_Of_Blocks
open("seek-count.cdma", "wb").write(count)
PYEOF
for f in seek-size seek-count; do
  expect_fail 2 "frame 1: corrupt after the last block of content: the seek table" \
    "test names a damaged seek table ($f)" test $f.cdma
  expect_fail 2 "frame 1: corrupt after the last block of content: the seek table" \
    "decompress names a damaged seek table ($f)" \
    decompress -c $f.cdma
done

# A frame streamed from a pipe does not record its content size; its seek
# table is checked all the same.
"$CDMA" compress -q --seek-table --block-log 12 -c <a.npy >piped.cdma
/usr/bin/python3 - <<'PYEOF'
import struct
b = bytearray(open("piped.cdma", "rb").read())
n = struct.unpack("<I", b[-8:-4])[0]
b[len(b) - 8 - 8 * n + 4] ^= 1              # block 1's checksum
open("piped-bad.cdma", "wb").write(b)
PYEOF
run test piped.cdma
[ "$rc" -eq 0 ] && pass "test passes a streamed frame's seek table" || fail "piped: exit $rc: $(cat err)"
expect_fail 2 "block 1 .*seek table" "test checks a streamed frame's seek table" test piped-bad.cdma

finish
