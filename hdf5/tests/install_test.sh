#!/usr/bin/env bash
# `cmake --install` of the HDF5 plugin into a temporary prefix: the plugin
# lands in the HDF5 plugin folder under the prefix, the install says where,
# it exports only HDF5's two plugin entry points, and HDF5 loads it from there.
# Usage: install_test.sh BUILD_DIR CMAKE PLUGIN_DIR_UNDER_PREFIX
set -euo pipefail
build=$1 cmake=$2 plugin_dir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

out=$("$cmake" --install "$build" --prefix "$prefix" --component hdf5_plugin)
echo "$out"
plugin=$prefix/$plugin_dir/libH5Zcdma.so
test -f "$plugin" || { echo "missing $plugin" >&2; exit 1; }
test -f "$prefix/include/cdma/h5z_cdma.h" || { echo "missing h5z_cdma.h" >&2; exit 1; }
[[ $out == *"HDF5 filter plugin installed in $prefix/$plugin_dir"* ]] ||
  { echo "the install does not say where the plugin went" >&2; exit 1; }

exports=$(nm -D --defined-only "$plugin" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exports" = "H5PLget_plugin_info H5PLget_plugin_type " ] ||
  { echo "unexpected exports: $exports" >&2; exit 1; }

avail=$(env -i PATH="$PATH" HDF5_PLUGIN_PATH="$prefix/$plugin_dir" /usr/bin/python3 -c \
  'import h5py; print(h5py.h5z.filter_avail(52640))')
[ "$avail" = True ] || { echo "HDF5 did not load the installed plugin" >&2; exit 1; }
echo "installed plugin loads from $prefix/$plugin_dir"
