#include "pinhole/sip/uri.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

bool isSchemeChar(char c) {
  return str::isAlpha(c) || str::isDigit(c) || c == '+' || c == '-' || c == '.';
}

bool isUserChar(char c) {
  // user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = & = + $ , ; ? /
  switch (c) {
    case '&': case '=': case '+': case '$': case ',': case ';': case '?': case '/': case '%':
      return true;
    default: return str::isUnreserved(c);
  }
}

bool isPasswordChar(char c) {
  switch (c) {
    case '&': case '=': case '+': case '$': case ',': case '%': return true;
    default: return str::isUnreserved(c);
  }
}

// Four decimal octets of one to three digits, each at most 255 (leading zeros allowed).
bool isIPv4(std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (p == end || *p != '.') return false;
      ++p;
    }
    if (p == end || !str::isDigit(*p)) return false;
    unsigned octet = static_cast<unsigned>(*p++ - '0');
    for (int more = 0; more < 2 && p != end && str::isDigit(*p); ++more)
      octet = octet * 10 + static_cast<unsigned>(*p++ - '0');
    if (octet > 255) return false;
  }
  return p == end;
}

bool isIPv6(std::string_view s) {
  char buf[64];
  if (s.empty() || s.size() >= sizeof(buf)) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in6_addr addr;
  return inet_pton(AF_INET6, buf, &addr) == 1;
}

// Scans host-name characters from s[i] up to the first that cannot be part of a name or an
// IPv4 address, and classifies what it read: a name (RFC 1123 labels; '_' tolerated as many
// UAs send it), an IPv4 address when it is only digits and dots, or None.
HostKind scanHostChars(std::string_view s, std::size_t& pos) {
  const char* p = s.data() + pos;
  const char* const begin = p;
  const char* const end = s.data() + s.size();
  uint8_t seen = 0;         // every class met
  uint8_t double_dot = 0;   // a dot right after a dot (or at the start): an empty label
  uint8_t prev = str::host::kDot;
  for (; p < end; ++p) {
    uint8_t cls = str::host::kTable[static_cast<uint8_t>(*p)];
    if (cls == 0) break;
    double_dot |= cls & prev;
    prev = cls;
    seen |= cls;
  }
  pos = static_cast<std::size_t>(p - s.data());
  std::string_view host(begin, static_cast<std::size_t>(p - begin));
  if (host.empty() || host.size() > 255 || (double_dot & str::host::kDot)) return HostKind::None;
  if (!(seen & str::host::kOther)) return isIPv4(host) ? HostKind::IPv4 : HostKind::None;
  if (seen & str::host::kHyphen) {  // rare: a label may not start or end with '-'
    for (std::size_t k = 0; k < host.size(); ++k)
      if (host[k] == '-' &&
          (k == 0 || host[k - 1] == '.' || k + 1 == host.size() || host[k + 1] == '.'))
        return HostKind::None;
  }
  return HostKind::Name;
}

}  // namespace

bool isIPv4Address(std::string_view s) noexcept { return isIPv4(s); }
bool isIPv6Address(std::string_view s) noexcept { return isIPv6(s); }

Result<void> scanHost(std::string_view s, std::size_t& i, HostPort& hp) {
  const std::size_t start = i;
  if (i < s.size() && s[i] == '[') {
    const void* close = std::memchr(s.data() + i, ']', s.size() - i);
    if (close == nullptr) return makeError(Errc::BadHost, "unterminated IPv6 reference", start);
    i = static_cast<std::size_t>(static_cast<const char*>(close) - s.data()) + 1;
    if (!isIPv6(s.substr(start + 1, i - start - 2)))
      return makeError(Errc::BadHost, "invalid IPv6 reference", start);
    hp.kind = HostKind::IPv6;
  } else {
    hp.kind = scanHostChars(s, i);
    if (hp.kind == HostKind::None) {
      return makeError(Errc::BadHost, i == start ? "empty host" : "invalid host name or IPv4 address",
                       start);
    }
  }
  hp.host = s.substr(start, i - start);
  return {};
}

Result<void> scanPort(std::string_view s, std::size_t& pos, HostPort& hp) {
  const std::size_t start = pos;
  std::size_t i = pos;
  uint32_t port = 0;
  while (i < s.size() && str::isDigit(s[i]) && i - start < 6)
    port = port * 10 + static_cast<uint32_t>(s[i++] - '0');
  pos = i;
  if (i == start || i - start > 5 || port > 65535)
    return makeError(Errc::BadPort, "port is not a number in 0..65535", start);
  hp.port_text = s.substr(start, i - start);
  hp.port = static_cast<uint16_t>(port);
  hp.has_port = true;
  return {};
}

Result<HostKind> parseHost(std::string_view s) {
  HostPort hp;
  std::size_t i = 0;
  PH_TRY(scanHost(s, i, hp));
  if (i != s.size()) return makeError(Errc::BadHost, "invalid character in host", i);
  return hp.kind;
}

Result<HostPort> parseHostPort(std::string_view s) {
  HostPort hp;
  std::size_t i = 0;
  PH_TRY(scanHost(s, i, hp));
  if (i < s.size()) {
    if (s[i] != ':') return makeError(Errc::BadHost, "garbage after host", i);
    ++i;
    PH_TRY(scanPort(s, i, hp));
    if (i != s.size()) return makeError(Errc::BadPort, "garbage after port", i);
  }
  return hp;
}

