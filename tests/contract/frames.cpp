#include "frames.hpp"

#include <algorithm>
#include <random>

#include "support/sparse_gen.hpp"

namespace cdma::test {
namespace {

// The one sample made of zeros only (ZERO blocks), by its size.
constexpr size_t kAllZeroSize = 8192;

struct Spec {
  const char* name;
  int codec, level, width, block_log;
  bool checksum, seek, metadata;
  size_t size;
};

std::vector<uint8_t> compress(const Spec& s, const std::vector<uint8_t>& content, bool* ok) {
  cdma_cctx* c = cdma_cctx_create();
  *ok = !cdma_is_error(cdma_cctx_set_param(c, CDMA_P_CODEC, s.codec)) &&
        !cdma_is_error(cdma_cctx_set_param(c, CDMA_P_LEVEL, s.level)) &&
        !cdma_is_error(cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, s.width)) &&
        !cdma_is_error(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, s.block_log)) &&
        !cdma_is_error(cdma_cctx_set_param(c, CDMA_P_SEEK_TABLE, s.seek)) &&
        (s.checksum || !cdma_is_error(cdma_cctx_set_param(c, CDMA_P_CHECKSUM, 0)));
  if (s.metadata) {
    const uint64_t dims[2] = {4, content.size() / 4 / static_cast<size_t>(s.width)};
    cdma_cctx_set_tensor(c, "f32", 1, dims, 2);
    cdma_cctx_set_file_prefix(c, "\x93NUMPY header", 13);
  }
  std::vector<uint8_t> frame;
  if (*ok) {
    // Room for a seek table beyond the bound (see the fuzz reproducer
    // fuzz/corpus/range_decode/crash-cctx-bound-seek-table).
    frame.resize(cdma_cctx_compress_bound(c, content.size()) + 64 + content.size() / 512);
    const size_t n = cdma_compress_cctx(c, frame.data(), frame.size(), content.data(), content.size());
    *ok = !cdma_is_error(n);
    frame.resize(*ok ? n : 0);
  }
  cdma_cctx_free(c);
  return frame;
}

// A frame from the streaming encoder: Content_Size is "unknown".
std::vector<uint8_t> streamed(const std::vector<uint8_t>& content) {
  cdma_cctx* c = cdma_cctx_create();
  cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12);
  std::vector<uint8_t> out(cdma_compress_bound(content.size()) + 64);
  cdma_out_buffer o{out.data(), out.size(), 0};
  cdma_in_buffer in{content.data(), content.size(), 0};
  while (cdma_compress_stream(c, &o, &in, CDMA_E_END) != 0) {
  }
  cdma_cctx_free(c);
  out.resize(o.pos);
  return out;
}

}  // namespace

std::vector<SampleFrame> sample_frames(bool small) {
  const size_t big = small ? 1 : 4;
  const Spec specs[] = {
      {"zvc f32, 3 blocks", CDMA_CODEC_ZVC, 1, 4, 12, true, false, false, 2 * 4096 + 1000},
      {"auto bf16, metadata", CDMA_CODEC_AUTO, 3, 2, 12, true, false, true, 3000 * big},
      {"zrle u8", CDMA_CODEC_ZRLE, 3, 1, 12, true, false, false, 2500 * big},
      {"split level 9, 2 blocks", CDMA_CODEC_SPLIT, 9, 4, 12, true, false, false, 4096 + 500},
      {"split level 2 f64", CDMA_CODEC_SPLIT, 2, 8, 12, true, false, false, 3000 * big},
      {"zstd", CDMA_CODEC_ZSTD, 5, 4, 12, true, false, false, 3000 * big},
      {"lz4", CDMA_CODEC_LZ4, 5, 2, 12, true, false, false, 3000 * big},
      {"store", CDMA_CODEC_STORE, 3, 4, 12, true, false, false, 600},
      {"seek table, 3 blocks", CDMA_CODEC_AUTO, 3, 4, 12, true, true, false, 2 * 4096 + 800},
      {"no checksum", CDMA_CODEC_ZVC, 1, 4, 12, false, false, false, 2000 * big},
      {"empty", CDMA_CODEC_AUTO, 3, 4, 12, true, false, false, 0},
      {"all zero, 2 blocks", CDMA_CODEC_AUTO, 3, 4, 12, true, false, false, kAllZeroSize},
  };
  std::vector<SampleFrame> out;
  for (const Spec& s : specs) {
    SampleFrame f;
    f.name = s.name;
    f.content = s.size == kAllZeroSize ? std::vector<uint8_t>(s.size, 0)
                               : sparse_bytes(s.size, static_cast<unsigned>(s.width), 0.3, Layout::kClustered,
                                              s.size + static_cast<size_t>(s.codec));
    bool ok = false;
    f.frame = compress(s, f.content, &ok);
    if (!ok) continue;  // codec not registered in this build
    f.checksum = s.checksum;
    f.seek_table = s.seek;
    f.canonical = s.codec == CDMA_CODEC_ZVC || s.codec == CDMA_CODEC_ZRLE || s.codec == CDMA_CODEC_STORE ||
                  s.size == kAllZeroSize;
    out.push_back(std::move(f));
  }
  SampleFrame s;
  s.name = "streamed, unknown content size";
  s.content = sparse_bytes(5000 * big, 4, 0.3, Layout::kRandom, 77);
  s.frame = streamed(s.content);
  out.push_back(std::move(s));
  return out;
}

Decoded decode_one_shot(const std::vector<uint8_t>& frame, size_t size, size_t capacity) {
  Decoded d;
  d.out.resize(capacity);
  d.result = cdma_decompress(d.out.data(), d.out.size(), frame.data(), size);
  d.out.resize(cdma_is_error(d.result) ? 0 : d.result);
  return d;
}

Decoded decode_streaming(const uint8_t* frame, size_t size, size_t chunk, int64_t memory_limit) {
  Decoded d{0, {}};
  cdma_dctx* ctx = cdma_dctx_create();
  if (memory_limit) cdma_dctx_set_param(ctx, CDMA_DP_MEMORY_LIMIT, memory_limit);
  std::vector<uint8_t> buf(std::max<size_t>(chunk, 1));
  for (size_t pos = 0; pos < size;) {
    cdma_in_buffer in{frame + pos, std::min(chunk, size - pos), 0};
    for (;;) {
      cdma_out_buffer o{buf.data(), buf.size(), 0};
      d.result = cdma_decompress_stream(ctx, &o, &in);
      d.out.insert(d.out.end(), buf.begin(), buf.begin() + static_cast<long>(o.pos));
      if (cdma_is_error(d.result)) {
        cdma_dctx_free(ctx);
        return d;
      }
      if (in.pos == in.size && o.pos < o.size) break;
    }
    pos += in.size;
  }
  cdma_dctx_free(ctx);
  return d;
}

}  // namespace cdma::test
