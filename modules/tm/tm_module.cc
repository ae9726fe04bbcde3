// tm: descriptor and export. The work is done by the core's transaction layer; tm.cc holds the
// checks and the arming.
#include "tm/tm_module.h"

#include "pinhole/context.h"
#include "tm/tm.h"

namespace pinhole::modules::tm {
namespace {

constexpr int64_t kHour = 3'600'000;

constexpr ParamSpec kParams[] = {
    {.name = "fr_timer", .type = ParamType::Int, .default_int = 5000, .min = 100, .max = kHour,
     .doc = "ms a branch has for a final reply (non-INVITE; INVITE until a provisional)"},
    {.name = "fr_inv_timer", .type = ParamType::Int, .default_int = 30000, .min = 100,
     .max = kHour, .doc = "ms an INVITE branch may ring after a provisional reply"},
    {.name = "t1", .type = ParamType::Int, .default_int = 500, .min = 10, .max = 60000,
     .doc = "RFC 3261 T1 (round-trip estimate), ms"},
    {.name = "t2", .type = ParamType::Int, .default_int = 4000, .min = 10, .max = 60000,
     .doc = "RFC 3261 T2 (longest retransmit interval of non-INVITE requests), ms"},
    {.name = "t4", .type = ParamType::Int, .default_int = 5000, .min = 10, .max = 60000,
     .doc = "RFC 3261 T4 (how long a message can stay in the network), ms"},
    {.name = "wait_timer", .type = ParamType::Int, .default_int = 5000, .min = 100,
     .max = 600000, .doc = "ms a completed transaction is kept to absorb retransmissions"},
    {.name = "max_branches", .type = ParamType::Int, .default_int = 12, .min = 1, .max = 255,
     .doc = "branches one transaction may have (parallel and serial forking together)"},
};

constexpr ArgSpec kReplyArgs[] = {
    {.name = "code", .type = ArgType::Int, .min = 100, .max = 699,
     .doc = "status code of the reply"},
    {.name = "reason", .type = ArgType::String, .doc = "reason phrase"},
};
constexpr ArgSpec kRouteArg[] = {
    {.name = "route", .type = ArgType::Route, .doc = "a named route"},
};
constexpr ArgSpec kTimerArgs[] = {
    {.name = "fr_inv_timer", .type = ArgType::Int, .min = 0, .max = kHour,
     .doc = "ms, 0 keeps the module's"},
    {.name = "fr_timer", .type = ArgType::Int, .optional = true, .min = 0, .max = kHour,
     .doc = "ms, 0 or omitted keeps the module's"},
};

constexpr HookMask kRelayHooks = kInRequest | kInFailure;
constexpr HookMask kArmHooks = kInRequest | kInFailure | kInBranch;

constexpr FunctionSpec kFunctions[] = {
    {.name = "t_relay", .hooks = kRelayHooks, .handler = PINHOLE_HANDLER(TmModule, relayFn),
     .doc = "Relay statefully to $ru/$du and every appended branch."},
    {.name = "t_reply", .args = kReplyArgs, .hooks = kRelayHooks,
     .handler = PINHOLE_HANDLER(TmModule, replyFn), .doc = "Reply statefully."},
    {.name = "t_check_trans", .hooks = kInRequest,
     .handler = PINHOLE_HANDLER(TmModule, checkTransFn),
     .doc = "Does the request belong to a transaction? Retransmissions are absorbed."},
    {.name = "t_newtran", .hooks = kInRequest, .handler = PINHOLE_HANDLER(TmModule, newTranFn),
     .doc = "Create the server transaction without relaying."},
    {.name = "on_reply", .args = kRouteArg, .hooks = kArmHooks,
     .handler = PINHOLE_HANDLER(TmModule, onReplyFn), .doc = "Arm a reply route."},
    {.name = "t_on_reply", .args = kRouteArg, .hooks = kArmHooks,
     .handler = PINHOLE_HANDLER(TmModule, onReplyFn), .doc = "Same as on_reply."},
    {.name = "on_branch", .args = kRouteArg, .hooks = kRelayHooks,
     .handler = PINHOLE_HANDLER(TmModule, onBranchFn), .doc = "Arm a branch route."},
    {.name = "t_on_branch", .args = kRouteArg, .hooks = kRelayHooks,
     .handler = PINHOLE_HANDLER(TmModule, onBranchFn), .doc = "Same as on_branch."},
    {.name = "on_failure", .args = kRouteArg, .hooks = kRelayHooks,
     .handler = PINHOLE_HANDLER(TmModule, onFailureFn), .doc = "Arm a failure route."},
    {.name = "t_on_failure", .args = kRouteArg, .hooks = kRelayHooks,
     .handler = PINHOLE_HANDLER(TmModule, onFailureFn), .doc = "Same as on_failure."},
    {.name = "t_is_canceled", .hooks = kInFailure | kInReply | kInBranch,
     .handler = PINHOLE_HANDLER(TmModule, isCanceledFn),
     .doc = "Was the transaction cancelled by the caller?"},
    {.name = "t_set_fr", .args = kTimerArgs, .hooks = kArmHooks,
     .handler = PINHOLE_HANDLER(TmModule, setFrFn), .doc = "Per-transaction fr timers."},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "tm",
    .version = "0.1.0",
    .summary = "Transaction-stateful proxying: relay, forking, reply/branch/failure routes",
    .depends = {},
    .params = kParams,
    .functions = kFunctions,
};

}  // namespace

const ModuleDescriptor& TmModule::descriptor() const noexcept { return kDescriptor; }

bool TmModule::init(InitContext& ctx) {
  TransactionSettings s;
  s.fr_ms = static_cast<uint32_t>(ctx.integer("fr_timer"));
  s.fr_inv_ms = static_cast<uint32_t>(ctx.integer("fr_inv_timer"));
  s.t1_ms = static_cast<uint32_t>(ctx.integer("t1"));
  s.t2_ms = static_cast<uint32_t>(ctx.integer("t2"));
  s.t4_ms = static_cast<uint32_t>(ctx.integer("t4"));
  s.wait_ms = static_cast<uint32_t>(ctx.integer("wait_timer"));
  s.max_branches = static_cast<uint32_t>(ctx.integer("max_branches"));
  if (std::string problem = checkSettings(s); !problem.empty()) {
    ctx.fail(problem);
    return false;
  }
  TransactionApi* layer = ctx.core().transactions();
  if (!layer) {
    ctx.fail("this core has no transaction layer");
    return false;
  }
  layer->configure(s);
  return true;
}

Outcome TmModule::relayFn(MsgContext& ctx, std::span<const Arg>) noexcept { return relay(ctx); }
Outcome TmModule::replyFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return reply(ctx, static_cast<int>(args[0].integer), args[1].text);
}
Outcome TmModule::checkTransFn(MsgContext& ctx, std::span<const Arg>) noexcept {
  return checkTrans(ctx);
}
Outcome TmModule::newTranFn(MsgContext& ctx, std::span<const Arg>) noexcept {
  return newTran(ctx);
}
Outcome TmModule::onReplyFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return arm(ctx, Arm::Reply, static_cast<uint32_t>(args[0].integer));
}
Outcome TmModule::onBranchFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return arm(ctx, Arm::Branch, static_cast<uint32_t>(args[0].integer));
}
Outcome TmModule::onFailureFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return arm(ctx, Arm::Failure, static_cast<uint32_t>(args[0].integer));
}
Outcome TmModule::isCanceledFn(MsgContext& ctx, std::span<const Arg>) noexcept {
  return isCanceled(ctx);
}
Outcome TmModule::setFrFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return setTimers(ctx, args[0].integer, args.size() > 1 && args[1].present ? args[1].integer : 0);
}

}  // namespace pinhole::modules::tm

PINHOLE_MODULE(pinhole::modules::tm::TmModule, "tm", "0.1.0")
