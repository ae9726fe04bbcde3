// tm: the routing functions of the transaction layer (core/txn), with Kamailio's names. The
// layer does the work; these functions check where they are called from, arm per-transaction
// routes and timers, and turn settings into the layer's configuration.
#pragma once

#include <cstdint>
#include <string>

#include "pinhole/context.h"
#include "pinhole/core_api.h"

namespace pinhole::modules::tm {

// The module's parameters, checked together (each one's range is checked by the loader).
// Returns an empty string when they are consistent, else why not.
std::string checkSettings(const TransactionSettings& s);

enum class Arm : uint8_t { Reply, Branch, Failure };
// tm.on_reply / on_branch / on_failure: the named route (its index) for this transaction.
Outcome arm(MsgContext& ctx, Arm which, uint32_t route) noexcept;
// tm.t_set_fr(fr_inv_ms, fr_ms): per-transaction timers; 0 keeps the module's value.
Outcome setTimers(MsgContext& ctx, int64_t fr_inv_ms, int64_t fr_ms) noexcept;

// The layer's functions, False (with a log line) when the core has no transaction layer.
Outcome relay(MsgContext& ctx) noexcept;
Outcome reply(MsgContext& ctx, int code, std::string_view reason) noexcept;
Outcome checkTrans(MsgContext& ctx) noexcept;
Outcome newTran(MsgContext& ctx) noexcept;
Outcome isCanceled(MsgContext& ctx) noexcept;

}  // namespace pinhole::modules::tm
