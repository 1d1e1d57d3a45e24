#define XXH_VECTOR XXH_SSE2
#define CDMA_XXH3_ISA sse2
#include "common/xxh3_isa-inl.hpp"
