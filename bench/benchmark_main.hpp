// The main() of the Google Benchmark programs that register their
// benchmarks at run time (the sets depend on files found and on targets):
// one home for the flag checking and the run.
#pragma once

#include <benchmark/benchmark.h>

namespace cdma::bench {

template <class Register>
int run_benchmarks(int argc, char** argv, Register register_all) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace cdma::bench
