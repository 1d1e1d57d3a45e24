#include "container_safetensors.hpp"

#include <cstdio>

#include "display.hpp"
#include "failure.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/shape.hpp"
#include "text/escape.hpp"

namespace cdma::cli {
namespace {

namespace tio = cdma::tensorio;

TensorInput tensor_input(const tio::SafetensorsTensor& tensor) {
  TensorInput t;
  t.element_width = tio::zvc_element_width(tensor.itemsize);
  t.dtype = tensor.cdma_dtype;
  // A frame records at most CDMA_MAX_NDIM dimensions; a deeper shape stays
  // only in the header frame, which restores it.
  t.has_shape = tensor.shape.size() <= CDMA_MAX_NDIM;
  if (t.has_shape) t.shape = tensor.shape;
  t.content_size = tensor.end - tensor.begin;
  return t;
}

}  // namespace

bool is_safetensors_name(const std::string& path) { return path.ends_with(".safetensors"); }

ContainerPlan plan_safetensors(InputStream& in) {
  if (!in.size())
    throw CliError(kExitUsage, "a safetensors file is read from a regular file, not a pipe");
  const uint64_t file_size = *in.size();
  std::string error;
  in.fill(tio::kSafetensorsLengthSize);
  const auto n = tio::safetensors_header_length(in.available(), file_size, error);
  if (!n) throw CliError(kExitData, error);
  const size_t header_size = static_cast<size_t>(tio::kSafetensorsLengthSize + *n);
  if (!in.fill(header_size) && in.available().size() < header_size)
    throw CliError(kExitIo, "file ended early (it changed while being read)");
  const auto layout = tio::parse_safetensors(in.available().first(header_size), file_size, error);
  if (!layout) throw CliError(kExitData, error);
  ContainerPlan plan;
  plan.segments.push_back(bytes_segment(header_size));  // JSON: no element structure
  for (const tio::SafetensorsTensor& tensor : layout->tensors)
    plan.segments.push_back(Segment{0, tensor_input(tensor)});
  plan.description = "safetensors, " + std::to_string(layout->tensors.size()) +
                     " tensors after a " + std::to_string(header_size) +
                     "-byte header; one frame each";
  return plan;
}

std::optional<SafetensorsFrames> find_safetensors(std::span<const uint8_t> file,
                                                  const std::vector<FrameSpan>& frames) {
  if (frames.empty()) return std::nullopt;
  const cdma_frame_info& first = frames[0].info;
  // The header frame: width 1, no dtype, a content no larger than a header
  // can be (so the size is safe to allocate before decoding).
  if (first.element_width != 1 || first.dtype[0] != 0 || first.prefix_size != 0 ||
      first.content_size == CDMA_CONTENTSIZE_UNKNOWN ||
      first.content_size > tio::kSafetensorsLengthSize + tio::kSafetensorsMaxHeader ||
      first.content_size < tio::kSafetensorsLengthSize)
    return std::nullopt;
  uint64_t total = 0;
  for (const FrameSpan& f : frames) {
    if (f.info.content_size == CDMA_CONTENTSIZE_UNKNOWN || f.info.prefix_size != 0) return std::nullopt;
    total += f.info.content_size;
  }
  std::vector<uint8_t> header(static_cast<size_t>(first.content_size));
  const auto frame = file.subspan(frames[0].offset, frames[0].size);
  const size_t got = check_lib(cdma_decompress(header.data(), header.size(), frame.data(), frame.size()),
                               "frame 1 (the safetensors header)");
  if (got != header.size()) return std::nullopt;
  std::string error;
  auto layout = tio::parse_safetensors(header, total, error);
  if (!layout || layout->tensors.size() + 1 != frames.size()) return std::nullopt;
  for (size_t k = 0; k < layout->tensors.size(); ++k) {
    const tio::SafetensorsTensor& t = layout->tensors[k];
    const cdma_frame_info& i = frames[k + 1].info;
    if (i.content_size != t.end - t.begin || t.cdma_dtype != i.dtype) return std::nullopt;
  }
  return SafetensorsFrames{std::move(*layout)};
}

void print_safetensors_tensors(const SafetensorsFrames& st, const std::vector<FrameSpan>& frames) {
  std::printf("  %-14s safetensors, %zu tensors, %llu-byte header (frame 1, %llu bytes)\n", "container",
              st.layout.tensors.size(), static_cast<unsigned long long>(st.layout.header_size),
              static_cast<unsigned long long>(frames[0].size));
  std::printf("  %-8s %-18s %14s %14s %9s  %s\n", "dtype", "shape", "bytes", "compressed", "ratio",
              "tensor");
  for (size_t k = 0; k < st.layout.tensors.size(); ++k) {
    const tio::SafetensorsTensor& t = st.layout.tensors[k];
    const uint64_t bytes = t.end - t.begin;
    std::printf("  %-8s %-18s %14llu %14llu %9s  %s\n", t.dtype.c_str(),
                tio::format_shape(t.shape).c_str(), static_cast<unsigned long long>(bytes),
                static_cast<unsigned long long>(frames[k + 1].size),
                format_ratio(bytes, frames[k + 1].size).c_str(), text::quote_name(t.name).c_str());
  }
}

}  // namespace cdma::cli
