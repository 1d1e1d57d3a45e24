#include "pipeline/block_codec.hpp"

#include <algorithm>
#include <cstring>

#include "cdma/cdma.h"
#include "codecs/raw/raw.hpp"
#include "codecs/registry.hpp"
#include "common/error.hpp"

namespace cdma {

namespace {
// Level 1 is plain ZVC, the fastest codec; every slower level is the split
// pipeline, whose stream policy grows with the level (stream_coding.cpp).
unsigned auto_codec(int level) { return level <= 1 ? CDMA_CODEC_ZVC : CDMA_CODEC_SPLIT; }
}  // namespace

bool codec_requestable(unsigned codec) {
  if (codec == CDMA_CODEC_AUTO) return true;
  return codec <= UINT8_MAX && codec != CDMA_CODEC_ZERO && find_codec(static_cast<uint8_t>(codec)) != nullptr;
}

namespace {
constexpr const char* kAutoName = "auto";
}  // namespace

const char* codec_name(unsigned codec) {
  if (codec == CDMA_CODEC_AUTO) return kAutoName;
  const CodecInfo* info = codec <= UINT8_MAX ? find_codec(static_cast<uint8_t>(codec)) : nullptr;
  return info != nullptr ? info->name : nullptr;
}

int codec_from_name(const char* name) {
  if (std::strcmp(name, kAutoName) == 0) return CDMA_CODEC_AUTO;
  const CodecInfo* info = find_codec_by_name(name);
  return info != nullptr ? info->id : -1;
}

EncodedBlock encode_block(Workspace& ws, unsigned requested, int level, unsigned width, const uint8_t* src,
                          size_t size, uint8_t* dst, size_t dst_capacity, bool to_scratch) {
  if (requested != CDMA_CODEC_STORE && size > 0) {
    const unsigned id = requested == CDMA_CODEC_AUTO ? auto_codec(level) : requested;
    const CodecInfo* codec = find_codec(static_cast<uint8_t>(id));
    if (codec != nullptr) {
      // A payload must be strictly smaller than the block to be worth a codec.
      const size_t cap = std::min(dst_capacity, size - 1);
      const EncodeFn encode = to_scratch && codec->encode_to_scratch ? codec->encode_to_scratch : codec->encode;
      const size_t n = encode(ws, src, size, width, level, dst, cap);
      if (n != kCodecNoFit) {
        // A payload of only an empty mask means the block is all zero.
        if (n <= size / width / 8 + width && raw::all_zero(src, size))
          return {CDMA_CODEC_ZERO, 0};
        return {static_cast<uint8_t>(id), n};
      }
    }
  }
  if (size) std::memcpy(dst, src, size);  // src is null for an empty input
  return {CDMA_CODEC_STORE, size};
}

size_t decode_block(Workspace& ws, uint8_t codec_id, unsigned width, const uint8_t* src, size_t src_size,
                    uint8_t* dst, size_t raw_size, bool to_cache) {
  const CodecInfo* codec = find_codec(codec_id);
  CDMA_RETURN_ERROR_IF(codec == nullptr, codec_unknown);
  const DecodeFn decode = to_cache && codec->decode_to_cache ? codec->decode_to_cache : codec->decode;
  return decode(ws, src, src_size, width, dst, raw_size);
}

uint64_t encode_workspace_bound(unsigned requested, int level, unsigned width, size_t block) {
  if (requested == CDMA_CODEC_STORE || block == 0) return 0;  // encode_block() calls no codec
  const unsigned id = requested == CDMA_CODEC_AUTO ? auto_codec(level) : requested;
  const CodecInfo* codec = id <= UINT8_MAX ? find_codec(static_cast<uint8_t>(id)) : nullptr;
  return codec != nullptr && codec->encode_workspace != nullptr ? codec->encode_workspace(block, width, level) : 0;
}

uint64_t decode_workspace_bound(unsigned width, size_t block) {
  uint64_t most = 0;
  for (unsigned id = 0; id <= UINT8_MAX; ++id) {
    const CodecInfo* codec = find_codec(static_cast<uint8_t>(id));
    if (codec != nullptr && codec->decode_workspace != nullptr)
      most = std::max(most, codec->decode_workspace(block, width, 0));
  }
  return most;
}

}  // namespace cdma
