// rr: descriptor and export. The logic is in loose_route.cc, record_route.cc, route_param.cc
// and route_set.cc.
#include "rr/rr_module.h"

#include "pinhole/context.h"
#include "rr/loose_route.h"
#include "rr/route_param.h"

namespace pinhole::modules::rr {
namespace {

constexpr ParamSpec kParams[] = {
    {.name = "append_fromtag", .type = ParamType::Bool, .default_bool = true,
     .doc = "Add ;ftag=<From tag> to our Record-Route (to tell the direction of in-dialog "
            "requests)"},
};

constexpr ArgSpec kRecordRouteArgs[] = {
    {.name = "params", .type = ArgType::String, .optional = true,
     .doc = "URI parameters for the Record-Route (\";name=value\"), may hold variables"},
};

constexpr ArgSpec kAddRrParamArgs[] = {
    {.name = "param", .type = ArgType::String,
     .doc = "URI parameter appended to the pending Record-Route (\";name=value\")"},
};

constexpr ArgSpec kCheckRouteParamArgs[] = {
    {.name = "re", .type = ArgType::String,
     .doc = "POSIX extended regular expression, matched case-insensitively against our Route "
            "entry's URI parameters"},
};

// Hooks as Kamailio's route masks: loose_route in the request route only; record-routing also
// per branch and when a failure hook relays again.
constexpr FunctionSpec kFunctions[] = {
    {.name = "loose_route", .args = {}, .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(RrModule, looseRouteFn),
     .doc = "Route by the Route headers (RFC 3261 16.4/16.12); true for a routed request."},
    {.name = "record_route", .args = kRecordRouteArgs, .hooks = kInRequest | kInBranch |
                                                                kInFailure,
     .handler = PINHOLE_HANDLER(RrModule, recordRouteFn),
     .doc = "Insert our Record-Route (one, or two with r2=on) when the request is sent."},
    {.name = "add_rr_param", .args = kAddRrParamArgs, .hooks = kInRequest | kInBranch |
                                                               kInFailure,
     .handler = PINHOLE_HANDLER(RrModule, addRrParamFn),
     .doc = "Append a URI parameter to the Record-Route requested by record_route()."},
    {.name = "check_route_param", .args = kCheckRouteParamArgs, .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(RrModule, checkRouteParamFn),
     .doc = "True when our Route entry's parameters match the regular expression."},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "rr",
    .version = "0.1.0",
    .summary = "Record-Route and loose routing (RFC 3261 16.4, 16.6, 16.12)",
    .depends = {},
    .params = kParams,
    .functions = kFunctions,
};

}  // namespace

const ModuleDescriptor& RrModule::descriptor() const noexcept { return kDescriptor; }

bool RrModule::init(InitContext& ctx) {
  options_.append_fromtag = ctx.boolean("append_fromtag");
  return true;
}

Outcome RrModule::looseRouteFn(MsgContext& ctx, std::span<const Arg>) noexcept {
  return looseRoute(ctx);
}

Outcome RrModule::recordRouteFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  std::string_view params = !args.empty() && args[0].present ? args[0].text : std::string_view{};
  return recordRoute(ctx, params, options_);
}

Outcome RrModule::addRrParamFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return addRrParam(ctx, args[0].text);
}

Outcome RrModule::checkRouteParamFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return checkRouteParam(ctx, args[0].text);
}

}  // namespace pinhole::modules::rr

PINHOLE_MODULE(pinhole::modules::rr::RrModule, "rr", "0.1.0")
