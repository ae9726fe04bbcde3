// The sl module object: what the loader creates and the routing engine calls.
#pragma once

#include <span>

#include "pinhole/module.h"

namespace pinhole::modules::sl {

class SlModule final : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override;

  // send_reply(code, reason) and sl_send_reply(code, reason).
  Outcome sendReplyFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
};

}  // namespace pinhole::modules::sl
