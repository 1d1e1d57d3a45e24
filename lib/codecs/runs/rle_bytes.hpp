// Byte RLE: run-length coding of a byte stream whose runs are of any value,
// such as the ZVC mask of an activation block (long runs of 0x00 from dead
// channels and padded borders, of 0xFF from dense regions, and mixed bytes
// in between). Runs of kRleMinRun or more equal bytes are coded as a count
// and a value; everything else is copied as literals. The format is in
// docs/format-zrle.md, "Byte RLE stream".
//
// rle_bytes_encode() scans for runs with Highway kernels (dynamic dispatch
// per call); scalar::rle_bytes_encode() is the reference it matches byte for
// byte. Decoding is memcpy/memset bound and has one implementation.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::runs {

// Returned by rle_bytes_encode() when the stream would exceed dst_capacity.
inline constexpr size_t kNoFit = ~static_cast<size_t>(0);

// Shortest run coded as a run: a run costs at most 2 bytes more than the
// literals around it need anyway (its value byte and the next token), so 4
// equal bytes always save at least 2.
inline constexpr size_t kRleMinRun = 4;

// Largest stream rle_bytes_encode() writes for `size` bytes: all literals
// cost one token and one varint; only tokens with 16 Ki or more literals
// can add a few bytes each (docs/format-zrle.md).
constexpr size_t rle_bytes_bound(size_t size) { return size + size / 2048 + 16; }

// Encodes `size` bytes; returns the stream size, or kNoFit without writing
// at or beyond dst + dst_capacity.
size_t rle_bytes_encode(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_capacity);

// Decodes a stream of exactly `src_size` bytes into exactly `dst_size`
// bytes. Returns dst_size, or an error result (corruption_detected) when the
// stream is malformed, ends early, has bytes left, or would produce a
// different size. Never reads or writes outside the two buffers; on error
// the contents of dst are unspecified.
size_t rle_bytes_decode(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size);

namespace scalar {
size_t rle_bytes_encode(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_capacity);
}  // namespace scalar

}  // namespace cdma::runs
