#ifndef CDMA_PY_CONTAINERS_HPP
#define CDMA_PY_CONTAINERS_HPP

#include <pybind11/pybind11.h>

namespace cdma_py {

// safetensors_layout: the CLI's safetensors header reader (lib/tensorio), so
// that cdma.load() validates a header by the same rules as `cdma compress`.
void bind_containers(pybind11::module_& m);

}  // namespace cdma_py

#endif
