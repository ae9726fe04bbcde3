// Stateless replies: where a response goes (RFC 3261 18.2.2, RFC 3581) and how a proxy builds
// one from a request (sl_send_reply, the 400 for a malformed request, 483, 482).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/message.h"

namespace pinhole::proxy {

// Where the request came from, as the reply logic needs it.
struct Source {
  std::string_view ip;  // textual, no brackets
  uint16_t port = 0;
  bool reliable = false;  // TCP/TLS: the reply goes back on the connection
};

// The address a response to a request whose top Via is `via` goes to: the source IP (the
// received parameter), and the source port when rport was asked for (or forced), else the
// sent-by port (default 5060). maddr is not honoured (multicast is not supported).
struct Destination {
  std::string_view host;  // IP text, no brackets
  uint16_t port = 5060;
};
Destination replyDestination(const sip::Via& via, const Source& source, bool force_rport) noexcept;

// The To-tag a stateless element puts on its replies: the same for retransmissions of one
// request, 16 hex digits, copied into the arena.
std::string_view statelessToTag(sip::Message& request, uint64_t secret);

// The top Via of a received request stamped per RFC 3581 / RFC 3261 18.2.1: received=<source
// ip> when the sent-by host differs, rport=<source port> when rport is present without a value
// (or force_rport). Returns the new via-parm text (in the arena), or the raw one unchanged.
std::string_view stampVia(const sip::Via& via, const Source& source, bool force_rport,
                          Arena& arena);

// Builds a complete stateless response to `request` in `out`: status line, the Via headers
// (the top one stamped), From, To (with to_tag added when it has none and code > 100),
// Call-ID, CSeq, Server, Content-Length: 0. Needs a parseable top Via; From/To/Call-ID/CSeq
// are copied as received.
Result<void> buildReply(sip::Message& request, int code, std::string_view reason,
                        const Source& source, bool force_rport, std::string_view to_tag,
                        std::string& out);

// "400 Bad Request" style reason text for a parse or validation failure: the error's kind and
// detail, with characters a reason phrase cannot hold removed; copied into the arena.
std::string_view reasonForError(const Error& e, Arena& arena);

}  // namespace pinhole::proxy
