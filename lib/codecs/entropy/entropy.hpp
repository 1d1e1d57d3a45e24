// Order-0 byte entropy coder: interleaved rANS behind a 1-byte mode, usable
// on any byte stream. The encoded stream is self-describing; the decoder
// needs only the exact decoded size (docs/format-entropy.md):
//   mode 0 RAW    : Mode | the n bytes as they are
//   mode 1 RLE    : Mode | Symbol            (n copies of one byte, n >= 1)
//   mode 2 RANS4  : Mode | Table | 4 lane states | 16-bit words
//   mode 3 RANS32 : Mode | Table | 32 lane states | 16-bit words
// RANS32 is coded and decoded with SIMD (faster: bench/kernel-design.md)
// but its states cost ~75 bytes more; by default encode() keeps it for
// payloads of 8 KiB and more (EncodeOptions).
//
// The API is staged in the FSE manner, so each stage is tested on its own,
// the pipeline can estimate a stream's size from its histogram without
// coding it, and one table could serve several streams:
//   histogram -> estimate_size -> normalize -> write_table -> rans encode
//   read_table -> rans decode
// encode()/decode() run the whole pipeline and pick the mode. The rANS
// stage itself is declared in rans.hpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::entropy {

// Returned by encode() and write_table() when dst_capacity is too small.
inline constexpr size_t kNoFit = ~static_cast<size_t>(0);

enum Mode : uint8_t { kModeRaw = 0, kModeRle = 1, kModeRans4 = 2, kModeRans32 = 3 };

// Probability precision: normalized frequencies sum to 2^table_log.
// 8 is the least that gives each of 256 symbols a slot; 12 keeps the decode
// table (4 bytes per slot) at 16 KiB, inside L1.
inline constexpr unsigned kMinTableLog = 8;
inline constexpr unsigned kMaxTableLog = 12;

// Longest stream encode() entropy-codes: histogram counts are 32-bit.
// Longer streams are stored RAW, which has no length limit.
inline constexpr size_t kMaxCodedSize = 0xFFFFFFFFu;

// Largest encode() output for n input bytes: RAW is never exceeded.
constexpr size_t encode_bound(size_t n) { return n + 1; }

// Counts each byte value of src[0, n) into hist (overwritten), n <= kMaxCodedSize.
// Returns the number of distinct byte values (0 only when n == 0).
unsigned histogram(const uint8_t* src, size_t n, uint32_t hist[256]);

// Order-0 Shannon bound of a histogram of n symbols, in bits: the size
// below which no order-0 coder can go, not counting its table.
double shannon_bits(const uint32_t hist[256], size_t n);

// The one choice encode() leaves to its caller. RANS32 streams decode
// faster than RANS4 ones (bench/kernel-design.md) but cost ~75 bytes more
// (28 more lane states):
// payloads whose Shannon bound is at least wide_min_payload bytes take 32
// lanes. The default keeps that cost under 1%; 0 always takes 32 lanes
// (speed first), a huge value never does (ratio first on small streams).
inline constexpr double kWideMinPayload = 8192;
struct EncodeOptions {
  double wide_min_payload = kWideMinPayload;
  bool fast_normalize = false;  // normalize(..., fast = true)
  // Largest table log to use (choose_table_log() otherwise): a 2^11-slot
  // decode table builds faster than a 2^12 one, a visible share of the
  // decode of a 128 KiB block's ~16 KiB streams (bench/kernel-design.md).
  unsigned max_table_log = kMaxTableLog;
};

// rANS lanes (4 or 32) encode() uses for a stream whose Shannon bound is
// `bits`.
unsigned choose_lanes(double bits, const EncodeOptions& options = {});

// Predicted size of encode()'s output (mode byte, table and all) from the
// histogram alone, without normalizing or coding: within a few bytes plus
// 0.5% of the real size for rANS, exact for RAW and RLE. Cheap: one pass
// over 256 counts. Never more than encode_bound(n). The second form takes
// shannon_bits(hist, n) when the caller has it already.
size_t estimate_size(const uint32_t hist[256], size_t n, const EncodeOptions& options = {});
size_t estimate_size(const uint32_t hist[256], size_t n, double bits, const EncodeOptions& options = {});

// Table log encode() uses for n symbols: small streams get a small table,
// which is cheaper to describe and to build, at no loss since the counts
// already fit it.
unsigned choose_table_log(size_t n);
unsigned choose_table_log(size_t n, const EncodeOptions& options);

// Scales a histogram of n symbols (n <= kMaxCodedSize, at least 2 distinct
// symbols) to frequencies norm[] summing to exactly 2^table_log, each
// present symbol getting at least 1, chosen to minimize the coded size.
// Returns the number of present symbols, or an error result
// (parameter_out_of_bound) when the preconditions do not hold.
// `fast` puts the whole rounding correction on the most frequent symbol
// when that moves it by at most half (FSE's shortcut: a few bytes more per
// stream, no logarithms), else normalizes optimally.
size_t normalize(const uint32_t hist[256], size_t n, unsigned table_log, uint16_t norm[256],
                 bool fast = false);

// Writes the table description (docs/format-entropy.md, "Table") of a
// normalized table. Returns its size, or kNoFit when dst_capacity is short.
size_t write_table(const uint16_t norm[256], unsigned table_log, uint8_t* dst, size_t dst_capacity);

// Size write_table() would write for norm, without writing.
size_t table_size(const uint16_t norm[256]);

// Reads a table description from the first bytes of src[0, src_size) and
// validates it: table log in range, symbols in range, at least 2 symbols,
// frequencies summing to exactly 2^table_log. Returns the bytes read, or an
// error result (corruption_detected).
size_t read_table(const uint8_t* src, size_t src_size, uint16_t norm[256], unsigned* table_log);

// True when a sample of src (1 KiB spread over it) shows bytes so close to
// uniform (collision entropy of skip_bits or more) that order-0 coding would
// save under (8 - skip_bits) / 8 before its table (2.5% at 7.8 bits), so a
// caller after speed stores the stream instead of running encode(). Only
// streams of 4 KiB and more are judged (false below). Costs ~1/8 of a
// histogram on a 16 KiB stream.
inline constexpr double kDefaultSkipBits = 7.8;
bool looks_incompressible(const uint8_t* src, size_t n, double skip_bits = kDefaultSkipBits);

// Encodes n bytes into dst. Returns the encoded size (at most
// encode_bound(n)), or kNoFit when it does not fit dst_capacity. Never
// writes at or beyond dst + dst_capacity.
size_t encode(const uint8_t* src, size_t n, uint8_t* dst, size_t dst_capacity,
              const EncodeOptions& options = {});

// Decodes an encoded stream of exactly src_size bytes into exactly dst_size
// bytes. Returns dst_size, or an error result (corruption_detected) when the
// stream is malformed, truncated, or does not decode to dst_size bytes.
// Reads only src[0, src_size), writes only dst[0, dst_size).
size_t decode(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size);

}  // namespace cdma::entropy
