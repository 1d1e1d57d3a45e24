#!/usr/bin/env bash
# `cdma bench`: what it reports must be consistent with itself and with the
# input (byte counts from NumPy, ratio = bytes / compressed bytes, GB/s =
# bytes / seconds, x-memcpy = GB/s / memcpy's GB/s), in every output form;
# the small-input guard, bad --codecs and an existing --plot file fail with
# a message naming the fix. Speeds themselves are not asserted: this is a
# test, not a benchmark.
#
#   bench_test.sh PATH/TO/cdma PATH/TO/data
set -u

CDMA=$(realpath "$1")
DATA=$(realpath "$2")
source "$(dirname "$(realpath "$0")")/helpers.sh"
enter_work cdma-bench-test
PY=/usr/bin/python3
SAMPLES="$DATA/samples"
METHODS=cdma-1,cdma-3,cdma-zrle,lz4,zstd-1,zlib-6

# ---------------------------------------------------------------- guard
expect_fail 1 'under 1 MiB.*--force' "input under 1 MiB is refused, naming --force" bench -q "$SAMPLES"
expect_fail 1 'unknown codec brotli' "an unknown --codecs method is a usage error" \
  bench -f -q --codecs brotli "$SAMPLES"
# cdma's codec names are the library's (cdma_codec_from_name), exact case;
# auto is spelled cdma-L, and zero is the encoder's choice, never asked for.
for name in cdma-auto cdma-zero-1 cdma-ZVC; do
  expect_fail 1 "$name: cdma has no codec" "--codecs $name is refused, naming it" \
    bench -f -q --codecs "$name" "$SAMPLES"
done

# ---------------------------------------------------------------- JSON
run bench -f -q --rounds 2 --codecs "$METHODS" --json "$SAMPLES"
if [ "$rc" -ne 0 ]; then
  fail "bench --json: exit $rc: $(cat err)"
else
  cp out bench.json
  if "$PY" - "$SAMPLES" "$METHODS" bench.json <<'PYEOF'
import json, sys, glob, numpy as np
samples, methods, path = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
r = json.load(open(path))
files = sorted(glob.glob(samples + "/*.npy"))
want_bytes = sum(np.load(f).nbytes for f in files)
errors = []
if r["files"] != len(files): errors.append(f"files {r['files']} != {len(files)}")
if r["bytes"] != want_bytes: errors.append(f"bytes {r['bytes']} != {want_bytes} (NumPy)")
if r["rounds"] != 2: errors.append("rounds != 2")
got = [m["method"] for m in r["methods"]]
if got != ["memcpy"] + methods: errors.append(f"methods {got}")
mc = r["methods"][0]
for m in r["methods"]:
    name = m["method"]
    def close(a, b, what):
        if abs(a - b) > 2e-3 * max(abs(b), 1e-12) + 1e-4: errors.append(f"{name}: {what} {a} != {b}")
    if not 0 < m["compressed_bytes"] <= r["bytes"] + 4096: errors.append(f"{name}: compressed_bytes {m['compressed_bytes']}")
    close(m["ratio"], r["bytes"] / m["compressed_bytes"], "ratio")
    for d in ("compress", "decompress"):
        if not m[d + "_s"] > 0: errors.append(f"{name}: {d}_s not positive")
        close(m[d + "_gbps"], r["bytes"] / m[d + "_s"] / 1e9, d + "_gbps")
        close(m[d + "_vs_memcpy"], m[d + "_gbps"] / mc[d + "_gbps"], d + "_vs_memcpy")
if mc["ratio"] != 1.0: errors.append("memcpy ratio != 1")
# Sparse activations: every codec here beats storing them (ZVC alone ~1.8x).
for m in r["methods"][1:]:
    if m["ratio"] <= 1.2: errors.append(f"{m['method']}: ratio {m['ratio']} on sparse activations")
if errors:
    print("\n".join(errors)); sys.exit(1)
PYEOF
  then
    pass "bench --json: byte counts match NumPy, ratios and speeds consistent"
  else
    fail "bench --json figures inconsistent (above)"
  fi
fi

