// Encoder and decoder tables of a normalized frequency table (rans.hpp).
#include "codecs/entropy/rans.hpp"

namespace cdma::entropy {

void build_encoder(const uint16_t norm[256], unsigned table_log, EncTable* t) {
  t->table_log = table_log;
  const uint32_t m = uint32_t{1} << table_log;
  uint32_t cum = 0;
  t->lo_symbol = 255, t->hi_symbol = 0;
  for (unsigned s = 0; s < 256; ++s) {
    if (norm[s] != 0) t->lo_symbol = s < t->lo_symbol ? s : t->lo_symbol, t->hi_symbol = s;
    // Absent symbols get f = 1's entry: harmless, and never used. It needs
    // no division (rcp = 2^31), which most of the 256 entries can skip.
    const uint32_t f = norm[s] != 0 ? norm[s] : 1;
    const unsigned log_f = f == 1 ? 0 : 32 - static_cast<unsigned>(__builtin_clz(f - 1));  // ceil(log2(f))
    EncSymbol& e = t->sym[s];
    e.x_max = ((kStateLow >> table_log) << 16) * f;
    // rcp = ceil(2^(31+l) / f) with l = ceil(log2(f)) is below 2^32 (as
    // f > 2^(l-1)), and its error e = rcp * f - 2^(31+l) < f <= 2^l keeps
    // x * e < 2^(31+l) for x < 2^31, so (x * rcp) >> (31+l) == x / f exactly.
    // For f == 1 it is 2^31 and the quotient is x itself.
    const uint64_t num = uint64_t{1} << (31 + log_f);
    e.rcp = f == 1 ? uint32_t{1} << 31 : static_cast<uint32_t>((num + f - 1) / f);
    e.shift = 31 + log_f;
    e.bias = static_cast<uint16_t>(cum);
    e.cmpl = static_cast<uint16_t>(m - f);
    t->rcp[s] = e.rcp;
    t->packed[s] = f | cum << 12 | log_f << 24;
    cum += norm[s];
  }
}

void build_decoder(const uint16_t norm[256], unsigned table_log, DecTable* t) {
  t->table_log = table_log;
  uint32_t slot = 0;
  for (uint32_t s = 0; s < 256; ++s) {
    const uint32_t f = norm[s];
    for (uint32_t j = 0; j < f; ++j) t->slot[slot + j] = s | j << 8 | f << 20;
    slot += f;
  }
}

}  // namespace cdma::entropy
