// The tm module object: what the loader creates and the routing engine calls.
#pragma once

#include <span>

#include "pinhole/module.h"

namespace pinhole::modules::tm {

class TmModule final : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override;
  bool init(InitContext& ctx) override;

  Outcome relayFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome replyFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome checkTransFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome newTranFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome onReplyFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome onBranchFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome onFailureFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome isCanceledFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome setFrFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
};

}  // namespace pinhole::modules::tm
