// The rr module object: what the loader creates and the routing engine calls.
#pragma once

#include <span>

#include "pinhole/module.h"
#include "rr/record_route.h"

namespace pinhole::modules::rr {

class RrModule final : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override;
  bool init(InitContext& ctx) override;

  Outcome looseRouteFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome recordRouteFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome addRrParamFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  Outcome checkRouteParamFn(MsgContext& ctx, std::span<const Arg> args) noexcept;

  const RecordRouteOptions& options() const noexcept { return options_; }

 private:
  RecordRouteOptions options_;
};

}  // namespace pinhole::modules::rr
