#include "contexts.hpp"

#include "errors.hpp"

namespace cdma_py {

CctxPtr make_cctx(const CompressParams& p) {
  CctxPtr c(cdma_cctx_create());
  if (!c) raise_error(CDMA_ERROR_memory_allocation);
  check(cdma_cctx_set_param(c.get(), CDMA_P_ELEMENT_WIDTH, p.element_width));
  if (p.level != 0) check(cdma_cctx_set_param(c.get(), CDMA_P_LEVEL, p.level));
  check(cdma_cctx_set_param(c.get(), CDMA_P_CODEC, p.codec));
  check(cdma_cctx_set_param(c.get(), CDMA_P_THREADS, p.threads));
  check(cdma_cctx_set_param(c.get(), CDMA_P_CHECKSUM, p.checksum ? 1 : 0));
  if (p.dtype || p.shape) {
    const std::vector<uint64_t>* dims = p.shape ? &*p.shape : nullptr;
    check(cdma_cctx_set_tensor(c.get(), p.dtype ? p.dtype->c_str() : nullptr, dims ? 1 : 0,
                               dims && !dims->empty() ? dims->data() : nullptr,
                               dims ? dims->size() : 0));
  }
  return c;
}

DctxPtr make_dctx(int threads) {
  DctxPtr d(cdma_dctx_create());
  if (!d) raise_error(CDMA_ERROR_memory_allocation);
  check(cdma_dctx_set_param(d.get(), CDMA_DP_THREADS, threads));
  return d;
}

}  // namespace cdma_py
