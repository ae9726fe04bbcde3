// name-addr / addr-spec with header parameters (From, To, Contact, Route, Record-Route, Path),
// and comma-separated lists of them. RFC 3261 20.10: an addr-spec outside <> cannot carry
// ',', '?' or ';' in its URI, which is what makes the parameters unambiguous.
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/params.h"
#include "pinhole/sip/uri.h"

namespace pinhole::sip {

// When the URI inside a name-addr is parsed: with the name-addr (its errors are the name-addr's),
// or on the first call to uri()/checkUri(). The message accessors choose OnDemand: From and To
// are mostly read for their tags and a route set for its first value.
enum class UriParsing : uint8_t { Now, OnDemand };

class NameAddr;

// Exactly one name-addr or addr-spec. Error offsets are relative to `s`.
Result<NameAddr> parseNameAddr(std::string_view s, Arena& arena);
Result<void> parseNameAddrInto(std::string_view s, Arena& arena, NameAddr& out,
                               UriParsing uri = UriParsing::Now);

class NameAddr {
 public:
  std::string_view raw;       // the whole value, LWS trimmed
  std::string_view display;   // as written: quoted (quotes kept) or a token sequence; may be empty
  bool angle = false;         // the URI was enclosed in < >
  std::string_view uri_text;  // the URI as written (inside the < >)
  ParamList params;           // header parameters (tag, expires, q, ...)

  std::string_view tag() const noexcept { return params.value("tag"); }

  // The URI, parsed on the first call into the arena the name-addr was parsed with, and cached.
  // A malformed URI gives a Uri with only `raw` set (no scheme kind, no host: it names nothing);
  // checkUri() says what is wrong. validate() checks every URI, so after it this is the parsed
  // one. Like the message's accessors, not for concurrent first calls from several threads.
  const Uri& uri() const { return cache_ != nullptr ? cache_->uri : parseUriOnce(); }
  // The URI's syntax check (parses it if not done yet). Error offsets are relative to `raw`.
  Result<void> checkUri() const;

 private:
  struct UriCache {
    Uri uri;
    Error error;  // valid when !ok
    bool ok = false;
  };
  friend Result<void> parseNameAddrInto(std::string_view s, Arena& arena, NameAddr& out,
                                        UriParsing uri);
  const Uri& parseUriOnce() const;

  Arena* arena_ = nullptr;
  mutable const UriCache* cache_ = nullptr;  // in the arena once parsed
};

// Split a header value at top-level commas (outside quotes and < >) and parse each element,
// appending to `out`. Error offsets are relative to `s`.
Result<void> parseNameAddrList(std::string_view s, Arena& arena, ArenaVector<NameAddr>& out,
                               UriParsing uri = UriParsing::Now);

// Calls fn(element, offset) for each comma-separated element of `s` (outside quotes and < >),
// LWS trimmed; an empty element is an error (RFC 3261 7.3.1 lists have no empty members).
template <class Fn>
Result<void> forEachListElement(std::string_view s, Fn&& fn);

}  // namespace pinhole::sip

#include "pinhole/sip/name_addr_inl.h"
