# Instrumented builds, for everything the project compiles (library, CLI,
# tests, fuzz targets):
#   -DCDMA_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer, with
#                       gcc or clang; any report aborts (scripts/test-sanitize).
#   -DCDMA_FUZZ=ON      the same plus libFuzzer coverage instrumentation, and
#                       the fuzz_<target> binaries in fuzz/ (clang only;
#                       scripts/fuzz).
option(CDMA_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(CDMA_FUZZ "Build the libFuzzer targets in fuzz/ (clang; implies CDMA_SANITIZE)" OFF)

if(CDMA_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CDMA_FUZZ needs clang (libFuzzer): configure with CC=clang-14 CXX=clang++-14")
endif()

if(CDMA_SANITIZE OR CDMA_FUZZ)
  # -fno-sanitize-recover: undefined behaviour fails the test that hit it
  # instead of printing a line nobody reads. -g keeps reports readable.
  set(CDMA_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  # -O1 (after the build type's -O3, so it wins): the level the sanitizers
  # are tuned for, and it halves the compile time of the Highway kernels
  # in a build CI makes on top of the plain one.
  add_compile_options(${CDMA_SANITIZER_FLAGS} -g -O1)
  add_link_options(${CDMA_SANITIZER_FLAGS})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # gcc's flow analysis gives false maybe-uninitialized warnings on
    # instrumented code (std::function inside <regex>, which Catch2 uses);
    # appended to cdma_warnings so that it comes after its -Wall -Werror.
    target_compile_options(cdma_warnings INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()

if(CDMA_FUZZ)
  # Coverage feedback for every object; only fuzz_<target> links libFuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_compile_definitions(CDMA_FUZZING_BUILD=1)
endif()
