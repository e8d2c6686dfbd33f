# The layers of mock_server/src, each its own target, so that a wrong include is a compile
# error rather than a review note.
#
#   descript_layer(NAME SEES folder... [FORBID header...] [CHECK_HEADERS] SOURCES file...)
#
# makes NAME an OBJECT library of SOURCES. Its include root holds links to just the folders of
# mock_server/src it SEES, so that including the private header of a layer it does not see
# fails to compile. Each FORBIDden header (<nlohmann/json.hpp>, <httplib.h>) resolves, in its
# sources, to a file that stops the compiler. With CHECK_HEADERS, every header of its own
# folder is also compiled alone, so that the rules hold for headers no source of it includes.
# The root is the target's property DESCRIPT_LAYER_ROOT, for the tests of that layer.
function(descript_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "CHECK_HEADERS" "" "SEES;FORBID;SOURCES")
  set(root ${CMAKE_CURRENT_BINARY_DIR}/layers/${name})
  file(MAKE_DIRECTORY ${root})
  foreach(folder ${arg_SEES})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/src/${folder} ${root}/${folder} SYMBOLIC)
  endforeach()
  set(sources ${arg_SOURCES})
  if(arg_CHECK_HEADERS)
    list(GET arg_SEES -1 own)
    file(GLOB headers RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}/src CONFIGURE_DEPENDS
         ${CMAKE_CURRENT_SOURCE_DIR}/src/${own}/*.h)
    foreach(header ${headers})
      string(MAKE_C_IDENTIFIER ${header} check)
      file(CONFIGURE OUTPUT ${root}/checks/${check}.cpp CONTENT "#include \"${header}\"\n")
      list(APPEND sources ${root}/checks/${check}.cpp)
    endforeach()
  endif()
  add_library(${name} OBJECT ${sources})
  set(forbidden ${root}/forbidden)
  foreach(header ${arg_FORBID})
    file(CONFIGURE OUTPUT ${forbidden}/${header} CONTENT
         "#error \"${header} may not be included by ${name}: see README, Working on descript-mock\"\n")
  endforeach()
  if(arg_FORBID)
    target_include_directories(${name} BEFORE PRIVATE ${forbidden})
  endif()
  target_include_directories(${name} PRIVATE ${root})
  target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)
  set_target_properties(${name} PROPERTIES DESCRIPT_LAYER_ROOT ${root})
endfunction()

# Gives a test (or a tool) the include root of the layer it tests.
function(descript_sees_layer target layer)
  get_target_property(root ${layer} DESCRIPT_LAYER_ROOT)
  target_include_directories(${target} PRIVATE ${root})
endfunction()
