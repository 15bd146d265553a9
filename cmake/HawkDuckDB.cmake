# DuckDB 1.4.4 prebuilt (libduckdb.so + duckdb.h), installed by scripts/setup.sh
# into HAWK_DUCKDB_DIR (default: ~/.cache/hawk/duckdb-1.4.4). Never built here.
set(HAWK_DUCKDB_DIR "$ENV{HOME}/.cache/hawk/duckdb-1.4.4" CACHE PATH
    "Folder holding include/duckdb.h and lib/libduckdb.so")
if(DEFINED ENV{HAWK_DUCKDB_DIR})
  set(HAWK_DUCKDB_DIR "$ENV{HAWK_DUCKDB_DIR}" CACHE PATH "" FORCE)
endif()
set(HAWK_DUCKDB_LIB_DIR "${HAWK_DUCKDB_DIR}/lib")
if(NOT EXISTS "${HAWK_DUCKDB_DIR}/include/duckdb.h" OR
   NOT EXISTS "${HAWK_DUCKDB_LIB_DIR}/libduckdb.so")
  message(FATAL_ERROR
    "DuckDB 1.4.4 not found in ${HAWK_DUCKDB_DIR}.\n"
    "Run scripts/setup.sh first (it fetches and verifies it), or set "
    "-DHAWK_DUCKDB_DIR=<folder with include/duckdb.h and lib/libduckdb.so>.")
endif()
add_library(duckdb_prebuilt SHARED IMPORTED GLOBAL)
set_target_properties(duckdb_prebuilt PROPERTIES
  IMPORTED_LOCATION "${HAWK_DUCKDB_LIB_DIR}/libduckdb.so"
  IMPORTED_NO_SONAME ON
  INTERFACE_INCLUDE_DIRECTORIES "${HAWK_DUCKDB_DIR}/include")
# duckdb.h is a third-party header: no warnings from it.
set_target_properties(duckdb_prebuilt PROPERTIES
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${HAWK_DUCKDB_DIR}/include")
