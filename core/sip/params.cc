#include "pinhole/sip/params.h"

#include <array>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

// paramchar = param-unreserved / unreserved / escaped; param-unreserved = [ ] / : & + $
// hname / hvalue = 1*( hnv-unreserved / unreserved / escaped ); hnv-unreserved = [ ] / ? : + $
// As one table (a lookup per character instead of a switch): bit 1 param, bit 2 header, bit 4
// the escape character.
constexpr std::array<uint8_t, 256> makeUriParamTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c)
    if (str::isUnreserved(static_cast<char>(c))) t[c] = 1 | 2;
  for (char c : std::string_view("[]/:&+$%")) t[static_cast<uint8_t>(c)] |= 1;
  for (char c : std::string_view("[]/?:+$%")) t[static_cast<uint8_t>(c)] |= 2;
  t[static_cast<uint8_t>('%')] |= 4;  // starts an escape
  return t;
}
constexpr std::array<uint8_t, 256> kUriParamTable = makeUriParamTable();

bool isParamCharNoEscape(char c) { return (kUriParamTable[static_cast<uint8_t>(c)] & 5) == 1; }
bool isHeaderChar(char c) { return kUriParamTable[static_cast<uint8_t>(c)] & 2; }

ParamList finish(ArenaVector<Param>& v) {
  return ParamList(v.data(), static_cast<uint32_t>(v.size()));
}

}  // namespace

const Param* ParamList::find(std::string_view name) const noexcept {
  for (const Param& p : *this)
    if (str::iequals(p.name, name)) return &p;
  return nullptr;
}

std::size_t quotedStringLength(std::string_view s) noexcept {
  if (s.empty() || s[0] != '"') return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '"') return i + 1;
    if (s[i] == '\\') {
      if (i + 1 >= s.size() || s[i + 1] == '\r' || s[i + 1] == '\n') return 0;
      ++i;
    }
  }
  return 0;
}

bool escapesValid(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') continue;
    if (i + 2 >= s.size() || !str::isHex(s[i + 1]) || !str::isHex(s[i + 2])) return false;
    i += 2;
  }
  return true;
}

Result<ParamList> parseHeaderParams(std::string_view s, Arena& arena) {
  ArenaVector<Param> out;
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin;
  auto at = [&](const char* q) { return static_cast<uint32_t>(q - begin); };
  // LWS around SEMI and EQUAL is allowed but rare: each place tests one byte before skipping.
  auto skipLws = [&] {
    while (p < end && str::isLws(*p)) ++p;
  };
  while (p < end) {
    if (*p != ';') {
      if (!str::isLws(*p)) return makeError(Errc::BadParam, "expected ';' before parameter", at(p));
      skipLws();
      continue;
    }
    ++p;
    if (p < end && str::isLws(*p)) skipLws();
    const char* name = p;
    p = str::spanToken(p, end, false);
    if (p == name) return makeError(Errc::BadParam, "empty parameter name", at(name));
    Param& param = out.emplace(arena);
    param.name = std::string_view(name, static_cast<std::size_t>(p - name));
    if (p < end && str::isLws(*p)) skipLws();
    if (p == end || *p != '=') continue;
    ++p;
    if (p < end && str::isLws(*p)) skipLws();
    const char* value = p;
    if (p < end && *p == '"') {
      std::size_t n = quotedStringLength(std::string_view(p, static_cast<std::size_t>(end - p)));
      if (n == 0) return makeError(Errc::BadQuotedString, "unterminated quoted parameter", at(p));
      p += n;
    } else if (p < end && *p == '[') {
      while (p < end && *p != ']') ++p;
      if (p >= end) return makeError(Errc::BadParam, "unterminated IPv6 reference", at(p));
      ++p;
    } else {
      p = str::spanToken(p, end, true);
    }
    if (p == value) return makeError(Errc::BadParam, "empty parameter value", at(p));
    param.value = std::string_view(value, static_cast<std::size_t>(p - value));
    param.has_value = true;
  }
  return finish(out);
}

Result<ParamList> parseUriParams(std::string_view s, Arena& arena) {
  ArenaVector<Param> out;
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin;
  auto at = [&](const char* q) { return static_cast<uint32_t>(q - begin); };
  // A run of parameter characters; the loop stops at a '%' (not in the fast set), whose escape
  // is checked there. False on a bad escape (p left at its '%').
  auto span = [&]() {
    for (;;) {
      while (p < end && isParamCharNoEscape(*p)) ++p;
      if (p == end || *p != '%') return true;
      if (end - p < 3 || !str::isHex(p[1]) || !str::isHex(p[2])) return false;
      p += 3;
    }
  };
  while (p < end) {
    if (*p != ';') return makeError(Errc::BadParam, "unexpected character in URI", at(p));
    const char* name = ++p;
    if (!span()) return makeError(Errc::BadEscape, "bad %-escape in URI parameter", at(name));
    if (p == name) return makeError(Errc::BadParam, "empty URI parameter name", at(p));
    Param& param = out.emplace(arena);
    param.name = std::string_view(name, static_cast<std::size_t>(p - name));
    if (p < end && *p == '=') {
      const char* value = ++p;
      if (!span()) return makeError(Errc::BadEscape, "bad %-escape in URI parameter", at(name));
      if (p == value) return makeError(Errc::BadParam, "empty URI parameter value", at(p));
      param.value = std::string_view(value, static_cast<std::size_t>(p - value));
      param.has_value = true;
    }
  }
  return finish(out);
}

Result<ParamList> parseUriHeaders(std::string_view s, Arena& arena) {
  ArenaVector<Param> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t name_start = i;
    while (i < s.size() && isHeaderChar(s[i])) ++i;
    if (i == name_start) return makeError(Errc::BadUri, "empty URI header name", i);
    if (i >= s.size() || s[i] != '=') return makeError(Errc::BadUri, "URI header without '='", i);
    Param p{s.substr(name_start, i - name_start), {}, true};
    std::size_t value_start = ++i;
    while (i < s.size() && isHeaderChar(s[i])) ++i;
    p.value = s.substr(value_start, i - value_start);
    if (!escapesValid(p.name) || !escapesValid(p.value))
      return makeError(Errc::BadEscape, "bad %-escape in URI header", name_start);
    out.push(arena, p);
    if (i == s.size()) break;
    if (s[i] != '&') return makeError(Errc::BadUri, "unexpected character in URI headers", i);
    ++i;
  }
  return finish(out);
}

}  // namespace pinhole::sip
