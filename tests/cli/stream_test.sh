#!/usr/bin/env bash
# CLI tests of streaming and zstd's conventions: stdin to stdout, terminal
# refusal, --rm, cdma test, -r and --output-dir, -T, concatenated frames,
# --range, --memory, the progress line and the one-letter aliases.
#
#   stream_test.sh PATH/TO/cdma PATH/TO/data
#
# Each check prints PASS or FAIL; the script exits 1 if any check failed.
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
DATA=$(realpath "$2")
# pass/fail/skip/run/expect_fail/expect_absent/no_temp_files/roundtrip/sparse/finish/enter_work
source "$HELPERS"
enter_work cdma-stream-test

f32=vgg_final_03_conv3_relu.npy
cp "$DATA/samples/$f32" .
sparse 3000000 raw.bin    # 23 blocks of 128 KiB, the last one short
sparse 700001 odd.bin     # not a whole number of f32
# in_pty CMD: runs CMD (a string) with stdin, stdout and stderr on a terminal;
# the transcript lands in ./tty and the command's exit code in $rc.
in_pty() {
  script -qec "$1" /dev/null </dev/null >tty 2>&1
  rc=$?
}
# same DESC A B: files A and B are identical.
same() {
  if cmp -s "$2" "$3"; then pass "$1"; else fail "$1: $2 and $3 differ"; fi
}

# ---------------------------------------------------------------- pipelines
"$CDMA" compress <"$f32" 2>err | "$CDMA" decompress >piped.npy 2>>err
same "stdin | compress | decompress | stdout restores a .npy (found by its magic)" "$f32" piped.npy
grep -q '^stdin: ' err && pass "the summary names stdin" || fail "summary for stdin: $(cat err)"
"$CDMA" compress -q - <"$f32" >dash.cdma && "$CDMA" compress -q -c "$f32" >file.cdma
same "'-' is stdin, and stdin gives the same frame as the file" dash.cdma file.cdma
cat raw.bin | "$CDMA" compress -q --dtype u8 | "$CDMA" decompress -q >raw.back
same "raw stdin round trip with --dtype" raw.bin raw.back
cat raw.bin | "$CDMA" compress -q --dtype u8 -o piped.cdma && "$CDMA" decompress -q -o piped.back piped.cdma
same "stdin to -o FILE and back" raw.bin piped.back
run info piped.cdma
grep -qE 'content +size not recorded' out && grep -qE 'blocks +unknown' out &&
  pass "a raw pipe records no content size" || fail "raw pipe info: $(cat out err)"
cat raw.bin | "$CDMA" compress -q --dtype u8 --shape 3000000 -o shaped.cdma
run info shaped.cdma
grep -qE 'content +3000000 bytes' out && grep -qE 'blocks +23 of 131072' out &&
  pass "--shape gives a pipe's content size up front" || fail "shaped info: $(cat out err)"

run compress --dtype f32 <odd.bin
[ "$rc" -eq 1 ] && grep -q 'not a whole number of 4-byte' err && [ ! -s out ] &&
  pass "a partial element on stdin is refused (exit 1, nothing written)" ||
  fail "odd stdin: exit $rc: $(cat err)"
head -c 100000 "$f32" >cut.npy
run compress -o cut.cdma <cut.npy
[ "$rc" -eq 2 ] && grep -q 'truncated' err && [ ! -e cut.cdma ] &&
  pass "a .npy cut short on stdin is refused, no output" || fail "cut .npy stdin: exit $rc: $(cat err)"
{ cat "$f32"; printf 'xyz'; } >long.npy
run compress -o long.cdma <long.npy
[ "$rc" -eq 2 ] && grep -q '3 bytes after the data' err && [ ! -e long.cdma ] &&
  pass "bytes past a .npy's data on stdin are refused, no output" || fail "long .npy stdin: exit $rc: $(cat err)"
run compress --dtype f32 --shape 10,10 -o shape.cdma <raw.bin
[ "$rc" -eq 1 ] && grep -q 'needs 400 bytes but the file has 3000000' err &&
  pass "--shape that does not match a pipe is refused" || fail "shape mismatch stdin: exit $rc: $(cat err)"
