# Checks that the harness ships the OpenAPI documents as published: each file named in
# SPEC_DIR/SHA256SUMS has that digest in SPEC_DIR, and, where the published copies lie beside the
# checkout (REFERENCE_DIR, ../shared/reference), there too. A checkout without them still checks
# the shipped copies against the digests recorded from them, and says which check it made.
# Usage: cmake -DSPEC_DIR=... -DREFERENCE_DIR=... -P check_spec_copies.cmake
file(STRINGS "${SPEC_DIR}/SHA256SUMS" lines)
if(NOT lines)
  message(FATAL_ERROR "${SPEC_DIR}/SHA256SUMS names no document")
endif()
set(places "${SPEC_DIR}")
if(IS_DIRECTORY "${REFERENCE_DIR}")
  list(APPEND places "${REFERENCE_DIR}")
else()
  message(STATUS "no published copies at ${REFERENCE_DIR}: the shipped copies are checked "
                 "against the digests recorded in ${SPEC_DIR}/SHA256SUMS only")
endif()
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^([0-9a-f]+)  (.+)$")
    message(FATAL_ERROR "${SPEC_DIR}/SHA256SUMS: not a sha256sum line: ${line}")
  endif()
  set(expected "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  foreach(place IN LISTS places)
    if(NOT EXISTS "${place}/${name}")
      message(SEND_ERROR "${place}/${name} is missing")
      continue()
    endif()
    file(SHA256 "${place}/${name}" actual)
    if(actual STREQUAL expected)
      message(STATUS "${place}/${name}: ${actual}")
    else()
      message(SEND_ERROR "${place}/${name} is ${actual}, not ${expected} as SHA256SUMS records: "
                         "copy the published document into ${SPEC_DIR} and record its digest")
    endif()
  endforeach()
endforeach()
