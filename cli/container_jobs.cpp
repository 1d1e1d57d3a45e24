#include "container_jobs.hpp"

#include "container_npz.hpp"
#include "container_safetensors.hpp"
#include "failure.hpp"
#include "fileio.hpp"
#include "inputs.hpp"
#include "mapped_file.hpp"
#include "tensorio/npz.hpp"
#include "tensorio/safetensors.hpp"
#include "tensorio/shape.hpp"
#include "text/escape.hpp"

namespace cdma::cli {
namespace {

namespace an = cdma::analyze;
namespace tio = cdma::tensorio;

// A part of `container` named `name`: the container is its directory and
// its first group, before the groups the file itself counts in.
an::Job part_job(const an::Job& container, const std::string& name, uint64_t offset,
                 uint64_t size, std::optional<an::InputHints> hints) {
  an::Job job;
  job.path = container.path + ":" + text::quote_name(name);
  job.directory = container.path;
  job.groups.push_back(container.path);
  job.groups.insert(job.groups.end(), container.groups.begin(), container.groups.end());
  job.part = an::ContainerPart{container.path, offset, size, std::move(hints)};
  return job;
}

void add_safetensors(const an::Job& container, std::span<const uint8_t> f, ContainerJobs& out) {
  std::string error;
  const auto n = tio::safetensors_header_length(f, f.size(), error);
  const auto layout = n ? tio::parse_safetensors(f.first(tio::kSafetensorsLengthSize + *n), f.size(), error)
                        : std::nullopt;
  if (!layout) {
    out.issues.push_back({container.path, error, kExitData});
    return;
  }
  for (const tio::SafetensorsTensor& t : layout->tensors)
    out.jobs.push_back(part_job(container, t.name, layout->header_size + t.begin, t.end - t.begin,
                                an::InputHints{t.cdma_dtype, tio::format_shape(t.shape), true}));
}

void add_npz(const an::Job& container, std::span<const uint8_t> f, ContainerJobs& out) {
  std::string error;
  const auto layout = tio::parse_npz(f, error);
  if (!layout) {
    out.issues.push_back({container.path, error, kExitData});
    return;
  }
  size_t deflated = 0;
  for (const tio::NpzMember& m : layout->members) {
    if (!m.stored) {
      ++deflated;
      continue;
    }
    out.jobs.push_back(part_job(container, m.name, m.data_offset, m.compressed_size, std::nullopt));
  }
  if (deflated)
    out.issues.push_back({container.path,
                          std::to_string(deflated) + " deflated member" + (deflated > 1 ? "s" : "") +
                              " (numpy.savez_compressed) skipped: cdma compress carries them as "
                              "they are; re-save with numpy.savez to measure them",
                          kExitOk});
}

}  // namespace

ContainerJobs expand_containers(const std::vector<an::Job>& jobs) {
  ContainerJobs out;
  for (const an::Job& job : jobs) {
    const bool st = is_safetensors_name(job.path), npz = is_npz_name(job.path);
    if (has_cdma_suffix(job.path)) {
      out.issues.push_back({job.path,
                            "a compressed file: this measures raw tensors (cdma decompress it "
                            "first; cdma info lists a container's tensors with their ratios)",
                            kExitUsage});
    } else if (!st && !npz) {
      out.jobs.push_back(job);
    } else {
      try {
        const MappedFile map(job.path);
        (st ? add_safetensors : add_npz)(job, map.bytes(), out);
      } catch (const CliError& e) {
        out.issues.push_back({job.path, e.what(), e.exit_code()});
      }
    }
  }
  return out;
}

std::vector<uint8_t> load_job(const an::Job& job) {
  if (!job.part) return read_file(job.path).bytes;
  const MappedFile map(job.part->file);
  const auto f = map.bytes();
  if (job.part->offset > f.size() || job.part->size > f.size() - job.part->offset)
    throw CliError(kExitIo, "file changed while being read");
  const auto part = f.subspan(job.part->offset, job.part->size);
  return {part.begin(), part.end()};
}

}  // namespace cdma::cli