expect_absent "refused pipes leave no output" shape.cdma
"$CDMA" compress -q -c "$f32" 2>/dev/null | head -c 100 >/dev/null
pass "a closed pipe does not hang the compressor"

# ---------------------------------------------------------------- terminals
in_pty "'$CDMA' compress -c '$f32'"
[ "$rc" -eq 1 ] && grep -q 'refusing to write compressed data to a terminal' tty &&
  pass "compressed data is not written to a terminal" || fail "tty stdout: exit $rc: $(cat tty)"
in_pty "'$CDMA' compress --dtype u8"
[ "$rc" -eq 1 ] && grep -q 'refusing to read input from a terminal' tty &&
  pass "input is not read from a terminal" || fail "tty stdin: exit $rc: $(cat tty)"
in_pty "'$CDMA' decompress"
[ "$rc" -eq 1 ] && grep -q 'refusing to read compressed data from a terminal' tty &&
  pass "compressed data is not read from a terminal" || fail "tty decompress: exit $rc: $(cat tty)"
in_pty "'$CDMA' decompress -q -c file.cdma | cmp - '$f32' && echo restored-ok"
[ "$rc" -eq 0 ] && grep -q restored-ok tty && pass "decompress -c to a pipe works under a terminal" ||
  fail "decompress under pty: $(cat tty)"
in_pty "'$CDMA' compress -q -o tty.cdma '$f32'"
[ "$rc" -eq 0 ] && same "-o FILE is fine with a terminal on stdout" tty.cdma file.cdma

# ---------------------------------------------------------------- progress
slow_feed="(head -c 3M /dev/zero; sleep 1.3; head -c 1M /dev/zero)"
in_pty "$slow_feed | '$CDMA' compress --dtype u8 -f -o slow.cdma"
grep -q $'\r''stdin: [0-9.]* MiB -> ' tty && pass "a progress line shows on a terminal after a second" ||
  fail "no progress line: $(cat -A tty)"
in_pty "$slow_feed | '$CDMA' compress --no-progress --dtype u8 -f -o slow.cdma"
! grep -q ' MiB -> ' tty && pass "--no-progress turns it off" || fail "--no-progress: $(cat -A tty)"
in_pty "$slow_feed | '$CDMA' compress -q --dtype u8 -f -o slow.cdma"
[ ! -s tty ] && pass "-q turns it off" || fail "-q progress: $(cat -A tty)"
eval "$slow_feed" | "$CDMA" compress --dtype u8 -f -o slow.cdma 2>err
[ "$(wc -l <err)" -eq 1 ] && ! grep -q $'\r' err && grep -q '^stdin: 4194304 -> ' err &&
  pass "no progress when stderr is not a terminal, just the summary" || fail "progress in a file: $(cat -A err)"

# ---------------------------------------------------------------- aliases
cp "$f32" alias.npy
"$CDMA" -z -q alias.npy && mv alias.npy alias.orig && "$CDMA" -d -q alias.npy.cdma
same "-z and -d are compress and decompress" alias.orig alias.npy
run -t alias.npy.cdma
[ "$rc" -eq 0 ] && grep -q '^alias.npy.cdma: OK, 1' err && pass "-t is test" || fail "-t: exit $rc: $(cat err)"
run -l alias.npy.cdma
[ "$rc" -eq 0 ] && grep -qE 'blocks +2 of 131072 bytes' out && grep -qE 'checksum +XXH3-64' out &&
  pass "-l is info, with blocks and checksum" || fail "-l: exit $rc: $(cat out err)"
run compress -l 9 -q -f alias.orig
[ "$rc" -eq 0 ] && "$CDMA" info alias.orig.cdma | grep -qE 'level 9' &&
  pass "compress -l still means --level" || fail "compress -l 9: exit $rc: $(cat err)"

# ---------------------------------------------------------------- test
before=$(ls)
"$CDMA" test file.cdma piped.cdma >out 2>err
rc=$?
[ "$rc" -eq 0 ] && [ "$(ls)" = "$before" ] && [ ! -s out ] && pass "test verifies and writes nothing" ||
  fail "test: exit $rc: $(cat err)"
