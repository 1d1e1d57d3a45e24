// The baseline build: xxhash picks the vector code the compiler's default
// target allows (SSE2 on x86-64, NEON on arm64, scalar elsewhere).
#define CDMA_XXH3_ISA portable
#include "common/xxh3_isa-inl.hpp"
