# `cpack` in a build folder makes a Debian package of what `cmake --install` installs (the
# programs, the libraries with their headers and CMake package, the scenarios, the OpenAPI
# document, the man pages and the bash completions), installed under /usr. Only a build folder
# configured for /usr makes a working package (the harness's library finds its scenarios in the
# prefix it was built for): dev/package makes one, build-package/.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME descript-mock)
set(CPACK_PACKAGE_VENDOR descript-mock)
set(CPACK_PACKAGE_CONTACT "descript-mock maintainers <descript-mock@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "simulated Descript API: mock server, client and conformance harness")
set(CPACK_PACKAGE_DESCRIPTION
    "descript-mock answers the Descript API's /v1 endpoints as the real service does, with a \
control plane to steer it. The package holds the descript-mock server, the descript client, the \
descript-conformance harness with its scenarios and OpenAPI document, and the C++ libraries with \
their CMake package (find_package(DescriptMock)).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Whatever the build's flags, the package carries no debug information.
set(CPACK_STRIP_FILES ON)
set(CPACK_DESCRIPT_MOCK_STRIP ${CMAKE_STRIP})
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/package_strip.cmake)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: what dpkg-shlibdeps finds the programs link (cpp-httplib, OpenSSL, yaml-cpp, libstdc++).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The libraries are static and their CMake package finds, at the consumer's build, the headers
# of what they link privately: a build against them needs these, running the programs does not.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "g++, cmake, pkg-config, libcpp-httplib-dev, nlohmann-json3-dev, libsimdjson-dev, libyaml-cpp-dev")
include(CPack)
