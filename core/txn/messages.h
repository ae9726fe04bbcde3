// Requests the proxy makes itself for a branch (RFC 3261 9.1 and 17.1.1.3): the CANCEL of a
// pending branch and the ACK of a negative final response. Both repeat the branch request's
// Request-URI, top Via (so they match its client transaction downstream), Route set, From,
// Call-ID and CSeq number.
#pragma once

#include <string>
#include <string_view>

#include "pinhole/result.h"
#include "pinhole/sip/message.h"

namespace pinhole::txn {

// `request` is the branch request as sent; the CANCEL's To is the request's.
Result<void> buildCancel(sip::Message& request, std::string& out);
// The ACK's To is the response's (it carries the callee's tag).
Result<void> buildAck(sip::Message& request, sip::Message& response, std::string& out);

}  // namespace pinhole::txn
