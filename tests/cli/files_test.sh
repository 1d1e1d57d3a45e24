#!/usr/bin/env bash
# CLI tests of the file-handling rules (README, "The CLI"): colliding
# outputs, outputs written in place (devices, FIFOs, /proc/self/fd links),
# metadata kept, symbolic links and FIFOs as inputs, and failures of --rm
# that must leave no output.
#
#   files_test.sh PATH/TO/cdma PATH/TO/tests/golden
#
# Each check prints PASS or FAIL; the script exits 1 if any check failed.
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
GOLDEN=$(realpath "$2")
# pass/fail/skip/run/expect_fail/expect_absent/no_temp_files/roundtrip/sparse/finish/enter_work
source "$HELPERS"
enter_work cdma-files-test
chmod 755 "$WORK"

# kept DESC FILE ORIG: FILE still holds the bytes of ORIG.
kept() {
  if cmp -s "$2" "$3"; then pass "$1"; else fail "$1: $2 $([ -e "$2" ] && echo changed || echo REMOVED)"; fi
}
# restores DESC FRAME ORIG: FRAME decompresses to the bytes of ORIG.
restores() {
  if "$CDMA" decompress -q -c "$2" 2>/dev/null | cmp -s - "$3"; then pass "$1"; else fail "$1: $2 does not restore $3"; fi
}

sparse 40000 a.orig
sparse 40000 b.orig

# ---------------------------------------------------------------- collisions
# Two inputs of one run must never meet at one output: refused before any
# work (exit 1, both inputs named), whatever -f and --rm say.
mkdir -p rr/a rr/b
cp a.orig rr/a/x.bin
cp b.orig rr/b/x.bin
for flags in "" "-f" "--rm -f"; do
  # shellcheck disable=SC2086
  expect_fail 1 "rr/[ab]/x.bin.*rr/[ab]/x.bin" "compress -r $flags --output-dir: same name in two directories" \
    compress -q -r $flags --dtype f32 --output-dir flat rr
  expect_absent "compress -r $flags --output-dir: nothing written" flat/x.bin.cdma
  kept "compress -r $flags --output-dir: first input kept" rr/a/x.bin a.orig
  kept "compress -r $flags --output-dir: second input kept" rr/b/x.bin b.orig
done

"$CDMA" compress -q --dtype f32 rr/a/x.bin rr/b/x.bin
cp rr/a/x.bin.cdma a.cdma.orig
cp rr/b/x.bin.cdma b.cdma.orig
rm rr/a/x.bin rr/b/x.bin
expect_fail 1 "rr/[ab]/x.bin.cdma.*rr/[ab]/x.bin.cdma" "decompress -r --rm -f --output-dir: same name in two directories" \
  decompress -q -r --rm -f --output-dir flat rr
expect_absent "decompress collision: nothing written" flat/x.bin
kept "decompress collision: first input kept" rr/a/x.bin.cdma a.cdma.orig
kept "decompress collision: second input kept" rr/b/x.bin.cdma b.cdma.orig

cp a.orig a.bin
expect_fail 1 "given twice" "compress --rm -f of one file given twice" compress -q --rm -f --dtype f32 a.bin a.bin
expect_absent "a file given twice: nothing written" a.bin.cdma
kept "a file given twice: input kept" a.bin a.orig

mkdir -p sub
expect_fail 1 "a.bin" "compress --rm -f: ./a.bin and sub/../a.bin are one file" \
  compress -q --rm -f --dtype f32 ./a.bin sub/../a.bin
expect_absent "a.bin through ..: nothing written" a.bin.cdma
kept "a.bin through ..: input kept" a.bin a.orig

mkdir real
cp a.orig real/y.bin
ln -s real linked
expect_fail 1 "y.bin" "compress --rm -f: real/y.bin and linked/y.bin are one file (a linked directory)" \
  compress -q --rm -f --dtype f32 real/y.bin linked/y.bin
expect_absent "linked directory: nothing written" real/y.bin.cdma
kept "linked directory: input kept" real/y.bin a.orig

# An input that is another input's output: x.cdma.cdma restores onto x.cdma.
cp a.cdma.orig x.cdma
"$CDMA" compress -q -o x.cdma.cdma --dtype u8 x.cdma
cp x.cdma.cdma xx.orig
expect_fail 1 "x.cdma.cdma.*x.cdma" "decompress -f: one input's output is the other input" \
  decompress -q -f x.cdma x.cdma.cdma
kept "an input that is another's output is untouched" x.cdma a.cdma.orig
kept "the other input is untouched" x.cdma.cdma xx.orig
expect_absent "an input that is another's output: nothing written" x
mkdir -p od
cp a.cdma.orig od/x.cdma
expect_fail 1 "x.cdma.cdma" "decompress --output-dir: an output lands on another input" \
  decompress -q -f --rm --output-dir od x.cdma.cdma od/x.cdma
kept "--output-dir onto another input: that input is untouched" od/x.cdma a.cdma.orig
cp a.orig a.bin
cp a.cdma.orig a.bin.cdma
expect_fail 1 "a.bin.cdma" "compress -f: an output that is another named input" compress -q -f --dtype f32 a.bin a.bin.cdma
kept "an output that is another named input is untouched" a.bin.cdma a.cdma.orig
rm -f a.bin.cdma

