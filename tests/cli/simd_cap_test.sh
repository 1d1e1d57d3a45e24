#!/usr/bin/env bash
# CDMA_MAX_TARGET caps the SIMD target of every kernel (a CPU without
# AVX-512 or AVX2, on this machine): `cdma bench` reports the capped target,
# and every level writes the same bytes and restores the input under each
# cap; an unknown name caps nothing.
#
#   simd_cap_test.sh PATH/TO/cdma PATH/TO/data
set -u

CDMA=$(realpath "$1")
DATA=$(realpath "$2")
source "$(dirname "$(realpath "$0")")/helpers.sh"
enter_work cdma-simd-cap-test
SAMPLES=("$DATA"/samples/*.npy)

target_of() { CDMA_MAX_TARGET=$1 "$CDMA" bench -f -q "${SAMPLES[0]}" 2>&1 | grep -o 'SIMD target [A-Z0-9_]*'; }
uncapped=$(target_of "")
for t in AVX2 SSE4 SCALAR; do
  got=$(target_of "${t,,}")
  if [ "$got" = "SIMD target $t" ] || { [ "$t" != SCALAR ] && [ "$uncapped" = "SIMD target $t" ]; }; then
    pass "CDMA_MAX_TARGET=${t,,} dispatches $t"
  else
    fail "CDMA_MAX_TARGET=${t,,}: bench says '$got' (uncapped: '$uncapped')"
  fi
done
[ "$(target_of no-such-target)" = "$uncapped" ] && pass "an unknown name caps nothing" \
  || fail "an unknown name changed the target"

for f in "${SAMPLES[@]}"; do
  for level in 1 3 7; do
    "$CDMA" compress -q -c "-$level" "$f" >ref.cdma
    for t in avx2 sse4 scalar; do
      CDMA_MAX_TARGET=$t "$CDMA" compress -q -c "-$level" "$f" >capped.cdma
      CDMA_MAX_TARGET=$t "$CDMA" decompress -q -c ref.cdma >back.npy
      if cmp -s ref.cdma capped.cdma && cmp -s "$f" back.npy; then
        pass "$(basename "$f") -$level under $t: same frame, exact restore"
      else
        fail "$(basename "$f") -$level under $t: frame or restore differs"
      fi
    done
  done
done

finish
