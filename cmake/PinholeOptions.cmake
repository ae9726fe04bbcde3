# Warnings and sanitizer flags shared by every target.
add_library(pinhole_options INTERFACE)
target_compile_options(pinhole_options INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wno-unused-parameter
  -Wno-missing-field-initializers)  # designated initializers leave the rest defaulted on purpose

if(PINHOLE_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_compile_options(pinhole_options INTERFACE ${_san})
  target_link_options(pinhole_options INTERFACE ${_san})
endif()

if(PINHOLE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PINHOLE_FUZZ needs clang (use the 'fuzz' preset)")
  endif()
  # Coverage instrumentation for the code under test; fuzz executables add -fsanitize=fuzzer.
  target_compile_options(pinhole_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
