#include "pinhole/sip/scalars.h"

#include <array>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"
#include "pinhole/sip/name_addr.h"

namespace pinhole::sip {
namespace {

constexpr std::array<std::string_view, 15> kMethodNames{
    "", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "INFO", "PRACK", "UPDATE",
    "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH"};

}  // namespace

Method methodFromText(std::string_view m) noexcept {
  for (std::size_t i = 1; i < kMethodNames.size(); ++i)
    if (kMethodNames[i] == m) return static_cast<Method>(i);
  return Method::Other;
}

std::string_view methodText(Method m) noexcept { return kMethodNames[static_cast<std::size_t>(m)]; }

Result<CSeq> parseCSeq(std::string_view value) {
  std::string_view v = str::trimLws(value);
  std::size_t i = 0;
  while (i < v.size() && str::isDigit(v[i])) ++i;
  auto number = str::parseUnsigned(v.substr(0, i), UINT32_MAX);
  if (!number) return makeError(Errc::BadCSeq, "CSeq number missing or above 2^32-1", 0);
  std::size_t j = i;
  while (j < v.size() && str::isLws(v[j])) ++j;
  if (j == i) return makeError(Errc::BadCSeq, "no white space between CSeq number and method", i);
  std::string_view method = v.substr(j);
  if (!str::isTokenString(method)) return makeError(Errc::BadCSeq, "CSeq method is not a token", j);
  return CSeq{static_cast<uint32_t>(*number), method};
}

Result<uint32_t> parseMaxForwards(std::string_view value) {
  auto v = str::parseUnsigned(str::trimLws(value), 255);
  if (!v) return makeError(Errc::BadMaxForwards, "Max-Forwards is not a number in 0..255", 0);
  return static_cast<uint32_t>(*v);
}

Result<uint32_t> parseContentLength(std::string_view value) {
  auto v = str::parseUnsigned(str::trimLws(value), INT32_MAX);
  if (!v) return makeError(Errc::BadContentLength, "Content-Length is not a number", 0);
  return static_cast<uint32_t>(*v);
}

Result<uint32_t> parseDeltaSeconds(std::string_view value) {
  auto v = str::parseUnsigned(str::trimLws(value), UINT32_MAX);
  if (!v) return makeError(Errc::BadExpires, "not a number of seconds in 0..2^32-1", 0);
  return static_cast<uint32_t>(*v);
}

Result<std::string_view> parseCallId(std::string_view value) {
  std::string_view v = str::trimLws(value);
  if (v.empty()) return makeError(Errc::BadCallId, "empty Call-ID", 0);
  std::size_t at = str::find(v, '@');
  std::string_view left = v.substr(0, at);
  std::string_view right = at == std::string_view::npos ? "x" : v.substr(at + 1);
  if (left.empty() || right.empty() || !str::allOf(left, str::isWord) ||
      !str::allOf(right, str::isWord))
    return makeError(Errc::BadCallId, "Call-ID is not word [@ word]", 0);
  return v;
}

Result<void> checkDate(std::string_view value) {
  // rfc1123-date = wkday "," SP date1 SP time SP "GMT"; date1 = 2DIGIT SP month SP 4DIGIT
  std::string_view v = str::trimLws(value);
  static constexpr std::array<std::string_view, 7> kDays{"Mon", "Tue", "Wed", "Thu",
                                                         "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > v.size()) return false;
    for (std::size_t k = 0; k < n; ++k)
      if (!str::isDigit(v[at + k])) return false;
    return true;
  };
  auto oneOf = [&](std::size_t at, auto& names) {
    for (auto n : names)
      if (v.substr(at, 3) == n) return true;
    return false;
  };
  // "Sat, 13 Nov 2010 23:29:00 GMT" is 29 characters.
  bool ok = v.size() == 29 && oneOf(0, kDays) && v.substr(3, 2) == ", " && digits(5, 2) &&
            v[7] == ' ' && oneOf(8, kMonths) && v[11] == ' ' && digits(12, 4) && v[16] == ' ' &&
            digits(17, 2) && v[19] == ':' && digits(20, 2) && v[22] == ':' && digits(23, 2) &&
            v.substr(25) == " GMT";
  if (!ok) return makeError(Errc::BadDate, "Date is not an RFC 1123 date in GMT", 0);
  return {};
}

bool ContentType::is(std::string_view t, std::string_view st) const noexcept {
  return str::iequals(type, t) && str::iequals(subtype, st);
}

Result<ContentType> parseContentType(std::string_view value, Arena& arena) {
  std::string_view v = str::trimLws(value);
  std::size_t i = 0;
  while (i < v.size() && str::isToken(v[i])) ++i;
  ContentType ct;
  ct.type = v.substr(0, i);
  while (i < v.size() && str::isLws(v[i])) ++i;
  if (ct.type.empty() || i >= v.size() || v[i] != '/')
    return makeError(Errc::BadContentType, "media type is not type/subtype", 0);
  ++i;
  while (i < v.size() && str::isLws(v[i])) ++i;
  std::size_t st = i;
  while (i < v.size() && str::isToken(v[i])) ++i;
  ct.subtype = v.substr(st, i - st);
  if (ct.subtype.empty()) return makeError(Errc::BadContentType, "missing media subtype", st);
  auto params = parseHeaderParams(v.substr(i), arena);
  if (!params) return makeError(Errc::BadContentType, params.error().detail, i);
  ct.params = *params;
  return ct;
}

Result<void> parseTokenList(std::string_view value, Arena& arena,
                            ArenaVector<std::string_view>& out) {
  if (str::trimLws(value).empty()) return {};  // e.g. "Supported:" with no tags is allowed
  return forEachListElement(value, [&](std::string_view t, uint32_t offset) -> Result<void> {
    if (!str::isTokenString(t)) return makeError(Errc::BadTokenList, "list element is not a token",
                                                 offset);
    out.push(arena, t);
    return {};
  });
}

}  // namespace pinhole::sip
