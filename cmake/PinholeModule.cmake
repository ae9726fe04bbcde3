# pinhole_add_module(NAME name SOURCES logic.cc ... MODULE name_module.cc [TESTS t.cc ...])
#
# A module is two targets: pinhole_mod_<name>_logic, a static library of the logic (unit-tested
# without loading anything, linked with the core), and lib<name>.so (in <build>/modules), the
# logic plus <name>_module.cc that exports it. The .so includes only pinhole/ headers and takes
# the core's symbols from the daemon at load time (the daemon exports them).
set(PINHOLE_MODULE_DIR ${CMAKE_BINARY_DIR}/modules CACHE INTERNAL "Where modules are built")

function(pinhole_add_module)
  cmake_parse_arguments(M "" "NAME;MODULE" "SOURCES;TESTS" ${ARGN})
  set(logic pinhole_mod_${M_NAME}_logic)
  add_library(${logic} STATIC ${M_SOURCES})
  target_link_libraries(${logic} PUBLIC pinhole::sdk PRIVATE pinhole_options)
  set_target_properties(${logic} PROPERTIES POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)

  add_library(pinhole_mod_${M_NAME} MODULE ${M_MODULE})
  target_link_libraries(pinhole_mod_${M_NAME} PRIVATE ${logic} pinhole::sdk pinhole_options)
  set_target_properties(pinhole_mod_${M_NAME} PROPERTIES
    OUTPUT_NAME ${M_NAME} PREFIX "lib" LIBRARY_OUTPUT_DIRECTORY ${PINHOLE_MODULE_DIR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  install(TARGETS pinhole_mod_${M_NAME} LIBRARY DESTINATION lib/pinhole/modules)
  # One target that builds every module (the daemon's tests depend on it).
  if(NOT TARGET pinhole_modules)
    add_custom_target(pinhole_modules)
  endif()
  add_dependencies(pinhole_modules pinhole_mod_${M_NAME})

  if(M_TESTS AND PINHOLE_TESTS AND NOT PINHOLE_FUZZ)
    pinhole_add_gtest(pinhole_mod_${M_NAME}_test SOURCES ${M_TESTS}
      LIBS ${logic} pinhole::sip pinhole_test_support)
  endif()
endfunction()
