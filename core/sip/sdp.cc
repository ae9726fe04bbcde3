#include "pinhole/sip/sdp.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sdp {
namespace {

constexpr bool isSpace(char c) { return c == ' ' || c == '\t'; }

constexpr std::string_view trimSpaceRight(std::string_view s) {
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

constexpr bool isBlank(std::string_view s) { return str::allOf(s, isSpace); }

// Space-separated fields of a line value. A missing field comes back empty but still points at
// the end of the value, so that errors about it carry a useful offset.
class Fields {
 public:
  explicit Fields(std::string_view s) : rest_(s) {}

  std::string_view next() {
    skipSpace();
    std::size_t n = 0;
    while (n < rest_.size() && !isSpace(rest_[n])) ++n;
    std::string_view field = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return field;
  }
  bool atEnd() {
    skipSpace();
    return rest_.empty();
  }
  std::string_view rest() {
    skipSpace();
    return rest_;
  }

 private:
  void skipSpace() {
    while (!rest_.empty() && isSpace(rest_.front())) rest_.remove_prefix(1);
  }
  std::string_view rest_;
};

// Splits "a/b" at the first '/': returns a, leaves "/b" (or an absent view) in tail.
std::string_view splitSlash(std::string_view s, std::string_view& tail) {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) {
    tail = {};
    return s;
  }
  tail = s.substr(slash);
  return s.substr(0, slash);
}

// inet_pton wants a NUL-terminated string: copy to the stack, never to the heap.
bool isIp4(std::string_view s) {
  char buf[INET_ADDRSTRLEN];
  if (s.empty() || s.size() >= sizeof buf) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in_addr addr;
  return inet_pton(AF_INET, buf, &addr) == 1;
}

bool isIp6(std::string_view s) {
  char buf[INET6_ADDRSTRLEN];
  if (s.empty() || s.size() >= sizeof buf) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in6_addr addr;
  return inet_pton(AF_INET6, buf, &addr) == 1;
}

// Digits and dots only: meant as a dotted quad, so it must be a valid one (not a host name).
constexpr bool looksNumeric(std::string_view s) {
  return str::allOf(s, [](char c) { return str::isDigit(c) || c == '.'; });
}

// RFC 1123 host name: dot-separated labels of 1..63 letters, digits and inner hyphens.
constexpr bool isHostName(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);  // fully qualified form
  if (s.empty() || s.size() > 253) return false;
  while (true) {
    std::size_t dot = s.find('.');
    std::string_view label = s.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)
      if (!str::isAlpha(c) && !str::isDigit(c) && c != '-') return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// An address whose family is given by the line (c=, a=rtcp).
bool isValidAddress(std::string_view s, bool ipv6) {
  if (looksNumeric(s)) return !ipv6 && isIp4(s);
  if (s.find(':') != std::string_view::npos) return ipv6 && isIp6(s);
  return isHostName(s);
}

// An address whose family is told by its form (a=candidate); sets ipv6.
bool isValidAnyAddress(std::string_view s, bool& ipv6) {
  ipv6 = s.find(':') != std::string_view::npos;
  if (ipv6) return isIp6(s);
  if (looksNumeric(s)) return isIp4(s);
  return isHostName(s);
}

constexpr bool isIceChar(char c) {
  return str::isAlpha(c) || str::isDigit(c) || c == '+' || c == '/';
}

constexpr bool isProtoString(std::string_view s) {
  return !s.empty() && str::allOf(s, [](char c) { return str::isToken(c) || c == '/'; });
}

bool setDirection(Direction& slot, Direction d) {
  if (slot != Direction::Unspecified && slot != d) return false;
  slot = d;
  return true;
}

Direction directionOf(std::string_view name) {
  if (str::iequals(name, "sendrecv")) return Direction::SendRecv;
  if (str::iequals(name, "sendonly")) return Direction::SendOnly;
  if (str::iequals(name, "recvonly")) return Direction::RecvOnly;
  if (str::iequals(name, "inactive")) return Direction::Inactive;
  return Direction::Unspecified;
}

class Parser {
 public:
  Parser(std::string_view body, Arena& arena) : body_(body), arena_(arena) {}

  Result<const Session*> run();

 private:
  // `at` must be a view into body_ (possibly empty, at the end of a line).
  Error fail(std::string_view reason, std::string_view at) const {
    return sip::makeError(sip::Errc::BadSdp, reason, str::offsetIn(body_, at));
  }

