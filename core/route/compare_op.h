// Comparison operators of the condition language.
#pragma once

#include <cstdint>

namespace pinhole::route {

enum class CompareOp : uint8_t { Eq, Ne, Match, Lt, Le, Gt, Ge };

}  // namespace pinhole::route
