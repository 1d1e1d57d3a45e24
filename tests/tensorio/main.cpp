// Catch2 main of tensorio_tests: the .npy parser and the analysis, which
// need no codec internals and so build apart from unit_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