size=$(stat -c %s file.cdma)
cp file.cdma flip.cdma
off=$((size / 2))
byte=$(od -An -tu1 -j "$off" -N1 flip.cdma | tr -d ' ')
printf "\\x$(printf %02x $((byte ^ 0x01)))" | dd of=flip.cdma bs=1 seek="$off" conv=notrunc status=none
expect_fail 2 "frame 1: " "test catches a flipped payload bit" test flip.cdma
# The last 8 bytes are the content checksum itself.
cp file.cdma sum.cdma
sum_byte=$(od -An -tu1 -j $((size - 3)) -N1 sum.cdma | tr -d ' ')
printf "\\x$(printf %02x $((sum_byte ^ 0xff)))" | dd of=sum.cdma bs=1 seek=$((size - 3)) conv=notrunc status=none
expect_fail 2 "checksum" "test catches a wrong content checksum" test sum.cdma
head -c $((size - 5)) file.cdma >short.cdma
expect_fail 2 "truncated" "test catches a truncated file" test short.cdma
head -c 4096 /dev/urandom >junk.cdma
expect_fail 2 "not a cdma frame" "test refuses garbage" test junk.cdma
: >empty.cdma
expect_fail 2 "empty" "test refuses an empty file" test empty.cdma
"$CDMA" test -q - <file.cdma && pass "test reads stdin" || fail "test stdin"
"$CDMA" test -q file.cdma flip.cdma piped.cdma 2>err
rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] && grep -q '^cdma: flip.cdma: ' err &&
  pass "test goes on after a bad file and exits with its code" || fail "multi test: exit $rc: $(cat err)"

# ---------------------------------------------------------------- --rm
cp "$f32" rm.npy
run compress -q --rm rm.npy
[ "$rc" -eq 0 ] && [ ! -e rm.npy ] && [ -s rm.npy.cdma ] && pass "compress --rm removes the input" ||
  fail "compress --rm: exit $rc: $(cat err)"
run decompress -q --rm rm.npy.cdma
[ "$rc" -eq 0 ] && [ ! -e rm.npy.cdma ] && cmp -s rm.npy "$f32" && pass "decompress --rm removes the input" ||
  fail "decompress --rm: exit $rc: $(cat err)"
cp "$f32" keep.npy
run compress -q -k keep.npy
[ "$rc" -eq 0 ] && [ -e keep.npy ] && pass "-k keeps the input (the default)" || fail "-k: exit $rc"
expect_fail 1 "rm" "--rm with -c is a usage error" compress --rm -c keep.npy
expect_fail 1 "rm" "--rm with -k is a usage error" compress --rm -k keep.npy

cp "$f32" full.npy
expect_fail 3 "No space left" "-o /dev/full fails cleanly" compress -o /dev/full full.npy
[ -c /dev/full ] && pass "/dev/full is still a device" || fail "/dev/full was replaced"
expect_fail 1 "device" "--rm refuses an output it cannot verify" compress --rm -o /dev/full full.npy
[ -e full.npy ] && pass "input kept when --rm was refused" || fail "--rm deleted the input"
run compress -q -o /dev/null full.npy
[ "$rc" -eq 0 ] && [ -c /dev/null ] && pass "-o /dev/null is written in place, without -f" ||
  fail "-o /dev/null: exit $rc: $(cat err)"

# A write that fails halfway (file size limit): no output, input kept.
cp raw.bin big.bin
(ulimit -f 512 && "$CDMA" compress --rm --dtype u8 --codec store big.bin) >out 2>err
rc=$?
[ "$rc" -eq 3 ] && grep -q 'File too large' err && [ -e big.bin ] && [ ! -e big.bin.cdma ] &&
  pass "--rm keeps the input when the write fails" || fail "ulimit -f: exit $rc: $(cat err)"
no_temp_files "a failed write leaves no temporary file"
expect_fail 2 "frame 1: " "decompress --rm of a corrupt file fails" decompress --rm -o flip.out flip.cdma
[ -e flip.cdma ] && [ ! -e flip.out ] && pass "corrupt input kept, no output" ||
  fail "corrupt --rm left: $(ls flip*)"
: >blocker
cp "$f32" dir.npy
expect_fail 3 "output-dir" "--output-dir that cannot be created fails" compress --rm --output-dir blocker/sub dir.npy
[ -e dir.npy ] && pass "input kept when the output directory is unusable" || fail "dir.npy removed"

