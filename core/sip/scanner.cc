#include "pinhole/sip/scanner.h"

#include <algorithm>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

constexpr std::size_t kHeaderTypes = 1  // Other
#define X(name, wire, compact, rfc) +1
#include "pinhole/sip/header_types.def"
#undef X
    ;
static_assert(kHeaderTypes <= FirstOfType{}.size(), "FirstOfType has a slot per HeaderType");

// Offset of the next '\n' at or after `from`, or npos.
std::size_t nextLf(std::string_view buf, std::size_t from) {
  if (from >= buf.size()) return std::string_view::npos;
  const char* end = buf.data() + buf.size();
  const char* p = str::findByte(buf.data() + from, end, '\n');
  return p != end ? static_cast<std::size_t>(p - buf.data()) : std::string_view::npos;
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

uint32_t off(std::string_view buf, std::string_view part) { return str::offsetIn(buf, part); }

Result<void> parseVersion(std::string_view buf, std::string_view v) {
  // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT ("SIP" is case-insensitive)
  if (v == "SIP/2.0") return {};  // what every message carries
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
  if (out.uri.empty() || std::any_of(out.uri.begin(), out.uri.end(),
                                     [](char c) { return c == ' ' || c == '\t'; }))
    return makeError(Errc::BadStartLine, "white space inside the Request-URI or extra spaces",
                     off(buf, out.uri));
  return parseVersion(buf, out.version);
}

}  // namespace

Result<ScanResult> scan(std::string_view buf, const ParseLimits& limits, Arena& arena,
                        ArenaVector<HeaderField>& headers, FirstOfType* first_of_type) {
  ScanResult r;
  if (buf.size() > limits.max_message_size)
    return makeError(Errc::MessageTooLarge, "message larger than the configured limit", 0);
  headers.reserve(arena, 32);  // a typical message never regrows the index
  std::size_t pos = 0;
  while (pos < buf.size() && (buf[pos] == '\r' || buf[pos] == '\n')) ++pos;
  if (pos == buf.size()) return makeError(Errc::Empty, "empty message", 0);

  const char* const b = buf.data();
  const char* const e = b + buf.size();
  std::size_t lf = nextLf(buf, pos);
  if (lf == std::string_view::npos)
    return makeError(Errc::BadStartLine, "start line without a line end", static_cast<uint32_t>(pos));
  PH_TRY(parseStartLine(buf, lineContent(buf, pos, lf), r.start));
  pos = lf + 1;
  r.first_header = static_cast<uint32_t>(pos);

  for (;;) {
    const char* line = b + pos;
    const char first = line < e ? *line : '\n';
    if (first != '\r' && first != '\n' && first != ' ' && first != '\t') {
      // The common line, "Name: value": the colon, then the line end, each found a block of
      // 16 bytes at a time. A line end before any colon means a line without a colon.
      const char* colon = str::findEither(line, e, ':', '\n');
      const char* end = colon == e || *colon == '\n' ? colon : str::findByte(colon + 1, e, '\n');
      if (end == e)
        return makeError(Errc::MissingHeaderEnd, "header section not ended by an empty line",
                         static_cast<uint32_t>(pos));
      const char* name_end = colon;
      while (name_end > line && (name_end[-1] == ' ' || name_end[-1] == '\t')) --name_end;
      std::string_view name(line, static_cast<std::size_t>(name_end - line));
      // A known name is a token by construction; only unknown names need the character check.
      HeaderType type = *colon == ':' ? classifyHeader(name) : HeaderType::Other;
      if (*colon != ':' || name.empty() ||
          (type == HeaderType::Other && !str::isTokenString(name)))
        return makeError(Errc::BadHeaderLine, "header line without a token name and a colon",
                         static_cast<uint32_t>(pos));
      if (headers.size() >= limits.max_headers)
        return makeError(Errc::TooManyHeaders, "more header fields than the configured limit",
                         static_cast<uint32_t>(pos));
      const char* content_end = end[-1] == '\r' ? end - 1 : end;  // end > colon: never the colon
      const char* v = colon + 1;
      while (v < content_end && (*v == ' ' || *v == '\t')) ++v;
      const char* v_end = content_end;
      while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t')) --v_end;
      if (first_of_type != nullptr) {
        uint16_t& first_index = (*first_of_type)[static_cast<std::size_t>(type)];
        if (first_index == 0) first_index = static_cast<uint16_t>(headers.size() + 1);
      }
      std::string_view value(v, static_cast<std::size_t>(v_end - v));
      std::string_view whole(line, static_cast<std::size_t>(end + 1 - line));
      headers.push(arena, HeaderField{type, name, value, whole});
      pos = static_cast<std::size_t>(end + 1 - b);
      continue;
    }
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
    // A line starting with a CR that does not end it: no token name.
    return makeError(Errc::BadHeaderLine, "header line without a token name and a colon",
                     static_cast<uint32_t>(pos));
  }
  return r;
}

}  // namespace pinhole::sip
