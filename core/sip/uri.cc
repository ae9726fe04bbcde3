#include "sip/uri.h"

#include <arpa/inet.h>

#include <cstring>

#include "common/strings.h"
#include "sip/errors.h"

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

bool isIPv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && str::isDigit(s[i])) ++i;
    if (i == start || i - start > 3) return false;
    if (!str::parseUnsigned(s.substr(start, i - start), 255)) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.') return false;
    ++i;
    if (i == s.size()) return false;
  }
  return parts == 4;
}

bool isIPv6(std::string_view s) {
  char buf[64];
  if (s.empty() || s.size() >= sizeof(buf)) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in6_addr addr;
  return inet_pton(AF_INET6, buf, &addr) == 1;
}

bool isHostname(std::string_view s) {
  // hostname = *( domainlabel "." ) toplabel [ "." ]; '_' tolerated as many UAs send it.
  if (s.empty() || s.size() > 255) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!(str::isAlpha(c) || str::isDigit(c) || c == '-' || c == '_')) return false;
    if (c == '-' && (label == 0 || i + 1 == s.size() || s[i + 1] == '.')) return false;
    ++label;
  }
  return true;
}

}  // namespace

bool isIPv4Address(std::string_view s) noexcept { return isIPv4(s); }
bool isIPv6Address(std::string_view s) noexcept { return isIPv6(s); }

Result<HostKind> parseHost(std::string_view s) {
  if (s.empty()) return makeError(Errc::BadHost, "empty host", 0);
  if (s.front() == '[') {
    if (s.back() != ']' || !isIPv6(s.substr(1, s.size() - 2)))
      return makeError(Errc::BadHost, "invalid IPv6 reference", 0);
    return HostKind::IPv6;
  }
  bool numeric = true;
  for (char c : s)
    if (!str::isDigit(c) && c != '.') numeric = false;
  if (numeric) {
    if (!isIPv4(s)) return makeError(Errc::BadHost, "invalid IPv4 address", 0);
    return HostKind::IPv4;
  }
  if (!isHostname(s)) return makeError(Errc::BadHost, "invalid host name", 0);
  return HostKind::Name;
}

Result<HostPort> parseHostPort(std::string_view s) {
  HostPort hp;
  std::size_t host_end;
  if (!s.empty() && s.front() == '[') {
    host_end = s.find(']');
    if (host_end == std::string_view::npos)
      return makeError(Errc::BadHost, "unterminated IPv6 reference", 0);
    ++host_end;
  } else {
    host_end = s.find(':');
    if (host_end == std::string_view::npos) host_end = s.size();
  }
  hp.host = s.substr(0, host_end);
  auto kind = parseHost(hp.host);
  if (!kind) return kind.error();
  hp.kind = *kind;
  if (host_end < s.size()) {
    if (s[host_end] != ':') return makeError(Errc::BadHost, "garbage after host", host_end);
    hp.port_text = s.substr(host_end + 1);
    auto port = str::parseUnsigned(hp.port_text, 65535);
    if (!port || hp.port_text.size() > 5)
      return makeError(Errc::BadPort, "port is not a number in 0..65535", host_end + 1);
    hp.port = static_cast<uint16_t>(*port);
    hp.has_port = true;
  }
  return hp;
}

Result<Uri> parseUri(std::string_view s, Arena& arena) {
  Uri u;
  u.raw = s;
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || !str::isAlpha(s[0]))
    return makeError(Errc::BadUri, "URI without a scheme", 0);
  u.scheme = s.substr(0, colon);
  for (char c : u.scheme)
    if (!isSchemeChar(c)) return makeError(Errc::BadUri, "invalid character in URI scheme", 0);
  std::string_view rest = s.substr(colon + 1);
  const std::size_t base = colon + 1;

  if (str::iequals(u.scheme, "sip")) u.kind = Scheme::Sip;
  else if (str::iequals(u.scheme, "sips")) u.kind = Scheme::Sips;
  else if (str::iequals(u.scheme, "tel")) u.kind = Scheme::Tel;

  if (u.kind == Scheme::Other) {
    if (rest.empty()) return makeError(Errc::BadUri, "empty URI after scheme", base);
    for (std::size_t i = 0; i < rest.size(); ++i) {
      auto c = static_cast<unsigned char>(rest[i]);
      if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
        return makeError(Errc::BadUri, "invalid character in URI", base + i);
    }
    u.opaque = rest;
    return u;
  }

  if (u.kind == Scheme::Tel) {
    std::size_t semi = rest.find(';');
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
    return u;
  }

  // sip / sips: [ userinfo "@" ] hostport uri-parameters [ headers ]
  std::size_t at = rest.find('@');
  std::size_t pos = 0;
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    std::size_t pw = userinfo.find(':');
    u.user = userinfo.substr(0, pw);
    if (u.user.empty()) return makeError(Errc::BadUri, "empty user part", base);
    for (char c : u.user)
      if (!isUserChar(c)) return makeError(Errc::BadUri, "invalid character in user part", base);
    if (pw != std::string_view::npos) {
      u.password = userinfo.substr(pw + 1);
      u.has_password = true;
      for (char c : u.password)
        if (!isPasswordChar(c))
          return makeError(Errc::BadUri, "invalid character in password", base + pw + 1);
    }
    if (!escapesValid(userinfo)) return makeError(Errc::BadEscape, "bad %-escape in userinfo", base);
    pos = at + 1;
  }
  std::size_t hp_end = pos;
  if (hp_end < rest.size() && rest[hp_end] == '[') {
    hp_end = rest.find(']', hp_end);
    hp_end = hp_end == std::string_view::npos ? rest.size() : hp_end + 1;
  }
  while (hp_end < rest.size() && rest[hp_end] != ';' && rest[hp_end] != '?') ++hp_end;
  auto hp = parseHostPort(rest.substr(pos, hp_end - pos));
  if (!hp) {
    Error e = hp.error();
    e.offset = static_cast<uint32_t>(base + pos + (e.hasOffset() ? e.offset : 0));
    return e;
  }
  u.host = *hp;
  std::size_t q = rest.find('?', hp_end);
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
  return u;
}

Result<std::string_view> unescape(std::string_view s, Arena& arena) {
  if (s.find('%') == std::string_view::npos) return s;
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
