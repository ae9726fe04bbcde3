// textops: header-level text operations on the message, all recorded as edits: add a header
// line, remove every header of a name, test a name's presence.
#pragma once

#include <optional>
#include <string_view>

#include "pinhole/context.h"
#include "pinhole/hooks.h"
#include "pinhole/sip/headers.h"

namespace pinhole::modules::textops {

inline constexpr std::string_view kLogger = "textops";

// A header name as the configuration wrote it, resolved for matching: a known name (either
// form: "From" and "f" are the same header) by its type, any other by case-insensitive text.
struct HeaderName {
  sip::HeaderType type = sip::HeaderType::Other;
  std::string_view text;  // trimmed, without a trailing ':'

  bool matches(const sip::HeaderField& h) const noexcept;
};

// nullopt when `name` (LWS and one trailing ':' allowed around it) is not a token.
std::optional<HeaderName> parseHeaderName(std::string_view name) noexcept;

// append_hf: adds `line` ("Name: value", one trailing CRLF or LF allowed) after the last
// header. False, with a log line, when it holds a line break elsewhere (it would smuggle in
// more headers) or does not start with "token:".
Outcome appendHf(MsgContext& ctx, std::string_view line) noexcept;

// remove_hf: removes every header called `name`, compact forms included, whatever white space
// the sender put before the colon ("X-Bypass-me : lol", CVE-2020-28361). True when at least one
// header is (or already was) removed; a header another edit already changed is left, logged.
Outcome removeHf(MsgContext& ctx, std::string_view name) noexcept;

// is_present_hf: True when the message as received has a header called `name` (compact forms
// included). Like Kamailio, edits recorded so far (added or removed headers) are not looked at.
Outcome isPresentHf(MsgContext& ctx, std::string_view name) noexcept;

}  // namespace pinhole::modules::textops
