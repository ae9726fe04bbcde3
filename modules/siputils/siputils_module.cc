// siputils: descriptor and export. The logic is in sip_checks.cc.
#include "siputils/siputils_module.h"

#include "pinhole/context.h"
#include "siputils/sip_checks.h"

namespace pinhole::modules::siputils {
namespace {

constexpr ArgSpec kIsMethodArgs[] = {
    {.name = "methods", .type = ArgType::String,
     .doc = "method names separated by '|' (\"INVITE|REGISTER\"), case-sensitive"},
};

constexpr ArgSpec kIsMyselfArgs[] = {
    {.name = "uri", .type = ArgType::String, .doc = "the URI to test, usually \"$ru\" or \"$du\""},
};

// Read-only tests: usable in every hook.
constexpr FunctionSpec kFunctions[] = {
    {.name = "has_totag", .args = {}, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(SiputilsModule, hasTotagFn),
     .doc = "True when the To header has a tag (in-dialog request)."},
    {.name = "is_method", .args = kIsMethodArgs, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(SiputilsModule, isMethodFn),
     .doc = "True when the method (of the CSeq, for a reply) is in the list."},
    {.name = "is_myself", .args = kIsMyselfArgs, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(SiputilsModule, isMyselfFn),
     .doc = "True when the SIP URI names this proxy (listen, advertised or domain address)."},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "siputils",
    .version = "0.1.0",
    .summary = "Message tests: has_totag, is_method, is_myself",
    .depends = {},
    .params = {},
    .functions = kFunctions,
};

}  // namespace

const ModuleDescriptor& SiputilsModule::descriptor() const noexcept { return kDescriptor; }

Outcome SiputilsModule::hasTotagFn(MsgContext& ctx, std::span<const Arg>) noexcept {
  return hasTotag(ctx);
}

Outcome SiputilsModule::isMethodFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return isMethod(ctx, args[0].text);
}

Outcome SiputilsModule::isMyselfFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return isMyself(ctx, args[0].text);
}

}  // namespace pinhole::modules::siputils

PINHOLE_MODULE(pinhole::modules::siputils::SiputilsModule, "siputils", "0.1.0")