  Result<void> parseLine(char type, std::string_view line, std::string_view value,
                         std::size_t line_start);
  Result<void> parseOrigin(std::string_view line, std::string_view value);
  Result<void> parseMedia(std::string_view line, std::string_view value, std::size_t line_start);
  Result<void> parseAttribute(std::string_view line, std::string_view value);
  Result<void> parseRtcp(std::string_view line, std::string_view value);
  Result<void> parseCandidate(std::string_view line, std::string_view value);
  Result<void> parseConnection(std::string_view line, Fields& fields, Connection& out) const;
  void closeMedia(std::size_t end);

  std::string_view body_;
  Arena& arena_;
  Session* session_ = nullptr;
  Media* media_ = nullptr;  // the section being parsed; nullptr at session level
  std::size_t media_start_ = 0;
};

Result<const Session*> Parser::run() {
  session_ = arena_.make<Session>();
  session_->body = body_;

  bool seen_version = false;
  bool seen_blank = false;
  std::size_t pos = 0;
  while (pos < body_.size()) {
    std::size_t nl = body_.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? body_.size() : nl;
    std::size_t line_start = pos;
    pos = nl == std::string_view::npos ? body_.size() : nl + 1;
    std::string_view line = body_.substr(line_start, end - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (line.size() > kMaxLineLength) return fail("line longer than 4096 bytes", line);
    if (!seen_version) {
      if (line.size() < 2 || line[0] != 'v' || line[1] != '=')
        return fail("SDP does not start with a v= line", line);
      if (trimSpaceRight(line.substr(2)) != "0")
        return fail("SDP version is not 0", line.substr(2));
      seen_version = true;
      continue;
    }
    // Many UAs end the body with an extra empty line; anything after one is not SDP.
    if (isBlank(line)) {
      seen_blank = true;
      continue;
    }
    if (seen_blank) return fail("SDP line after an empty line", line);
    if (line.size() < 2 || line[1] != '=' || !str::isAlpha(line[0]))
      return fail("line is not <type>=<value>", line);
    PH_TRY(parseLine(line[0], line, trimSpaceRight(line.substr(2)), line_start));
  }
  if (!seen_version) return fail("empty SDP body", body_.substr(0, 0));
  if (media_) closeMedia(body_.size());
  return static_cast<const Session*>(session_);
}

Result<void> Parser::parseLine(char type, std::string_view line, std::string_view value,
                               std::size_t line_start) {
  switch (type) {
    case 'v':
      return fail("more than one v= line", line);
    case 'o':
      if (media_) return fail("o= line inside a media section", line);
      if (session_->origin) return fail("more than one o= line", line);
      return parseOrigin(line, value);
    case 's':
      if (media_) return fail("s= line inside a media section", line);
      if (session_->session_name.data()) return fail("more than one s= line", line);
      session_->session_name = line.substr(2);
      return {};
    case 'c': {
      Fields fields(value);
      Connection conn;
      PH_TRY(parseConnection(line, fields, conn));
      if (!media_) {
        if (session_->connection) return fail("more than one session-level c= line", line);
        session_->connection = arena_.make<Connection>(conn);
      } else {
        if (media_->connections.size() >= kMaxConnectionsPerMedia)
          return fail("too many c= lines in a media section", line);
        media_->connections.push(arena_, conn);
      }
      return {};
    }
    case 'm':
      return parseMedia(line, value, line_start);
    case 'a':
      return parseAttribute(line, value);
    default:
      return {};  // t=, b=, k=, i=, u=, e=, p=, r=, z= and unknown types: not needed here
  }
}

Result<void> Parser::parseOrigin(std::string_view line, std::string_view value) {
  Fields fields(value);
  std::string_view parts[6];
  for (auto& part : parts) {
    part = fields.next();
    if (part.empty()) return fail("o= line needs six fields", part);
  }
  if (!fields.atEnd()) return fail("o= line has more than six fields", fields.rest());
  Origin* o = arena_.make<Origin>();
  o->line = line;
  o->username = parts[0];
  o->sess_id = parts[1];
  o->sess_version = parts[2];
  o->net_type = parts[3];
  o->addr_type = parts[4];
  o->address = parts[5];
  o->ipv6 = str::iequals(parts[4], "IP6");
  session_->origin = o;
  return {};
}

// <nettype> <addrtype> <address>[/ttl][/count], the rest of `fields` (c= and a=rtcp).
Result<void> Parser::parseConnection(std::string_view line, Fields& fields,
                                     Connection& out) const {
  out = Connection{};
  out.line = line;
  out.net_type = fields.next();
  if (out.net_type.empty()) return fail("connection without network type", out.net_type);
  if (!str::iequals(out.net_type, "IN")) return fail("network type is not IN", out.net_type);
  out.addr_type = fields.next();
  if (out.addr_type.empty()) return fail("connection without address type", out.addr_type);
  out.ipv6 = str::iequals(out.addr_type, "IP6");
  if (!out.ipv6 && !str::iequals(out.addr_type, "IP4"))
    return fail("address type is not IP4 or IP6", out.addr_type);
  std::string_view whole = fields.next();
  if (whole.empty()) return fail("connection without address", whole);
  if (!fields.atEnd()) return fail("connection has extra fields", fields.rest());

  out.address = splitSlash(whole, out.suffix);
  if (!isValidAddress(out.address, out.ipv6)) return fail("bad connection address", out.address);
  if (out.suffix.empty()) return {};

  // IP4 multicast: /ttl[/count]; IP6 multicast: /count (RFC 4566 section 5.7).
  std::string_view rest;
  std::string_view first = splitSlash(out.suffix.substr(1), rest);
  std::string_view count_text = first;
  if (!out.ipv6) {
    auto ttl = str::parseUnsigned(first, 255);
    if (!ttl) return fail("bad TTL in connection address", first);
    out.ttl = static_cast<uint16_t>(*ttl);
    if (rest.empty()) return {};
    count_text = splitSlash(rest.substr(1), rest);
  }
  if (!rest.empty()) return fail("too many '/' in connection address", rest);
  auto count = str::parseUnsigned(count_text, UINT16_MAX);
  if (!count || *count == 0) return fail("bad address count in connection address", count_text);
  out.address_count = static_cast<uint16_t>(*count);
  return {};
}

void Parser::closeMedia(std::size_t end) {
  media_->section = body_.substr(media_start_, end - media_start_);
}

Result<void> Parser::parseMedia(std::string_view line, std::string_view value,
                                std::size_t line_start) {
  if (session_->media.size() >= kMaxMedia) return fail("more than 64 m= lines", line);
  Fields fields(value);
  Media m;
  m.line = line;
  m.type = fields.next();
  if (m.type.empty()) return fail("m= line without media type", m.type);
  if (!str::isTokenString(m.type)) return fail("bad media type in m= line", m.type);

  std::string_view port_field = fields.next();
  if (port_field.empty()) return fail("m= line without port", port_field);
  std::string_view count_suffix;
  m.port_text = splitSlash(port_field, count_suffix);
  auto port = str::parseUnsigned(m.port_text, UINT16_MAX);
  if (!port) return fail("bad port in m= line", m.port_text);
  m.port = static_cast<uint16_t>(*port);
  if (!count_suffix.empty()) {
    std::string_view count_text = count_suffix.substr(1);
    auto count = str::parseUnsigned(count_text, UINT16_MAX);
    if (!count || *count == 0) return fail("bad port count in m= line", count_text);
    m.port_count = static_cast<uint16_t>(*count);
  }

  m.proto = fields.next();
  if (m.proto.empty()) return fail("m= line without transport protocol", m.proto);
  if (!isProtoString(m.proto)) return fail("bad transport protocol in m= line", m.proto);

  std::string_view formats = fields.rest();
  while (!fields.atEnd()) {
    std::string_view fmt = fields.next();
    if (!str::isTokenString(fmt)) return fail("bad format in m= line", fmt);
    ++m.format_count;
  }
  if (m.format_count == 0) return fail("m= line without formats", formats);
  m.formats = formats;  // value is right-trimmed, so this ends with the last format

  if (media_) closeMedia(line_start);
  session_->media.push(arena_, m);
  media_ = &session_->media.back();
  media_start_ = line_start;
  return {};
}

Result<void> Parser::parseAttribute(std::string_view line, std::string_view value) {
  std::size_t colon = value.find(':');
  std::string_view name = value.substr(0, colon);
  if (colon == std::string_view::npos) {
    Direction d = directionOf(name);
    if (d == Direction::Unspecified) return {};
    if (!setDirection(media_ ? media_->direction : session_->direction, d))
      return fail("conflicting direction attributes", line);
    return {};
  }
  // a=rtcp and a=candidate are media-level only; at session level they mean nothing.
  if (!media_) return {};
  std::string_view attr_value = value.substr(colon + 1);
  if (str::iequals(name, "rtcp")) return parseRtcp(line, attr_value);
  if (str::iequals(name, "candidate")) return parseCandidate(line, attr_value);
  return {};
}

Result<void> Parser::parseRtcp(std::string_view line, std::string_view value) {
  if (media_->rtcp) return fail("more than one a=rtcp in a media section", line);
  Fields fields(value);
  Rtcp* rtcp = arena_.make<Rtcp>();
  rtcp->line = line;
  rtcp->port_text = fields.next();
  if (rtcp->port_text.empty()) return fail("a=rtcp without port", rtcp->port_text);
  auto port = str::parseUnsigned(rtcp->port_text, UINT16_MAX);
  if (!port) return fail("bad port in a=rtcp", rtcp->port_text);
  rtcp->port = static_cast<uint16_t>(*port);
  if (!fields.atEnd()) {
    Connection* conn = arena_.make<Connection>();
    PH_TRY(parseConnection(line, fields, *conn));
    rtcp->connection = conn;
  }
  media_->rtcp = rtcp;
  return {};
}

Result<void> Parser::parseCandidate(std::string_view line, std::string_view value) {
  if (media_->candidates.size() >= kMaxCandidatesPerMedia)
    return fail("more than 64 candidates in a media section", line);
  Fields fields(value);
  Candidate c;
  c.line = line;

  c.foundation = fields.next();
  if (c.foundation.empty() || c.foundation.size() > 32 || !str::allOf(c.foundation, isIceChar))
    return fail("bad candidate foundation", c.foundation);

  std::string_view component = fields.next();
  auto component_id = str::parseUnsigned(component, 256);
  if (!component_id || *component_id == 0) return fail("bad candidate component id", component);
  c.component = static_cast<uint16_t>(*component_id);

  c.transport = fields.next();
  if (!str::isTokenString(c.transport)) return fail("bad candidate transport", c.transport);

  std::string_view priority = fields.next();
  auto prio = str::parseUnsigned(priority, UINT32_MAX);
  if (!prio) return fail("bad candidate priority", priority);
  c.priority = static_cast<uint32_t>(*prio);

  c.address = fields.next();
  if (!isValidAnyAddress(c.address, c.ipv6)) return fail("bad candidate address", c.address);

  c.port_text = fields.next();
  auto port = str::parseUnsigned(c.port_text, UINT16_MAX);
  if (!port) return fail("bad candidate port", c.port_text);
  c.port = static_cast<uint16_t>(*port);

  std::string_view typ = fields.next();
  if (!str::iequals(typ, "typ")) return fail("candidate without typ", typ);
  c.type = fields.next();
  if (!str::isTokenString(c.type)) return fail("bad candidate type", c.type);

  // Then name/value pairs: raddr, rport and extensions (generation, tcptype, ufrag, ...).
  while (!fields.atEnd()) {
    std::string_view name = fields.next();
    std::string_view val = fields.next();
    if (val.empty()) return fail("candidate extension without value", val);
    if (str::iequals(name, "raddr")) {
      if (c.raddr.data()) return fail("more than one raddr in a candidate", name);
      if (!isValidAnyAddress(val, c.raddr_ipv6)) return fail("bad candidate raddr", val);
      c.raddr = val;
    } else if (str::iequals(name, "rport")) {
      if (c.rport_text.data()) return fail("more than one rport in a candidate", name);
      auto rport = str::parseUnsigned(val, UINT16_MAX);
      if (!rport) return fail("bad candidate rport", val);
      c.rport = static_cast<uint16_t>(*rport);
      c.rport_text = val;
    }
  }
  media_->candidates.push(arena_, c);
  return {};
}

}  // namespace

Result<const Session*> parse(std::string_view body, Arena& arena) {
  // Offsets are 32-bit; SIP bodies are far smaller, but do not wrap if one is not.
  if (body.size() > UINT32_MAX) return sip::makeError(sip::Errc::BadSdp, "SDP body too large", 0);
  Parser parser(body, arena);
  return parser.run();
}

Direction effectiveDirection(const Session& session, const Media& media) noexcept {
  if (media.direction != Direction::Unspecified) return media.direction;
  if (session.direction != Direction::Unspecified) return session.direction;
  return Direction::SendRecv;
}

std::string_view directionName(Direction d) noexcept {
  switch (d) {
    case Direction::SendRecv: return "sendrecv";
    case Direction::SendOnly: return "sendonly";
    case Direction::RecvOnly: return "recvonly";
    case Direction::Inactive: return "inactive";
    case Direction::Unspecified: break;
  }
  return "";
}

const Connection* effectiveConnection(const Session& session, const Media& media) noexcept {
  const Connection* conn = media.connection();
  return conn ? conn : session.connection;
}

}  // namespace pinhole::sdp
