// Compiled with -mavx2 (lib/CMakeLists.txt); only called when the CPU has it.
#define XXH_VECTOR XXH_AVX2
#define CDMA_XXH3_ISA avx2
#include "common/xxh3_isa-inl.hpp"
