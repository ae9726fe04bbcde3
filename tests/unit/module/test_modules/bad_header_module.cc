// A hand-made module header with one field wrong (compile definitions BH_*), to check that the
// loader refuses it without calling anything: create() aborts the test program if it is called.
#include <cstdlib>

#include <boost/dll/alias.hpp>

#include "pinhole/abi.h"

#ifndef BH_MAJOR
#define BH_MAJOR PINHOLE_ABI_MAJOR
#endif
#ifndef BH_MINOR
#define BH_MINOR PINHOLE_ABI_MINOR
#endif
#ifndef BH_SIZE
#define BH_SIZE sizeof(pinhole_module_header)
#endif
#ifndef BH_SIGNATURE
#define BH_SIGNATURE PINHOLE_BUILD_SIGNATURE
#endif

namespace bad_header {

void* create() { std::abort(); }

#ifndef BH_NO_EXPORT
const pinhole_module_header header = {
    BH_MAJOR, BH_MINOR, static_cast<uint32_t>(BH_SIZE), BH_SIGNATURE, BH_NAME, "1", &create};
#endif

}  // namespace bad_header

#ifndef BH_NO_EXPORT
BOOST_DLL_ALIAS(bad_header::header, pinhole_module)
#endif
