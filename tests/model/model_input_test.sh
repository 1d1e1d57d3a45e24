#!/usr/bin/env bash
# Hostile inputs to `cdma model` (issue 17, section 6): every file input must
# be a regular file of bounded size, every number plain decimal and within
# its range, every count and sum checked, and nothing the user's files hold
# may reach the terminal raw. Each case runs under a time and memory limit,
# so that a regression fails here instead of hanging or swapping.
#
#   model_input_test.sh PATH/TO/cdma
set -u

CDMA=$(realpath "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdma-model-input.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

failures=0
passes=0
pass() { echo "PASS: $1"; passes=$((passes + 1)); }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

# run CMD...: cdma with 20 s and 1 GiB of address space; sets rc, fills out/err.
# A sanitizer build reserves terabytes of shadow address space at start, so
# there (CDMA_TEST_SANITIZED) ASan's cap on one allocation stands in for ulimit.
run() {
  if [ -n "${CDMA_TEST_SANITIZED:-}" ]; then
    (ASAN_OPTIONS="${ASAN_OPTIONS:-}:max_allocation_size_mb=1024:allocator_may_return_null=1" \
      timeout 20 "$CDMA" "$@") >out 2>err </dev/null
  else
    (ulimit -v 1048576; timeout 20 "$CDMA" "$@") >out 2>err </dev/null
  fi
  rc=$?
}

# refused CODE PATTERN DESC CMD...: exit CODE, nothing on stdout, one
# 'cdma: ' line on stderr matching PATTERN, and no control byte in it.
refused() {
  local code=$1 pattern=$2 desc=$3
  shift 3
  run "$@"
  if [ "$rc" -ne "$code" ]; then
    fail "$desc: exit $rc, want $code: $(head -c 300 err | cat -v)"
  elif [ -s out ]; then
    fail "$desc: wrote to stdout"
  elif [ "$(wc -l <err)" -ne 1 ] || ! grep -q '^cdma: ' err; then
    fail "$desc: want one 'cdma: ...' line, got: $(head -c 300 err | cat -v)"
  elif ! grep -q -- "$pattern" err; then
    fail "$desc: message lacks '$pattern': $(cat -v err)"
  elif LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' err; then
    fail "$desc: control bytes reach the terminal: $(cat -v err)"
  else
    pass "$desc"
  fi
}

# accepted DESC CMD...: exit 0.
accepted() {
  local desc=$1
  shift
  run "$@"
  if [ "$rc" -ne 0 ]; then fail "$desc: exit $rc: $(head -c 300 err | cat -v)"; else pass "$desc"; fi
}

printf 'name,bytes,fwd_ms,ratio\nconv1,1000000,1,2\nconv2,1000000,2,4\nfc,1000,1,1\n' >good.csv

# --- file inputs: regular files of bounded size -----------------------------
refused 1 "not a regular file" "--layers /dev/zero" model --layers /dev/zero
mkfifo fifo.csv
refused 1 "not a regular file" "--layers FIFO (no wait for a writer)" model --layers fifo.csv
refused 1 "not a regular file" "--layers a directory" model --layers .
truncate -s 17M huge.csv
refused 2 "larger than the limit" "--layers file over 16 MiB" model --layers huge.csv

mkdir loopdir
ln -s loop.npy loopdir/loop.npy
printf 'name,fwd_ms\na,1\n' >one.csv
refused 3 "loop.npy" "--dumps with a symlink loop" model --layers one.csv --dumps loopdir
mkdir fifodir && mkfifo fifodir/a.npy
refused 1 "not a regular file" "--dumps with a FIFO named .npy" model --layers one.csv --dumps fifodir
mkdir dirdir dirdir/a.npy
refused 1 "not a regular file" "--dumps with a directory named .npy" model --layers one.csv --dumps dirdir
ln -s selfdir selfdir
refused 3 "cannot list" "--dumps DIR that is a symlink loop" model --layers one.csv --dumps selfdir

# --- counts ------------------------------------------------------------------
awk 'BEGIN { print "name,bytes,fwd_ms"; for (i = 0; i < 1000000; i++) print "l" i ",4,1" }' >million.csv
refused 2 "more than 10000 layers" "a million CSV layers" model --layers million.csv
awk 'BEGIN { printf "["; for (i = 0; i < 1000000; i++) printf "%s{\"name\":\"l%d\",\"fwd_ms\":1,\"bytes\":4}", (i ? "," : ""), i; print "]" }' >million.json
refused 2 "values\|layers" "a million JSON layers" model --layers million.json
awk 'BEGIN { printf "name,fwd_ms\na"; for (i = 0; i < 2000000; i++) printf ","; print "" }' >wide.csv
refused 2 "cells" "a row of two million cells" model --layers wide.csv

refused 1 "out of range" "--sweep ratio=1e15..1e15:0.001" model --sweep ratio=1e15..1e15:0.001 --codec zvc
refused 1 "more than 1000 points" "--sweep ratio=1000..1000000:0.5" model --sweep ratio=1000..1000000:0.5 --codec zvc
refused 1 "" "--sweep ratio=1..1000:0.001" model --sweep ratio=1..1000:0.001 --codec zvc
refused 1 "too small" "--sweep step below the ratios' precision" model --sweep ratio=100..100.0001:1e-12 --codec zvc
refused 1 "out of range" "--sweep ratio=1e-300" model --sweep ratio=1e-300,2 --codec zvc
refused 1 "not a decimal" "--sweep ratio=0x10" model --sweep ratio=0x10 --codec zvc
refused 1 "not a decimal" "--sweep ratio=inf" model --sweep ratio=1..inf --codec zvc
refused 1 "more than 1000 points" "--sweep with 1001 listed ratios" \
  model --sweep "ratio=$(seq -s, 1 1001)" --codec zvc

# --- sums: byte counts past 2^63 are refused, never printed wrong --------------
printf 'name,bytes,fwd_ms,ratio\na,9223372036854775807,1,0.5\nb,1,1,1\n' >big.csv
refused 2 "bytes" "one tensor of 2^63 bytes" model --layers big.csv --codec zvc
printf 'name,bytes,fwd_ms\na,18446744073709551615,1\nb,1,1\n' >max.csv
refused 2 "bytes" "one tensor of 2^64-1 bytes" model --layers max.csv --codec zvc
awk 'BEGIN { print "name,bytes,fwd_ms"; for (i = 0; i < 200; i++) print "l" i ",17592186044416,1" }' >sum.csv
refused 2 "add up" "200 tensors of 16 TiB each" model --layers sum.csv --codec zvc
printf 'name,bytes,fwd_ms,ratio\na,17592186044416,1,0.0001\nb,1,1,1\n' >tiny.csv
refused 2 "ratio" "a ratio below 0.001" model --layers tiny.csv --codec zvc
# The largest accepted case prints exact numbers: 16 TiB at ratio 0.001.
printf 'name,bytes,fwd_ms,ratio\na,17592186044416,1,0.001\nb,1,1,1\n' >edge.csv
run model --layers edge.csv --codec zvc
if [ "$rc" -eq 0 ] && grep -q '17592186044416000 ' out; then
  pass "16 TiB at ratio 0.001: link bytes printed exactly"
else
  fail "16 TiB at ratio 0.001: exit $rc: $(grep -i 'bytes over' out) $(cat err)"
fi

# --- strict parsing ------------------------------------------------------------
printf '\xef\xbb\xbfname,bytes,fwd_ms,ratio\nconv1,1000000,1,2\nconv2,1000000,2,4\nfc,1000,1,1\n' >bom.csv
run model --layers good.csv --codec zvc && cp out want
run model --layers bom.csv --codec zvc
if [ "$rc" -eq 0 ] && diff <(grep -v '^  layers' want) <(grep -v '^  layers' out) >/dev/null; then
  pass "a UTF-8 BOM before the CSV header"
else
  fail "a UTF-8 BOM before the CSV header: exit $rc: $(cat err)"
fi
printf '\xef\xbb\xbf[{"name": "a", "fwd_ms": 1, "bytes": 4}, {"name": "b", "fwd_ms": 1, "bytes": 4}]' >bom.json
accepted "a UTF-8 BOM before JSON" model --layers bom.json
printf '\xef\xbb\xbf[{"name": "a", "fwd_ms": 1, "bytes": 4}, {"name": "b", "fwd_ms": 1, "bytes": 4}]' >bom-json.txt
accepted "a UTF-8 BOM before JSON in a file without .json" model --layers bom-json.txt

for bad in 0x10 0X1p4 inf nan infinity ' +5' '+5' 1e999 1e-999 '1.' '.5' '5 5' 1_0 '١'; do
  printf 'name,bytes,fwd_ms\na,4,%s\nb,4,1\n' "$bad" >num.csv
  refused 2 "fwd_ms" "fwd_ms '$bad'" model --layers num.csv
done
for bad in 0x10 1e3 -1 +1 1.0 ' 1'; do
  printf '[{"name": "a", "bytes": "%s", "fwd_ms": 1}, {"name": "b", "bytes": 1, "fwd_ms": 1}]' "$bad" >num.json
  refused 2 "bytes" "bytes '$bad' (JSON)" model --layers num.json
done
printf 'name,bytes,fwd_ms\na,4,1\x00junk\nb,4,1\n' >nul.csv
refused 2 "control character" "a NUL inside a cell" model --layers nul.csv
printf 'name,bytes,fwd_ms\na\x00b,4,1\nb,4,1\n' >nulname.csv
refused 2 "control character" "a NUL inside a name" model --layers nulname.csv
printf '[{"name": "a\\u0000b", "bytes": 4, "fwd_ms": 1}, {"name": "b", "bytes": 1, "fwd_ms": 1}]' >nul.json
refused 2 "control character" "a \\u0000 in a JSON name" model --layers nul.json
printf 'name,bytes,fwd_ms\n\x1b[31mred\x1b]0;owned\x07,4,1\nb,4,1\n' >esc.csv
refused 2 "control character" "escape bytes in a layer name" model --layers esc.csv
printf '[{"name": "\\u001b[2J", "bytes": 4, "fwd_ms": 1}, {"name": "b", "bytes": 1, "fwd_ms": 1}]' >esc.json
refused 2 "control character" "an escaped ESC in a JSON name" model --layers esc.json
printf 'name,bytes,fwd_ms\n\xc2\x9b31m,4,1\nb,4,1\n' >c1.csv
refused 2 "control character" "a C1 control (U+009B) in a name" model --layers c1.csv
printf 'name,bytes,fwd_ms\nred\x9b31m,4,1\nb,4,1\n' >badutf8.csv
refused 2 "UTF-8" "a name that is not UTF-8" model --layers badutf8.csv
printf 'name,bytes,fwd_ms\na,\x1b[2J,1\nb,4,1\n' >escnum.csv
refused 2 "control character" "escape bytes in a CSV number cell" model --layers escnum.csv
printf '[{"name": "a", "bytes": "\\u001b[2J", "fwd_ms": 1}]' >escnum.json
refused 2 "bytes" "an escaped ESC in a JSON number, quoted safely" model --layers escnum.json
printf 'name,bytes,fwd_ms\n%s,4,1\n' "$(head -c 300 /dev/zero | tr '\0' x)" >long.csv
refused 2 "longer than" "a 300-byte name" model --layers long.csv
printf 'name,bytes,fwd_ms,bytes\na,4,1,4\n' >dup.csv
refused 2 "twice" "a column given twice" model --layers dup.csv
printf '[{"name": "a", "bytes": 4, "fwd_ms": 1, "fwd_ms": 2}]' >dup.json
refused 2 "twice" "a JSON member given twice" model --layers dup.json
printf '{"layers": [{"name": "a", "bytes": 4, "fwd_ms": 1}], "extra": 1}' >extra.json
refused 2 "extra" "an unknown top-level JSON member" model --layers extra.json
printf 'name,bytes,fwd_ms\na,4,3600001000\n' >slow.csv
refused 2 "out of range" "an hour-long layer" model --layers slow.csv
printf 'name,bytes,flops\na,4,1e21\n' >flops.csv
refused 2 "out of range" "1e21 FLOPs" model --layers flops.csv

# A file name that is not UTF-8 or holds an escape: shown escaped, JSON stays valid.
cp good.csv "$(printf 'odd\x1b[1m\xff.csv')"
run model --layers "$(printf 'odd\x1b[1m\xff.csv')" --codec zvc
if [ "$rc" -eq 0 ] && ! LC_ALL=C grep -q $'\x1b' out; then
  pass "an odd layers file name is printed escaped"
else
  fail "an odd layers file name is printed escaped: exit $rc: $(cat -v out | head -5)"
fi
run model --layers "$(printf 'odd\x1b[1m\xff.csv')" --codec zvc --json
if [ "$rc" -eq 0 ] && /usr/bin/python3 -c 'import json,sys; json.load(open("out", encoding="utf-8"))' 2>/dev/null; then
  pass "--json with an odd layers file name is valid UTF-8 JSON"
else
  fail "--json with an odd layers file name is valid UTF-8 JSON: exit $rc"
fi

# --- numeric options ------------------------------------------------------------
refused 1 "--batch" "--batch 0 names the real range" model --sweep ratio=2 --codec zvc --batch 0
refused 1 "(1 to 65536)" "--batch 0 names the real range (1 to 65536)" model --sweep ratio=2 --codec zvc --batch 0
refused 1 "not a whole number" "--batch 0x10" model --sweep ratio=2 --codec zvc --batch 0x10
refused 1 "out of range" "--batch 10000000000" model --sweep ratio=2 --codec zvc --batch 10000000000
refused 1 "not a decimal" "--efficiency 0x0.8p0" model --layers good.csv --efficiency 0x0.8p0
refused 1 "not a decimal" "--dram-gbps inf" model --layers good.csv --dram-gbps inf
refused 1 "not a decimal" "--link-gbps nan" model --layers good.csv --link-gbps nan
refused 1 "out of range" "--efficiency 2" model --layers good.csv --efficiency 2
refused 1 "out of range" "--latency-us -1" model --layers good.csv --latency-us -1
refused 1 "not a whole number" "--lanes 0x10" model --layers good.csv --lanes 0x10
refused 1 "out of range" "--compress-units 100000" model --layers good.csv --compress-units 100000
refused 1 "not a whole number" "--level 0x3" model --layers good.csv --level 0x3
refused 1 "is not KIND=X" "--efficiency with an unknown kind" model --layers good.csv --efficiency gemm=0.5
refused 1 "is not KIND=X" "--efficiency for the image" model --layers good.csv --efficiency input=0.5
refused 1 "out of range" "--efficiency pool=0" model --layers good.csv --efficiency conv=0.5,pool=0
accepted "--efficiency per kind" model --layers good.csv --efficiency conv=0.6,fc=0.4 --no-dram-contention
accepted "decimal options still work" model --layers good.csv --efficiency 0.25 --dram-gbps 1e3 --lanes 8 --latency-us 0

echo "model_input: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
