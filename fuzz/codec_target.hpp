// Shared by the targets that fuzz one codec's decoder on its own: the input
// layout (payload in front; element width and decoded size in the last
// bytes) and a decode that proves every output byte was written.
#pragma once

#include <vector>

#include "fuzz_util.hpp"

namespace cdma::fuzz {

struct DecodeCase {
  unsigned width;
  size_t dst_size;
  Exact payload;  // exactly the payload bytes: an over-read is a report
};

// Decoded sizes stay under 256 KiB; the largest block (16 MiB) has the same
// structure, only more of it.
inline DecodeCase read_case(const uint8_t* data, size_t size) {
  Params p(data, size);
  const unsigned width = kWidths[p.pick(4)];
  const size_t dst_size = p.u32() % (size_t{1} << 18);
  return {width, dst_size, Exact(p.data(), p.size())};
}

// Calls decode(dst) twice, into buffers of exactly dst_size bytes filled with
// 0x00 and with 0xA5 first. Both calls must return the same result, and on
// success the same bytes: a decoder that skips an output byte would pass a
// round trip on zeroed memory and hand back stale bytes in real use.
template <typename Decode>
size_t decode_twice(Decode&& decode, size_t dst_size, std::vector<uint8_t>* out) {
  Exact a(dst_size), b(dst_size);
  if (dst_size) {
    std::memset(a.data(), 0x00, dst_size);
    std::memset(b.data(), 0xA5, dst_size);
  }
  const size_t ra = decode(a.data());
  const size_t rb = decode(b.data());
  FUZZ_CHECK(ra == rb);
  if (!cdma_is_error(ra)) {
    FUZZ_CHECK_R(ra == dst_size, ra);
    FUZZ_CHECK(dst_size == 0 || std::memcmp(a.data(), b.data(), dst_size) == 0);
    out->assign(a.data(), a.data() + dst_size);
  }
  return ra;
}

// Re-encodes decoded `content` into `bound` bytes and checks that decoding
// gives it back: whatever a decoder accepts, the encoder can write again.
// Returns the re-encoded bytes. The codecs get non-null pointers even for
// empty buffers, as the frame layer gives them.
template <typename Encode, typename Decode>
std::vector<uint8_t> check_reencode(const std::vector<uint8_t>& content, size_t bound, Encode&& encode,
                                    Decode&& decode) {
  const Exact src(content.data(), content.size());
  Exact coded(bound);
  const size_t m = encode(src.data(), src.size(), coded.data(), coded.size());
  FUZZ_CHECK(!cdma_is_error(m) && m <= coded.size());
  Exact back(content.size());
  FUZZ_CHECK(decode(coded.data(), m, back.data(), back.size()) == content.size());
  FUZZ_CHECK(content.empty() || std::memcmp(back.data(), src.data(), content.size()) == 0);
  return {coded.data(), coded.data() + m};
}

// A block codec with a dispatched decoder and a scalar reference (zvc, zrle).
struct BlockCodec {
  size_t (*decode)(const uint8_t*, size_t, unsigned, uint8_t*, size_t);
  size_t (*scalar_decode)(const uint8_t*, size_t, unsigned, uint8_t*, size_t);
  size_t (*encoded_size)(const uint8_t*, size_t, unsigned);
  size_t (*encode)(const uint8_t*, size_t, unsigned, uint8_t*, size_t);
  // The format promises one payload per content (docs/format-zrle.md), so
  // an accepted payload must be exactly the one the encoder writes.
  bool one_payload_per_content;
};

// Both decoders accept exactly the same payloads and agree byte for byte;
// what they accept re-encodes (to the same payload, where promised).
inline void fuzz_block_codec(const BlockCodec& codec, const uint8_t* data, size_t size) {
  const DecodeCase c = read_case(data, size);
  const uint8_t* src = c.payload.data();
  const size_t n = c.payload.size();
  std::vector<uint8_t> simd, scalar;
  const size_t r = decode_twice([&](uint8_t* dst) { return codec.decode(src, n, c.width, dst, c.dst_size); },
                                c.dst_size, &simd);
  const size_t rs = decode_twice(
      [&](uint8_t* dst) { return codec.scalar_decode(src, n, c.width, dst, c.dst_size); }, c.dst_size, &scalar);
  FUZZ_CHECK(r == rs);
  if (cdma_is_error(r)) return;
  FUZZ_CHECK(simd == scalar);
  const unsigned w = c.width;
  const std::vector<uint8_t> again = check_reencode(
      simd, simd.size() + simd.size() / w + 16,
      [&](const uint8_t* in, size_t len, uint8_t* out, size_t cap) { return codec.encode(in, len, w, out, cap); },
      [&](const uint8_t* in, size_t len, uint8_t* out, size_t cap) { return codec.decode(in, len, w, out, cap); });
  const Exact decoded(simd.data(), simd.size());
  FUZZ_CHECK(codec.encoded_size(decoded.data(), decoded.size(), w) == again.size());
  if (codec.one_payload_per_content) FUZZ_CHECK(again.size() == n && std::memcmp(again.data(), src, n) == 0);
}

}  // namespace cdma::fuzz
