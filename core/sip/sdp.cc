#include "pinhole/sip/sdp.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
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

// Trailing zero bits of x, which is not zero.
constexpr unsigned ctz(uint64_t x) { return static_cast<unsigned>(__builtin_ctzll(x)); }

#if defined(__SSE2__)
// Bit i set where byte i of the 16 at p is a space or a tab.
unsigned spaceMask(const char* p) noexcept {
  return str::maskEq16(p, ' ') | str::maskEq16(p, '\t');
}

// Whether the 16-byte blocks that cover s lie before limit, the end of the body s is part of.
bool blocksFit(std::string_view s, const char* limit) {
  return static_cast<std::size_t>(limit - s.data()) >= ((s.size() + 15) & ~std::size_t{15});
}
#endif

// A field of a line value. Plain data, so that an array of them is not zeroed before a split
// writes it.
struct Field {
  const char* data;
  std::size_t size;

  operator std::string_view() const { return {data, size}; }  // implicit: used as a view
  bool empty() const { return size == 0; }
};

// Splits a line value at spaces and tabs. Its first n fields go to fields[0..n); a missing one is
// empty and points at the value's end, so that an error about it has a useful offset. Returns
// the rest of the value from the start of the next field (empty if there is none).
// A value shorter than 64 bytes, nearly all, is split with one bit mask of its spaces and tabs;
// `limit` is the end of the body the value lies in, so that whole 16-byte blocks can be read.
template <std::size_t n>
std::string_view splitFields(std::string_view value, Field (&fields)[n], const char* limit) {
  const std::size_t size = value.size();
#if defined(__SSE2__)
  if (size < 64 && blocksFit(value, limit)) {
    uint64_t stops = ~uint64_t{0} << size;  // the value's end stops a field too
    for (std::size_t at = 0; at < size; at += 16)
      stops |= uint64_t{spaceMask(value.data() + at)} << at;
    // Field k starts at the k-th byte that is not a stop and follows a stop (or is the first).
    uint64_t starts = ~stops & ((stops << 1) | 1);
    for (std::size_t k = 0; k < n; ++k) {
      if (starts == 0) {
        fields[k] = {value.data() + size, 0};
        continue;
      }
      const unsigned start = ctz(starts);
      starts &= starts - 1;
      fields[k] = {value.data() + start, ctz(stops >> start)};
    }
    const std::size_t rest = starts ? ctz(starts) : size;
    return {value.data() + rest, size - rest};
  }
#else
  (void)limit;
#endif
  std::size_t i = 0;
  for (std::size_t k = 0; k < n; ++k) {
    while (i < size && isSpace(value[i])) ++i;
    const std::size_t start = i;
    while (i < size && !isSpace(value[i])) ++i;
    fields[k] = {value.data() + start, i - start};
  }
  while (i < size && isSpace(value[i])) ++i;
  return {value.data() + i, size - i};
}

// The offset of the first '/' in s, or s.size(); s lies in a body that ends at limit.
std::size_t findSlash(std::string_view s, const char* limit) {
#if defined(__SSE2__)
  // Fields are short: one block, with the bits past the end of s set.
  if (s.size() <= 16 && limit - s.data() >= 16)
    return ctz(str::maskEq16(s.data(), '/') | (~0u << s.size()));
#else
  (void)limit;
#endif
  std::size_t i = 0;
  while (i < s.size() && s[i] != '/') ++i;
  return i;
}

// Splits "a/b" at the first '/': returns a, leaves "/b" (or an absent view) in tail.
std::string_view splitSlash(std::string_view s, std::string_view& tail, const char* limit) {
  const std::size_t slash = findSlash(s, limit);
  if (slash == s.size()) {
    tail = {};
    return s;
  }
  tail = {s.data() + slash, s.size() - slash};
  return {s.data(), slash};
}

// The end of the decimal octet at p (0..255, at most three digits, no leading zero), or nullptr.
constexpr const char* octetEnd(const char* p, const char* end) {
  if (p == end || !str::isDigit(*p)) return nullptr;
  unsigned value = static_cast<unsigned>(*p++ - '0');
  if (p == end || !str::isDigit(*p)) return p;
  if (value == 0) return nullptr;
  value = value * 10 + static_cast<unsigned>(*p++ - '0');
  if (p == end || !str::isDigit(*p)) return p;
  value = value * 10 + static_cast<unsigned>(*p++ - '0');
  return value <= 255 ? p : nullptr;
}

