#!/usr/bin/env bash
# CDMA_MAX_TARGET caps the SIMD target of every kernel, Highway's and
# hand-written (a CPU without AVX-512 or AVX2, on this machine): `cdma bench`
# reports the capped target and the hand-written kernels that still run,
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

# The hand-written kernels each cap turns off, as `cdma bench` reports them.
kernels_of() { CDMA_MAX_TARGET=$1 "$CDMA" bench -f -q "${SAMPLES[0]}" 2>&1 | sed -n 's/.*SIMD target [A-Z0-9_]*//p'; }
all_kernels=$(kernels_of "")
avx2_kernels=$(kernels_of avx2)
if [ "$uncapped" = "SIMD target AVX3" ]; then  # every AVX-512 CPU runs these
  [[ "$all_kernels" == *xxh3-avx512* && "$all_kernels" == *zvc-avx512* ]] &&
    pass "uncapped on AVX-512, the report names the hand-written kernels ('$all_kernels')" ||
    fail "uncapped on AVX-512, the report names no hand-written kernel: '$all_kernels'"
fi
if [[ "$avx2_kernels" != *avx512* && "$avx2_kernels" != *vbmi* ]]; then
  pass "capped at avx2, no AVX-512 kernel runs ('$avx2_kernels')"
else
  fail "capped at avx2, AVX-512 kernels still run: '$avx2_kernels'"
fi
if [[ "$all_kernels" == *rans-vbmi* ]]; then  # this CPU has VBMI: avx3 leaves it out
  avx3_kernels=$(kernels_of avx3)
  if [[ "$avx3_kernels" == *zvc-avx512* && "$avx3_kernels" != *vbmi* ]]; then
    pass "capped at avx3, AVX-512 runs without the VBMI kernels ('$avx3_kernels')"
  else
    fail "capped at avx3: '$avx3_kernels' (uncapped: '$all_kernels')"
  fi
fi

for f in "${SAMPLES[@]}"; do
  for level in 1 3 7; do
    "$CDMA" compress -q -c "-$level" "$f" >ref.cdma
    for t in avx3 avx2 sse4 scalar; do
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
