// loose_route(): routing of requests that carry a route set (RFC 3261 16.4, 16.6 steps 6-7,
// 16.12), including the translation between loose routers and RFC 2543 strict routers, the
// way Kamailio's rr module does it.
#pragma once

#include <string_view>

#include "pinhole/context.h"
#include "pinhole/hooks.h"
#include "pinhole/sip/uri.h"

namespace pinhole::modules::rr {

inline constexpr std::string_view kLogger = "rr";

// Processes the Route headers of the request in ctx. True when the route set decided where the
// request goes (an in-dialog request, or a preloaded route set naming another hop): the
// Request-URI ($ru) and the destination ($du) are set accordingly and our own Route values are
// removed. False when there is no Route header, when an initial request's only Route values
// were ours (they are removed; route it like any initial request), or on a malformed route set
// or Request-URI (logged).
Outcome looseRoute(MsgContext& ctx) noexcept;

// A Route URI names a strict router (RFC 2543) when it lacks the lr parameter.
inline bool isStrictRouter(const sip::Uri& uri) noexcept { return !uri.hasParam("lr"); }

}  // namespace pinhole::modules::rr
