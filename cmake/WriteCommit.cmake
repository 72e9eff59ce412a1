# Writes OUT, a header naming the commit the program is built from, at build time and only when
# its text changes: a rebuild after a commit reports the new commit (a configure-time value
# would go stale), and an unchanged tree recompiles nothing. "-dirty" marks uncommitted changes.
# Usage: cmake -DSOURCE_DIR=... -DOUT=... [-DGIT_EXECUTABLE=...] -P WriteCommit.cmake
set(commit "unknown")
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE result
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(result EQUAL 0 AND described)
    set(commit "${described}")
  endif()
endif()
set(text "#pragma once\n// Written at build time by cmake/WriteCommit.cmake.\nnamespace photodose {\ninline constexpr const char* kCommit = \"${commit}\";\n}  // namespace photodose\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
