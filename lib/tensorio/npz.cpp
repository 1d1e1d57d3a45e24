#include "tensorio/npz.hpp"

#include <algorithm>
#include <cstring>
#include <set>

#include "text/escape.hpp"

namespace cdma::tensorio {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint32_t kEnd64Sig = 0x06064b50;
constexpr uint32_t kLocator64Sig = 0x07064b50;
constexpr size_t kEndSize = 22, kLocator64Size = 20, kEnd64Size = 56, kCentralSize = 46,
                 kLocalSize = 30;

// ZIP's fields are little-endian; read byte by byte, on any host. (libcdma's
// common/endian.hpp is internal to the library, which tools use only
// through cdma.h.)
uint64_t load_le(const uint8_t* p, size_t bytes) {
  uint64_t v = 0;
  for (size_t k = bytes; k-- > 0;) v = v << 8 | p[k];
  return v;
}
uint16_t load_le16(const uint8_t* p) { return static_cast<uint16_t>(load_le(p, 2)); }
uint32_t load_le32(const uint8_t* p) { return static_cast<uint32_t>(load_le(p, 4)); }
uint64_t load_le64(const uint8_t* p) { return load_le(p, 8); }

// Member names are untrusted: escaped, so that a message cannot be forged.
std::string member(const std::string& name) { return "member " + text::quoted_name(name); }

// The end-of-central-directory record: the last signature whose comment
// length reaches exactly the end of the file.
std::optional<uint64_t> find_end(std::span<const uint8_t> f) {
  if (f.size() < kEndSize) return std::nullopt;
  const uint64_t lowest = f.size() > kEndSize + 0xFFFF ? f.size() - kEndSize - 0xFFFF : 0;
  for (uint64_t at = f.size() - kEndSize + 1; at-- > lowest;)
    if (load_le32(&f[at]) == kEndSig && at + kEndSize + load_le16(&f[at + 20]) == f.size()) return at;
  return std::nullopt;
}

// Replaces the 0xFFFFFFFF fields of a central entry from its zip64 extra
// field (id 1: size, compressed size, local offset, in that order, each
// present only when its 32-bit field is saturated).
bool apply_zip64(std::span<const uint8_t> extra, NpzMember& m, bool usat, bool csat, bool osat) {
  if (!usat && !csat && !osat) return true;
  for (size_t at = 0; at + 4 <= extra.size();) {
    const uint16_t id = load_le16(&extra[at]);
    const uint16_t len = load_le16(&extra[at + 2]);
    if (at + 4 + len > extra.size()) return false;
    if (id == 1) {
      size_t p = at + 4;
      const size_t end = p + len;
      for (auto [sat, field] : {std::pair{usat, &m.size}, {csat, &m.compressed_size},
                                {osat, &m.local_offset}}) {
        if (!sat) continue;
        if (p + 8 > end) return false;
        *field = load_le64(&extra[p]);
        p += 8;
      }
      return true;
    }
    at += 4 + len;
  }
  return false;
}

bool bad_name(const std::string& n) {
  if (n.empty() || n.front() == '/' || n.find('\\') != std::string::npos ||
      n.find('\0') != std::string::npos || (n.size() > 1 && n[1] == ':'))
    return true;
  // ".." as a whole path component.
  size_t start = 0;
  while (start <= n.size()) {
    const size_t slash = std::min(n.find('/', start), n.size());
    if (n.compare(start, slash - start, "..") == 0 && slash - start == 2) return true;
    start = slash + 1;
  }
  return false;
}

}  // namespace

