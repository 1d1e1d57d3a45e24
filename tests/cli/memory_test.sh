#!/usr/bin/env bash
# Memory is bounded by block size x threads, not by the input: a generated
# stream of more than 4 GiB (so every size and offset must be 64-bit) goes
# through `cdma compress -T2 | cdma decompress -T2`, the output must be the
# input, and the peak RSS of each process (GNU time) must stay under 64 MiB.
# The stream is never a file on disk. Then -M bounds the peak RSS of both
# directions. About 15 s on 2 cores.
#
#   memory_test.sh PATH/TO/cdma
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
source "$HELPERS"
enter_work cdma-memory-test

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  fail "$TIME is missing: install Debian's package 'time' (scripts/install-deps does)"
  finish
fi
limit_kib=$((64 * 1024))

# 8 MiB of sparse bytes (about 3/4 zeros), repeated between long zero runs:
# all-zero blocks, coded blocks, and a block straddling the two.
head -c 8M /dev/urandom | tr '\000-\277' '\000' >seed
generate() {
  head -c 2G /dev/zero
  for _ in $(seq 16); do cat seed; done
  head -c 2G /dev/zero
  for _ in $(seq 4); do cat seed; done
  head -c 12345 /dev/zero
}
total=$(( (4 << 30) + (20 << 23) + 12345 ))
# Odd total: u8 elements. --shape records the >4 GiB size in the header.
cmp <(generate) <(generate | "$TIME" -v -o compress.time "$CDMA" compress -q -T2 --dtype u8 --shape "$total" |
  "$TIME" -v -o decompress.time "$CDMA" decompress -q -T2) >cmp.out 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
  pass "a $total-byte stream round-trips through compress -T2 | decompress -T2"
else
  fail "round trip of the generated stream: $(cat cmp.out)"
fi

for side in compress decompress; do
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$side.time")
  status=$(sed -n 's/.*Exit status: //p' "$side.time")
  echo "$side: peak RSS ${rss:-?} KiB, exit ${status:-?}"
  if [ -z "$rss" ] || [ "$status" != 0 ]; then
    fail "$side did not run cleanly: $(cat "$side.time")"
  elif [ "$rss" -ge "$limit_kib" ]; then
    fail "$side peak RSS $rss KiB is not under $limit_kib KiB"
  else
    pass "$side peak RSS $rss KiB is under 64 MiB"
  fi
done

# -M bounds the whole process in both directions (README, "Memory"): peak
# RSS stays under M plus the program itself (16 MiB here), with 16 MiB
# blocks and two threads asked for, and with small blocks and a small M.
base_kib=$((16 * 1024))
for _ in 1 2 3 4 5 6; do cat seed; done >big.u8
check_rss() {  # check_rss NAME LIMIT_MIB TIMEFILE
  local rss status
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$3")
  status=$(sed -n 's/.*Exit status: //p' "$3")
  if [ -z "$rss" ] || [ "$status" != 0 ]; then
    fail "$1 did not run cleanly: $(cat "$3")"
  elif [ "$rss" -gt $(($2 * 1024 + base_kib)) ]; then
    fail "$1: peak RSS $rss KiB is over -M $2M plus $base_kib KiB"
  else
    pass "$1: peak RSS $rss KiB is within -M $2M plus $base_kib KiB"
  fi
}
for case in "24 256" "17 48"; do
  set -- $case
  "$TIME" -v -o c.time "$CDMA" compress -q -f -T2 -M "$2M" --block-log "$1" --dtype u8 -o big.cdma big.u8
  check_rss "compress --block-log $1 -T2 -M $2M" "$2" c.time
  "$TIME" -v -o d.time "$CDMA" decompress -q -f -T2 -M "$2M" -o big.back big.cdma
  check_rss "decompress of --block-log $1 frames -T2 -M $2M" "$2" d.time
  if cmp -s big.u8 big.back; then pass "--block-log $1 -M $2M round-trips"; else fail "--block-log $1 -M $2M: output differs"; fi
done
# A limit one block cannot fit in is refused before anything is written.
rm -f refused.cdma
"$CDMA" compress -q -M 64M --block-log 24 --dtype u8 -o refused.cdma big.u8 2>refused.err
rc=$?
if [ "$rc" -eq 1 ] && grep -q -- "--memory" refused.err && [ ! -e refused.cdma ]; then
  pass "compress refuses 16 MiB blocks under -M 64M, naming --memory"
else
  fail "compress -M 64M --block-log 24: exit $rc, $(cat refused.err), output $(ls refused.cdma 2>&1)"
fi
finish
