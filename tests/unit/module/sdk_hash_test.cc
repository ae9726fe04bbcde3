// Pins the ABI-defining SDK headers: a change to any of them must come with a decision about
// the ABI version. The constants below are the ones to update, together.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "pinhole/abi.h"

namespace pinhole::mod {
namespace {

// The ABI version the pinned headers define, and their FNV-1a hash.
constexpr uint32_t kPinnedAbiMajor = 2;
constexpr uint32_t kPinnedAbiMinor = 0;
constexpr uint64_t kPinnedSdkHash = 0xb503be04d80b34d3ull;

constexpr const char* kPinnedHeaders[] = {"abi.h",   "module.h",  "descriptor.h", "args.h",
                                          "hooks.h", "context.h", "core_api.h"};

uint64_t fnv1a(uint64_t hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string hex(uint64_t v) {
  std::ostringstream out;
  out << "0x" << std::hex << v << "ull";
  return out.str();
}

TEST(SdkHashTest, AbiHeadersMatchThePinnedVersion) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const char* name : kPinnedHeaders) {
    std::ifstream in(std::string(PINHOLE_SDK_HEADER_DIR) + "/" + name, std::ios::binary);
    ASSERT_TRUE(in) << "cannot read " << PINHOLE_SDK_HEADER_DIR << "/" << name;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    hash = fnv1a(fnv1a(hash, name), bytes);  // the name too: moving text between files counts
  }
  EXPECT_EQ(hash, kPinnedSdkHash)
      << "\nThe module ABI headers (plugin-sdk/include/pinhole/{abi,module,descriptor,args,hooks,"
         "context,core_api}.h) changed.\nModules built against the old headers may no longer "
         "work with this core. Decide:\n"
         "  - a type's layout or a virtual table changed: bump PINHOLE_ABI_MAJOR in abi.h "
         "(and reset PINHOLE_ABI_MINOR to 0);\n"
         "  - only additions old modules cannot notice: bump PINHOLE_ABI_MINOR;\n"
         "  - comments or formatting only: no bump.\n"
         "Then set, in " __FILE__ ", kPinnedAbiMajor/kPinnedAbiMinor to the new version and "
         "kPinnedSdkHash = " << hex(hash) << ";";
  EXPECT_EQ(PINHOLE_ABI_MAJOR, kPinnedAbiMajor)
      << "abi.h's version changed: update kPinnedAbiMajor/Minor and kPinnedSdkHash together";
  EXPECT_EQ(PINHOLE_ABI_MINOR, kPinnedAbiMinor)
      << "abi.h's version changed: update kPinnedAbiMajor/Minor and kPinnedSdkHash together";
}

}  // namespace
}  // namespace pinhole::mod
