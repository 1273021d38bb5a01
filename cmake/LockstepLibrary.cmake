# lockstep_library: one CMake library per folder, whose links are the dependency rules.
#
#   lockstep_library(lockstep_drive DIR mocks/drive
#     SOURCES drive_model.cc drive_query.cc drive_service.cc
#     LINKS lockstep_mocks_common)
#
# The project root is on no include path. Each library publishes only its own folder, as
# <build>/include/<target>/<DIR>/ (symlinks to the sources), so `#include "mocks/drive/x.h"`
# compiles only in a target that links lockstep_drive, directly or through a PUBLIC link: an
# include against the direction of the dependencies fails the build with "No such file or
# directory". EXCLUDE names subfolders of DIR that are libraries of their own (src/http).
# Includes are rooted at the project root ("src/...", "mocks/...", "harness/..."), never relative
# ("../"): tests/layering_test.sh checks both.
function(lockstep_library target)
  cmake_parse_arguments(ARG "" "DIR" "SOURCES;LINKS;PRIVATE_LINKS;EXCLUDE" ${ARGN})
  set(tree ${PROJECT_BINARY_DIR}/include/${target})
  set(dest ${tree}/${ARG_DIR})
  file(REMOVE_RECURSE ${tree})
  file(MAKE_DIRECTORY ${dest})
  file(GLOB children RELATIVE ${PROJECT_SOURCE_DIR}/${ARG_DIR} CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/${ARG_DIR}/*)
  foreach(child IN LISTS children)
    set(path ${PROJECT_SOURCE_DIR}/${ARG_DIR}/${child})
    if(child IN_LIST ARG_EXCLUDE)
      continue()
    endif()
    if(IS_DIRECTORY ${path} OR child MATCHES "\\.h$")
      file(CREATE_LINK ${path} ${dest}/${child} SYMBOLIC)
    endif()
  endforeach()
  list(TRANSFORM ARG_SOURCES PREPEND ${PROJECT_SOURCE_DIR}/${ARG_DIR}/)
  add_library(${target} ${ARG_SOURCES})
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${tree}>)
  target_link_libraries(${target} PUBLIC ${ARG_LINKS} PRIVATE ${ARG_PRIVATE_LINKS})
  lockstep_warnings(${target})
endfunction()
