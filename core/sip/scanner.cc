#include "pinhole/sip/scanner.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "pinhole/sip/errors.h"
#include "pinhole/strings.h"

namespace pinhole::sip {
namespace {

constexpr std::size_t kHeaderTypes = 1  // Other
#define X(name, wire, compact, rfc) +1
#include "pinhole/sip/header_types.def"
#undef X
    ;
static_assert(kHeaderTypes <= FirstOfType{}.size(), "FirstOfType has a slot per HeaderType");

// Offset of the first '\n' at or after `from` (at most n), or n. Like str::findByte, inline, and
// a short tail is read as the block ending at n rather than byte by byte.
inline std::size_t findLf(const char* b, std::size_t n, std::size_t from) noexcept {
#if defined(__SSE2__)
  if (n >= 16) {
    for (; n - from >= 16; from += 16)
      if (unsigned m = str::maskEq16(b + from, '\n')) return from + __builtin_ctz(m);
    if (from == n) return n;
    // The last block ends at n; its bytes before `from` are not looked at.
    const std::size_t last = n - 16;
    const unsigned m = str::maskEq16(b + last, '\n') >> (from - last);
    return m != 0 ? from + __builtin_ctz(m) : n;
  }
#endif
  return static_cast<std::size_t>(str::findByte(b + from, b + n, '\n') - b);
}

// For the header line at `pos`: `colon`, the first ':' or '\n' at or after it (n if neither),
// and `end`, the line end: that '\n', else the first '\n' after the colon (n if none). Names are
// short, so the first block of 16 bytes usually holds the colon.
inline void findColonAndEnd(const char* b, std::size_t n, std::size_t pos, std::size_t& colon,
                            std::size_t& end) noexcept {
#if defined(__SSE2__)
  if (n - pos >= 16) {
    const unsigned lfs = str::maskEq16(b + pos, '\n');
    if (const unsigned hits = lfs | str::maskEq16(b + pos, ':')) {
      const unsigned at = __builtin_ctz(hits);
      colon = pos + at;
      // Bit 0 is the hit itself: set when it is a '\n', which then ends the line.
      if (const unsigned after = lfs >> at) {
        end = colon + __builtin_ctz(after);
        return;
      }
      end = findLf(b, n, pos + 16);
      return;
    }
  }
#endif
  colon = static_cast<std::size_t>(str::findEither(b + pos, b + n, ':', '\n') - b);
  end = colon == n || b[colon] == '\n' ? colon : findLf(b, n, colon + 1);
}

constexpr bool isWsp(char c) { return c == ' ' || c == '\t'; }

// CR, LF, SP or HT: a line starting with one is not a "Name: value" line. All four are at most
// ' ', so the usual first byte of a line is told apart by one compare.
constexpr uint64_t kLineStartSpecial =
    (1ULL << '\r') | (1ULL << '\n') | (1ULL << ' ') | (1ULL << '\t');
constexpr bool isSpecialLineStart(char c) {
  const auto u = static_cast<uint8_t>(c);
  return u <= ' ' && ((kLineStartSpecial >> u) & 1) != 0;
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
      !str::allOf(num.substr(0, dot), str::isDigit) ||
      !str::allOf(num.substr(dot + 1), str::isDigit))
    return makeError(Errc::BadVersion, "SIP-Version is not SIP/digits.digits", off(buf, v));
  if (num != "2.0")
    return makeError(Errc::VersionNotSupported, "SIP version is not 2.0", off(buf, v));
  return {};
}

// The usual request line, "METHOD uri SIP/2.0": a token, one SP, a URI without SP/HT, one SP
// and the version. Returns false for anything else (errors included), which the general parse
// below then handles.
bool parseCommonRequestLine(std::string_view line, StartLine& out) {
  static constexpr char kVersionTail[8] = {' ', 'S', 'I', 'P', '/', '2', '.', '0'};
  const std::size_t n = line.size();
  if (n <= sizeof kVersionTail ||
      std::memcmp(line.data() + n - sizeof kVersionTail, kVersionTail, sizeof kVersionTail) != 0)
    return false;
  // The SP before the version is no token character, so this stops inside the line; a method
  // of token characters cannot start with "SIP/" (no '/'), so this is no status line.
  std::size_t sp1 = 0;
  while (str::isToken(line[sp1])) ++sp1;
  const std::size_t sp2 = n - sizeof kVersionTail;
  if (sp1 == 0 || line[sp1] != ' ' || sp1 + 1 >= sp2) return false;
  const char* uri_end = line.data() + sp2;
  if (str::findEither(line.data() + sp1 + 1, uri_end, ' ', '\t') != uri_end) return false;
  out.line = line;
  out.is_request = true;
  out.method = line.substr(0, sp1);
  out.uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  out.version = line.substr(sp2 + 1);
  return true;
}

Result<void> parseStartLine(std::string_view buf, std::string_view line, StartLine& out) {
  if (parseCommonRequestLine(line, out)) return {};
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
  if (out.uri.empty() ||
      std::any_of(out.uri.begin(), out.uri.end(), [](char c) { return c == ' ' || c == '\t'; }))
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
  const char* const b = buf.data();
  const std::size_t n = buf.size();
  std::size_t pos = 0;
  while (pos < n && (b[pos] == '\r' || b[pos] == '\n')) ++pos;
  if (pos == n) return makeError(Errc::Empty, "empty message", 0);

  std::size_t lf = findLf(b, n, pos);
  if (lf == n)
    return makeError(Errc::BadStartLine, "start line without a line end",
                     static_cast<uint32_t>(pos));
  PH_TRY(parseStartLine(buf, lineContent(buf, pos, lf), r.start));
  pos = lf + 1;
  r.first_header = static_cast<uint32_t>(pos);

  // Without a caller's table, first-of-type goes to a scratch one: no test per header.
  FirstOfType scratch;
  if (first_of_type == nullptr) {
    scratch.fill(0);
    first_of_type = &scratch;
  }
  uint16_t* const first_index = first_of_type->data();
  const std::size_t max_headers = limits.max_headers;

  for (;;) {
    const char first = pos < n ? b[pos] : '\n';
    if (!isSpecialLineStart(first)) {
      // "Name: value". A line end before any colon means a line without a colon.
      std::size_t colon;
      std::size_t end;
      findColonAndEnd(b, n, pos, colon, end);
      if (end == n)
        return makeError(Errc::MissingHeaderEnd, "header section not ended by an empty line",
                         static_cast<uint32_t>(pos));
      // b[colon - 1] exists (the start line is before it); a byte above ' ' is no SP/HT.
      std::size_t name_end = colon;
      if (static_cast<uint8_t>(b[colon - 1]) <= ' ')
        while (name_end > pos && isWsp(b[name_end - 1])) --name_end;
      std::string_view name(b + pos, name_end - pos);
      // A known name is a token by construction; only unknown names need the character check.
      const bool has_colon = b[colon] == ':';
      HeaderType type =
          has_colon ? classifyHeaderAt(b + pos, name.size(), n - pos) : HeaderType::Other;
      if (!has_colon || name.empty() || (type == HeaderType::Other && !str::isTokenString(name)))
        return makeError(Errc::BadHeaderLine, "header line without a token name and a colon",
                         static_cast<uint32_t>(pos));
      const std::size_t count = headers.size();
      if (count >= max_headers)
        return makeError(Errc::TooManyHeaders, "more header fields than the configured limit",
                         static_cast<uint32_t>(pos));
      const std::size_t content_end = b[end - 1] == '\r' ? end - 1 : end;  // never the colon
      // The usual value starts after one SP: b[colon + 2] then exists (b[end] is the '\n') and,
      // above ' ', is neither white space nor the line end.
      std::size_t v = colon + 1;
      if (b[v] == ' ' && static_cast<uint8_t>(b[v + 1]) > ' ')
        ++v;
      else
        while (v < content_end && isWsp(b[v])) ++v;
      std::size_t v_end = content_end;
      if (static_cast<uint8_t>(b[v_end - 1]) <= ' ')
        while (v_end > v && isWsp(b[v_end - 1])) --v_end;
      uint16_t& first_of_this = first_index[static_cast<std::size_t>(type)];
      if (first_of_this == 0) first_of_this = static_cast<uint16_t>(count + 1);
      headers.push(arena, HeaderField{type, name, std::string_view(b + v, v_end - v),
                                      std::string_view(b + pos, end + 1 - pos)});
      pos = end + 1;
      continue;
    }
    lf = findLf(b, n, pos);
    if (lf == n)
      return makeError(Errc::MissingHeaderEnd, "header section not ended by an empty line",
                       static_cast<uint32_t>(pos));
    std::string_view content = lineContent(buf, pos, lf);
    if (content.empty()) {
      r.headers_end = static_cast<uint32_t>(pos);
      r.body_offset = static_cast<uint32_t>(lf + 1);
      break;
    }
    if (isWsp(content[0])) {
      // Folding: the previous header's value and line extend over this continuation line.
      if (headers.empty())
        return makeError(Errc::BadHeaderLine, "continuation line before the first header",
                         static_cast<uint32_t>(pos));
      HeaderField& prev = headers.back();
      std::string_view more = trimWsp(content);
      if (!more.empty()) {
        const char* start = prev.value.empty() ? more.data() : prev.value.data();
        prev.value =
            std::string_view(start, static_cast<std::size_t>(more.data() + more.size() - start));
      }
      prev.line = std::string_view(prev.line.data(),
                                   static_cast<std::size_t>(b + lf + 1 - prev.line.data()));
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
