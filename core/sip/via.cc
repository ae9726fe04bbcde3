#include "pinhole/sip/via.h"

#include <string>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"
#include "pinhole/sip/name_addr.h"

namespace pinhole::sip {
namespace {

Error shifted(Error e, std::size_t by) {
  e.offset = static_cast<uint32_t>(by + (e.hasOffset() ? e.offset : 0));
  return e;
}

// Reads a token at s[i], then skips LWS. Returns the token (empty if none).
std::string_view takeToken(std::string_view s, std::size_t& pos) {
  const char* const begin = s.data() + pos;
  const char* const end = s.data() + s.size();
  const char* p = str::spanToken(begin, end, false);
  std::string_view t(begin, static_cast<std::size_t>(p - begin));
  while (p < end && str::isLws(*p)) ++p;
  pos = static_cast<std::size_t>(p - s.data());
  return t;
}

bool expect(std::string_view s, std::size_t& i, char c) {
  if (i >= s.size() || s[i] != c) return false;
  ++i;
  while (i < s.size() && str::isLws(s[i])) ++i;
  return true;
}

Result<void> applyBranch(Via& via, const Param& p) {
  // The parameter parser let through token characters, ':', a quoted string or an IPv6
  // reference: only the first of these is a branch.
  if (!p.has_value || p.value.front() == '"' || p.value.front() == '[' ||
      str::contains(p.value, ':'))
    return makeError(Errc::BadVia, "branch parameter without a token value");
  via.branch = p.value;
  via.has_branch = true;
  return {};
}

// parseHost(value) for a value inside the via-parm: the host scan may then read the bytes
// before it too, which lets it take whole 16-byte blocks.
Result<HostKind> hostKindIn(const Via& via, std::string_view value) {
  const auto at = static_cast<std::size_t>(value.data() - via.raw.data());
  const std::string_view s = via.raw.substr(0, at + value.size());
  HostPort hp;
  std::size_t i = at;
  PH_TRY(scanHost(s, i, hp));
  if (i != s.size()) return makeError(Errc::BadHost, "invalid character in host", i - at);
  return hp.kind;
}

Result<void> applyReceived(Via& via, const Param& p) {
  if (!p.has_value) return makeError(Errc::BadVia, "received parameter without a value");
  // RFC 3261 allows IPv4 or IPv6 here; most UAs write IPv6 without brackets.
  auto kind = hostKindIn(via, p.value);
  bool ok = (kind && *kind != HostKind::Name) || isIPv6Address(p.value);
  if (!ok) return makeError(Errc::BadVia, "received is not an IP address");
  via.received = p.value;
  via.has_received = true;
  return {};
}

Result<void> applyRport(Via& via, const Param& p) {
  if (p.has_value && !str::parseUnsigned(p.value, 65535))
    return makeError(Errc::BadVia, "rport value is not a port number");
  via.has_rport = true;
  via.rport_value = p.value;
  return {};
}

Result<void> applyMaddr(Via& via, const Param& p) {
  if (!p.has_value || !parseHost(p.value)) return makeError(Errc::BadVia, "maddr is not a host");
  via.maddr = p.value;
  return {};
}

Result<void> applyTtl(Via& via, const Param& p) {
  auto ttl = p.has_value ? str::parseUnsigned(p.value, 255) : std::nullopt;
  if (!ttl) return makeError(Errc::BadVia, "ttl is not a number in 0..255");
  via.ttl = static_cast<int>(*ttl);
  return {};
}

// The parameters a proxy reads, picked out by name length first (this runs for every Via).
Result<void> applyKnownParams(Via& via) {
  for (const Param& p : via.params) {
    std::string_view n = p.name;
    Result<void> r;
    switch (n.size()) {
      case 6: if (str::equalsLowerName(n, "branch")) r = applyBranch(via, p); break;
      case 8: if (str::equalsLowerName(n, "received")) r = applyReceived(via, p); break;
      case 5:
        if (str::equalsLowerName(n, "rport")) r = applyRport(via, p);
        else if (str::equalsLowerName(n, "maddr")) r = applyMaddr(via, p);
        break;
      case 3: if (str::equalsLowerName(n, "ttl")) r = applyTtl(via, p); break;
      default: break;
    }
    if (!r) return r;
  }
  return {};
}

}  // namespace

Result<Via> parseVia(std::string_view s, Arena& arena) {
  Via via;
  auto r = parseViaInto(s, arena, via);
  if (!r) return r.error();
  return via;
}

Result<void> parseViaInto(std::string_view s, Arena& arena, Via& via) {
  via.raw = s;
  std::size_t i = 0;
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport (LWS around '/'), in
  // practice "SIP/2.0/" and the transport: one word compare ('/', '.' and digits compare
  // exactly, the letters case-insensitively).
  if (s.size() > 8 && str::equalsLowerName(s.substr(0, 8), "sip/2.0/")) {
    via.protocol = s.substr(0, 3);
    via.version = s.substr(4, 3);
    i = 8;
    while (i < s.size() && str::isLws(s[i])) ++i;  // SLASH allows LWS after it too
    via.transport = takeToken(s, i);
    if (via.transport.empty()) return makeError(Errc::BadVia, "missing transport", i);
  } else {
    via.protocol = takeToken(s, i);
    if (via.protocol.empty() || !expect(s, i, '/'))
      return makeError(Errc::BadVia, "malformed sent-protocol", i);
    via.version = takeToken(s, i);
    if (via.version.empty() || !expect(s, i, '/'))
      return makeError(Errc::BadVia, "malformed sent-protocol version", i);
    via.transport = takeToken(s, i);
    if (via.transport.empty()) return makeError(Errc::BadVia, "missing transport", i);
    if (!str::equalsLowerName(via.protocol, "sip"))
      return makeError(Errc::BadVia, "protocol is not SIP", 0);
    if (via.version != "2.0")
      return makeError(Errc::VersionNotSupported, "Via version is not 2.0", 0);
  }

  // sent-by = host [ COLON port ]; COLON allows LWS around it.
  std::size_t sb_start = i;
  auto host = scanHost(s, i, via.host);
  if (!host) return host.error();
  std::size_t sb_end = i;
  std::size_t j = i;
  while (j < s.size() && str::isLws(s[j])) ++j;
  if (j < s.size() && s[j] == ':') {
    ++j;
    while (j < s.size() && str::isLws(s[j])) ++j;
    auto port = scanPort(s, j, via.host);
    if (!port) return makeError(Errc::BadPort, "Via port is not a number in 0..65535", j);
    i = j;
    sb_end = j;
  }
  via.sent_by = s.substr(sb_start, sb_end - sb_start);
  if (i < s.size() && !str::isLws(s[i]) && s[i] != ';')
    return makeError(Errc::BadVia, "invalid character after sent-by", i);

  auto params = parseHeaderParams(s.substr(i), arena);
  if (!params) {
    Error e = shifted(params.error(), i);
    e.code = make_error_code(Errc::BadVia);
    return e;
  }
  via.params = *params;
  auto known = applyKnownParams(via);
  if (!known) return shifted(known.error(), i);
  return {};
}

Result<void> parseViaHeader(std::string_view s, Arena& arena, ArenaVector<Via>& out) {
  return forEachListElement(s, [&](std::string_view element, uint32_t offset) -> Result<void> {
    auto r = parseViaInto(element, arena, out.emplace(arena));
    if (!r) return shifted(r.error(), offset);
    return {};
  });
}

}  // namespace pinhole::sip
