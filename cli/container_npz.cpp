#include "container_npz.hpp"

#include <cstdio>
#include <cstring>

#include "cdma/cdma.h"
#include "display.hpp"
#include "failure.hpp"
#include "mapped_file.hpp"
#include "tensorio/npz.hpp"
#include "tensorio/shape.hpp"
#include "text/escape.hpp"

namespace cdma::cli {
namespace {

constexpr size_t kLocalSize = 30;  // a zip local file header before its name and extra field

// The size of the zip local file header at the start of `prefix` (name and
// extra field included) with its name in `name`; 0 when there is none.
size_t zip_local_header(std::span<const uint8_t> prefix, std::string& name) {
  if (prefix.size() < kLocalSize || std::memcmp(prefix.data(), "PK\x03\x04", 4) != 0) return 0;
  const size_t n = prefix[26] | (prefix[27] << 8), x = prefix[28] | (prefix[29] << 8);
  if (prefix.size() < kLocalSize + n + x) return 0;
  name.assign(reinterpret_cast<const char*>(prefix.data()) + kLocalSize, n);
  return kLocalSize + n + x;
}

}  // namespace

bool is_npz_name(const std::string& path) { return path.ends_with(".npz"); }

ContainerPlan plan_npz(const std::string& file, InputStream& in) {
  if (!in.size()) throw CliError(kExitUsage, "a .npz file is read from a regular file, not a pipe");
  const MappedFile map(file);
  const auto f = map.bytes();
  if (f.size() != *in.size()) throw CliError(kExitIo, "file changed while being read");
  std::string error;
  const auto layout = tensorio::parse_npz(f, error);
  if (!layout) throw CliError(kExitData, error);
  ContainerPlan plan;
  uint64_t cursor = 0;
  size_t stored = 0;
  for (const tensorio::NpzMember& m : layout->members) {
    if (!m.stored) continue;  // deflated: carried verbatim in the bytes between
    TensorInput t;
    try {
      t = describe_input(m.name, f.subspan(m.data_offset, m.compressed_size), m.compressed_size, "", "");
    } catch (const CliError& e) {
      throw CliError(kExitData, "member " + text::quoted_name(m.name) + ": " + e.what());
    }
    // A frame's shape means C order; a Fortran-order member's order is
    // known only from its .npy header, which the frame's prefix does not
    // present as one (it follows the zip header), so its shape is left out
    // rather than recorded with the wrong meaning.
    if (t.npy && t.npy->fortran_order) {
      t.has_shape = false;
      t.shape.clear();
    }
    // The member's own zip local header and .npy header travel as the
    // frame's file prefix (at most 30 + 2 x 64 KiB + a .npy header, well
    // under CDMA_MAX_PREFIX), so that the prefix names this member and no
    // other; the zip bytes before it (deflated members, padding) go into a
    // frame of their own.
    if (m.local_offset > cursor) {
      plan.segments.push_back(bytes_segment(m.local_offset - cursor));
      cursor = m.local_offset;
    }
    t.prefix_size = static_cast<size_t>(m.data_offset + t.prefix_size - cursor);
    plan.segments.push_back(Segment{t.prefix_size, t});
    cursor = m.data_offset + m.compressed_size;
    ++stored;
  }
  plan.segments.push_back(bytes_segment(f.size() - cursor));
  plan.description = ".npz, " + std::to_string(layout->members.size()) + " members: " +
                     std::to_string(stored) + " stored, coded by dtype; " +
                     std::to_string(layout->members.size() - stored) +
                     " deflated, carried as they are";
  return plan;
}

std::vector<NpzFrameMember> find_npz_members(std::span<const uint8_t> file,
                                             const std::vector<FrameSpan>& frames) {
  std::vector<NpzFrameMember> members;
  for (size_t k = 0; k < frames.size(); ++k) {
    const cdma_frame_info& i = frames[k].info;
    if (i.prefix_size == 0 || i.content_size == CDMA_CONTENTSIZE_UNKNOWN) continue;
    const std::vector<uint8_t> prefix = read_file_prefix(i, file.subspan(frames[k].offset, frames[k].size));
    NpzFrameMember m;
    m.frame = k;
    const size_t local = zip_local_header(prefix, m.name);
    if (local == 0) continue;
    std::string error;
    const auto npy = tensorio::parse_npy_header(std::span(prefix).subspan(local), error);
    if (!npy || npy->data_offset != prefix.size() - local ||
        !tensorio::check_npy_data_size(*npy, npy->data_offset + i.content_size, error))
      continue;
    m.npy = *npy;
    members.push_back(std::move(m));
  }
  return members;
}

void print_npz_members(const std::vector<NpzFrameMember>& members,
                       const std::vector<FrameSpan>& frames) {
  const size_t others = frames.size() - members.size();
  std::printf("  %-14s .npz, %zu stored members coded by dtype; %zu frame%s of other zip bytes\n",
              "container", members.size(), others, others == 1 ? "" : "s");
  std::printf("  %-8s %-18s %14s %14s %9s  %s\n", "descr", "shape", "bytes", "compressed", "ratio",
              "member");
  for (const NpzFrameMember& m : members) {
    const FrameSpan& f = frames[m.frame];
    const uint64_t bytes = f.info.content_size + f.info.prefix_size;
    const std::string descr = m.npy.dtype.structured ? "struct" : m.npy.dtype.descr;
    std::printf("  %-8s %-18s %14llu %14llu %9s  %s\n", text::quote_name(descr).c_str(),
                (tensorio::format_shape(m.npy.shape) + (m.npy.fortran_order ? " F" : "")).c_str(),
                static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(f.size),
                format_ratio(bytes, f.size).c_str(), text::quote_name(m.name).c_str());
  }
}

}  // namespace cdma::cli
