// Writes the seed corpora: a few small, valid inputs per target, so that a
// campaign starts from real frames and payloads instead of rediscovering the
// magic number. Usage: fuzz_make_seeds fuzz/corpus
// Seeds are deterministic; rerun after a format change and commit the diff.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "codecs/runs/rle_bytes.hpp"
#include "codecs/zrle/zrle.hpp"
#include "codecs/zvc/zvc.hpp"
#include "fuzz_util.hpp"
#include "setup.hpp"
#if CDMA_FUZZ_HAS_SPLIT
#include "codecs/split/split_codec.hpp"
#include "codecs/workspace.hpp"
#endif
#if CDMA_FUZZ_HAS_ENTROPY
#include "codecs/entropy/entropy.hpp"
#endif

namespace fs = std::filesystem;
using namespace cdma::fuzz;
using Bytes = std::vector<uint8_t>;

namespace {

fs::path g_root;

// Appends its arguments: gcc 12 warns falsely (-Wrestrict) on chains of
// std::string operator+ at -O3.
template <typename... T>
std::string cat(const T&... parts) {
  std::string s;
  (s.append(parts), ...);
  return s;
}

void write(const std::string& target, const std::string& name, const Bytes& bytes) {
  fs::create_directories(g_root / target);
  std::ofstream(g_root / target / cat("seed-", name), std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Parameters in the order a target reads them (Params takes them from the
// end, so they are appended reversed). u16/u32 go low byte first.
class Tail {
 public:
  Tail& u8(uint8_t v) { r_.push_back(v); return *this; }
  Tail& u16(uint16_t v) { return u8(v & 0xFF).u8(v >> 8); }
  Tail& u32(uint32_t v) { return u16(v & 0xFFFF).u16(v >> 16); }
  Tail& u64(uint64_t v) { return u32(v & 0xFFFFFFFF).u32(v >> 32); }
  Bytes after(Bytes data) const {
    data.insert(data.end(), r_.rbegin(), r_.rend());
    return data;
  }

 private:
  Bytes r_;
};

// Sparse, activation-like content: runs of zeros, small nonzero values.
Bytes sparse(size_t size, unsigned width, uint64_t seed) {
  Rng rng(seed);
  Bytes out(size, 0);
  for (size_t i = 0; i + width <= size; i += width)
    if (rng.next() % 4 == 0) out[i + rng.between(0, width - 1)] = static_cast<uint8_t>(rng.between(1, 255));
  return out;
}

// The sparse encoding make_content(…, 1) expands back into `content`.
Bytes to_mode1(const Bytes& content) {
  Bytes out;
  size_t i = 0;
  while (i < content.size()) {
    size_t zeros = 0;
    while (i + zeros < content.size() && content[i + zeros] == 0 && zeros < 127 * 8) ++zeros;
    if (zeros >= 8) {
      out.push_back(static_cast<uint8_t>(0x80 | (zeros / 8)));
      i += zeros / 8 * 8;
    } else {
      out.push_back(content[i] & 0x7F ? content[i] & 0x7F : 1);
      ++i;
    }
  }
  return out;
}

Bytes frame_of(const Setup& s, const Bytes& content) {
  Cctx c(cdma_cctx_create());
  if (!apply(c.get(), s, content.size())) return {};
  return compress_ok(c.get(), content);
}

// A frame written by the streaming encoder: content size unknown.
Bytes streamed_frame(const Bytes& content) {
  Cctx c(cdma_cctx_create());
  cdma_cctx_set_param(c.get(), CDMA_P_BLOCK_LOG, 12);
  Bytes out(cdma_compress_bound(content.size()) + 64);
  cdma_out_buffer o{out.data(), out.size(), 0};
  cdma_in_buffer in{content.data(), content.size(), 0};
  while (cdma_compress_stream(c.get(), &o, &in, CDMA_E_END) != 0) {
  }
  out.resize(o.pos);
  return out;
}

// The Setup bytes read_setup() consumes, in its reading order.
Tail& setup_tail(Tail& t, int codec_index, int level, int width_index, int block_log, int threads,
                 uint8_t flags) {
  return t.u8(static_cast<uint8_t>(codec_index)).u8(static_cast<uint8_t>(level - 1))
      .u8(static_cast<uint8_t>(width_index)).u8(static_cast<uint8_t>(block_log - 12))
      .u8(static_cast<uint8_t>(threads - 1)).u8(flags);
}

void frame_seeds() {
  // codec index into kCodecChoices: 0 auto, 1 store, 2 zvc, 3 zrle, 4 split, 5 zstd, 6 lz4.
  const struct {
    const char* name;
    int codec_index, level, width_index, block_log;
    uint8_t flags;
    size_t size;
  } specs[] = {
      {"auto-f32", 0, 3, 2, 12, 0, 10000},      {"zvc-bf16", 2, 1, 1, 12, 0, 9000},
      {"zrle-u8", 3, 3, 0, 12, 0, 5000},        {"split-l9-f32", 4, 9, 2, 12, 0, 9000},
      {"split-l2-f64", 4, 2, 3, 12, 0, 4100},   {"zstd-f32", 5, 5, 2, 12, 0, 5000},
      {"lz4-f16", 6, 5, 1, 12, 0, 5000},        {"store", 1, 3, 2, 12, 0, 300},
      {"seek-meta", 0, 3, 2, 12, 2 | 4, 13000}, {"nochecksum", 2, 1, 2, 13, 1, 9000},
      {"empty", 0, 3, 2, 12, 0, 0},             {"zeros", 0, 3, 2, 12, 0, 12288},
  };
  for (const auto& sp : specs) {
    Tail setup;
    setup_tail(setup, sp.codec_index, sp.level, sp.width_index, sp.block_log, 1, sp.flags);
    Bytes setup_bytes = setup.after({});
    Params sp_params(setup_bytes.data(), setup_bytes.size());
    const Setup s = read_setup(sp_params);
    const Bytes content = sp.size == 12288 ? Bytes(sp.size, 0) : sparse(sp.size, cdma::fuzz::kWidths[sp.width_index], sp.size);
    const Bytes frame = frame_of(s, content);
    if (frame.empty()) continue;  // codec not registered in this build
    const std::string n = sp.name;
    write("decompress", n, Tail().u32(static_cast<uint32_t>(content.size())).u8(0).after(frame));
    write("stream_decompress", n, Tail().u8(4).u8(5).u8(3).u8(0).u32(7).after(frame));
    write("frame_info", n, frame);
    write("range_decode", n,
          Tail().u8(0).u64(content.size() / 3).u32(static_cast<uint32_t>(content.size() / 2)).u8(1).after(frame));
    // Round trip and small-destination seeds: the content, sparse-encoded.
    const uint8_t rt_flags = static_cast<uint8_t>(sp.flags | 8);
    Tail rt;
    setup_tail(rt, sp.codec_index, sp.level, sp.width_index, sp.block_log, 1, rt_flags).u32(1).u8(6).u32(5).u32(100);
    write("roundtrip", n, rt.after(to_mode1(content)));
    Tail sd;
    setup_tail(sd, sp.codec_index, sp.level, sp.width_index, sp.block_log, 1, rt_flags).u16(60000).u8(8).u32(3);
    write("compress_small_dst", n, sd.after(to_mode1(content)));
    Tail rg;
    rg.u8(1);
    setup_tail(rg, sp.codec_index, sp.level, sp.width_index, sp.block_log, 1, rt_flags).u8(1).u8(0).u32(9);
    write("range_decode", cat(n, "-built"), rg.after(to_mode1(content)));
  }
  // Truncated and concatenated frames, and one of unknown content size.
  const Bytes content = sparse(9000, 4, 1);
  const Bytes streamed = streamed_frame(content);
  write("stream_decompress", "unknown-size", Tail().u8(8).u8(8).u8(4).u8(1).u32(3).after(streamed));
  write("decompress", "unknown-size", Tail().u32(9000).u8(1).after(streamed));
  Bytes two = streamed;
  two.insert(two.end(), streamed.begin(), streamed.end());
  write("stream_decompress", "two-frames", Tail().u8(2).u8(6).u8(4).u8(0).u32(1).after(two));
  write("frame_info", "truncated-header", Bytes(streamed.begin(), streamed.begin() + 20));
}

// Payload seeds for the decoder targets: width index and decoded size.
void payload(const std::string& target, const std::string& name, const Bytes& pay, int width_index,
             size_t size) {
  write(target, name, Tail().u8(static_cast<uint8_t>(width_index)).u32(static_cast<uint32_t>(size)).after(pay));
}

void codec_seeds() {
  for (int wi = 0; wi < 4; ++wi) {
    const unsigned w = kWidths[wi];
    for (size_t size : {size_t{0}, size_t{77}, size_t{4096}}) {
      const Bytes content = sparse(size, w, size + w);
      const std::string n = cat("w", std::to_string(w), "-", std::to_string(size));
      Bytes z(cdma::zvc::mask_bytes(size / w) + size + 8);
      z.resize(cdma::zvc::encode(content.data(), size, w, z.data(), z.size()));
      payload("zvc_decode", n, z, wi, size);
      write("block_decode", cat("zvc-", n), Tail().u8(CDMA_CODEC_ZVC).u8(static_cast<uint8_t>(wi)).u32(static_cast<uint32_t>(size)).after(z));
      Bytes r(cdma::zrle::bound(size, w));
      r.resize(cdma::zrle::encode(content.data(), size, w, r.data(), r.size()));
      payload("zrle_decode", n, r, wi, size);
      write("block_decode", cat("zrle-", n), Tail().u8(CDMA_CODEC_ZRLE).u8(static_cast<uint8_t>(wi)).u32(static_cast<uint32_t>(size)).after(r));
#if CDMA_FUZZ_HAS_SPLIT
      for (int level : {2, 5, 9}) {
        cdma::Workspace ws;
        Bytes s(size + 64);
        const size_t m = cdma::split::encode(ws, content.data(), size, w, level, s.data(), s.size());
        if (m > s.size()) continue;
        s.resize(m);
        payload("split_decode", cat(n, "-l", std::to_string(level)), s, wi, size);
      }
#endif
    }
  }
  const Bytes mask = sparse(2048, 1, 5);
  Bytes rle(cdma::runs::rle_bytes_bound(mask.size()));
  rle.resize(cdma::runs::rle_bytes_encode(mask.data(), mask.size(), rle.data(), rle.size()));
  payload("rle_bytes_decode", "mask-2048", rle, 0, mask.size());
  payload("rle_bytes_decode", "empty", {}, 0, 0);
#if CDMA_FUZZ_HAS_ENTROPY
  for (size_t size : {size_t{100}, size_t{5000}}) {
    const Bytes content = sparse(size, 1, size);
    Bytes e(size + 1024);
    const size_t m = cdma::entropy::encode(content.data(), size, e.data(), e.size());
    if (!cdma_is_error(m) && m <= e.size()) {
      e.resize(m);
      payload("entropy_decode", std::to_string(size), e, 0, size);
    }
  }
#endif
}

void npy_seeds() {
  auto npy = [](int major, const std::string& dict, size_t data) {
    const size_t len_bytes = major == 1 ? 2 : 4;
    const size_t pre = 8 + len_bytes;
    const size_t hlen = (pre + dict.size() + 1 + 63) / 64 * 64 - pre;
    Bytes b = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(major), 0};
    for (size_t i = 0; i < len_bytes; ++i) b.push_back(static_cast<uint8_t>(hlen >> (8 * i)));
    b.insert(b.end(), dict.begin(), dict.end());
    b.insert(b.end(), hlen - dict.size() - 1, ' ');
    b.push_back('\n');
    b.insert(b.end(), data, 0);
    return b;
  };
  write("npy", "v1-f4", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24));
  write("npy", "v2-be", npy(2, "{'descr': '>f8', 'fortran_order': True, 'shape': (4,), }", 32));
  write("npy", "v3-scalar", npy(3, "{'descr': '<V2', 'fortran_order': False, 'shape': (), }", 2));
  write("npy", "structured", npy(1, "{'descr': [('a', '<f4'), ('b', '|V3', (2,))], 'fortran_order': False, 'shape': (1,), }", 10));
  write("npy", "unicode", npy(1, "{'descr': '<U5', 'fortran_order': False, 'shape': (0, 7), }", 0));
  write("npy", "shape-text", Bytes{'8', ',', '1', '6', 'x', '3'});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s fuzz/corpus\n", argv[0]);
    return 2;
  }
  g_root = argv[1];
  frame_seeds();
  codec_seeds();
  npy_seeds();
  return 0;
}
