#include "pinhole/sip/scanner.h"

#include <cstring>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

// Offset of the next '\n' at or after `from`, or npos.
std::size_t nextLf(std::string_view buf, std::size_t from) {
  if (from >= buf.size()) return std::string_view::npos;
  const void* p = std::memchr(buf.data() + from, '\n', buf.size() - from);
  return p ? static_cast<std::size_t>(static_cast<const char*>(p) - buf.data())
           : std::string_view::npos;
}

std::string_view lineContent(std::string_view buf, std::size_t start, std::size_t lf) {
  std::size_t end = (lf > start && buf[lf - 1] == '\r') ? lf - 1 : lf;
  return buf.substr(start, end - start);
}

// SP/HT at either end (a line's content has no CR/LF left in it).
std::string_view trimWsp(std::string_view s) {
  const char* b = s.data();
  const char* e = b + s.size();
  while (b < e && (*b == ' ' || *b == '\t')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t')) --e;
  return {b, static_cast<std::size_t>(e - b)};
}

// The header name before the colon, without the SP/HT that RFC 3261 HCOLON allows before it.
// Returns its length and sets colon (0 when the line has no colon or an empty name).
std::size_t headerNameLength(std::string_view content, std::size_t& colon) {
  const void* c = std::memchr(content.data(), ':', content.size());
  if (c == nullptr) return 0;
  colon = static_cast<std::size_t>(static_cast<const char*>(c) - content.data());
  std::size_t n = colon;
  while (n > 0 && (content[n - 1] == ' ' || content[n - 1] == '\t')) --n;
  return n;
}

uint32_t off(std::string_view buf, std::string_view part) { return str::offsetIn(buf, part); }

Result<void> parseVersion(std::string_view buf, std::string_view v) {
  // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT ("SIP" is case-insensitive)
  if (v.size() < 5 || !str::iequals(v.substr(0, 4), "SIP/"))
    return makeError(Errc::BadVersion, "SIP-Version does not start with SIP/", off(buf, v));
  std::string_view num = v.substr(4);
  std::size_t dot = num.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == num.size() ||
      !str::allOf(num.substr(0, dot), str::isDigit) || !str::allOf(num.substr(dot + 1), str::isDigit))
    return makeError(Errc::BadVersion, "SIP-Version is not SIP/digits.digits", off(buf, v));
  if (num != "2.0")
    return makeError(Errc::VersionNotSupported, "SIP version is not 2.0", off(buf, v));
  return {};
}

Result<void> parseStartLine(std::string_view buf, std::string_view line, StartLine& out) {
  out.line = line;
  std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0)
    return makeError(Errc::BadStartLine, "start line is not three space-separated parts",
                     off(buf, line));
  std::string_view first = line.substr(0, sp1);
  if (first.size() >= 4 && str::iequals(first.substr(0, 4), "SIP/")) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    out.is_request = false;
    out.version = first;
    PH_TRY(parseVersion(buf, first));
    std::string_view rest = line.substr(sp1 + 1);
    std::size_t sp2 = rest.find(' ');
    std::string_view code = rest.substr(0, sp2);
    auto status = str::parseUnsigned(code, 699);
    if (code.size() != 3 || !status || *status < 100)
      return makeError(Errc::BadStatusCode, "status code is not three digits in 100..699",
                       off(buf, code));
    out.status = static_cast<uint16_t>(*status);
    out.reason = sp2 == std::string_view::npos ? std::string_view{} : rest.substr(sp2 + 1);
    for (char c : out.reason)
      if (c == '\r' || c == '\0')
        return makeError(Errc::BadStartLine, "control character in reason phrase",
                         off(buf, out.reason));
    return {};
  }
  // Request-Line = Method SP Request-URI SP SIP-Version: exactly two single spaces.
  out.is_request = true;
  out.method = first;
  if (!str::isTokenString(first))
    return makeError(Errc::BadMethod, "method is not a token", off(buf, first));
  if (line.back() == ' ' || line.back() == '\t')
    return makeError(Errc::BadStartLine, "trailing white space in the request line",
                     off(buf, line) + static_cast<uint32_t>(line.size() - 1));
  std::size_t sp2 = line.rfind(' ');
  if (sp2 == sp1)
    return makeError(Errc::BadStartLine, "request line has no SIP-Version", off(buf, line));
  out.uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  out.version = line.substr(sp2 + 1);
  if (out.uri.empty() || out.uri.find_first_of(" \t") != std::string_view::npos)
    return makeError(Errc::BadStartLine, "white space inside the Request-URI or extra spaces",
                     off(buf, out.uri));
  return parseVersion(buf, out.version);
}

}  // namespace

