// The maxfwd module object: what the loader creates and the routing engine calls.
#pragma once

#include <cstdint>
#include <span>

#include "pinhole/module.h"

namespace pinhole::modules::maxfwd {

class MaxfwdModule final : public Module {
 public:
  const ModuleDescriptor& descriptor() const noexcept override;
  bool init(InitContext& ctx) override;

  // process_maxfwd(max) and its Kamailio aliases.
  Outcome processMaxfwdFn(MsgContext& ctx, std::span<const Arg> args) noexcept;
  // is_maxfwd_lt(limit).
  Outcome isMaxfwdLtFn(MsgContext& ctx, std::span<const Arg> args) noexcept;

  uint32_t maxLimit() const noexcept { return max_limit_; }

 private:
  uint32_t max_limit_ = 0;  // 0: off
};

}  // namespace pinhole::modules::maxfwd