# ---------------------------------------------------------------- -r, --output-dir
mkdir -p tree/a/b tree/c
cp "$f32" tree/a/one.npy
cp "$f32" tree/a/b/two.npy
cp "$DATA"/samples/vgg_final-fp16_02_pool1.npy tree/c/three.npy
run compress -q -r tree
n=$(find tree -name '*.cdma' | wc -l)
[ "$rc" -eq 0 ] && [ "$n" -eq 3 ] && pass "-r compresses every file under a directory" ||
  fail "-r: exit $rc, $n outputs: $(cat err)"
run compress -q -r tree
[ "$rc" -eq 1 ] && [ "$(find tree -name '*.cdma.cdma' | wc -l)" -eq 0 ] &&
  pass "-r skips .cdma files (and existing outputs need -f)" || fail "-r twice: exit $rc: $(cat err)"
run decompress -q -r --output-dir restored tree
[ "$rc" -eq 0 ] && cmp -s restored/one.npy "$f32" && cmp -s restored/two.npy "$f32" && [ -e restored/three.npy ] &&
  pass "decompress -r --output-dir restores into one directory" || fail "--output-dir: exit $rc: $(cat err)"
run test -q -r tree
[ "$rc" -eq 0 ] && pass "test -r" || fail "test -r: exit $rc: $(cat err)"
run info -r tree
[ "$rc" -eq 0 ] && [ "$(grep -c '^tree/' out)" -eq 3 ] && pass "info -r" || fail "info -r: $(cat out err)"
expect_fail 3 "directory.*-r" "a directory without -r names -r" compress tree
expect_fail 1 "one input" "-o with -r is a usage error" compress -r -o x.cdma tree

# ---------------------------------------------------------------- threads
for t in 1 2 4 0; do
  "$CDMA" compress -q -T "$t" --dtype u8 --block-log 14 -c raw.bin >"t$t.cdma"
done
cmp -s t1.cdma t2.cdma && cmp -s t1.cdma t4.cdma && cmp -s t1.cdma t0.cdma &&
  pass "-T 1, 2, 4 and 0 write identical bytes" || fail "output depends on -T"
for t in 1 2 4; do
  "$CDMA" decompress -q -T "$t" -c t1.cdma >"t$t.back"
  same "decompress -T $t restores the input" raw.bin "t$t.back"
done
expect_fail 1 "threads" "-T 300 is a usage error" compress -T 300 --dtype u8 raw.bin

# A file of several input chunks (read ahead by a second thread, buffers
# swapped between reads): byte-identical output for every -T, files and
# pipes, and the .npy header restored (its peeked bytes precede the first
# read-ahead chunk).
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(5)
a = rng.standard_normal(6_000_000).astype(np.float32)
a[rng.random(a.size) < 0.55] = 0
np.save("big.npy", a.reshape(1000, 6000))
PY
"$CDMA" compress -q -T 1 -c big.npy >big1.cdma
"$CDMA" compress -q -T 2 -o big2.cdma big.npy
cat big.npy | "$CDMA" compress -q -T 2 --dtype f32 >bigp.raw.cdma
cmp -s big1.cdma big2.cdma && pass "a 24 MB .npy compresses to the same bytes at -T1 and -T2" ||
  fail "24 MB .npy: -T1 and -T2 differ"
"$CDMA" decompress -q -T 2 -c big2.cdma >big.back
same "a 24 MB .npy round-trips through read-ahead at -T2" big.npy big.back
"$CDMA" decompress -q -T 1 -o big.back1 big1.cdma
same "... and at -T1" big.npy big.back1
"$CDMA" decompress -q -c bigp.raw.cdma | cmp -s - big.npy && pass "... and piped as raw bytes" ||
  fail "piped 24 MB raw round trip differs"
