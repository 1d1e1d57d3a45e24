#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds the C consumer
# against it three ways: find_package (shared), find_package with
# CDMA_USE_STATIC_LIBS, and pkg-config (shared). Each binary must run.
# Usage: install_test.sh BUILD_DIR CONSUMER_SRC_DIR CMAKE C_COMPILER
set -euo pipefail
build=$1 src=$2 cmake=$3 cc=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

"$cmake" --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name 'libcdma.so.*.*' | head -n1)")
for f in include/cdma/cdma.h include/cdma/cdma_errors.h include/cdma/cdma.hpp; do
  test -f "$prefix/$f" || { echo "missing $f" >&2; exit 1; }
done
test -f "$libdir/libcdma.a" && test -L "$libdir/libcdma.so"
soname=$(objdump -p "$libdir"/libcdma.so.*.* | awk '/SONAME/ {print $2}')
[[ $soname =~ ^libcdma\.so\.[0-9]+$ ]] || { echo "bad SONAME '$soname'" >&2; exit 1; }

# The binary must run against the installed library, not the build tree's.
for variant in shared static; do
  opts=(); [ "$variant" = static ] && opts=(-DCDMA_USE_STATIC_LIBS=ON)
  "$cmake" -S "$src" -B "$tmp/cmake-$variant" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" "${opts[@]}" >/dev/null
  "$cmake" --build "$tmp/cmake-$variant" >/dev/null
  out=$("$tmp/cmake-$variant/consumer")
  echo "find_package ($variant): $out"
  # Captured first: `ldd | grep -q` fails at random under pipefail (SIGPIPE).
  deps=$(ldd "$tmp/cmake-$variant/consumer")
  if [ "$variant" = static ]; then
    [[ $deps != *libcdma* ]] || { echo "static consumer links libcdma.so" >&2; exit 1; }
  else
    [[ $deps == *"$prefix"/*libcdma.so.* ]] || { echo "not the installed libcdma.so" >&2; exit 1; }
  fi
done

export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046  # pkg-config output is a list of words
"$cc" -o "$tmp/pc-consumer" "$src/consumer.c" $(pkg-config --cflags --libs cdma)
out=$(LD_LIBRARY_PATH=$libdir "$tmp/pc-consumer")
echo "pkg-config: $out"
static_libs=$(pkg-config --static --libs cdma)
[[ $static_libs == *-lzstd* ]] || { echo "cdma.pc lacks the static dependencies" >&2; exit 1; }
echo "install test passed"