// A dotted quad exactly as inet_pton(AF_INET) takes it: four decimal octets up to 255, without
// leading zeros ("01" is refused), and nothing else.
constexpr bool isDottedQuad(std::string_view s) {
  const char* end = s.data() + s.size();
  const char* p = octetEnd(s.data(), end);
  for (int octet = 1; octet < 4; ++octet) {
    if (p == nullptr || p == end || *p != '.') return false;
    p = octetEnd(p + 1, end);
  }
  return p == end;
}

// inet_pton wants a NUL-terminated string: copy to the stack, never to the heap.
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

// An address whose family is given by the line (c=, a=rtcp). The usual dotted quad is tried
// first; a valid one is numeric, so the result is the same.
bool isValidAddress(std::string_view s, bool ipv6) {
  if (isDottedQuad(s)) return !ipv6;
  if (looksNumeric(s)) return false;
  if (s.find(':') != std::string_view::npos) return ipv6 && isIp6(s);
  return isHostName(s);
}

// An address whose family is told by its form (a=candidate); sets ipv6.
bool isValidAnyAddress(std::string_view s, bool& ipv6) {
  ipv6 = s.find(':') != std::string_view::npos;
  if (ipv6) return isIp6(s);
  if (looksNumeric(s)) return isDottedQuad(s);
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

// The direction an attribute value names (the whole value, so it has no ':'). The four names
// are eight letters each, so each is one word compare.
Direction directionOf(std::string_view value) {
  if (value.size() != 8) return Direction::Unspecified;
  if (str::equalsLowerName(value, "sendrecv")) return Direction::SendRecv;
  if (str::equalsLowerName(value, "sendonly")) return Direction::SendOnly;
  if (str::equalsLowerName(value, "recvonly")) return Direction::RecvOnly;
  if (str::equalsLowerName(value, "inactive")) return Direction::Inactive;
  return Direction::Unspecified;
}

// The attribute value is "<name>:..." (name compared case-insensitively). A name has no ':', so
// this is the attribute whose name runs up to the value's first ':'.
bool hasName(std::string_view value, std::string_view name) {
  return value.size() > name.size() && value[name.size()] == ':' &&
         str::equalsLowerName({value.data(), name.size()}, name);
}

// The line at p, without its line end (LF or CRLF); p moves to the next line. The body runs
// from begin to end.
inline std::string_view takeLine(const char* begin, const char*& p, const char* end) noexcept {
  const char* nl = str::findByte(p, end, '\n');
  const char* line_end = nl != p && nl[-1] == '\r' ? nl - 1 : nl;
  const std::string_view line(p, static_cast<std::size_t>(line_end - p));
  p = nl == end ? end : nl + 1;
  return line;
}

// The value of a <type>=<value> line, without trailing white space.
constexpr std::string_view valueOf(std::string_view line) {
  line.remove_prefix(2);
  return trimSpaceRight(line);
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
  const char* bodyEnd() const { return body_.data() + body_.size(); }
  template <std::size_t n>
  std::string_view split(std::string_view value, Field (&fields)[n]) const {
    return splitFields(value, fields, bodyEnd());
  }

  Result<void> checkVersion(std::string_view line) const;
  Result<void> checkTrailer(std::string_view line, const char* p) const;
  Result<void> parseLine(std::string_view line);
  Result<void> parseConnectionLine(std::string_view line);
  Result<void> parseOrigin(std::string_view line);
  Result<void> parseSessionName(std::string_view line);
  Result<void> parseMedia(std::string_view line);
  Result<void> parseMediaPort(std::string_view port_field, Media& m) const;
  Result<void> parseFormats(std::string_view formats, Media& m) const;
  Result<void> parseAttribute(std::string_view line);
  Result<void> parseRtcp(std::string_view line, std::string_view value);
  Result<void> parseCandidate(std::string_view line, std::string_view value);
  Result<void> parseCandidateExtensions(std::string_view rest, Candidate& c) const;
  // `out` is freshly value-initialised.
  Result<void> parseConnection(std::string_view line, std::string_view value,
                               Connection& out) const;
  Result<void> parseConnectionSuffix(Connection& out) const;
  void closeMedia(std::size_t end);

  std::string_view body_;
  Arena& arena_;
  Session* session_ = nullptr;
  Media* media_ = nullptr;  // the section being parsed; nullptr at session level
  std::size_t media_start_ = 0;
};

Result<const Session*> Parser::run() {
  session_ = arena_.make<Session>(Session{.body = body_});
  if (body_.empty()) return fail("empty SDP body", body_);

  const char* const begin = body_.data();
  const char* const end = bodyEnd();
  const char* p = begin;
  std::string_view line = takeLine(begin, p, end);
  if (line.size() > kMaxLineLength) return fail("line longer than 4096 bytes", line);
  PH_TRY(checkVersion(line));
  while (p != end) {
    line = takeLine(begin, p, end);
    if (line.size() > kMaxLineLength) return fail("line longer than 4096 bytes", line);
    if (line.size() < 2 || line[1] != '=') {
      PH_TRY(checkTrailer(line, p));
      break;
    }
    PH_TRY(parseLine(line));
  }
  if (media_) closeMedia(body_.size());
  return static_cast<const Session*>(session_);
}

Result<void> Parser::checkVersion(std::string_view line) const {
  if (line.size() < 2 || line[0] != 'v' || line[1] != '=')
    return fail("SDP does not start with a v= line", line);
  if (valueOf(line) != "0") return fail("SDP version is not 0", line.substr(2));
  return {};
}

// Many UAs end the body with an extra empty line; anything after one is not SDP. `line` is the
// first line that is not <type>=<value>, p the start of the next.
Result<void> Parser::checkTrailer(std::string_view line, const char* p) const {
  if (!isBlank(line)) return fail("line is not <type>=<value>", line);
  while (p != bodyEnd()) {
    line = takeLine(body_.data(), p, bodyEnd());
    if (line.size() > kMaxLineLength) return fail("line longer than 4096 bytes", line);
    if (!isBlank(line)) return fail("SDP line after an empty line", line);
  }
  return {};
}

// A line with '=' second. Types are tested in order of frequency: a body is mostly a= lines.
Result<void> Parser::parseLine(std::string_view line) {
  const char type = line[0];
  if (type == 'a') return parseAttribute(line);
  if (type == 'c') return parseConnectionLine(line);
  if (type == 'm') return parseMedia(line);
  if (type == 'o') return parseOrigin(line);
  if (type == 's') return parseSessionName(line);
  if (type == 'v') return fail("more than one v= line", line);
  // Not blank (it has a '='), so what checkTrailer() would say.
  if (!str::isAlpha(type)) return fail("line is not <type>=<value>", line);
  return {};  // t=, b=, k=, i=, u=, e=, p=, r=, z= and unknown types: not needed here
}

Result<void> Parser::parseSessionName(std::string_view line) {
  if (media_) return fail("s= line inside a media section", line);
  if (session_->session_name.data()) return fail("more than one s= line", line);
  session_->session_name = line.substr(2);
  return {};
}

// Parsed straight into the arena; if a check after it refuses the line, the parse fails anyway.
Result<void> Parser::parseConnectionLine(std::string_view line) {
  if (!media_) {
    Connection* conn = arena_.make<Connection>();
    PH_TRY(parseConnection(line, valueOf(line), *conn));
    if (session_->connection) return fail("more than one session-level c= line", line);
    session_->connection = conn;
    return {};
  }
  PH_TRY(parseConnection(line, valueOf(line), media_->connections.emplace(arena_)));
  if (media_->connections.size() > kMaxConnectionsPerMedia)
    return fail("too many c= lines in a media section", line);
  return {};
}

Result<void> Parser::parseOrigin(std::string_view line) {
  if (media_) return fail("o= line inside a media section", line);
  if (session_->origin) return fail("more than one o= line", line);
  Field parts[6];
  const std::string_view extra = split(valueOf(line), parts);
  // Fields run out together: if one is missing the last is, and all point at the value's end.
  if (parts[5].empty()) return fail("o= line needs six fields", parts[5]);
  if (!extra.empty()) return fail("o= line has more than six fields", extra);
  session_->origin = arena_.make<Origin>(Origin{.line = line,
                                                .username = parts[0],
                                                .sess_id = parts[1],
                                                .sess_version = parts[2],
                                                .net_type = parts[3],
                                                .addr_type = parts[4],
                                                .address = parts[5],
                                                .ipv6 = str::equalsLowerName(parts[4], "ip6")});
  return {};
}

// <nettype> <addrtype> <address>[/ttl][/count] (c= and the end of a=rtcp).
Result<void> Parser::parseConnection(std::string_view line, std::string_view value,
                                     Connection& out) const {
  Field fields[3];
  const std::string_view extra = split(value, fields);
  out.line = line;
  out.net_type = fields[0];
  if (out.net_type.empty()) return fail("connection without network type", out.net_type);
  if (!str::equalsLowerName(out.net_type, "in"))
    return fail("network type is not IN", out.net_type);
  out.addr_type = fields[1];
  if (out.addr_type.empty()) return fail("connection without address type", out.addr_type);
  out.ipv6 = str::equalsLowerName(out.addr_type, "ip6");
  if (!out.ipv6 && !str::equalsLowerName(out.addr_type, "ip4"))
    return fail("address type is not IP4 or IP6", out.addr_type);
  if (fields[2].empty()) return fail("connection without address", fields[2]);
  if (!extra.empty()) return fail("connection has extra fields", extra);

  out.address = splitSlash(fields[2], out.suffix, bodyEnd());
  if (!isValidAddress(out.address, out.ipv6)) return fail("bad connection address", out.address);
  if (out.suffix.empty()) return {};
  return parseConnectionSuffix(out);
}

// IP4 multicast: /ttl[/count]; IP6 multicast: /count (RFC 4566 section 5.7).
Result<void> Parser::parseConnectionSuffix(Connection& out) const {
  std::string_view rest;
  std::string_view first = splitSlash(out.suffix.substr(1), rest, bodyEnd());
  std::string_view count_text = first;
  if (!out.ipv6) {
    auto ttl = str::parseUnsigned(first, 255);
    if (!ttl) return fail("bad TTL in connection address", first);
    out.ttl = static_cast<uint16_t>(*ttl);
    if (rest.empty()) return {};
    count_text = splitSlash(rest.substr(1), rest, bodyEnd());
  }
  if (!rest.empty()) return fail("too many '/' in connection address", rest);
  auto count = str::parseUnsigned(count_text, UINT16_MAX);
  if (!count || *count == 0) return fail("bad address count in connection address", count_text);
  out.address_count = static_cast<uint16_t>(*count);
  return {};
}

void Parser::closeMedia(std::size_t end) {
  media_->section = {body_.data() + media_start_, end - media_start_};
}

// The section is made in place. The previous one is closed first, as growing the vector moves
// it; if this line is refused, the whole parse fails and neither is seen.
Result<void> Parser::parseMedia(std::string_view line) {
  const std::size_t line_start = str::offsetIn(body_, line);
  if (session_->media.size() >= kMaxMedia) return fail("more than 64 m= lines", line);
  if (media_) closeMedia(line_start);
  Media& m = session_->media.emplace(arena_);
  media_ = &m;
  media_start_ = line_start;

  Field fields[3];
  const std::string_view formats = split(valueOf(line), fields);
  m.line = line;
  m.type = fields[0];
  if (m.type.empty()) return fail("m= line without media type", m.type);
  if (!str::isTokenString(m.type)) return fail("bad media type in m= line", m.type);
  if (fields[1].empty()) return fail("m= line without port", fields[1]);
  PH_TRY(parseMediaPort(fields[1], m));
  m.proto = fields[2];
  if (m.proto.empty()) return fail("m= line without transport protocol", m.proto);
  if (!isProtoString(m.proto)) return fail("bad transport protocol in m= line", m.proto);
  return parseFormats(formats, m);
}

// <port>[/<count>]
Result<void> Parser::parseMediaPort(std::string_view port_field, Media& m) const {
  std::string_view count_suffix;
  m.port_text = splitSlash(port_field, count_suffix, bodyEnd());
  auto port = str::parseUnsigned(m.port_text, UINT16_MAX);
  if (!port) return fail("bad port in m= line", m.port_text);
  m.port = static_cast<uint16_t>(*port);
  if (count_suffix.empty()) return {};
  std::string_view count_text = count_suffix.substr(1);
  auto count = str::parseUnsigned(count_text, UINT16_MAX);
  if (!count || *count == 0) return fail("bad port count in m= line", count_text);
  m.port_count = static_cast<uint16_t>(*count);
  return {};
}

// The format list of an m= line, from its first format: tokens separated by spaces and tabs.
Result<void> Parser::parseFormats(std::string_view formats, Media& m) const {
  const char* p = formats.data();
  const char* const end = p + formats.size();
  while (p != end) {
    const char* start = p;
    while (p != end && str::isToken(*p)) ++p;
    if (p != end && !isSpace(*p)) return fail("bad format in m= line", {start, 0});
    ++m.format_count;
    while (p != end && isSpace(*p)) ++p;
  }
  if (m.format_count == 0) return fail("m= line without formats", formats);
  m.formats = formats;  // the value is right-trimmed, so this ends with the last format
  return {};
}

// Only direction flags, a=rtcp and a=candidate matter here. Each is told by its length and one
// byte before any compare, so other attributes (a=rtpmap, a=fmtp, ...) are never searched.
Result<void> Parser::parseAttribute(std::string_view line) {
  const std::string_view value = valueOf(line);
  if (Direction d = directionOf(value); d != Direction::Unspecified) {
    if (!setDirection(media_ ? media_->direction : session_->direction, d))
      return fail("conflicting direction attributes", line);
    return {};
  }
  // a=rtcp and a=candidate are media-level only; at session level they mean nothing.
  if (!media_) return {};
  if (hasName(value, "rtcp")) return parseRtcp(line, value.substr(5));
  if (hasName(value, "candidate")) return parseCandidate(line, value.substr(10));
  return {};
}

Result<void> Parser::parseRtcp(std::string_view line, std::string_view value) {
  if (media_->rtcp) return fail("more than one a=rtcp in a media section", line);
  Rtcp* rtcp = arena_.make<Rtcp>();
  rtcp->line = line;
  Field port_field[1];
  const std::string_view address = split(value, port_field);
  rtcp->port_text = port_field[0];
  if (rtcp->port_text.empty()) return fail("a=rtcp without port", rtcp->port_text);
  auto port = str::parseUnsigned(rtcp->port_text, UINT16_MAX);
  if (!port) return fail("bad port in a=rtcp", rtcp->port_text);
  rtcp->port = static_cast<uint16_t>(*port);
  if (!address.empty()) {
    Connection* conn = arena_.make<Connection>();
    PH_TRY(parseConnection(line, address, *conn));
    rtcp->connection = conn;
  }
  media_->rtcp = rtcp;
  return {};
}

// Made in place once the limit is checked; a refused line fails the whole parse.
Result<void> Parser::parseCandidate(std::string_view line, std::string_view value) {
  if (media_->candidates.size() >= kMaxCandidatesPerMedia)
    return fail("more than 64 candidates in a media section", line);
  Candidate& c = media_->candidates.emplace(arena_);
  c.line = line;
  // <foundation> <component> <transport> <priority> <address> <port> typ <type>
  Field f[8];
  const std::string_view extensions = split(value, f);

  c.foundation = f[0];
  if (c.foundation.empty() || c.foundation.size() > 32 || !str::allOf(c.foundation, isIceChar))
    return fail("bad candidate foundation", c.foundation);

  auto component_id = str::parseUnsigned(f[1], 256);
  if (!component_id || *component_id == 0) return fail("bad candidate component id", f[1]);
  c.component = static_cast<uint16_t>(*component_id);

  c.transport = f[2];
  if (!str::isTokenString(c.transport)) return fail("bad candidate transport", c.transport);

  auto prio = str::parseUnsigned(f[3], UINT32_MAX);
  if (!prio) return fail("bad candidate priority", f[3]);
  c.priority = static_cast<uint32_t>(*prio);

  c.address = f[4];
  if (!isValidAnyAddress(c.address, c.ipv6)) return fail("bad candidate address", c.address);

  c.port_text = f[5];
  auto port = str::parseUnsigned(c.port_text, UINT16_MAX);
  if (!port) return fail("bad candidate port", c.port_text);
  c.port = static_cast<uint16_t>(*port);

  if (!str::equalsLowerName(f[6], "typ")) return fail("candidate without typ", f[6]);
  c.type = f[7];
  if (!str::isTokenString(c.type)) return fail("bad candidate type", c.type);
  return parseCandidateExtensions(extensions, c);
}

// Name/value pairs after the type: raddr, rport and extensions (generation, tcptype, ufrag, ...).
Result<void> Parser::parseCandidateExtensions(std::string_view rest, Candidate& c) const {
  while (!rest.empty()) {
    Field pair[2];
    rest = split(rest, pair);
    const std::string_view name = pair[0];
    const std::string_view val = pair[1];
    if (val.empty()) return fail("candidate extension without value", val);
    if (str::equalsLowerName(name, "raddr")) {
      if (c.raddr.data()) return fail("more than one raddr in a candidate", name);
      if (!isValidAnyAddress(val, c.raddr_ipv6)) return fail("bad candidate raddr", val);
      c.raddr = val;
    } else if (str::equalsLowerName(name, "rport")) {
      if (c.rport_text.data()) return fail("more than one rport in a candidate", name);
      auto rport = str::parseUnsigned(val, UINT16_MAX);
      if (!rport) return fail("bad candidate rport", val);
      c.rport = static_cast<uint16_t>(*rport);
      c.rport_text = val;
    }
  }
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
