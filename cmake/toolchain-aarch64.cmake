# Cross build for aarch64 (ARM64) Linux with Debian's g++-aarch64-linux-gnu
# and the multiarch arm64 builds of the dependencies
# (libhwy-dev:arm64 libzstd-dev:arm64 liblz4-dev:arm64 libxxhash-dev:arm64;
# scripts/test-arm64 installs them). Usage:
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake
# Test binaries run under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR), so
# catch_discover_tests and ctest work as on a native build.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CDMA_CROSS_TRIPLE aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${CDMA_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${CDMA_CROSS_TRIPLE}-g++)
# Multiarch: arm64 libraries and their CMake packages live in
# /usr/lib/aarch64-linux-gnu; headers are shared in /usr/include.
set(CMAKE_LIBRARY_ARCHITECTURE ${CDMA_CROSS_TRIPLE})

# find_package / find_library search /usr (with the multiarch part above)
# and the cross toolchain's own root, never the build machine's x86 libraries
# in /usr/lib/x86_64-linux-gnu. Header-only packages with arch-independent
# CMake files (Catch2 in /usr/lib/cmake, CLI11 in /usr/share) serve both.
set(CMAKE_FIND_ROOT_PATH /usr/${CDMA_CROSS_TRIPLE})
set(CMAKE_PREFIX_PATH /usr)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config reads only the arm64 .pc files and the arch-independent ones.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${CDMA_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# The programs run with the multiarch arm64 runtime (libc6:arm64, which the
# arm64 libraries above depend on): `-L /` makes qemu load
# /lib/ld-linux-aarch64.so.1 from it. With `-L /usr/aarch64-linux-gnu` qemu
# took the cross toolchain's ld.so (libc6-arm64-cross) but, not finding
# libc.so.6 beside it, the multiarch one: two glibc builds whose private
# layouts differ, and the first pthread_create walked a stack-cache list
# that never ends (every threaded program hung, single-threaded ones ran).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/)
