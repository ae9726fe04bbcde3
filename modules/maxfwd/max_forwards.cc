#include "maxfwd/max_forwards.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "common/log_line.h"
#include "pinhole/sip/edit.h"
#include "pinhole/sip/headers.h"
#include "pinhole/sip/scalars.h"
#include "pinhole/strings.h"

namespace pinhole::modules::maxfwd {
namespace {

constexpr std::string_view kHeaderPrefix = "Max-Forwards: ";

// What this module already recorded for the request: the replacement of the value of `h`, or
// (when the message has no Max-Forwards) the header line it added. Walks every layer, so a
// branch hook sees what the request hook did.
std::optional<std::string_view> recordedValue(const sip::EditList& edits, const sip::Message& msg,
                                              const sip::HeaderField* h) noexcept {
  uint32_t value_at = h ? msg.offsetOf(h->value) : 0;
  for (const sip::EditList* layer = &edits; layer; layer = layer->parent()) {
    for (const sip::RecordedEdit& r : layer->own()) {
      const sip::Edit& e = r.edit;
      if (h) {
        if (r.kind == sip::EditKind::Replace && e.offset == value_at &&
            e.length == h->value.size())
          return e.text;
      } else if (r.kind == sip::EditKind::Prepend && e.offset == edits.firstHeaderOffset() &&
                 e.text.size() > kHeaderPrefix.size() &&
                 str::iequals(e.text.substr(0, kHeaderPrefix.size()), kHeaderPrefix)) {
        return str::trimLws(e.text.substr(kHeaderPrefix.size()));
      }
    }
  }
  return std::nullopt;
}

// Decimal text of v (at most 3 digits here) in the arena.
std::string_view decimal(Arena& arena, uint32_t v) {
  char digits[10];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  (void)ec;
  return arena.copy({digits, static_cast<std::size_t>(end - digits)});
}

}  // namespace

Outcome processMaxfwd(MsgContext& ctx, uint32_t initial, uint32_t max_limit) noexcept {
  sip::Message& msg = ctx.msg();
  CoreApi& core = ctx.core();
  const sip::HeaderField* h = msg.header(sip::HeaderType::MaxForwards);

  if (!h) {
    // RFC 3261 16.6 step 3: a proxy adds the header when the request has none.
    if (recordedValue(ctx.edits(), msg, nullptr)) return Outcome::True;
    char line[32];
    std::memcpy(line, kHeaderPrefix.data(), kHeaderPrefix.size());
    auto [end, ec] = std::to_chars(line + kHeaderPrefix.size(), line + sizeof line, initial);
    (void)ec;
    Result<void> added =
        ctx.edits().prependHeader({line, static_cast<std::size_t>(end - line)});
    if (!added) {
      log(core, LogLevel::Error, kLogger, "process_maxfwd: cannot add the header: ",
          added.error().detail);
      return Outcome::False;
    }
    return Outcome::True;
  }

  Result<std::optional<uint32_t>> value = msg.maxForwards();
  if (!value || !*value) {
    log(core, LogLevel::Warn, kLogger, "process_maxfwd: malformed Max-Forwards '", h->value,
        "'");
    return Outcome::False;
  }
  uint32_t received = **value;
  // RFC 3261 16.3 step 2: at zero the request must not be forwarded (the config answers 483).
  if (received == 0) return Outcome::False;
  if (recordedValue(ctx.edits(), msg, h)) return Outcome::True;  // this hop is counted

  uint32_t next = received - 1;
  if (max_limit != 0) next = std::min(next, max_limit);
  Result<void> replaced =
      ctx.edits().replace(msg.offsetOf(h->value), static_cast<uint32_t>(h->value.size()),
                          decimal(ctx.arena(), next));
  if (!replaced) {
    log(core, LogLevel::Error, kLogger, "process_maxfwd: cannot rewrite the value: ",
        replaced.error().detail);
    return Outcome::False;
  }
  return Outcome::True;
}

std::optional<uint32_t> outgoingMaxForwards(MsgContext& ctx) noexcept {
  sip::Message& msg = ctx.msg();
  const sip::HeaderField* h = msg.header(sip::HeaderType::MaxForwards);
  if (auto recorded = recordedValue(ctx.edits(), msg, h)) {
    if (auto v = str::parseUnsigned(*recorded, 255)) return static_cast<uint32_t>(*v);
    return std::nullopt;
  }
  if (!h) return std::nullopt;
  Result<std::optional<uint32_t>> value = msg.maxForwards();
  if (!value) return std::nullopt;
  return *value;
}

Outcome isMaxfwdLt(MsgContext& ctx, uint32_t limit) noexcept {
  const sip::HeaderField* h = ctx.msg().header(sip::HeaderType::MaxForwards);
  std::optional<uint32_t> value = outgoingMaxForwards(ctx);
  if (!value) {
    if (h) log(ctx.core(), LogLevel::Warn, kLogger, "is_maxfwd_lt: malformed Max-Forwards '",
               h->value, "'");
    return Outcome::False;
  }
  return *value < limit ? Outcome::True : Outcome::False;
}

}  // namespace pinhole::modules::maxfwd
