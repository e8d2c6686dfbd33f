# cpack runs this after installing into its staging folder: the static libraries lose their
# debug information (not their symbols), which CPACK_STRIP_FILES leaves in archives. A build
# folder's -g makes up 4/5 of them.
file(GLOB_RECURSE archives "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.a")
foreach(archive ${archives})
  execute_process(COMMAND ${CPACK_DESCRIPT_MOCK_STRIP} --strip-debug ${archive}
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
