#include "container_plan.hpp"

#include "container_npz.hpp"
#include "container_safetensors.hpp"
#include "contexts.hpp"
#include "encode_stream.hpp"
#include "failure.hpp"

namespace cdma::cli {

Segment bytes_segment(uint64_t size) {
  Segment s;
  s.content.element_width = 1;
  s.content.content_size = size;
  return s;
}

std::optional<ContainerPlan> container_plan(const std::string& file, InputStream& in) {
  if (is_safetensors_name(file)) return plan_safetensors(in);
  if (is_npz_name(file)) return plan_npz(file, in);
  return std::nullopt;
}

uint64_t encode_container(const Options& o, const ContainerPlan& plan, InputStream& in,
                          OutputSink& out, Progress& progress) {
  uint64_t done = 0;
  for (const Segment& s : plan.segments) {
    const size_t n = static_cast<size_t>(s.prefix_size);
    if (!in.fill(n) && in.available().size() < n)
      throw CliError(kExitIo, "file ended early (it changed while being read)");
    const std::vector<uint8_t> prefix(in.available().begin(), in.available().begin() + n);
    in.consume(n);
    done += n;
    const CctxPtr cctx = make_cctx(o, s.content, prefix);
    encode_part(cctx.get(), o.memory_limit, in, *s.content.content_size, done, out, progress);
    done += *s.content.content_size;
  }
  if (!in.at_end()) throw CliError(kExitIo, "file grew while being read");
  return done;
}

}  // namespace cdma::cli
