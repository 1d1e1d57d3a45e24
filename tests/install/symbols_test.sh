#!/usr/bin/env bash
# The shared library exports exactly the functions cdma.h declares with
# CDMA_API: no C++ symbol, no Highway or libstdc++ template leaks.
# Usage: symbols_test.sh LIBCDMA_SO CDMA_H
set -euo pipefail
lib=$1 header=$2
exported=$(nm -D --defined-only "$lib" | awk '{print $NF}' | sort -u)
declared=$(grep '^CDMA_API' "$header" | grep -o 'CDMA_API[^(]*(' | sed -E 's/.*[^A-Za-z0-9_]([A-Za-z0-9_]+)\($/\1/' | sort -u)
if [ "$exported" != "$declared" ]; then
  echo "exported symbols differ from the CDMA_API declarations of cdma.h:" >&2
  diff <(echo "$declared") <(echo "$exported") >&2 || true
  exit 1
fi
echo "$(echo "$exported" | wc -l) symbols exported, all declared in cdma.h"
