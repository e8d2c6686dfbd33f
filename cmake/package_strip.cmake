# cpack runs this after installing into its staging folder: the static libraries lose their
# debug information (not their symbols), which CPACK_STRIP_FILES leaves in archives: nothing
# for dev/package's build, which has none, most of them for a build with -g.
file(GLOB_RECURSE archives "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.a")
foreach(archive ${archives})
  execute_process(COMMAND ${CPACK_DESCRIPT_MOCK_STRIP} --strip-debug ${archive}
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