# The cdma rows measure the same codec as `cdma compress`: the compressed
# payloads are the frames without their .npy metadata, so a frame is at most
# a header larger than what bench counts, and never smaller.
total_frames=0
for f in "$SAMPLES"/*.npy; do
  "$CDMA" compress -q -l 3 -c "$f" >frame.cdma
  total_frames=$((total_frames + $(stat -c %s frame.cdma)))
done
bench_cdma3=$("$PY" -c 'import json,sys; print([m for m in json.load(open("bench.json"))["methods"] if m["method"]=="cdma-3"][0]["compressed_bytes"])' 2>/dev/null || echo 0)
if [ "$bench_cdma3" -gt 0 ] && [ "$bench_cdma3" -le "$total_frames" ] &&
   [ $((total_frames - bench_cdma3)) -le $((3 * 256)) ]; then
  pass "bench cdma-3 bytes ($bench_cdma3) agree with cdma compress -3 frames ($total_frames)"
else
  fail "bench cdma-3 bytes $bench_cdma3 vs cdma compress frames $total_frames"
fi

# ---------------------------------------------------------------- CSV, table
run bench -f -q --rounds 1 --codecs cdma-1,zstd-1 --csv "$SAMPLES"
if [ "$rc" -eq 0 ] && head -1 out | grep -q '^method,family,bytes,compressed_bytes,ratio,' &&
   [ "$(wc -l <out)" -eq 4 ] && grep -q '^memcpy,' out && grep -q '^cdma-1,' out && grep -q '^zstd-1,' out; then
  pass "bench --csv: header and one row per method"
else
  fail "bench --csv: exit $rc: $(cat out err)"
fi
run bench -f -q --rounds 1 --codecs cdma-1 "$SAMPLES"
if [ "$rc" -eq 0 ] && grep -q 'memcpy' out && grep -q 'cdma-1' out && grep -qi 'ratio' out; then
  pass "bench prints a table by default"
else
  fail "bench table: exit $rc: $(cat out err)"
fi

# ---------------------------------------------------------------- plot
run bench -f -q --rounds 1 --codecs cdma-1,lz4 --plot chart.svg "$SAMPLES"
if [ "$rc" -eq 0 ] && "$PY" -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse("chart.svg").getroot()
text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
sys.exit(0 if root.tag.endswith("svg") and "cdma-1" in text and "lz4" in text else 1)'; then
  pass "bench --plot writes a well-formed SVG naming the methods"
else
  fail "bench --plot: exit $rc: $(cat err)"
fi
cp chart.svg before.svg
expect_fail 1 'already exists.*-f' "bench --plot refuses to overwrite without -f" \
  bench -q --rounds 1 --codecs cdma-1 --plot chart.svg "$SAMPLES"/*.npy
cmp -s chart.svg before.svg && pass "the refused plot file is untouched" || fail "refused plot file changed"

# ---------------------------------------------------------------- a bad file among good ones
# As `cdma analyze` does: the bad file is reported, the others are timed,
# and the exit status is the bad file's.
mkdir -p mixed
cp "$SAMPLES"/*.npy mixed/
printf 'not a tensor at all' >mixed/bad.npy
run bench -f -q --rounds 1 --codecs cdma-1 mixed
if [ "$rc" -ne 2 ]; then
  fail "bench with one bad file: exit $rc, want 2: $(cat err)"
elif ! grep -q 'bad\.npy' err || ! grep -q '^cdma-1 ' out ||
     ! grep -q "^$(ls "$SAMPLES"/*.npy | wc -l) files" out; then
  fail "bench with one bad file: the others timed, the bad one named? out: $(cat out) err: $(cat err)"
else
  pass "bench reports a bad file and times the others"
fi
expect_fail 2 'bad\.npy' "bench of bad files only fails, naming them" bench -f -q --rounds 1 --codecs cdma-1 mixed/bad.npy

# ---------------------------------------------------------------- one method, one row
run bench -f -q --rounds 1 --codecs cdma-3,cdma-03,zvc,cdma-zvc-3,zvc-03,cdma-zvc --csv "$SAMPLES"
rows=$(cut -d, -f1 out | tail -n +2 | tr '\n' ' ')
if [ "$rc" -eq 0 ] && [ "$rows" = "memcpy cdma-3 cdma-zvc " ]; then
  pass "methods named twice in other spellings are timed once"
else
  fail "duplicate spellings: exit $rc, rows: $rows $(cat err)"
fi

# ---------------------------------------------------------------- an empty tensor has no ratio or speed
"$PY" -c 'import numpy as np; np.save("empty.npy", np.zeros((0,), np.float32))'
run bench -f -q --rounds 1 --codecs cdma-3,lz4 empty.npy
if [ "$rc" -ne 0 ]; then
  fail "bench of an empty tensor: exit $rc: $(cat err)"
elif grep -E '^(cdma-3|lz4) ' out | grep -q '0\.000' || [ "$(grep -E '^(cdma-3|lz4) ' out | grep -c ' -')" -ne 2 ]; then
  fail "empty tensor: want '-' for ratio and GB/s, got: $(cat out)"
else
  pass "an empty tensor's ratio and GB/s print as '-'"
fi
run bench -f -q --rounds 1 --codecs cdma-3 --json empty.npy
if [ "$rc" -eq 0 ] && "$PY" -c '
import json, sys
m = [m for m in json.load(open("out"))["methods"] if m["method"] == "cdma-3"][0]
sys.exit(0 if m["ratio"] is None and m["compress_gbps"] is None else 1)'; then
  pass "an empty tensor's figures are null in JSON"
else
  fail "empty tensor JSON: exit $rc: $(cat out err)"
fi

finish