run compress -q -c --dtype f32 a.bin a.bin
[ "$rc" -eq 0 ] && pass "-c takes a file twice (concatenated frames, no output file)" || fail "-c twice: exit $rc: $(cat err)"
expect_fail 1 "-o" "-o with two inputs" compress -q -f --dtype f32 -o one.cdma a.bin b.orig
expect_absent "-o with two inputs: nothing written" one.cdma

# ---------------------------------------------------------------- outputs written in place
# A link to /proc/self/fd/1 (what /dev/stdout is) is written through, not
# renamed over: the data reaches stdout's file and the link stays a link.
ln -s /proc/self/fd/1 mystdout
"$CDMA" compress -q -f --dtype f32 -o mystdout a.bin >via-link.cdma 2>err
rc=$?
[ "$rc" -eq 0 ] && [ -L mystdout ] && pass "-o LINK-TO-/proc/self/fd/1 exits 0 and leaves the link" ||
  fail "-o link to /proc/self/fd/1: exit $rc, $(ls -l mystdout): $(cat err)"
restores "-o LINK-TO-/proc/self/fd/1 writes into stdout's file" via-link.cdma a.orig
"$CDMA" compress -q --dtype f32 -o /dev/fd/1 a.bin >via-fd.cdma 2>err
restores "-o /dev/fd/1 writes into stdout's file" via-fd.cdma a.orig
"$CDMA" compress -q --dtype f32 -c a.bin >twice.cdma
"$CDMA" compress -q --dtype f32 -o /proc/self/fd/1 a.bin >>twice.cdma 2>err
"$CDMA" compress -q --dtype f32 -c a.bin a.bin >want.cdma
cmp -s twice.cdma want.cdma && pass "-o /proc/self/fd/1 appends under >>, as -c does" || fail "-o /proc/self/fd/1 under >>: $(cat err)"
expect_fail 1 "--rm" "--rm refuses an output it cannot verify (a /proc/self/fd link)" \
  compress -q --rm --dtype f32 -o mystdout a.bin
kept "--rm -o /proc/self/fd link: input kept" a.bin a.orig

mkfifo pipe
timeout 20 cat pipe >from-fifo.cdma &
reader=$!
timeout 20 "$CDMA" compress -q --dtype f32 -o pipe a.bin 2>err
rc=$?
wait "$reader"
[ "$rc" -eq 0 ] && [ -p pipe ] && pass "-o FIFO exits 0 and leaves the FIFO" || fail "-o FIFO: exit $rc: $(cat err)"
restores "-o FIFO writes into the FIFO" from-fifo.cdma a.orig
ln -s /dev/null nul
run compress -q -f --dtype f32 -o nul a.bin
[ "$rc" -eq 0 ] && [ -L nul ] && [ -c /dev/null ] && pass "-o LINK-TO-/dev/null is written in place" ||
  fail "-o link to /dev/null: exit $rc: $(cat err)"

# ---------------------------------------------------------------- metadata kept
rm -f a.bin.cdma
chmod 640 a.bin
touch -m -d '2001-02-03 04:05:06.123456789' a.bin
touch -a -d '2002-03-04 05:06:07' a.bin
owner_kept=0
if [ "$(id -u)" -eq 0 ]; then chown 65534:65534 a.bin && owner_kept=1; fi
atime=$(stat -c %X a.bin)  # reading the input moves it: the output keeps the one before
"$CDMA" compress -q --dtype f32 a.bin
if [ -e a.bin.cdma ]; then
  [ "$(stat -c %a a.bin.cdma)" = 640 ] && pass "compress keeps the mode" || fail "mode $(stat -c %a a.bin.cdma), want 640"
  [ "$(stat -c %.9Y a.bin.cdma)" = "$(stat -c %.9Y a.bin)" ] && pass "compress keeps the mtime (to the nanosecond)" ||
    fail "mtime $(stat -c %y a.bin.cdma), want $(stat -c %y a.bin)"
  [ "$(stat -c %X a.bin.cdma)" = "$atime" ] && pass "compress keeps the atime" ||
    fail "atime $(stat -c %x a.bin.cdma), want 2002-03-04 05:06:07"
  if [ "$owner_kept" -eq 1 ]; then
    [ "$(stat -c %u:%g a.bin.cdma)" = 65534:65534 ] && pass "compress keeps the owner (as root)" ||
      fail "owner $(stat -c %u:%g a.bin.cdma), want 65534:65534"
  else
    skip "owner (needs root)"
  fi
  "$CDMA" decompress -q -o a.back a.bin.cdma
  [ "$(stat -c '%a %u %g %.9Y' a.back)" = "$(stat -c '%a %u %g %.9Y' a.bin.cdma)" ] &&
    pass "decompress keeps mode, owner and mtime" || fail "decompress metadata: $(stat -c '%a %u %g %y' a.back)"
  rm -f a.back
  # Standard input has no name: its outputs get 0666 minus the umask and
  # the time they were written, even when the shell opened a file onto it.
  "$CDMA" compress -q --dtype f32 -o stdin.cdma <a.bin
  "$CDMA" decompress -q -o stdin.back <a.bin.cdma
  for f in stdin.cdma stdin.back; do
    [ "$(stat -c %a "$f")" = "$(printf '%o' $((0666 & ~$(umask))))" ] &&
      [ "$(stat -c %Y "$f")" != "$(stat -c %Y a.bin)" ] && [ "$(stat -c %u "$f")" = "$(id -u)" ] &&
      pass "$f from standard input keeps no file's metadata" ||
      fail "$f from standard input: $(stat -c '%a %u %y' "$f"), want $(umask) applied to 0666, now, us"
  done
  rm -f stdin.cdma stdin.back
