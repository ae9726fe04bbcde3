// sl: the configuration's way to answer a request without a transaction. The core builds the
// reply (RFC 3261 8.2.6: Via, From, To, Call-ID, CSeq copied; a To-tag added; RFC 3581 rport /
// received honoured) and sends it from the socket the request came in on; this is the checked,
// logged front of CoreApi::sendReply.
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/context.h"
#include "pinhole/hooks.h"

namespace pinhole::modules::sl {

inline constexpr std::string_view kLogger = "sl";

// Sends `code` `reason` for the request in ctx. True once handed to the core (the request is
// marked replied when the code is final); False for a reply, an ACK (never answered, RFC 3261
// 17.1.1.3), a code outside 100..699, a reason holding CR/LF, or when the core fails to send.
Outcome sendReply(MsgContext& ctx, int64_t code, std::string_view reason) noexcept;

}  // namespace pinhole::modules::sl