# Each read is fed up to a block boundary of the frame; the part block left
# over goes in front of the next chunk read ahead, or, bigger than the room
# kept there (big blocks, a small -M), is joined by a copy. The frame is the
# pipe's (no read-ahead) and any -T's.
cat big.npy | "$CDMA" compress -q -T 1 >bigp1.cdma
same "a 24 MB .npy piped gives the file's frame" big1.cdma bigp1.cdma
"$CDMA" compress -q -T 0 -c big.npy >big0.cdma
same "... and -T0 the same bytes" big1.cdma big0.cdma
"$CDMA" compress -q -T 1 --block-log 21 -c big.npy >b21.cdma
"$CDMA" compress -q -T 1 --block-log 21 -M 40M -c big.npy >b21m.cdma
cat big.npy | "$CDMA" compress -q -T 1 --block-log 21 >b21p.cdma
same "2 MiB blocks under -M 40M (a part block bigger than the kept room) give the same frame" b21.cdma b21m.cdma
same "... as from a pipe" b21.cdma b21p.cdma
"$CDMA" decompress -q -M 40M -c b21m.cdma | cmp -s - big.npy && pass "... which restores the .npy" ||
  fail "2 MiB blocks under -M 40M: round trip differs"

# Coding on every core (-T at the core count, -T0), the input is read by
# the caller and the reading thread together, half a chunk each, between
# batches: the frame is still -T1's (read ahead while coding), with the
# last read ending in the first half of a chunk (1 MiB chunks) or in the
# second (-M 48M: 1.5 MiB).
cores=$(nproc)
tail -c 23456789 big.npy >odd.bin  # raw bytes: no .npy header in front
"$CDMA" compress -q -T 1 --dtype u8 --block-log 14 -c odd.bin >oddp.cdma
for args in "-T $cores" "-T 0" "-T $cores -M 48M"; do
  # shellcheck disable=SC2086  # $args is several arguments
  if "$CDMA" compress -q $args --dtype u8 --block-log 14 -c odd.bin >odd.cdma && [ -s oddp.cdma ]; then
    same "a file read in halves ($args) gives -T1's frame" oddp.cdma odd.cdma
  else
    fail "a file read in halves ($args): compress failed"
  fi
done
"$CDMA" decompress -q -c odd.cdma | cmp -s - odd.bin && pass "... which restores the file" ||
  fail "a file read in halves: round trip differs"

# ---------------------------------------------------------------- concatenated frames
"$CDMA" compress -q -c "$f32" raw.bin --dtype f32 >two.cdma 2>err
cat "$f32" raw.bin >two.expected
"$CDMA" decompress -q -c two.cdma >two.got
same "compress -c A B writes two frames that decode to A then B" two.expected two.got
cat file.cdma piped.cdma file.cdma >three.cdma
cat "$f32" raw.bin "$f32" >three.expected
"$CDMA" decompress -q -T 2 -o three.got three.cdma
same "concatenated files decode as one stream, each .npy header restored" three.expected three.got
cat three.cdma | "$CDMA" decompress -q >three.piped
same "... also through a pipe" three.expected three.piped
run info three.cdma
grep -qE 'frames +3' out && pass "info lists every frame" || fail "info of 3 frames: $(cat out err)"

# ---------------------------------------------------------------- --range
"$CDMA" compress -q -f --dtype u8 --block-log 12 -o r12.cdma raw.bin
"$CDMA" compress -q -f --dtype u8 --seek-table -o rseek.cdma raw.bin
"$CDMA" compress -q -f -o rnpy.cdma "$f32"
# slice FILE OFFSET LENGTH: bytes of FILE, as dd would cut them.
slice() { dd if="$1" bs=4096 iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none; }
check_range() { # check_range DESC FILE.cdma EXPECTED OFFSET LENGTH [options...]
  local desc=$1 frame=$2 expected=$3 offset=$4 length=$5
  shift 5
  "$CDMA" decompress -q "$@" --range "$offset:$length" "$frame" >range.got 2>err
  local rc=$?
  slice "$expected" "$offset" "$length" >range.want
  if [ "$rc" -ne 0 ]; then
    fail "$desc: exit $rc: $(cat err)"
  elif ! cmp -s range.got range.want || [ "$(stat -c %s range.got)" -ne "$length" ]; then
    fail "$desc: bytes differ from the slice"
  else
    pass "$desc"
  fi
}
for frame in r12.cdma rseek.cdma; do
  for r in 0:1 4095:2 131071:2 1000000:65536 2999999:1 0:3000000 123457:0 2900000:100000; do
    check_range "--range $r of $frame matches dd" "$frame" raw.bin "${r%%:*}" "${r##*:}"
  done