Result<Uri> parseUri(std::string_view s, Arena& arena) {
  Uri u;
  auto r = parseUriInto(s, arena, u);
  if (!r) return r.error();
  return u;
}

Result<void> parseUriInto(std::string_view s, Arena& arena, Uri& u) {
  u.raw = s;
  std::size_t colon = str::find(s, ':');
  if (colon == std::string_view::npos || colon == 0 || !str::isAlpha(s[0]))
    return makeError(Errc::BadUri, "URI without a scheme", 0);
  u.scheme = s.substr(0, colon);
  for (char c : u.scheme)
    if (!isSchemeChar(c)) return makeError(Errc::BadUri, "invalid character in URI scheme", 0);
  std::string_view rest = s.substr(colon + 1);
  const std::size_t base = colon + 1;

  if (str::equalsLowerName(u.scheme, "sip")) u.kind = Scheme::Sip;
  else if (str::equalsLowerName(u.scheme, "sips")) u.kind = Scheme::Sips;
  else if (str::equalsLowerName(u.scheme, "tel")) u.kind = Scheme::Tel;

  if (u.kind == Scheme::Other) {
    if (rest.empty()) return makeError(Errc::BadUri, "empty URI after scheme", base);
    for (std::size_t i = 0; i < rest.size(); ++i) {
      auto c = static_cast<unsigned char>(rest[i]);
      if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
        return makeError(Errc::BadUri, "invalid character in URI", base + i);
    }
    u.opaque = rest;
    return {};
  }

  if (u.kind == Scheme::Tel) {
    std::size_t semi = str::find(rest, ';');
    u.user = rest.substr(0, semi);
    if (u.user.empty()) return makeError(Errc::BadUri, "tel URI without a number", base);
    for (char c : u.user)
      if (!(str::isHex(c) || c == '+' || c == '-' || c == '.' || c == '(' || c == ')' ||
            c == '*' || c == '#' || c == 'p' || c == 'w' || c == 'P' || c == 'W'))
        return makeError(Errc::BadUri, "invalid character in tel number", base);
    if (semi != std::string_view::npos) {
      u.params_raw = rest.substr(semi);
      auto params = parseUriParams(u.params_raw, arena);
      if (!params) return makeError(Errc::BadParam, params.error().detail,
                                    static_cast<uint32_t>(base + semi + params.error().offset));
      u.params = *params;
    }
    return {};
  }

  // sip / sips: [ userinfo "@" ] hostport uri-parameters [ headers ]
  std::size_t at = str::find(rest, '@');
  std::size_t pos = 0;
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    std::size_t pw = str::find(userinfo, ':');
    u.user = userinfo.substr(0, pw);
    if (u.user.empty()) return makeError(Errc::BadUri, "empty user part", base);
    for (char c : u.user)
      if (!isUserChar(c)) return makeError(Errc::BadUri, "invalid character in user part", base);
    bool has_escape = str::contains(userinfo, '%');
    if (pw != std::string_view::npos) {
      u.password = userinfo.substr(pw + 1);
      u.has_password = true;
      for (char c : u.password)
        if (!isPasswordChar(c))
          return makeError(Errc::BadUri, "invalid character in password", base + pw + 1);
    }
    if (has_escape && !escapesValid(userinfo))
      return makeError(Errc::BadEscape, "bad %-escape in userinfo", base);
    pos = at + 1;
  }
  // hostport, then ";params" and "?headers"
  auto shift = [&](Error e) {
    e.offset = static_cast<uint32_t>(base + (e.hasOffset() ? e.offset : 0));
    return e;
  };
  std::size_t i = pos;
  if (auto r = scanHost(rest, i, u.host); !r) return shift(r.error());
  if (i < rest.size() && rest[i] == ':') {
    ++i;
    if (auto r = scanPort(rest, i, u.host); !r) return shift(r.error());
  }
  if (i < rest.size() && rest[i] != ';' && rest[i] != '?')
    return makeError(Errc::BadHost, "invalid character after host", base + i);
  const std::size_t hp_end = i;
  std::size_t q = str::find(rest, '?', hp_end);
  std::string_view params = rest.substr(hp_end, (q == std::string_view::npos ? rest.size() : q) - hp_end);
  if (!params.empty()) {
    u.params_raw = params;
    auto parsed = parseUriParams(params, arena);
    if (!parsed) {
      Error e = parsed.error();
      e.offset = static_cast<uint32_t>(base + hp_end + e.offset);
      return e;
    }
    u.params = *parsed;
  }
  if (q != std::string_view::npos) {
    u.headers_raw = rest.substr(q + 1);
    auto parsed = parseUriHeaders(u.headers_raw, arena);
    if (!parsed) {
      Error e = parsed.error();
      e.offset = static_cast<uint32_t>(base + q + 1 + e.offset);
      return e;
    }
    u.headers = *parsed;
  }
  return {};
}

Result<std::string_view> unescape(std::string_view s, Arena& arena) {
  if (!str::contains(s, '%')) return s;
  if (!escapesValid(s)) return makeError(Errc::BadEscape, "bad %-escape", 0);
  char* out = static_cast<char*>(arena.allocate(s.size(), 1));
  std::size_t n = 0;
  auto hex = [](char c) { return str::isDigit(c) ? c - '0' : (str::toLower(c) - 'a' + 10); };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      out[n++] = static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out[n++] = s[i];
    }
  }
  return std::string_view(out, n);
}

}  // namespace pinhole::sip
