// URIs of RFC 3261 19.1 (sip, sips), RFC 3966 (tel) and any other absolute URI kept opaque.
// Every field is a view into the message; nothing is unescaped in place (see unescape()).
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/params.h"

namespace pinhole::sip {

enum class Scheme : uint8_t { Sip, Sips, Tel, Other };
enum class HostKind : uint8_t { None, Name, IPv4, IPv6 };

struct HostPort {
  std::string_view host;  // IPv6 references keep their brackets
  HostKind kind = HostKind::None;
  uint16_t port = 0;
  bool has_port = false;
  std::string_view port_text;

  // The host without IPv6 brackets (for address parsing and comparison).
  std::string_view address() const noexcept {
    return kind == HostKind::IPv6 ? host.substr(1, host.size() - 2) : host;
  }
};

bool isIPv4Address(std::string_view s) noexcept;
bool isIPv6Address(std::string_view s) noexcept;  // without brackets

// Scan a host (name, IPv4, [IPv6]) starting at s[i], leaving i after it; then a port of up to
// five digits. For grammars that continue after the host (URIs, Via sent-by).
Result<void> scanHost(std::string_view s, std::size_t& i, HostPort& out);
Result<void> scanPort(std::string_view s, std::size_t& i, HostPort& out);

// host [":" port], nothing else; LWS is not allowed (Via's sent-by trims it before calling).
Result<HostPort> parseHostPort(std::string_view s);
// Classify and check a bare host: name, IPv4 or bracketed IPv6 reference.
Result<HostKind> parseHost(std::string_view s);

struct Uri {
  std::string_view raw;
  std::string_view scheme;  // as written
  Scheme kind = Scheme::Other;
  std::string_view user;      // escaped as received; for tel: the number
  std::string_view password;
  bool has_password = false;
  HostPort host;              // sip/sips only
  std::string_view params_raw;   // from the first ';' (sip/sips/tel), "" if none
  ParamList params;
  std::string_view headers_raw;  // after '?', "" if none
  ParamList headers;
  std::string_view opaque;    // Other: everything after "scheme:"

  bool isSip() const noexcept { return kind == Scheme::Sip || kind == Scheme::Sips; }
  const Param* param(std::string_view name) const noexcept { return params.find(name); }
  bool hasParam(std::string_view name) const noexcept { return params.has(name); }
};

// Parse one URI with no surrounding LWS or brackets. Error offsets are relative to `s`.
Result<Uri> parseUri(std::string_view s, Arena& arena);
// The same, parsing into `out` (no copy of the large struct on the hot path).
Result<void> parseUriInto(std::string_view s, Arena& arena, Uri& out);

// %HH-decode into the arena (returns `s` itself when it has no escape).
Result<std::string_view> unescape(std::string_view s, Arena& arena);

}  // namespace pinhole::sip
