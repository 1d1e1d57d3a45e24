#include "codecs/registry.hpp"

#include <array>
#include <cstring>

#include "cdma/cdma.h"
#include "codecs/ext/ext.hpp"
#include "codecs/raw/raw.hpp"
#include "codecs/zrle/zrle.hpp"
#include "codecs/zvc/zvc.hpp"
#include "codecs/split/split_codec.hpp"

namespace cdma {
namespace {

size_t zvc_encode(Workspace&, const uint8_t* src, size_t size, unsigned width, int /*level*/, uint8_t* dst,
                  size_t cap) {
  return zvc::encode(src, size, width, dst, cap);
}
size_t zvc_encode_to_scratch(Workspace&, const uint8_t* src, size_t size, unsigned width, int /*level*/, uint8_t* dst,
                             size_t cap) {
  return zvc::encode(src, size, width, dst, cap, zvc::Store::kCached);
}
size_t zvc_decode(Workspace&, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                  size_t dst_size) {
  return zvc::decode(src, src_size, width, dst, dst_size);
}
size_t zvc_decode_to_cache(Workspace&, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                           size_t dst_size) {
  return zvc::decode(src, src_size, width, dst, dst_size, zvc::Store::kCached);
}

size_t zrle_encode(Workspace&, const uint8_t* src, size_t size, unsigned width, int /*level*/, uint8_t* dst,
                   size_t cap) {
  return zrle::encode(src, size, width, dst, cap);
}

size_t zrle_decode(Workspace&, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                   size_t dst_size) {
  return zrle::decode(src, src_size, width, dst, dst_size);
}

size_t zstd_block_encode(Workspace& ws, const uint8_t* src, size_t size, unsigned, int level, uint8_t* dst,
                         size_t cap) {
  return ext::zstd_encode(ws, src, size, ext::zstd_level_for(level), dst, cap);
}
size_t zstd_block_decode(Workspace& ws, const uint8_t* src, size_t src_size, unsigned, uint8_t* dst,
                         size_t dst_size) {
  return ext::zstd_decode(ws, src, src_size, dst, dst_size);
}
uint64_t zstd_block_encode_workspace(size_t block, unsigned, int level) {
  return ext::zstd_encode_workspace(ext::zstd_level_for(level), block);
}
uint64_t zstd_block_decode_workspace(size_t, unsigned, int) { return ext::zstd_decode_workspace(); }

size_t lz4_block_encode(Workspace& ws, const uint8_t* src, size_t size, unsigned, int level, uint8_t* dst,
                        size_t cap) {
  return ext::lz4_encode(ws, src, size, ext::lz4_level_for(level), dst, cap);
}
size_t lz4_block_decode(Workspace&, const uint8_t* src, size_t src_size, unsigned, uint8_t* dst,
                        size_t dst_size) {
  return ext::lz4_decode(src, src_size, dst, dst_size);
}
uint64_t lz4_block_encode_workspace(size_t, unsigned, int level) {
  return ext::lz4_encode_workspace(ext::lz4_level_for(level));
}


// Ids are permanent: never renumber, never reuse (docs/format.md).
constexpr std::array<CodecInfo, 7> kCodecs = {{
    {CDMA_CODEC_STORE, "store", raw::store_encode, raw::store_decode},
    {CDMA_CODEC_ZERO, "zero", raw::zero_encode, raw::zero_decode},
    {CDMA_CODEC_ZVC, "zvc", zvc_encode, zvc_decode, zvc_encode_to_scratch, zvc_decode_to_cache},
    {CDMA_CODEC_ZRLE, "zrle", zrle_encode, zrle_decode},
    {CDMA_CODEC_SPLIT, "split", split::encode, split::decode, nullptr, split::decode_to_cache,
     split::encode_workspace, split::decode_workspace},
    {CDMA_CODEC_ZSTD, "zstd", zstd_block_encode, zstd_block_decode, nullptr, nullptr, zstd_block_encode_workspace,
     zstd_block_decode_workspace},
    {CDMA_CODEC_LZ4, "lz4", lz4_block_encode, lz4_block_decode, nullptr, nullptr, lz4_block_encode_workspace},
}};

}  // namespace

const CodecInfo* find_codec(uint8_t id) {
  for (const CodecInfo& c : kCodecs)
    if (c.id == id) return &c;
  return nullptr;
}

const CodecInfo* find_codec_by_name(const char* name) {
  for (const CodecInfo& c : kCodecs)
    if (std::strcmp(c.name, name) == 0) return &c;
  return nullptr;
}

}  // namespace cdma
