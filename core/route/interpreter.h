// Runs a compiled Program on one message. Walks vectors by index: no name lookups, no string
// compares of names, no heap allocation; texts with pseudo-variables are expanded into the
// message arena. Never throws (handlers are noexcept; std::regex errors are caught locally).
#pragma once

#include <cstdint>

#include "pinhole/context.h"
#include "pinhole/hooks.h"
#include "route/program.h"

namespace pinhole::route {

// Runs the rules of `hook`. Returns
//   True  the hook ran to its end (or `return` at hook level): the core applies the hook's
//         default: request: nothing (nothing is sent unless an action sent it, Kamailio's
//         implicit drop); reply: relay it; branch: send it; failure: the best reply goes
//         upstream unless new branches were made;
//   Exit  `exit` ran, or a function returned Exit: what was done stands (as True);
//   Drop  `drop` ran, or a function returned Drop: the reply or branch is discarded.
Outcome run(const Program& program, Hook hook, MsgContext& ctx) noexcept;

// Runs named route `route` (an index from Program::routeIndex or a Route argument) as
// route(NAME) would: True/False is its value, Exit/Drop say the hook must stop.
Outcome runNamed(const Program& program, uint32_t route, MsgContext& ctx) noexcept;

// The logger name of log(...) lines.
inline constexpr std::string_view kRouteLogger = "route";

}  // namespace pinhole::route
