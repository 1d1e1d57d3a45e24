// An input read in chunks, never whole: a file, a FIFO or standard input ("-"),
// behind a buffer that can be peeked at (to parse a .npy or frame header
// before streaming) and consumed piece by piece.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "io_buffer.hpp"

namespace cdma::cli {

// Bytes read per read() call: big enough that syscalls cost nothing, small
// enough that memory stays bounded by it whatever the input's size.
inline constexpr size_t kChunkSize = size_t{1} << 20;

class InputStream {
 public:
  // Opens `path`, or standard input for "-". Throws CliError (kExitIo) when
  // the file cannot be opened or is neither a regular file nor a FIFO (a
  // directory names -r; a FIFO is read as a stream, as zstd does).
  explicit InputStream(const std::string& path);
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;
  ~InputStream();

  bool is_stdin() const { return is_stdin_; }
  // The size fstat() reported for a regular file; nullopt for a pipe.
  std::optional<uint64_t> size() const { return size_; }
  mode_t mode() const { return mode_; }
  // fstat() of a regular file (whose metadata the output keeps); else none.
  const std::optional<struct stat>& file_stat() const { return stat_; }

  // Buffered bytes not yet consumed.
  std::span<const uint8_t> available() const {
    return {buf_.data() + begin_, end_ - begin_};
  }
  void consume(size_t n) { begin_ += n; }

  // Reads until at least `n` bytes are buffered or the input ends; returns
  // false when it ended first. Reads whole chunks where it can.
  bool fill(size_t n);
  // True once read() has reported the end and every buffered byte is consumed.
  bool at_end() { return !fill(1); }

  // Reads in chunks of `bytes` from now on (never below kChunkSize). The
  // caller may leave up to `keep` bytes unconsumed between fills (the part
  // of a block that the next read completes): each chunk is read behind
  // that much room, so the two join with a copy of those bytes only.
  void set_chunk_size(size_t bytes, size_t keep = 0);

  // From now on a thread reads the next chunk while the caller works on the
  // current one, so that with -T1 the read() calls overlap the coding
  // instead of leaving the other core idle. Regular files only (a read from
  // a pipe may block forever, and the thread must be joinable); a no-op on
  // standard input and pipes.
  // With `split` (the caller codes on every core, so a thread reading
  // meanwhile would take a core from a coding thread, and each one it
  // holds up stalls the whole batch), the thread instead reads half of
  // each chunk while the caller reads the other half, only when fill()
  // asks: reading then takes half the time and never competes with coding.
  void enable_read_ahead(bool split = false);
  // Whether enable_read_ahead() would start a thread: a regular file (not
  // standard input) with more to read.
  bool can_read_ahead() const { return !ahead_ && !is_stdin_ && size_ && !eof_; }

  // Bytes read from the input so far (consumed or not).
  uint64_t bytes_read() const { return read_; }

 private:
  int fd_ = -1;
  bool is_stdin_ = false;
  bool eof_ = false;
  std::optional<uint64_t> size_;
  mode_t mode_ = 0644;
  std::optional<struct stat> stat_;
  IoBuffer buf_;
  size_t chunk_ = kChunkSize;
  size_t headroom_ = 0;  // room before each read-ahead chunk, for a kept tail
  struct ReadAhead;
  std::unique_ptr<ReadAhead> ahead_;
  bool take_read_ahead();  // appends the prefetched chunk; false at the end
  void read_split();       // appends a chunk read by the caller and the thread
  bool split_ = false;
  uint64_t offset_ = 0;  // the file offset of the next read_split()
  size_t begin_ = 0;
  size_t end_ = 0;
  uint64_t read_ = 0;
};

}  // namespace cdma::cli
