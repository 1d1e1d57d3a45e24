#include "benchkit/method_list.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <utility>

namespace cdma::benchkit {
namespace {

// cdma's codec named `name` (the library's names, cdma_codec_name) that
// may be asked for: every one cdma_param_check accepts but auto, which
// cdma-L names. None for any other name.
std::optional<cdma_codec> codec_named(const std::string& name) {
  if (name.find('\0') != std::string::npos) return std::nullopt;
  const int id = cdma_codec_from_name(name.c_str());
  if (id < 0 || id == CDMA_CODEC_AUTO || cdma_param_check(CDMA_P_CODEC, id) != 0) return std::nullopt;
  return static_cast<cdma_codec>(id);
}

std::optional<int> parse_int(const std::string& s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// "split-5" -> ("split", "5"); "lz4" -> ("lz4", "").
std::pair<std::string, std::string> split_level(const std::string& name) {
  const auto dash = name.rfind('-');
  if (dash == std::string::npos || !parse_int(name.substr(dash + 1))) return {name, ""};
  return {name.substr(0, dash), name.substr(dash + 1)};
}

int level_in(const std::string& text, int fallback, int lo, int hi, const std::string& name) {
  if (text.empty()) return fallback;
  const int l = *parse_int(text);
  if (l < lo || l > hi)
    throw MethodError(name + ": level " + text + " outside " + std::to_string(lo) + ".." +
                      std::to_string(hi));
  return l;
}

Method method_for(const std::string& name) {
  auto [base, level] = split_level(name);
  const cdma_bounds cl = cdma_param_get_bounds(CDMA_P_LEVEL);
  const int lo = static_cast<int>(cl.lower), hi = static_cast<int>(cl.upper);
  if (base == "cdma") {
    if (level.empty()) throw MethodError(name + ": say which level, e.g. cdma-3");
    const int l = level_in(level, 3, lo, hi, name);
    std::string canonical = "cdma-";  // cdma-03 is cdma-3
    canonical += std::to_string(l);
    return cdma_method(canonical, CDMA_CODEC_AUTO, l);
  }
  std::string codec = base;
  if (base.rfind("cdma-", 0) == 0) codec = base.substr(5);
  else if (base != "zvc" && base != "zrle" && base != "split") codec.clear();
  if (!codec.empty()) {
    const std::optional<cdma_codec> id = codec_named(codec);
    if (!id) throw MethodError(name + ": cdma has no codec " + codec);
    // Named by the level it means, not as typed: zvc, cdma-zvc-3 and
    // zvc-03 are one method, timed once.
    const int l = level_in(level, 3, lo, hi, name);
    std::string canonical = "cdma-" + codec;
    if (l != 3) {
      canonical += '-';
      canonical += std::to_string(l);
    }
    return cdma_method(canonical, *id, l);
  }
  if (base == "lz4" && level.empty()) return lz4_method();
  if (base == "lz4hc") return lz4hc_method(level_in(level, 9, 1, 12, name));
  if (base == "zstd") {
    if (level.empty()) throw MethodError(name + ": say which level, e.g. zstd-3 (cdma-zstd is cdma's)");
    return zstd_method(level_in(level, 3, 1, 22, name));
  }
  if (base == "zlib") return zlib_method(level_in(level, 6, 1, 9, name));
  if (base == "memcpy" && level.empty()) return memcpy_method();
  throw MethodError("unknown codec " + name +
                    " (cdma-L, cdma-CODEC[-L], zvc, zrle, split[-L], lz4, lz4hc[-L], zstd-L, "
                    "zlib[-L], memcpy)");
}

}  // namespace

std::vector<Method> methods_from_names(const std::vector<std::string>& names) {
  std::vector<Method> out{memcpy_method()};
  for (const std::string& n : names) {
    Method m = method_for(n);
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&m](const Method& o) { return o.name == m.name; });
    if (!seen) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace cdma::benchkit
