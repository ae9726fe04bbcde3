#pragma once

#include "pinhole/abi.h"

namespace pinhole::server {
inline constexpr const char* kVersion = "0.1.0";
inline constexpr unsigned kAbiMajor = PINHOLE_ABI_MAJOR;
inline constexpr unsigned kAbiMinor = PINHOLE_ABI_MINOR;
}  // namespace pinhole::server
