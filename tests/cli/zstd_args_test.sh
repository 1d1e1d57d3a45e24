#!/usr/bin/env bash
# zstd's command lines: mode flags anywhere (-d, -z, -t, -l), combined short
# flags (-dc, -kc, -d -c), level flags (-3, -19 clamped, -0), and the
# grammar around them: the word after an option that takes a value is that
# value (-o -3 names a file, -T -1 is a thread count), nothing after `--` is
# an option, so a file whose name begins with '-' can be named. Also the
# range messages of numeric options.
#
#   zstd_args_test.sh PATH/TO/cdma
set -u

CDMA=$(realpath "$1")
source "$(dirname "$(realpath "$0")")/helpers.sh"
enter_work cdma-zstd-args-test

/usr/bin/python3 -c '
import numpy as np
rng = np.random.default_rng(7)
a = rng.standard_normal(20000).astype(np.float32)
a[rng.random(20000) < 0.6] = 0
np.save("a.npy", a)'
cp a.npy orig.npy

# same DESC FILE: FILE must be byte-identical to orig.npy.
same() {
  if [ "$rc" -ne 0 ]; then
    fail "$1: exit $rc: $(cat err)"
  elif ! cmp -s orig.npy "$2"; then
    fail "$1: $2 differs from the original"
  else
    pass "$1"
  fi
}

# level_of FILE: the level `cdma info` reports for FILE.
level_of() { "$CDMA" info "$1" | sed -n 's/.*level \([0-9]*\).*/\1/p' | head -1; }

# ---------------------------------------------------------------- modes and combined flags
"$CDMA" -k -c a.npy >kc.cdma 2>err
rc=$?
"$CDMA" decompress -c kc.cdma >back 2>>err
same "cdma -k -c F compresses to stdout" back

for line in "-dc kc.cdma" "-cd kc.cdma" "-c -d kc.cdma" "-d -c kc.cdma" "kc.cdma -dc" \
            "--decompress --stdout kc.cdma" "-qdc kc.cdma" "-dcM64M kc.cdma" "-d -M 64M -c kc.cdma"; do
  # shellcheck disable=SC2086
  "$CDMA" $line >back 2>err
  rc=$?
  same "cdma $line decompresses to stdout" back
done

rm -f a.npy.cdma
run -z a.npy
[ "$rc" -eq 0 ] && [ -f a.npy.cdma ] && pass "cdma -z F compresses" || fail "cdma -z F: exit $rc: $(cat err)"
run -t a.npy.cdma
[ "$rc" -eq 0 ] && pass "cdma -t F tests" || fail "cdma -t F: exit $rc: $(cat err)"
run a.npy.cdma -t
[ "$rc" -eq 0 ] && pass "cdma F -t: a mode flag after the file" || fail "cdma F -t: exit $rc: $(cat err)"
run -l a.npy.cdma
[ "$rc" -eq 0 ] && grep -q "level" out && pass "cdma -l F lists" || fail "cdma -l F: exit $rc: $(cat err)"
for line in "-lv a.npy.cdma" "-l -v a.npy.cdma" "-v -l a.npy.cdma" "info -v a.npy.cdma" "-lq a.npy.cdma"; do
  # shellcheck disable=SC2086
  run $line
  [ "$rc" -eq 0 ] && grep -q "level" out && pass "cdma $line lists (zstd -lv)" ||
    fail "cdma $line: exit $rc: $(cat err)"
done
rm -f a.npy.cdma
run -qkfT2 a.npy
[ "$rc" -eq 0 ] && [ -f a.npy.cdma ] && pass "cdma -qkfT2 F: a value inside a combined flag" ||
  fail "cdma -qkfT2 F: exit $rc: $(cat err)"
run decompress -dc a.npy.cdma
same "cdma decompress -dc F: the mode it already is" out

# ---------------------------------------------------------------- levels
rm -f a.npy.cdma
run -19 a.npy
if [ "$rc" -ne 0 ] || [ ! -f a.npy.cdma ]; then
  fail "cdma -19 F: exit $rc: $(cat err)"
elif [ "$(level_of a.npy.cdma)" != 9 ] || ! grep -q 'levels go up to 9' err; then
  fail "cdma -19 F: want level 9 and a warning; level $(level_of a.npy.cdma), stderr: $(cat err)"
else
  pass "cdma -19 F compresses at the highest level, with a warning (as zstd clamps)"
fi
rm -f a.npy.cdma
run -q -19 a.npy
[ "$rc" -eq 0 ] && [ ! -s err ] && pass "-q silences the clamping warning" || fail "-q -19: exit $rc: $(cat err)"
rm -f a.npy.cdma
run -k -d19 -z a.npy
[ "$rc" -eq 0 ] && [ "$(level_of a.npy.cdma)" = 9 ] && pass "the last mode flag wins, digits inside a cluster are a level" ||
  fail "cdma -k -d19 -z: exit $rc, level $(level_of a.npy.cdma 2>/dev/null): $(cat err)"
rm -f a.npy.cdma
run -99999999999999999999999 a.npy
[ "$rc" -eq 0 ] && [ "$(level_of a.npy.cdma)" = 9 ] && pass "a level past 64 bits is clamped too" ||
  fail "huge -N: exit $rc: $(cat err)"
