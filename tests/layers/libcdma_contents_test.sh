#!/usr/bin/env bash
# libcdma holds the codec only: no symbol, exported or internal, of a tool
# library (the "tools" group of cmake/layers.txt, namespace cdma::<layer>)
# in the static archive or the shared library.
# Usage: libcdma_contents_test.sh LAYERS_TXT LIBRARY...
set -euo pipefail
table=$1
shift
tools=$(awk '$1 == "tools" { print $2 }' "$table" | paste -sd'|')
[ -n "$tools" ] || { echo "no tools layers in $table" >&2; exit 1; }
status=0
for lib in "$@"; do
  found=$(nm -C --defined-only "$lib" 2>/dev/null | grep -E "cdma::($tools)::" || true)
  if [ -n "$found" ]; then
    echo "$lib holds symbols of the tool libraries ($tools):" >&2
    echo "$found" | head -20 >&2
    status=1
  else
    echo "$lib: $(nm --defined-only "$lib" 2>/dev/null | wc -l) symbols, none of $tools"
  fi
done
exit $status