Result<ScanResult> scan(std::string_view buf, const ParseLimits& limits, Arena& arena,
                        ArenaVector<HeaderField>& headers) {
  ScanResult r;
  if (buf.size() > limits.max_message_size)
    return makeError(Errc::MessageTooLarge, "message larger than the configured limit", 0);
  headers.reserve(arena, 32);  // a typical message never regrows the index
  std::size_t pos = 0;
  while (pos < buf.size() && (buf[pos] == '\r' || buf[pos] == '\n')) ++pos;
  if (pos == buf.size()) return makeError(Errc::Empty, "empty message", 0);

  std::size_t lf = nextLf(buf, pos);
  if (lf == std::string_view::npos)
    return makeError(Errc::BadStartLine, "start line without a line end", static_cast<uint32_t>(pos));
  PH_TRY(parseStartLine(buf, lineContent(buf, pos, lf), r.start));
  pos = lf + 1;
  r.first_header = static_cast<uint32_t>(pos);

  for (;;) {
    lf = nextLf(buf, pos);
    if (lf == std::string_view::npos)
      return makeError(Errc::MissingHeaderEnd, "header section not ended by an empty line",
                       static_cast<uint32_t>(pos));
    std::string_view content = lineContent(buf, pos, lf);
    if (content.empty()) {
      r.headers_end = static_cast<uint32_t>(pos);
      r.body_offset = static_cast<uint32_t>(lf + 1);
      break;
    }
    if (content[0] == ' ' || content[0] == '\t') {
      // Folding: the previous header's value and line extend over this continuation line.
      if (headers.empty())
        return makeError(Errc::BadHeaderLine, "continuation line before the first header",
                         static_cast<uint32_t>(pos));
      HeaderField& prev = headers.back();
      std::string_view more = trimWsp(content);
      if (!more.empty()) {
        const char* start = prev.value.empty() ? more.data() : prev.value.data();
        prev.value = std::string_view(start, static_cast<std::size_t>(more.data() + more.size() - start));
      }
      prev.line = std::string_view(prev.line.data(),
                                   static_cast<std::size_t>(buf.data() + lf + 1 - prev.line.data()));
      pos = lf + 1;
      continue;
    }
    std::size_t colon = 0;
    std::string_view name = content.substr(0, headerNameLength(content, colon));
    // A known name is a token by construction; only unknown names need the character check.
    HeaderType type = name.empty() ? HeaderType::Other : classifyHeader(name);
    if (name.empty() || (type == HeaderType::Other && !str::isTokenString(name)))
      return makeError(Errc::BadHeaderLine, "header line without a token name and a colon",
                       static_cast<uint32_t>(pos));
    if (headers.size() >= limits.max_headers)
      return makeError(Errc::TooManyHeaders, "more header fields than the configured limit",
                       static_cast<uint32_t>(pos));
    HeaderField& h = headers.emplace(arena);
    h.type = type;
    h.name = name;
    h.value = trimWsp(content.substr(colon + 1));
    h.line = buf.substr(pos, lf + 1 - pos);
    pos = lf + 1;
  }
  return r;
}

}  // namespace pinhole::sip
