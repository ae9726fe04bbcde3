// name-addr / addr-spec with header parameters (From, To, Contact, Route, Record-Route, Path),
// and comma-separated lists of them. RFC 3261 20.10: an addr-spec outside <> cannot carry
// ',', '?' or ';' in its URI, which is what makes the parameters unambiguous.
#pragma once

#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/params.h"
#include "pinhole/sip/uri.h"

namespace pinhole::sip {

struct NameAddr {
  std::string_view raw;      // the whole value, LWS trimmed
  std::string_view display;  // as written: quoted (quotes kept) or a token sequence; may be empty
  bool angle = false;        // the URI was enclosed in < >
  Uri uri;
  ParamList params;          // header parameters (tag, expires, q, ...)

  std::string_view tag() const noexcept { return params.value("tag"); }
};

// Exactly one name-addr or addr-spec. Error offsets are relative to `s`.
Result<NameAddr> parseNameAddr(std::string_view s, Arena& arena);
Result<void> parseNameAddrInto(std::string_view s, Arena& arena, NameAddr& out);

// Split a header value at top-level commas (outside quotes and < >) and parse each element,
// appending to `out`. Error offsets are relative to `s`.
Result<void> parseNameAddrList(std::string_view s, Arena& arena, ArenaVector<NameAddr>& out);

// Calls fn(element, offset) for each comma-separated element of `s` (outside quotes and < >),
// LWS trimmed; an empty element is an error (RFC 3261 7.3.1 lists have no empty members).
template <class Fn>
Result<void> forEachListElement(std::string_view s, Fn&& fn);

}  // namespace pinhole::sip

#include "pinhole/sip/name_addr_inl.h"
