# `cmake --install`: headers, libcdma.a, libcdma.so.MAJOR, a CMake package
# (find_package(cdma CONFIG) -> cdma::cdma) and cdma.pc. The package files are
# written by hand rather than by install(EXPORT): the build-tree targets carry
# source-tree include paths and pkg-config imported targets that a user's
# project does not have, while the hand-written file finds them itself.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(FILES
  ${PROJECT_SOURCE_DIR}/include/cdma/cdma.h
  ${PROJECT_SOURCE_DIR}/include/cdma/cdma_errors.h
  ${PROJECT_SOURCE_DIR}/include/cdma/cdma.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cdma)
install(TARGETS cdma
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS cdma_shared
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_SKIP)
install(TARGETS cdma_shared
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_ONLY)

# Both package files locate the prefix relative to themselves, so an install
# moved elsewhere (or made with `cmake --install --prefix`) still works.
set(CDMA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cdma)
set(CDMA_PKGCONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH CDMA_CMAKE_TO_PREFIX /${CDMA_CMAKE_DIR} /)
file(RELATIVE_PATH CDMA_PC_TO_PREFIX /${CDMA_PKGCONFIG_DIR} /)
string(REGEX REPLACE "/$" "" CDMA_CMAKE_TO_PREFIX "${CDMA_CMAKE_TO_PREFIX}")
string(REGEX REPLACE "/$" "" CDMA_PC_TO_PREFIX "${CDMA_PC_TO_PREFIX}")

configure_file(${CMAKE_CURRENT_LIST_DIR}/cdmaConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/cdmaConfig.cmake @ONLY)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/cdmaConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
configure_file(${CMAKE_CURRENT_LIST_DIR}/cdma.pc.in ${PROJECT_BINARY_DIR}/package/cdma.pc @ONLY)

install(FILES
  ${PROJECT_BINARY_DIR}/package/cdmaConfig.cmake
  ${PROJECT_BINARY_DIR}/package/cdmaConfigVersion.cmake
  DESTINATION ${CDMA_CMAKE_DIR})
install(FILES ${PROJECT_BINARY_DIR}/package/cdma.pc DESTINATION ${CDMA_PKGCONFIG_DIR})
