#include "sip/via.h"

#include "common/strings.h"
#include "sip/errors.h"
#include "sip/name_addr.h"

namespace pinhole::sip {
namespace {

Error shifted(Error e, std::size_t by) {
  e.offset = static_cast<uint32_t>(by + (e.hasOffset() ? e.offset : 0));
  return e;
}

// Reads a token at s[i], then skips LWS. Returns the token (empty if none).
std::string_view takeToken(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  while (i < s.size() && str::isToken(s[i])) ++i;
  std::string_view t = s.substr(start, i - start);
  while (i < s.size() && str::isLws(s[i])) ++i;
  return t;
}

bool expect(std::string_view s, std::size_t& i, char c) {
  if (i >= s.size() || s[i] != c) return false;
  ++i;
  while (i < s.size() && str::isLws(s[i])) ++i;
  return true;
}

Result<void> applyKnownParams(Via& via) {
  for (const Param& p : via.params) {
    if (str::iequals(p.name, "branch")) {
      if (!p.has_value || !str::isTokenString(p.value))
        return makeError(Errc::BadVia, "branch parameter without a token value");
      via.branch = p.value;
      via.has_branch = true;
    } else if (str::iequals(p.name, "received")) {
      if (!p.has_value) return makeError(Errc::BadVia, "received parameter without a value");
      // RFC 3261 allows IPv4 or IPv6 here; most UAs write IPv6 without brackets.
      auto kind = parseHost(p.value);
      bool ok = (kind && *kind != HostKind::Name) || isIPv6Address(p.value);
      if (!ok) return makeError(Errc::BadVia, "received is not an IP address");
      via.received = p.value;
      via.has_received = true;
    } else if (str::iequals(p.name, "rport")) {
      if (p.has_value && !str::parseUnsigned(p.value, 65535))
        return makeError(Errc::BadVia, "rport value is not a port number");
      via.has_rport = true;
      via.rport_value = p.value;
    } else if (str::iequals(p.name, "maddr")) {
      if (!p.has_value || !parseHost(p.value))
        return makeError(Errc::BadVia, "maddr is not a host");
      via.maddr = p.value;
    } else if (str::iequals(p.name, "ttl")) {
      auto ttl = p.has_value ? str::parseUnsigned(p.value, 255) : std::nullopt;
      if (!ttl) return makeError(Errc::BadVia, "ttl is not a number in 0..255");
      via.ttl = static_cast<int>(*ttl);
    }
  }
  return {};
}

}  // namespace

Result<Via> parseVia(std::string_view s, Arena& arena) {
  Via via;
  via.raw = s;
  std::size_t i = 0;
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport (LWS around '/')
  via.protocol = takeToken(s, i);
  if (via.protocol.empty() || !expect(s, i, '/'))
    return makeError(Errc::BadVia, "malformed sent-protocol", i);
  via.version = takeToken(s, i);
  if (via.version.empty() || !expect(s, i, '/'))
    return makeError(Errc::BadVia, "malformed sent-protocol version", i);
  via.transport = takeToken(s, i);
  if (via.transport.empty()) return makeError(Errc::BadVia, "missing transport", i);
  if (!str::iequals(via.protocol, "SIP")) return makeError(Errc::BadVia, "protocol is not SIP", 0);
  if (via.version != "2.0") return makeError(Errc::VersionNotSupported, "Via version is not 2.0", 0);

  // sent-by = host [ COLON port ]; COLON allows LWS around it.
  std::size_t sb_start = i;
  std::size_t host_end = i;
  if (host_end < s.size() && s[host_end] == '[') {
    while (host_end < s.size() && s[host_end] != ']') ++host_end;
    if (host_end < s.size()) ++host_end;
  } else {
    while (host_end < s.size() && !str::isLws(s[host_end]) && s[host_end] != ':' &&
           s[host_end] != ';')
      ++host_end;
  }
  std::string_view host = s.substr(sb_start, host_end - sb_start);
  auto kind = parseHost(host);
  if (!kind) return shifted(kind.error(), sb_start);
  via.host.host = host;
  via.host.kind = *kind;
  i = host_end;
  std::size_t sb_end = host_end;
  std::size_t j = i;
  while (j < s.size() && str::isLws(s[j])) ++j;
  if (j < s.size() && s[j] == ':') {
    ++j;
    while (j < s.size() && str::isLws(s[j])) ++j;
    std::size_t port_start = j;
    while (j < s.size() && str::isDigit(s[j])) ++j;
    via.host.port_text = s.substr(port_start, j - port_start);
    auto port = str::parseUnsigned(via.host.port_text, 65535);
    if (!port || via.host.port_text.size() > 5)
      return makeError(Errc::BadPort, "Via port is not a number in 0..65535", port_start);
    via.host.port = static_cast<uint16_t>(*port);
    via.host.has_port = true;
    i = j;
    sb_end = j;
  }
  via.sent_by = s.substr(sb_start, sb_end - sb_start);

  auto params = parseHeaderParams(s.substr(i), arena);
  if (!params) {
    Error e = shifted(params.error(), i);
    e.code = make_error_code(Errc::BadVia);
    return e;
  }
  via.params = *params;
  auto known = applyKnownParams(via);
  if (!known) return shifted(known.error(), i);
  return via;
}

Result<void> parseViaHeader(std::string_view s, Arena& arena, ArenaVector<Via>& out) {
  return forEachListElement(s, [&](std::string_view element, uint32_t offset) -> Result<void> {
    auto via = parseVia(element, arena);
    if (!via) return shifted(via.error(), offset);
    out.push(arena, *via);
    return {};
  });
}

}  // namespace pinhole::sip
