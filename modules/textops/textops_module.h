// The textops module object: what the loader creates and the routing engine calls.
#pragma once

#include <span>

#include "pinhole/module.h"

namespace pinhole::modules::textops {

class TextopsModule final : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override;

  Outcome appendHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome removeHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome isPresentHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome substHfFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
};

}  // namespace pinhole::modules::textops
