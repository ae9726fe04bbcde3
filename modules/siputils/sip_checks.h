// siputils: the small questions a routing configuration asks about a message: is it inside a
// dialog, which method is it, does a URI name this proxy.
#pragma once

#include <string_view>

#include "pinhole/context.h"
#include "pinhole/hooks.h"

namespace pinhole::modules::siputils {

inline constexpr std::string_view kLogger = "siputils";

// True when the To header has a tag (a request inside a dialog, or a reply that carries the
// UAS's tag). False when it has none, or To is missing or malformed.
Outcome hasTotag(MsgContext& ctx) noexcept;

// True when the method is one of `methods`, a '|'-separated list ("INVITE|REGISTER"). Methods
// are compared case-sensitively (RFC 3261 7.1). For a reply, the method of its CSeq is used.
// Extension methods may be listed too.
Outcome isMethod(MsgContext& ctx, std::string_view methods) noexcept;

// The same test on a method name (no message needed).
bool methodInList(std::string_view method, std::string_view methods) noexcept;

// True when `uri` (usually "$ru" or "$du", expanded by the engine; "<...>" accepted) is a SIP
// or SIPS URI whose host[:port] names this proxy (CoreApi::isMyself). False for other schemes
// and for text that does not parse as a URI (logged at debug level).
Outcome isMyself(MsgContext& ctx, std::string_view uri) noexcept;

}  // namespace pinhole::modules::siputils
