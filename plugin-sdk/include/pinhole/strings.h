// Character classes and small string helpers of the SIP grammar (RFC 3261 section 25.1).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace pinhole::str {

namespace detail {
enum : uint8_t {
  kToken = 1,     // token chars: alphanum - . ! % * _ + ` ' ~
  kWordExtra = 2, // word chars beyond token: ( ) < > : \ " / [ ] ? { }
  kHex = 4,
  kDigit = 8,
  kUnreserved = 16,  // alphanum mark
  kLws = 32,         // SP HT CR LF (CR/LF only occur inside a header value as folding)
  kHostChar = 64,    // alphanum - _ (host name characters besides the dots)
  kParamValue = 128, // token chars and ':' (a header parameter value that is not quoted)
};
constexpr std::array<uint8_t, 256> makeTable() {
  std::array<uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] |= kToken | kHex | kDigit | kUnreserved;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kToken | kUnreserved;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kToken | kUnreserved;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  for (char c : std::string_view("-.!%*_+`'~")) t[static_cast<uint8_t>(c)] |= kToken;
  for (char c : std::string_view("()<>:\\\"/[]?{}")) t[static_cast<uint8_t>(c)] |= kWordExtra;
  for (char c : std::string_view("-_.!~*'()")) t[static_cast<uint8_t>(c)] |= kUnreserved;
  for (char c : std::string_view(" \t\r\n")) t[static_cast<uint8_t>(c)] |= kLws;
  for (int c = 0; c < 256; ++c)
    if ((t[c] & kDigit) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) t[c] |= kHostChar;
  t[static_cast<uint8_t>('-')] |= kHostChar;
  t[static_cast<uint8_t>('_')] |= kHostChar;
  for (int c = 0; c < 256; ++c)
    if (t[c] & kToken) t[c] |= kParamValue;
  t[static_cast<uint8_t>(':')] |= kParamValue;
  return t;
}
inline constexpr std::array<uint8_t, 256> kTable = makeTable();
}  // namespace detail

constexpr bool isToken(char c) { return detail::kTable[static_cast<uint8_t>(c)] & detail::kToken; }
constexpr bool isWord(char c) {
  return detail::kTable[static_cast<uint8_t>(c)] & (detail::kToken | detail::kWordExtra);
}
constexpr bool isHex(char c) { return detail::kTable[static_cast<uint8_t>(c)] & detail::kHex; }
constexpr bool isDigit(char c) { return detail::kTable[static_cast<uint8_t>(c)] & detail::kDigit; }
constexpr bool isUnreserved(char c) {
  return detail::kTable[static_cast<uint8_t>(c)] & detail::kUnreserved;
}
constexpr bool isLws(char c) { return detail::kTable[static_cast<uint8_t>(c)] & detail::kLws; }
constexpr bool isParamValueChar(char c) {
  return detail::kTable[static_cast<uint8_t>(c)] & detail::kParamValue;
}
constexpr bool isHostChar(char c) {
  return detail::kTable[static_cast<uint8_t>(c)] & detail::kHostChar;
}
constexpr bool isAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

constexpr char toLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (toLower(a[i]) != toLower(b[i])) return false;
  return true;
}

// Host scanning: one lookup per character gives everything the host classifier needs.
namespace host {
enum : uint8_t { kDot = 1, kDigit = 2, kOther = 4, kHyphen = 8 };  // 0: not a host character
constexpr std::array<uint8_t, 256> makeHostTable() {
  std::array<uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kOther;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kOther;
  t[static_cast<uint8_t>('_')] = kOther;
  t[static_cast<uint8_t>('-')] = kOther | kHyphen;
  t[static_cast<uint8_t>('.')] = kDot;
  return t;
}
inline constexpr std::array<uint8_t, 256> kTable = makeHostTable();
}  // namespace host

// Case-insensitive equality with a name known to hold only [a-z0-9-] (the header table):
// OR-ing 0x20 lower-cases letters and leaves digits and '-' alone, and maps no other byte into
// a-z, so eight bytes are compared at a time.
inline bool equalsLowerName(std::string_view any_case, std::string_view lower) noexcept {
  if (any_case.size() != lower.size()) return false;
  std::size_t i = 0, n = lower.size();
  for (; i + 8 <= n; i += 8) {
    uint64_t a, b;
    std::memcpy(&a, any_case.data() + i, 8);
    std::memcpy(&b, lower.data() + i, 8);
    if ((a | 0x2020202020202020ULL) != b) return false;
  }
  for (; i < n; ++i)
    if ((any_case[i] | 0x20) != lower[i]) return false;
  return true;
}

constexpr bool allOf(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

constexpr bool isTokenString(std::string_view s) { return !s.empty() && allOf(s, isToken); }

// Linear white space, including the CRLF of a folded line, at either end.
constexpr std::string_view trimLws(std::string_view s) {
  while (!s.empty() && isLws(s.front())) s.remove_prefix(1);
  while (!s.empty() && isLws(s.back())) s.remove_suffix(1);
  return s;
}
constexpr std::string_view trimLwsLeft(std::string_view s) {
  while (!s.empty() && isLws(s.front())) s.remove_prefix(1);
  return s;
}

// A decimal number of at most max_value (leading zeros allowed, no sign, no LWS).
constexpr std::optional<uint64_t> parseUnsigned(std::string_view s, uint64_t max_value) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!isDigit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > max_value) return std::nullopt;
  }
  return v;
}

// An IPv6 reference without its brackets ("[::1]" -> "::1"); anything else unchanged.
constexpr std::string_view unbracket(std::string_view h) {
  return (h.size() >= 2 && h.front() == '[' && h.back() == ']') ? h.substr(1, h.size() - 2) : h;
}

// Offset of s inside base (s must be a view into base).
inline uint32_t offsetIn(std::string_view base, std::string_view s) {
  return static_cast<uint32_t>(s.data() - base.data());
}

}  // namespace pinhole::str
