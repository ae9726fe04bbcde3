# cmake -P script run by the SdkInstallBuildsHelloExample test: installs the sdk component of
# BUILD_DIR into WORK_DIR/prefix, then configures and builds EXAMPLE_DIR against that prefix
# alone, with the compiler of the build under test.
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Debug)
endif()
foreach(var BUILD_DIR SOURCE_DIR EXAMPLE_DIR WORK_DIR CXX_COMPILER GENERATOR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "sdk_example_build.cmake: ${var} is not set")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "${what} failed (${rc}):\n  ${cmd}\n${out}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/hello-build)
file(REMOVE_RECURSE ${WORK_DIR})

run("install the sdk component"
  ${CMAKE_COMMAND} --install ${BUILD_DIR} --component sdk --prefix ${prefix})
foreach(f include/pinhole/module.h include/pinhole/sip/message.h
          include/pinhole/sip/header_types.def lib/cmake/PinholeSDK/PinholeSDKConfig.cmake)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "the sdk component did not install ${f}")
  endif()
endforeach()

set(configure ${CMAKE_COMMAND} -S ${EXAMPLE_DIR} -B ${build} -G ${GENERATOR}
  -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(MAKE_PROGRAM)
  list(APPEND configure -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
run("configure the example" ${configure})
run("build the example" ${CMAKE_COMMAND} --build ${build})

if(NOT EXISTS ${build}/libhello.so)
  message(FATAL_ERROR "the example built no libhello.so in ${build}")
endif()
# Out of tree means out of tree: the package came from the prefix, and nothing in the example's
# build refers to the SDK sources.
file(STRINGS ${build}/CMakeCache.txt sdk_dir REGEX "^PinholeSDK_DIR:")
if(NOT sdk_dir MATCHES "${prefix}/lib/cmake/PinholeSDK")
  message(FATAL_ERROR "PinholeSDK was not found in the installed prefix: ${sdk_dir}")
endif()
file(GLOB_RECURSE build_files ${build}/*.ninja ${build}/*.make)
foreach(f ${build_files})
  file(READ ${f} text)
  string(FIND "${text}" "${SOURCE_DIR}/plugin-sdk/include" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "${f} uses the SDK from the source tree")
  endif()
endforeach()
