// Benchmark input: the data payloads of a whole set of .npy activation dumps,
// concatenated and tiled into one 64-byte-aligned buffer larger than any
// cache. A whole set is tiled, never one file: a copy period shorter than a
// codec's window (lz4 64 KiB, zstd -1 512 KiB) would let it match the
// previous copy and flatter its ratio and speed (../shared/MEASUREMENTS.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cdma::bench {

// 64-byte alignment for every buffer: glibc memcpy on this machine runs
// 3-4x slower when source and destination are not equally aligned, and the
// codecs deserve the same footing as the memcpy they are compared with.
struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};
using AlignedBytes = std::unique_ptr<uint8_t[], FreeDeleter>;

// Allocates and touches `size` bytes (rounded up to 64), so that no page
// fault lands inside a timed loop.
inline AlignedBytes aligned_bytes(size_t size) {
  const size_t rounded = (std::max<size_t>(size, 1) + 63) / 64 * 64;
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(64, rounded));
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, rounded);
  return AlignedBytes(p);
}

// The data bytes of a .npy file: everything after the header. Only the
// framing is parsed (magic, version, header length); dtype and shape are
// the caller's knowledge, since a set holds one dtype.
inline std::vector<uint8_t> npy_payload(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static constexpr uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (file.size() < 10 || std::memcmp(file.data(), kMagic, 6) != 0)
    throw std::runtime_error("not a .npy file: " + path.string());
  // v1 has a u16 header length at offset 8; v2 and v3 a u32 there.
  size_t start = 10 + (file[8] | size_t{file[9]} << 8);
  if (file[6] >= 2) {
    if (file.size() < 12) throw std::runtime_error("truncated .npy: " + path.string());
    start = 12 + (file[8] | size_t{file[9]} << 8 | size_t{file[10]} << 16 | size_t{file[11]} << 24);
  }
  if (start > file.size()) throw std::runtime_error("truncated .npy: " + path.string());
  return {file.begin() + static_cast<std::ptrdiff_t>(start), file.end()};
}

// Concatenates the payloads of every .npy in `dirs` (sorted by name, so the
// layout is the same on every run) and repeats them to fill `size` bytes.
inline AlignedBytes tiled_set(const std::vector<std::filesystem::path>& dirs, size_t size) {
  std::vector<uint8_t> period;
  for (const auto& dir : dirs) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".npy") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const auto p = npy_payload(f);
      period.insert(period.end(), p.begin(), p.end());
    }
  }
  if (period.empty()) throw std::runtime_error("no .npy data under " + dirs.front().string());
  AlignedBytes buf = aligned_bytes(size);
  for (size_t done = 0; done < size;) {
    const size_t n = std::min(period.size(), size - done);
    std::memcpy(buf.get() + done, period.data(), n);
    done += n;
  }
  return buf;
}

}  // namespace cdma::bench
