// sl: descriptor and export. The logic is in stateless_reply.cc.
#include "sl/sl_module.h"

#include "pinhole/context.h"
#include "sl/stateless_reply.h"

namespace pinhole::modules::sl {
namespace {

constexpr ArgSpec kReplyArgs[] = {
    {.name = "code", .type = ArgType::Int, .min = 100, .max = 699,
     .doc = "status code of the reply"},
    {.name = "reason", .type = ArgType::String, .doc = "reason phrase (no line breaks)"},
};

constexpr FunctionSpec kFunctions[] = {
    {.name = "send_reply", .args = kReplyArgs, .hooks = kInRequest | kInFailure,
     .handler = PINHOLE_HANDLER(SlModule, sendReplyFn),
     .doc = "Answer the request statelessly with code and reason."},
    // Kamailio's older name, request hook only there too.
    {.name = "sl_send_reply", .args = kReplyArgs, .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(SlModule, sendReplyFn),
     .doc = "Same as send_reply (Kamailio spelling)."},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "sl",
    .version = "0.1.0",
    .summary = "Stateless replies",
    .depends = {},
    .params = {},
    .functions = kFunctions,
};

}  // namespace

const ModuleDescriptor& SlModule::descriptor() const noexcept { return kDescriptor; }

Outcome SlModule::sendReplyFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return sendReply(ctx, args[0].integer, args[1].text);
}

}  // namespace pinhole::modules::sl

PINHOLE_MODULE(pinhole::modules::sl::SlModule, "sl", "0.1.0")