rm -f a.npy.cdma
run -0 a.npy
[ "$rc" -eq 0 ] && [ -f a.npy.cdma ] && pass "-0 is the default level, as in zstd" || fail "-0: exit $rc: $(cat err)"
rm -f a.npy.cdma
run compress -l 2 a.npy
[ "$rc" -eq 0 ] && [ "$(level_of a.npy.cdma)" = 2 ] && pass "compress -l 2 is still the level" ||
  fail "compress -l 2: exit $rc: $(cat err)"
rm -f a.npy.cdma
run compress -7 a.npy
[ "$rc" -eq 0 ] && [ "$(level_of a.npy.cdma)" = 7 ] && pass "compress -7" || fail "compress -7: exit $rc: $(cat err)"

"$CDMA" -d -19 -c a.npy.cdma >back 2>err
rc=$?
same "cdma -d -19 F: decompress ignores a level, as zstd -d -19 does" back
run -t -3 a.npy.cdma
[ "$rc" -eq 0 ] && pass "cdma -t -3 F tests" || fail "cdma -t -3 F: exit $rc: $(cat err)"
expect_fail 1 '-3: a compression level, which bench does not take' "bench refuses a level flag" \
  bench -3 a.npy

# ---------------------------------------------------------------- option values are never rewritten
for line in "compress -o -3 a.npy" "compress --output -3 a.npy" "-o -3 a.npy" "-fo-3 a.npy"; do
  rm -f -- -3 --level=3
  # shellcheck disable=SC2086
  run $line
  if [ "$rc" -ne 0 ] || [ ! -f ./-3 ] || [ -e ./--level=3 ]; then
    fail "cdma $line: want a file named -3; exit $rc: $(cat err); files: $(ls)"
  else
    run decompress -c -- -3
    same "cdma $line writes the file -3" out
  fi
done
rm -f -- -3
expect_fail 1 'threads.*-1.*not in range 0 to 256' "-T -1 is a bad thread count, not a level" compress -T -1 a.npy
expect_fail 1 'threads.*-1.*not in range 0 to 256' "-T -1 in zstd form too" -T -1 a.npy
rm -f a.npy.cdma
"$CDMA" -q a.npy && "$CDMA" -d -o -x a.npy.cdma >out 2>err
rc=$?
same "cdma -d -o -x F writes the file -x" ./-x
rm -f -- -x

# ---------------------------------------------------------------- `--` and file names beginning with '-'
cp orig.npy ./-5
run compress -- -5
if [ "$rc" -ne 0 ] || [ ! -f ./-5.cdma ]; then
  fail "compress -- -5: exit $rc: $(cat err); files: $(ls)"
else
  run -dc -- -5.cdma
  same "compress -- -5 compresses the file -5" out
fi
rm -f -- -5.cdma
run -k -- -5
[ "$rc" -eq 0 ] && [ -f ./-5.cdma ] && pass "cdma -k -- -5 (zstd form)" || fail "cdma -k -- -5: exit $rc: $(cat err)"
rm -f -- -5.cdma
# `--` first: every word is a file, compressed as zstd -- F does (no
# subcommand, and the file's name may even be a flag's or a subcommand's).
for name in -5 -c compress; do
  cp orig.npy "./$name"
  run -- "$name"
  if [ "$rc" -ne 0 ] || [ ! -f "./$name.cdma" ]; then
    fail "cdma -- $name: exit $rc: $(cat err)"
  else
    run -dc -- "$name.cdma"
    same "cdma -- $name compresses the file $name" out
  fi
  rm -f -- "./$name" "./$name.cdma"
done

# ---------------------------------------------------------------- what is not zstd's
rm -f a.npy.cdma
run tset a.npy
[ "$rc" -eq 1 ] && [ ! -e a.npy.cdma ] && pass "a mistyped subcommand compresses nothing" ||
  fail "cdma tset F: exit $rc, files: $(ls)"
expect_fail 1 'not expected.*-x|-x' "an unknown flag is refused" -dx a.npy.cdma
run -V
[ "$rc" -eq 0 ] && grep -q '^cdma ' out && pass "-V prints the version, as zstd -V" || fail "-V: exit $rc: $(cat err)"
run --help
[ "$rc" -eq 0 ] && grep -q compress out && pass "--help still prints help" || fail "--help: exit $rc"

# ---------------------------------------------------------------- numeric ranges print the real range
expect_fail 1 "--batch: '0' is out of range \(1 to 65536\)" "--batch 0 names the real range" model --batch 0 --sweep ratio=1..2
if grep -q '0\.000000\|e+308\|1\.79' err; then fail "--batch 0 prints a double's range: $(cat err)"; fi
expect_fail 1 'abc is not an integer' "a word that is no number is said to be one" compress --level abc a.npy
expect_fail 1 'Value 12 not in range 1 to 9' "--level 12 names 1 to 9" compress --level 12 a.npy
expect_fail 1 'Value 30 not in range 12 to 24' "--block-log 30" compress --block-log 30 a.npy
expect_fail 1 'Value 0 not in range 1 to 1000' "bench --rounds 0" bench --rounds 0 a.npy
expect_fail 1 'Value 2000 not in range 0 to 1024' "analyze -T 2000" analyze -T 2000 a.npy
expect_fail 1 'Value 1.5 is not an integer' "a fraction is not an integer" compress -T 1.5 a.npy

finish
