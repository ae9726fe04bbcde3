/* The frozen part of the module ABI: plain C, so that any core can read any module's versions
 * before it calls anything in it. A module exports exactly one symbol, "pinhole_module" (a
 * Boost.DLL alias made by PINHOLE_MODULE in pinhole/module.h), pointing to this header.
 *
 * Compatibility policy: the first three fields never change. The core refuses a module whose
 * abi_major differs from its own, whose abi_minor is newer than its own, or whose
 * build_signature differs (the C++ objects behind `create` need the same compiler family and
 * standard library ABI). Any change to a pinhole/ header that changes a type's layout or a
 * virtual table bumps PINHOLE_ABI_MAJOR; additions that old modules cannot notice bump
 * PINHOLE_ABI_MINOR. A test pins a hash of the SDK headers to keep this honest.
 */
#ifndef PINHOLE_ABI_H
#define PINHOLE_ABI_H

#include <stdint.h>

#define PINHOLE_ABI_MAJOR 2
#define PINHOLE_ABI_MINOR 0

#define PINHOLE_STRINGIFY_(x) #x
#define PINHOLE_STRINGIFY(x) PINHOLE_STRINGIFY_(x)

/* Build facts the C++ side of the ABI depends on (nginx-style signature). */
#if defined(__clang__)
#define PINHOLE_COMPILER_FAMILY "clang"
#elif defined(__GNUC__)
#define PINHOLE_COMPILER_FAMILY "gcc"
#else
#define PINHOLE_COMPILER_FAMILY "unknown"
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define PINHOLE_STDLIB_ABI "libstdc++-cxx11abi-" PINHOLE_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#else
#define PINHOLE_STDLIB_ABI "stdlib-unknown"
#endif
#define PINHOLE_BUILD_SIGNATURE                                                   \
  PINHOLE_COMPILER_FAMILY "/" PINHOLE_STDLIB_ABI "/ptr" PINHOLE_STRINGIFY(__SIZEOF_POINTER__) \
  "/abi" PINHOLE_STRINGIFY(PINHOLE_ABI_MAJOR)

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pinhole_module_header {
  /* Frozen forever: */
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t struct_size; /* sizeof(pinhole_module_header) as the module was built */
  /* Checked before create() is called: */
  const char* build_signature; /* PINHOLE_BUILD_SIGNATURE of the module's build; static */
  const char* name;            /* module name, e.g. "nathelper"; static */
  const char* version;         /* the module's own version; static */
  /* Makes the module object (a pinhole::Module*). OWNERSHIP: the core owns the object and
   * deletes it through its virtual destructor at shutdown; the library is never unloaded. */
  void* (*create)(void);
} pinhole_module_header;

#ifdef __cplusplus
}
#endif

#endif /* PINHOLE_ABI_H */
