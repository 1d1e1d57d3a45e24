#!/usr/bin/env bash
# CLI tests of the file-handling rules (README, "The CLI"): outputs written
# in place (devices, FIFOs, /proc/self/fd links).
#
#   files_test.sh PATH/TO/cdma PATH/TO/tests/golden
#
# Each check prints PASS or FAIL; the script exits 1 if any check failed.
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
GOLDEN=$(realpath "$2")
# pass/fail/run/expect_fail/expect_absent/no_temp_files/roundtrip/finish/enter_work
source "$HELPERS"
enter_work cdma-files-test
chmod 755 "$WORK"

skip() { echo "SKIP: $1"; }
# sparse BYTES FILE: random bytes, about 3/4 of them zero.
sparse() { head -c "$1" /dev/urandom | tr '\000-\277' '\000' >"$2"; }
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

cp a.orig a.bin

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

no_temp_files "no temporary files are left"
finish
