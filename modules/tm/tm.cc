#include "tm/tm.h"

namespace pinhole::modules::tm {
namespace {

constexpr std::string_view kLogger = "tm";

TransactionApi* layer(MsgContext& ctx) noexcept {
  TransactionApi* t = ctx.core().transactions();
  if (!t && ctx.core().logEnabled(LogLevel::Error, kLogger))
    ctx.core().log(LogLevel::Error, kLogger, "this core has no transaction layer");
  return t;
}

}  // namespace

std::string checkSettings(const TransactionSettings& s) {
  if (s.t2_ms < s.t1_ms) return "t2 must not be smaller than t1";
  if (s.fr_inv_ms < s.fr_ms)
    return "fr_inv_timer must not be smaller than fr_timer (it runs after a provisional reply)";
  return {};
}

Outcome arm(MsgContext& ctx, Arm which, uint32_t route) noexcept {
  TransactionArms& a = ctx.arms();
  switch (which) {
    case Arm::Reply: a.on_reply = route; break;
    case Arm::Branch: a.on_branch = route; break;
    case Arm::Failure: a.on_failure = route; break;
  }
  return Outcome::True;
}

Outcome setTimers(MsgContext& ctx, int64_t fr_inv_ms, int64_t fr_ms) noexcept {
  if (fr_inv_ms > 0) ctx.arms().fr_inv_ms = static_cast<uint32_t>(fr_inv_ms);
  if (fr_ms > 0) ctx.arms().fr_ms = static_cast<uint32_t>(fr_ms);
  return Outcome::True;
}

Outcome relay(MsgContext& ctx) noexcept {
  TransactionApi* t = layer(ctx);
  return t ? t->relay(ctx) : Outcome::False;
}

Outcome reply(MsgContext& ctx, int code, std::string_view reason) noexcept {
  TransactionApi* t = layer(ctx);
  return t ? t->reply(ctx, code, reason) : Outcome::False;
}

Outcome checkTrans(MsgContext& ctx) noexcept {
  TransactionApi* t = layer(ctx);
  return t ? t->check(ctx) : Outcome::False;
}

Outcome newTran(MsgContext& ctx) noexcept {
  TransactionApi* t = layer(ctx);
  return t ? t->create(ctx) : Outcome::False;
}

Outcome isCanceled(MsgContext& ctx) noexcept {
  TransactionApi* t = layer(ctx);
  return t && t->canceled(ctx) ? Outcome::True : Outcome::False;
}

}  // namespace pinhole::modules::tm
