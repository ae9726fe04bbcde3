# pinhole_sdk_add_module(NAME <name> SOURCES <file>... [OUTPUT_DIRECTORY <dir>])
#
# Builds the module <name> as lib<name>.so (target pinhole_mod_<name>): a MODULE library with
# hidden visibility, so that only the "pinhole_module" export made by PINHOLE_MODULE is visible
# and same-named symbols of different modules never shadow each other. It links only the SDK:
# the core's symbols (sip::Message, error categories) come from the daemon when it loads the
# module. Install it with install(TARGETS pinhole_mod_<name> LIBRARY DESTINATION ...) and name
# that directory in [modules] path.
function(pinhole_sdk_add_module)
  cmake_parse_arguments(M "" "NAME;OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT M_NAME OR NOT M_SOURCES)
    message(FATAL_ERROR "pinhole_sdk_add_module: NAME and SOURCES are required")
  endif()
  if(NOT M_NAME MATCHES "^[A-Za-z0-9_-]+$")
    message(FATAL_ERROR "pinhole_sdk_add_module: '${M_NAME}' is not a module name "
                        "(letters, digits, '_' and '-')")
  endif()
  set(target pinhole_mod_${M_NAME})
  add_library(${target} MODULE ${M_SOURCES})
  target_link_libraries(${target} PRIVATE PinholeSDK::sdk)
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${M_NAME} PREFIX "lib" SUFFIX ".so"
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  if(M_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${M_OUTPUT_DIRECTORY})
  endif()
endfunction()
