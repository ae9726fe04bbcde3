// check_route_param(): reading the parameters this proxy put into its Record-Route (add_rr_param,
// record_route params) back from the in-dialog request, e.g. ";nat=yes" set on the initial
// INVITE to mark a NATed dialog.
#pragma once

#include <optional>
#include <string_view>

#include "pinhole/context.h"
#include "pinhole/hooks.h"

namespace pinhole::modules::rr {

// The URI parameters of our own route entry in the request as received (first ';' included):
// the top Route value when it names this proxy, else the Request-URI of an in-dialog request a
// strict router sent us. nullopt when the request carries no entry of ours.
std::optional<std::string_view> ownRouteParams(MsgContext& ctx) noexcept;

// check_route_param(re): True when ownRouteParams() matches the POSIX extended regular
// expression `pattern`, searched anywhere and case-insensitively (as Kamailio's). Since it
// reads the request as received, it may run before or after loose_route(). False when there is
// no entry of ours, or the pattern is invalid (logged).
Outcome checkRouteParam(MsgContext& ctx, std::string_view pattern) noexcept;

}  // namespace pinhole::modules::rr
