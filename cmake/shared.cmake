# libcdma.so: the shared library, linked from the same object files as the
# static `cdma` (lib/CMakeLists.txt), so both always contain the same code.
# Included from the top level after lib/ so that every object library the
# static archive lists is already known.
get_target_property(_cdma_objects cdma SOURCES)
get_target_property(_cdma_deps cdma INTERFACE_LINK_LIBRARIES)
# Imported targets found inside lib/ are scoped to it; find them here too.
find_package(Threads REQUIRED)

add_library(cdma_shared SHARED ${_cdma_objects})
set_target_properties(cdma_shared PROPERTIES
  OUTPUT_NAME cdma
  LINKER_LANGUAGE CXX
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON
  LINK_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/cdma.map)
target_include_directories(cdma_shared PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)
target_link_options(cdma_shared PRIVATE -Wl,--version-script=${CMAKE_CURRENT_LIST_DIR}/cdma.map)
# --no-undefined: a layer added to the static list but missing a dependency
# here fails at link time instead of in a user's program. Not under the
# sanitizers, whose runtime the executable provides.
if(NOT CDMA_SANITIZE AND NOT CDMA_FUZZ)
  target_link_options(cdma_shared PRIVATE -Wl,--no-undefined)
endif()
target_link_libraries(cdma_shared PRIVATE ${_cdma_deps})
