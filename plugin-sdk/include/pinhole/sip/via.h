// Via (RFC 3261 20.42, RFC 3581 rport): one entry per sent-by; a header may carry several.
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/params.h"
#include "pinhole/sip/uri.h"

namespace pinhole::sip {

struct Via {
  std::string_view raw;        // this via-parm, LWS trimmed
  std::string_view protocol;   // "SIP"
  std::string_view version;    // "2.0"
  std::string_view transport;  // "UDP", "TCP", "TLS", "SCTP", "WS", ... as written
  std::string_view sent_by;    // host[:port] as written (LWS around ':' possible)
  HostPort host;
  ParamList params;

  // The parameters a proxy works with, found once when the Via is parsed.
  std::string_view branch;
  std::string_view received;
  std::string_view rport_value;  // empty when rport has no value
  std::string_view maddr;
  bool has_branch = false;
  bool has_received = false;
  bool has_rport = false;
  int ttl = -1;  // -1 when absent

  // RFC 3261 17.2.3: a branch starting with the magic cookie identifies the transaction. The bare
  // cookie (RFC 4475 3.2.1) identifies nothing, so it counts as RFC 2543 style.
  bool hasMagicCookie() const noexcept {
    return branch.size() > 7 && branch.substr(0, 7) == "z9hG4bK";
  }
};

// Parse every via-parm of one Via header value, appending to `out`. Offsets relative to `s`.
Result<void> parseViaHeader(std::string_view s, Arena& arena, ArenaVector<Via>& out);

// Parse one via-parm.
Result<Via> parseVia(std::string_view s, Arena& arena);
Result<void> parseViaInto(std::string_view s, Arena& arena, Via& out);

}  // namespace pinhole::sip
