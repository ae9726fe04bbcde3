// The siputils module object: what the loader creates and the routing engine calls.
#pragma once

#include <span>

#include "pinhole/module.h"

namespace pinhole::modules::siputils {

class SiputilsModule final : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override;

  Outcome hasTotagFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome isMethodFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome isMyselfFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
};

}  // namespace pinhole::modules::siputils
