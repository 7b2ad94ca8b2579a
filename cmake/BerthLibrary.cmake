# Precompiled headers. The standard library and nlohmann/json (plus GoogleTest in tests) are
# most of what each translation unit parses; compiling them once per build instead of once per
# file halves the build, which is most of the CI run. Targets reuse one donor's PCH, so all of
# them must share its compile flags (they do: flags are set globally). BERTH_PCH=OFF (the fuzz
# preset) builds without, which also catches a file that forgot one of these includes. The
# release preset builds without too: with precompiled headers GCC 12 at -O3 reports false
# -Wstringop-overflow and -Warray-bounds positives inside std::string.
set(berth_pch_headers <algorithm> <chrono> <cstdint> <filesystem> <functional> <map> <memory> <mutex>
                      <optional> <string> <string_view> <utility> <vector> <nlohmann/json.hpp>)

# berth_pch_donor(NAME [TEST]): the target whose PCH others reuse (TEST adds GoogleTest).
function(berth_pch_donor name)
  if(NOT BERTH_PCH)
    return()
  endif()
  cmake_parse_arguments(ARG "TEST" "" "" ${ARGN})
  add_library(${name} OBJECT "${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cpp")
  set(headers ${berth_pch_headers})
  if(ARG_TEST)
    list(APPEND headers <gtest/gtest.h> <gmock/gmock.h>)
    target_link_libraries(${name} PRIVATE GTest::gtest GTest::gmock)
    target_compile_definitions(${name} PRIVATE BERTH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  endif()
  target_precompile_headers(${name} PRIVATE ${headers})
endfunction()

function(berth_reuse_pch target donor)
  if(BERTH_PCH)
    target_precompile_headers(${target} REUSE_FROM ${donor})
  endif()
endfunction()

# berth_library(NAME DEPS ...): one library per source folder, built from the folder's *.cpp
# (main.cpp excluded). Globbing keeps a new file a one-file change; CONFIGURE_DEPENDS makes
# the build notice it.
function(berth_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  list(FILTER sources EXCLUDE REGEX "/main\\.cpp$")
  if(NOT sources)
    # A folder whose first files are still to come: headers only, same usage requirements.
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE "${PROJECT_SOURCE_DIR}")
    target_link_libraries(${name} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(${name} STATIC ${sources})
  berth_reuse_pch(${name} berth_pch_library)
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# berth_test(NAME DIR DEPS ...): one GoogleTest binary per test folder (all *_test.cpp in DIR).
function(berth_test name dir)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/*_test.cpp")
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  berth_reuse_pch(${name} berth_pch_test)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE BERTH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  # One ctest entry per binary, not per test: a process per test cost about 0.5 s each under
  # ASan, 1,100 of them five minutes of CI. gtest prints what failed; a skipped test marks the
  # whole binary skipped, which scripts/test counts as a failure under CI=true.
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  set_tests_properties(${name} PROPERTIES SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
endfunction()
