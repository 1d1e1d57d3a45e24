#include "frame/workspaces.hpp"

#include <algorithm>

namespace cdma::frame {

void Workspaces::prepare(unsigned threads, uint64_t bound) {
  threads = std::max(threads, 1u);
  if (spaces_.size() > threads) spaces_.resize(threads);
  for (const auto& ws : spaces_)
    if (ws->bytes() > bound) ws->release();
  while (spaces_.size() < threads) spaces_.push_back(std::make_unique<Workspace>());
}

uint64_t Workspaces::bytes() const {
  uint64_t n = 0;
  for (const auto& ws : spaces_) n += ws->bytes();
  return n;
}

}  // namespace cdma::frame