done
check_range "--range with -T 2" rseek.cdma raw.bin 5000 2000000 -T 2
check_range "--range with size suffixes" rseek.cdma raw.bin 1024 1048576
"$CDMA" decompress -q --range 1K:1M -o range.file rseek.cdma && slice raw.bin 1024 1048576 >range.want
same "--range 1K:1M -o FILE" range.want range.file
tail -c +129 "$f32" >f32.content # the .npy data: the 128-byte header is not content
check_range "--range in a .npy frame counts content bytes (no header)" rnpy.cdma f32.content 1000 5000
cat "$f32" | "$CDMA" compress -q -o pnpy.cdma
cat r12.cdma pnpy.cdma rseek.cdma >multi.cdma
cat raw.bin f32.content raw.bin >multi.content
check_range "--range across concatenated frames" multi.cdma multi.content 2999000 300000
expect_fail 1 "past the content" "--range past the end is a usage error" decompress --range 2999999:2 r12.cdma
expect_fail 1 "OFFSET:LENGTH" "a malformed --range is a usage error" decompress --range 12 r12.cdma
expect_fail 2 "content size" "--range needs recorded content sizes" decompress --range 0:1 piped.cdma
expect_fail 1 "standard input" "--range needs a file, not a pipe" decompress --range 0:1 - <r12.cdma

# ---------------------------------------------------------------- --memory
"$CDMA" compress -q --dtype u8 --block-log 24 -o b24.cdma raw.bin
# One block of 2.86 MiB (the content): 12 blocks of scratch and buffers
# plus 4 MiB of I/O need 39.24 MiB (README, "Memory").
expect_fail 3 "needs --memory 40179K .39.24 MiB. at least" "a frame over -M is refused, naming --memory" \
  decompress -M 16M -o b24.out b24.cdma
expect_absent "refused frame leaves no output" b24.out
# The minimum named is enough when passed back to -M, and 1 KiB less is not,
# compressing too (a rounded figure fell a few bytes short).
least_works() {  # DESCRIPTION, then the command with -M NEEDED appended
  local what=$1; shift
  local least
  least=$("$CDMA" "$@" -M 1K 2>&1 >/dev/null | sed -n 's/.*needs --memory \([0-9]*\)K .*/\1/p')
  [ -n "$least" ] || { fail "$what: no minimum named"; return; }
  if "$CDMA" "$@" -M "${least}K" >/dev/null 2>&1 && ! "$CDMA" "$@" -M "$((least - 1))K" >/dev/null 2>&1; then
    pass "$what: -M ${least}K, as named, is just enough"
  else
    fail "$what: the named minimum ${least}K is not the least -M that works"
  fi
}
least_works "decompress, 16 MiB blocks" decompress -c b24.cdma
for level in 1 3 7 9; do
  least_works "compress -$level, 64 KiB blocks" compress -c -"$level" --block-log 16 -T1 "$f32"
  least_works "compress -$level, 1 MiB blocks, 2 threads" compress -c -"$level" --block-log 20 -T2 "$f32"
done
# To stdout too: the refusal comes before any byte of the frame, its .npy
# header included.
"$CDMA" compress -q -f --block-log 24 -o b24npy.cdma "$f32"
expect_fail 3 "needs --memory" "a .npy frame over -M is refused on -c" decompress -c -M 4M b24npy.cdma
[ -s out ] && fail "a .npy frame over -M wrote $(stat -c %s out) bytes to stdout" ||
  pass "a .npy frame over -M writes nothing to stdout"
expect_fail 3 "--memory" "test honours -M" test --memory 1M b24.cdma
run decompress -q -M 40M -o b24.out b24.cdma
[ "$rc" -eq 0 ] && same "-M 40M is enough for this 16 MiB-block frame" raw.bin b24.out
run test -q -M 0 b24.cdma
[ "$rc" -eq 0 ] && pass "-M 0 means no limit" || fail "-M 0: exit $rc: $(cat err)"
run test -q --memory 1GiB -T 4 b24.cdma
[ "$rc" -eq 0 ] && pass "--memory takes 1GiB" || fail "--memory 1GiB: $(cat err)"
expect_fail 1 "not a size" "--memory with a bad size is a usage error" test -M lots b24.cdma

no_temp_files "no temporary files are left anywhere"
finish
