# The programs' man pages (with Debian's help2man, when it is found) and bash completion files,
# made at build time from their --help by cmake/program_docs.sh and installed to
# share/man/man1 and share/bash-completion/completions:
#   build/man/man1/descript.1, build/completions/descript, ...
find_program(HELP2MAN help2man)
if(NOT HELP2MAN)
  message(STATUS "help2man not found: no man pages (dev/setup installs it)")
endif()

set(docs_script ${PROJECT_SOURCE_DIR}/cmake/program_docs.sh)
set(docs_man_dir ${PROJECT_BINARY_DIR}/man/man1)
set(docs_completion_dir ${PROJECT_BINARY_DIR}/completions)
# The harness shows where it finds its data as defaults; its page gives the installed places.
set(docs_data_dir ${CMAKE_INSTALL_FULL_DATADIR}/descript-mock)
set(docs_substitutions "${PROJECT_SOURCE_DIR}/scenarios=${docs_data_dir}/scenarios"
                       "${PROJECT_SOURCE_DIR}/conformance/spec=${docs_data_dir}/spec")

# descript_program_docs(TARGET SUMMARY): the man page and completion file of one program.
function(descript_program_docs target summary)
  set(completion ${docs_completion_dir}/${target})
  add_custom_command(OUTPUT ${completion}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${docs_completion_dir}
    COMMAND bash ${docs_script} completion $<TARGET_FILE:${target}> ${completion}
    DEPENDS ${target} ${docs_script}
    COMMENT "Bash completion of ${target}" VERBATIM)
  set(outputs ${completion})
  install(FILES ${completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  if(HELP2MAN)
    set(page ${docs_man_dir}/${target}.1)
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${docs_man_dir}
      COMMAND bash ${docs_script} man $<TARGET_FILE:${target}> ${page} ${summary}
              ${docs_substitutions}
      DEPENDS ${target} ${docs_script}
      COMMENT "Man page of ${target}" VERBATIM)
    list(APPEND outputs ${page})
    install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
  add_custom_target(${target}_docs ALL DEPENDS ${outputs})
endfunction()

descript_program_docs(descript-mock "a simulated Descript API that runs without credentials")
descript_program_docs(descript "the Descript jobs API from the command line")
descript_program_docs(descript-conformance
                      "check a server or a client against the Descript jobs contract")
