#include "model/layer_rows.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "model/errors.hpp"

namespace cdma::model {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw ModelError(ErrorKind::data, where + ": " + what);
}

double parse_number(const std::string& text, const std::string& field, const std::string& where) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || errno == ERANGE || !std::isfinite(v) || v < 0)
    fail(where, field + " '" + text + "' is not a non-negative number");
  return v;
}

uint64_t parse_bytes(const std::string& text, const std::string& where) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  errno = 0;
  const unsigned long long v = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
  if (!digits || errno == ERANGE) fail(where, "bytes '" + text + "' is not a whole number of bytes");
  return v;
}

}  // namespace

Layer layer_from_row(const LayerRow& row, const std::string& where) {
  Layer l;
  std::optional<LayerKind> kind;
  for (const auto& [field, text] : row) {
    if (text.empty()) continue;
    if (field == "name") {
      l.name = text;
    } else if (field == "kind") {
      kind = parse_kind(text);
      if (!kind) fail(where, "kind '" + text + "' is not conv, fc, pool or other");
    } else if (field == "bytes") {
      l.bytes = parse_bytes(text, where);
    } else if (field == "fwd_ms") {
      l.fwd_s = parse_number(text, field, where) * 1e-3;
    } else if (field == "bwd_ms") {
      l.bwd_s = parse_number(text, field, where) * 1e-3;
    } else if (field == "flops") {
      l.flops = parse_number(text, field, where);
    } else if (field == "bwd_flops") {
      l.bwd_flops = parse_number(text, field, where);
    } else if (field == "ratio") {
      l.ratio = parse_number(text, field, where);
      if (*l.ratio == 0) fail(where, "ratio must be > 0");
    } else {
      fail(where, "unknown field '" + field +
                      "' (known: name kind bytes fwd_ms bwd_ms flops bwd_flops ratio)");
    }
  }
  if (l.name.empty()) fail(where, "a layer needs a name");
  l.kind = kind.value_or(guess_kind(l.name));
  if (!l.fwd_s && !l.flops) fail(where, "layer '" + l.name + "' needs fwd_ms or flops");
  if (l.bwd_s && !l.fwd_s) fail(where, "layer '" + l.name + "' gives bwd_ms without fwd_ms");
  return l;
}

}  // namespace cdma::model