else
  fail "compress for the metadata checks: $(cat err)"
fi
chown 0:0 a.bin 2>/dev/null
chmod 644 a.bin

# ---------------------------------------------------------------- symbolic links and FIFOs as inputs
ln -s a.bin lnk.bin
expect_fail 1 "symbolic link.*-f" "a symbolic link is not followed without -f (as zstd)" compress -q --dtype f32 lnk.bin
expect_absent "a refused link: nothing written" lnk.bin.cdma
run compress -q -f --rm --dtype f32 lnk.bin
[ "$rc" -eq 0 ] && [ ! -L lnk.bin ] && cmp -s a.bin a.orig && pass "-f --rm follows a link, then removes the link, not its target" ||
  fail "-f --rm of a link: exit $rc: $(cat err)"
restores "-f follows a link" lnk.bin.cdma a.orig

mkdir tree
cp a.orig tree/real.bin
ln -s ../b.orig tree/link.bin
run compress -q -r --dtype f32 tree
[ "$rc" -eq 0 ] && [ -e tree/real.bin.cdma ] && [ ! -e tree/link.bin.cdma ] &&
  pass "-r skips symbolic links without -f" || fail "-r and links: exit $rc, $(ls tree): $(cat err)"
run compress -q -r -f --dtype f32 tree
[ "$rc" -eq 0 ] && [ -e tree/link.bin.cdma ] && pass "-r -f follows links to files" || fail "-r -f and links: exit $rc, $(ls tree)"

mkfifo in.fifo
(timeout 20 sh -c 'cat a.orig >in.fifo' &)
timeout 20 "$CDMA" compress -q --rm --dtype f32 in.fifo 2>err
rc=$?
[ "$rc" -eq 0 ] && [ -p in.fifo ] && pass "a FIFO input is read as a stream, and --rm keeps it (as zstd)" ||
  fail "FIFO input: exit $rc: $(cat err)"
restores "a FIFO input is compressed whole" in.fifo.cdma a.orig
mkfifo back.cdma
(timeout 20 sh -c 'cat in.fifo.cdma >back.cdma' &)
timeout 20 "$CDMA" decompress -q back.cdma 2>err
rc=$?
[ "$rc" -eq 0 ] && cmp -s back a.orig && pass "decompress reads a FIFO input" || fail "decompress of a FIFO: exit $rc: $(cat err)"

# ---------------------------------------------------------------- failures of --rm leave no output
cp "$GOLDEN/v1_u8_nochecksum.cdma" nosum.cdma
cp nosum.cdma nosum.orig
expect_fail 2 "checksum" "decompress --rm of a frame without checksum fails" decompress -q --rm nosum.cdma
expect_absent "decompress --rm without checksum leaves no output" nosum
kept "decompress --rm without checksum keeps the input" nosum.cdma nosum.orig
echo old >nosum
expect_fail 2 "checksum" "decompress --rm -f without checksum fails" decompress -q -f --rm nosum.cdma
[ "$(cat nosum)" = old ] && pass "decompress --rm -f without checksum does not replace the existing output" ||
  fail "decompress --rm -f without checksum replaced the existing output"
rm -f nosum

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  AS_USER="$WORK/cdma-as-nobody"
  printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups "%s" "$@"\n' "$CDMA" >"$AS_USER"
  chmod 755 "$AS_USER"
  mkdir -m 777 rw
  mkdir ro
  cp a.orig ro/k.bin
  cp a.cdma.orig ro/k.cdma
  chmod 644 ro/k.bin ro/k.cdma
  chmod 555 ro
  CDMA=$AS_USER expect_fail 3 "--rm" "compress --rm of an input in a read-only directory fails" \
    compress -q --rm --dtype f32 --output-dir rw ro/k.bin
  expect_absent "compress --rm, read-only input directory: no output" rw/k.bin.cdma
  kept "compress --rm, read-only input directory: input kept" ro/k.bin a.orig
  CDMA=$AS_USER expect_fail 3 "--rm" "decompress --rm of an input in a read-only directory fails" \
    decompress -q --rm --output-dir rw ro/k.cdma
  expect_absent "decompress --rm, read-only input directory: no output" rw/k
  chmod 755 ro
else
  skip "--rm in a read-only directory (needs root to run as another user)"
fi

no_temp_files "no temporary files are left"
finish
