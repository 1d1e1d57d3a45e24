#include "container_npz.hpp"

#include "cdma/cdma.h"
#include "failure.hpp"
#include "mapped_file.hpp"
#include "tensorio/npz.hpp"

namespace cdma::cli {

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
      throw CliError(kExitData, "member \"" + m.name + "\": " + e.what());
    }
    // A frame's shape means C order; a Fortran-order member's order is
    // known only from its .npy header, which the frame's prefix does not
    // present as one (it follows the zip header), so its shape is left out
    // rather than recorded with the wrong meaning.
    if (t.npy && t.npy->fortran_order) {
      t.has_shape = false;
      t.shape.clear();
    }
    // The zip bytes before the array data travel as the frame's file
    // prefix, unless they exceed what a prefix holds (a large deflated
    // member before it): those go into a frame of their own.
    if (m.data_offset + t.prefix_size - cursor > CDMA_MAX_PREFIX) {
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

}  // namespace cdma::cli
