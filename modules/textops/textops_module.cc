// textops: descriptor and export. The logic is in header_ops.cc and subst.cc.
#include "textops/textops_module.h"

#include "pinhole/context.h"
#include "textops/header_ops.h"
#include "textops/subst.h"

namespace pinhole::modules::textops {
namespace {

constexpr ArgSpec kAppendArgs[] = {
    {.name = "header", .type = ArgType::String,
     .doc = "the header line \"Name: value\" (a trailing CRLF is optional)"},
};

constexpr ArgSpec kNameArgs[] = {
    {.name = "name", .type = ArgType::String,
     .doc = "header name, case-insensitive; long and compact forms are the same header"},
};

constexpr ArgSpec kSubstArgs[] = {
    {.name = "name", .type = ArgType::String, .doc = "header name, as for remove_hf"},
    {.name = "subst", .type = ArgType::String,
     .doc = "\"/regex/replacement/flags\" (POSIX extended regex; flags i, g)"},
    {.name = "flags", .type = ArgType::Flags, .letters = "afl",
     .doc = "a: every header of the name (default), f: the first only, l: the last only"},
};

// Header edits work in every hook: on a request, a reply, or one branch's copy.
constexpr FunctionSpec kFunctions[] = {
    {.name = "append_hf", .args = kAppendArgs, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(TextopsModule, appendHfFn),
     .doc = "Add a header line after the last header."},
    {.name = "remove_hf", .args = kNameArgs, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(TextopsModule, removeHfFn),
     .doc = "Remove every header of that name; true if any was removed."},
    {.name = "is_present_hf", .args = kNameArgs, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(TextopsModule, isPresentHfFn),
     .doc = "True when the received message has a header of that name."},
    {.name = "subst_hf", .args = kSubstArgs, .hooks = kInAnyHook,
     .handler = PINHOLE_HANDLER(TextopsModule, substHfFn),
     .doc = "sed-like substitution in the values of the headers of that name."},
};

constexpr ModuleDescriptor kDescriptor = {
    .name = "textops",
    .version = "0.1.0",
    .summary = "Header text operations: append_hf, remove_hf, is_present_hf, subst_hf",
    .depends = {},
    .params = {},
    .functions = kFunctions,
};

}  // namespace

const ModuleDescriptor& TextopsModule::descriptor() const noexcept { return kDescriptor; }

Outcome TextopsModule::appendHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return appendHf(ctx, args[0].text);
}

Outcome TextopsModule::removeHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return removeHf(ctx, args[0].text);
}

Outcome TextopsModule::isPresentHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return isPresentHf(ctx, args[0].text);
}

Outcome TextopsModule::substHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept {
  return substHf(ctx, args[0].text, args[1].text, args[2].text);
}

}  // namespace pinhole::modules::textops

PINHOLE_MODULE(pinhole::modules::textops::TextopsModule, "textops", "0.1.0")
