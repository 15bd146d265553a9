# One CMake library per module (DESIGN.md §2). The table below is the link
# rule: hawk_module() refuses a dependency on a hawk module that is not listed
# for it, so the layering cannot erode silently.
set(HAWK_ALLOWED_core "")
set(HAWK_ALLOWED_spec core)
set(HAWK_ALLOWED_hw core)
set(HAWK_ALLOWED_monitor core hw)
set(HAWK_ALLOWED_engine core)
set(HAWK_ALLOWED_store core)
set(HAWK_ALLOWED_sim core engine)
set(HAWK_ALLOWED_protocol core)
set(HAWK_ALLOWED_coord core spec engine store report protocol)
set(HAWK_ALLOWED_agent core hw monitor protocol)
set(HAWK_ALLOWED_report core store)
set(HAWK_ALLOWED_notify core)
set(HAWK_ALLOWED_cli core spec hw monitor engine store sim coord agent report notify protocol)

# hawk_module(NAME SOURCES ... MODULES <hawk modules> LIBS <external targets>)
function(hawk_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;MODULES;LIBS" ${ARGN})
  if(NOT DEFINED HAWK_ALLOWED_${name})
    message(FATAL_ERROR "hawk_module(${name}): not a module in DESIGN.md §2")
  endif()
  foreach(dep IN LISTS ARG_MODULES)
    if(NOT dep IN_LIST HAWK_ALLOWED_${name})
      message(FATAL_ERROR "hawk_module(${name}) may not depend on '${dep}' "
        "(allowed: ${HAWK_ALLOWED_${name}}); see DESIGN.md §2")
    endif()
  endforeach()
  add_library(hawk_${name} STATIC ${ARG_SOURCES})
  add_library(hawk::${name} ALIAS hawk_${name})
  target_include_directories(hawk_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  list(TRANSFORM ARG_MODULES PREPEND hawk::)
  target_link_libraries(hawk_${name} PUBLIC ${ARG_MODULES} ${ARG_LIBS}
    PRIVATE hawk_options)
endfunction()

# hawk_test(NAME SOURCES ... LIBS ...): one GoogleTest binary, tests discovered.
function(hawk_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock GTest::gtest_main
    hawk_options)
  target_compile_definitions(${name} PRIVATE
    HAWK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    HAWK_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/../shared/fixtures")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "HAWK_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