std::optional<NpzLayout> parse_npz(std::span<const uint8_t> f, std::string& error) {
  const auto end = find_end(f);
  if (!end) {
    error = "not a zip archive (no end-of-central-directory record ending the file)";
    return std::nullopt;
  }
  const uint8_t* e = &f[*end];
  uint64_t count = load_le16(e + 10);
  uint64_t cd_size = load_le32(e + 12);
  uint64_t cd_offset = load_le32(e + 16);
  uint64_t cd_limit = *end;
  if (load_le16(e + 4) != 0 || load_le16(e + 6) != 0 || load_le16(e + 8) != count) {
    error = "a multi-disk zip archive";
    return std::nullopt;
  }
  if (*end >= kLocator64Size && load_le32(&f[*end - kLocator64Size]) == kLocator64Sig) {
    const uint64_t at = load_le64(&f[*end - kLocator64Size + 8]);
    if (at > *end - kLocator64Size || *end - kLocator64Size - at < kEnd64Size ||
        load_le32(&f[at]) != kEnd64Sig) {
      error = "damaged zip64 end-of-central-directory record";
      return std::nullopt;
    }
    count = load_le64(&f[at + 32]);
    cd_size = load_le64(&f[at + 40]);
    cd_offset = load_le64(&f[at + 48]);
    cd_limit = at;
  }
  if (cd_offset > cd_limit || cd_size != cd_limit - cd_offset || count > cd_size / kCentralSize) {
    error = "the central directory does not fit the archive";
    return std::nullopt;
  }
  NpzLayout layout;
  layout.central_directory = cd_offset;
  std::set<std::string> names;
  uint64_t at = cd_offset;
  for (uint64_t k = 0; k < count; ++k) {
    if (cd_limit - at < kCentralSize || load_le32(&f[at]) != kCentralSig) {
      error = "central directory entry " + std::to_string(k + 1) + " is damaged";
      return std::nullopt;
    }
    const uint8_t* c = &f[at];
    const uint16_t flags = load_le16(c + 8), method = load_le16(c + 10);
    const uint32_t csize = load_le32(c + 20), usize = load_le32(c + 24), lho = load_le32(c + 42);
    const uint64_t nlen = load_le16(c + 28), xlen = load_le16(c + 30), clen = load_le16(c + 32);
    if (cd_limit - at - kCentralSize < nlen + xlen + clen) {
      error = "central directory entry " + std::to_string(k + 1) + " runs past its end";
      return std::nullopt;
    }
    NpzMember m;
    m.name.assign(reinterpret_cast<const char*>(c + kCentralSize), nlen);
    m.stored = method == 0;
    m.compressed_size = csize;
    m.size = usize;
    m.local_offset = lho;
    const std::string who = member(m.name);
    if (!apply_zip64({c + kCentralSize + nlen, xlen}, m, usize == 0xFFFFFFFF, csize == 0xFFFFFFFF,
                     lho == 0xFFFFFFFF)) {
      error = who + ": damaged zip64 extra field";
      return std::nullopt;
    }
    if (bad_name(m.name)) {
      error = who + ": not a plain relative name (absolute, \"..\", \"\\\" or NUL)";
      return std::nullopt;
    }
    if (!m.name.ends_with(".npy")) {
      error = who + ": not a .npy member";
      return std::nullopt;
    }
    if (!names.insert(m.name).second) {
      error = who + ": appears twice";
      return std::nullopt;
    }
    if (flags & 1) {
      error = who + ": encrypted";
      return std::nullopt;
    }
    if (method != 0 && method != 8) {
      error = who + ": compression method " + std::to_string(method) + " (only stored and deflated)";
      return std::nullopt;
    }
    if (m.stored && m.size != m.compressed_size) {
      error = who + ": stored, but its sizes differ";
      return std::nullopt;
    }
    if (m.local_offset > cd_offset || cd_offset - m.local_offset < kLocalSize ||
        load_le32(&f[m.local_offset]) != kLocalSig) {
      error = who + ": its local header is missing or past the central directory";
      return std::nullopt;
    }
    const uint8_t* l = &f[m.local_offset];
    const uint64_t lnlen = load_le16(l + 26), lxlen = load_le16(l + 28);
    m.data_offset = m.local_offset + kLocalSize + lnlen + lxlen;
    if (m.data_offset > cd_offset || m.compressed_size > cd_offset - m.data_offset) {
      error = who + ": its data runs into the central directory";
      return std::nullopt;
    }
    if (load_le16(l + 8) != method || lnlen != nlen ||
        std::memcmp(l + kLocalSize, m.name.data(), nlen) != 0) {
      error = who + ": local header disagrees with the central directory";
      return std::nullopt;
    }
    layout.members.push_back(std::move(m));
    at += kCentralSize + nlen + xlen + clen;
  }
  std::sort(layout.members.begin(), layout.members.end(),
            [](const auto& a, const auto& b) { return a.local_offset < b.local_offset; });
  for (size_t k = 1; k < layout.members.size(); ++k) {
    const NpzMember& prev = layout.members[k - 1];
    if (layout.members[k].local_offset < prev.data_offset + prev.compressed_size) {
      error = member(layout.members[k].name) + ": overlaps " + member(prev.name);
      return std::nullopt;
    }
  }
  return layout;
}

}  // namespace cdma::tensorio
