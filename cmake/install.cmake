# `cmake --install` puts the programs, the libraries with their public headers, the scenario
# files, the OpenAPI document and a CMake package in the prefix:
#   find_package(DescriptMock CONFIG) -> DescriptMock::mock_server, ::client, ::conformance
include(CMakePackageConfigHelpers)

install(TARGETS descript-mock descript descript-conformance
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS descript_common descript_mock descript_client descript_conformance
        EXPORT DescriptMockTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY common/include/descript_common mock_server/include/descript_mock client/include/descript_client
                  conformance/include/descript_conformance
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY scenarios/ DESTINATION ${DESCRIPT_MOCK_INSTALL_DATADIR}/scenarios)
install(FILES conformance/spec/descript-openapi-2026-09.yaml conformance/spec/descript-openapi.yml
        DESTINATION ${DESCRIPT_MOCK_INSTALL_DATADIR}/spec)

set(package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/DescriptMock)
install(EXPORT DescriptMockTargets NAMESPACE DescriptMock:: DESTINATION ${package_dir})
configure_package_config_file(cmake/DescriptMockConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/DescriptMockConfig.cmake
                              INSTALL_DESTINATION ${package_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/DescriptMockConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/DescriptMockConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/DescriptMockConfigVersion.cmake
        DESTINATION ${package_dir})
