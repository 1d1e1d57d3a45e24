// Compiled with -mavx512f (lib/CMakeLists.txt); only called when the CPU has it.
#define XXH_VECTOR XXH_AVX512
#define CDMA_XXH3_ISA avx512
#include "common/xxh3_isa-inl.hpp"
