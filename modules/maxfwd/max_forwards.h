// maxfwd: Max-Forwards handling of a proxy (RFC 3261 16.3 step 2, 16.6 step 3): add the header
// when missing, refuse to forward at 0, otherwise count this hop by decrementing it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "pinhole/context.h"
#include "pinhole/hooks.h"

namespace pinhole::modules::maxfwd {

inline constexpr std::string_view kLogger = "maxfwd";

// process_maxfwd(initial):
// - no Max-Forwards: adds "Max-Forwards: <initial>" above the first header; True;
// - value 0: False (the configuration answers 483 Too Many Hops);
// - otherwise replaces the value with value - 1, lowered to max_limit when max_limit is not 0
//   (Kamailio's max_limit: the value sent is never above it); True;
// - a value that is not a number in 0..255: False, with a log line.
// A second call for the same request changes nothing and gives True: a hop is counted once.
Outcome processMaxfwd(MsgContext& ctx, uint32_t initial, uint32_t max_limit) noexcept;

// is_maxfwd_lt(limit): True when the Max-Forwards value the request will be sent with (after a
// process_maxfwd() in this request, its result) is below `limit`. False when there is no
// header and none was added, or it is malformed (logged).
Outcome isMaxfwdLt(MsgContext& ctx, uint32_t limit) noexcept;

// The Max-Forwards value the request would be sent with now: the value recorded by
// process_maxfwd() if it ran, else the received one. nullopt when absent or malformed.
std::optional<uint32_t> outgoingMaxForwards(MsgContext& ctx) noexcept;

}  // namespace pinhole::modules::maxfwd
