// maxfwd: descriptor and export. The logic is in max_forwards.cc.
#include "maxfwd/maxfwd_module.h"

#include "maxfwd/max_forwards.h"
#include "pinhole/context.h"

namespace pinhole::modules::maxfwd {
namespace {

constexpr ParamSpec kParams[] = {
    {.name = "max_limit", .type = ParamType::Int, .default_int = 0, .min = 0, .max = 255,
     .doc = "Upper bound of the decremented Max-Forwards value sent on (0: no bound)"},
};

constexpr ArgSpec kProcessArgs[] = {
    {.name = "max", .type = ArgType::Int, .min = 1, .max = 255,
     .doc = "value of the Max-Forwards header added when the request has none"},
};

constexpr ArgSpec kLtArgs[] = {
    {.name = "limit", .type = ArgType::Int, .min = 0, .max = 255,
     .doc = "true when the Max-Forwards value is below this"},
};

constexpr std::string_view kProcessDoc =
    "Add Max-Forwards when missing, else decrement it; false when it is 0 or malformed.";

constexpr FunctionSpec kFunctions[] = {
    {.name = "process_maxfwd", .args = kProcessArgs, .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(MaxfwdModule, processMaxfwdFn), .doc = kProcessDoc},
    // Kamailio's other names for the same function.
    {.name = "mf_process_maxfwd_header", .args = kProcessArgs, .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(MaxfwdModule, processMaxfwdFn), .doc = kProcessDoc},
    {.name = "maxfwd_process", .args = kProcessArgs, .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(MaxfwdModule, processMaxfwdFn), .doc = kProcessDoc},
    {.name = "is_maxfwd_lt", .args = kLtArgs, .hooks = kInRequest | kInBranch | kInFailure,
     .handler = PINHOLE_HANDLER(MaxfwdModule, isMaxfwdLtFn),
     .doc = "True when the Max-Forwards value (after process_maxfwd) is below limit."},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "maxfwd",
    .version = "0.1.0",
    .summary = "Max-Forwards checks and decrement (RFC 3261 16.3, 16.6)",
    .depends = {},
    .params = kParams,
    .functions = kFunctions,
};

}  // namespace

const ModuleDescriptor& MaxfwdModule::descriptor() const noexcept { return kDescriptor; }

bool MaxfwdModule::init(InitContext& ctx) {
  max_limit_ = static_cast<uint32_t>(ctx.integer("max_limit"));
  return true;
}

Outcome MaxfwdModule::processMaxfwdFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return processMaxfwd(ctx, static_cast<uint32_t>(args[0].integer), max_limit_);
}

Outcome MaxfwdModule::isMaxfwdLtFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return isMaxfwdLt(ctx, static_cast<uint32_t>(args[0].integer));
}

}  // namespace pinhole::modules::maxfwd

PINHOLE_MODULE(pinhole::modules::maxfwd::MaxfwdModule, "maxfwd", "0.1.0")
