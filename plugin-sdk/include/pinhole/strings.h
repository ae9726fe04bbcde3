// Character classes and small string helpers of the SIP grammar (RFC 3261 section 25.1).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

namespace detail {
constexpr std::array<uint8_t, 256> makeLowerTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  return t;
}
inline constexpr std::array<uint8_t, 256> kLower = makeLowerTable();
}  // namespace detail

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && detail::kLower[static_cast<uint8_t>(a[i])] !=
                            detail::kLower[static_cast<uint8_t>(b[i])])
      return false;
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

// Case-insensitive equality with a name known to hold only a-z and bytes below 0x40 (the header
// table; digits, '-', '.', '/'), eight bytes at a time. 0x20 is OR-ed in only where `lower` has a
// letter (bit 6 set there, clear below 0x40): that folds A-Z to a-z and nothing else (CR | 0x20
// would be '-'); the other bytes must match exactly.
namespace detail {
inline bool equalsLower8(const char* any_case, const char* lower) noexcept {
  uint64_t a, b;
  std::memcpy(&a, any_case, 8);
  std::memcpy(&b, lower, 8);
  return (a | ((b & 0x4040404040404040ULL) >> 1)) == b;
}
inline bool equalsLower4(const char* any_case, const char* lower) noexcept {
  uint32_t a, b;
  std::memcpy(&a, any_case, 4);
  std::memcpy(&b, lower, 4);
  return (a | ((b & 0x40404040U) >> 1)) == b;
}
}  // namespace detail

inline bool equalsLowerName(std::string_view any_case, std::string_view lower) noexcept {
  const std::size_t n = lower.size();
  if (any_case.size() != n) return false;
  const char* a = any_case.data();
  const char* b = lower.data();
  if (n >= 8) {  // whole words, then the last eight bytes (overlapping what was compared)
    for (std::size_t i = 0; i + 8 <= n; i += 8)
      if (!detail::equalsLower8(a + i, b + i)) return false;
    return detail::equalsLower8(a + n - 8, b + n - 8);
  }
  if (n >= 4) return detail::equalsLower4(a, b) && detail::equalsLower4(a + n - 4, b + n - 4);
  for (std::size_t i = 0; i < n; ++i) {
    char l = b[i];
    if ((l >= 'a' && l <= 'z' ? (a[i] | 0x20) : a[i]) != l) return false;
  }
  return true;
}

// Searches for delimiters (line ends, colons). The SIMD versions use SSE2, which every x86-64
// has; elsewhere they are the bytewise ones. They read 16-byte blocks only while a whole block
// lies inside [p, end), and the tail either as one block ending at `end` (when the range was at
// least 16 bytes long) or byte by byte: nothing outside [p, end) is ever read.

// Bytewise: the first c in [p, end), or end.
inline const char* findByteScalar(const char* p, const char* end, char c) noexcept {
  while (p < end && *p != c) ++p;
  return p;
}
// Bytewise: the first a or b in [p, end), or end.
inline const char* findEitherScalar(const char* p, const char* end, char a, char b) noexcept {
  while (p < end && *p != a && *p != b) ++p;
  return p;
}

#if defined(__SSE2__)
namespace detail {
inline unsigned maskEq(__m128i block, __m128i needle) noexcept {
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, needle)));
}
inline __m128i load16(const char* p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
// Runs mask(block) over [p, end) and returns the first byte whose bit is set, or end.
template <class Mask>
inline const char* findMasked(const char* p, const char* end, Mask mask) noexcept {
  if (end - p < 16) return nullptr;  // the caller goes bytewise
  for (; end - p >= 16; p += 16)
    if (unsigned m = mask(load16(p))) return p + __builtin_ctz(m);
  if (p == end) return end;
  // The last block ends at `end`; its bytes before p were searched already and did not match.
  const char* last = end - 16;
  unsigned m = mask(load16(last));
  return m ? last + __builtin_ctz(m) : end;
}
}  // namespace detail

// Bit i set where byte i of the 16 bytes at p is c (all 16 must be readable).
inline unsigned maskEq16(const char* p, char c) noexcept {
  return detail::maskEq(detail::load16(p), _mm_set1_epi8(c));
}
#endif

// The first c in [p, end), or end.
inline const char* findByte(const char* p, const char* end, char c) noexcept {
#if defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  if (const char* hit = detail::findMasked(
          p, end, [&](__m128i block) { return detail::maskEq(block, needle); }))
    return hit;
#endif
  return findByteScalar(p, end, c);
}

// The first a or b in [p, end), or end.
inline const char* findEither(const char* p, const char* end, char a, char b) noexcept {
#if defined(__SSE2__)
  const __m128i na = _mm_set1_epi8(a);
  const __m128i nb = _mm_set1_epi8(b);
  if (const char* hit = detail::findMasked(p, end, [&](__m128i block) {
        return detail::maskEq(block, na) | detail::maskEq(block, nb);
      }))
    return hit;
#endif
  return findEitherScalar(p, end, a, b);
}

// The end of the run of token characters (with ':' when with_colon: a header parameter value)
// starting at p, at most end.
inline const char* spanToken(const char* p, const char* end, bool with_colon) noexcept {
  const uint8_t want = with_colon ? detail::kParamValue : detail::kToken;
  auto in = [&](const char* q) { return detail::kTable[static_cast<uint8_t>(*q)] & want; };
  // Four bytes per bounds check: runs are short (3 to 20 bytes), too short for SIMD set-up.
  for (; end - p >= 4; p += 4) {
    if (!in(p)) return p;
    if (!in(p + 1)) return p + 1;
    if (!in(p + 2)) return p + 2;
    if (!in(p + 3)) return p + 3;
  }
  while (p < end && in(p)) ++p;
  return p;
}

// string_view::find(c, from), without a call into memchr for the short strings of a header.
inline std::size_t find(std::string_view s, char c, std::size_t from = 0) noexcept {
  if (from >= s.size()) return std::string_view::npos;
  const char* end = s.data() + s.size();
  const char* p = findByte(s.data() + from, end, c);
  return p == end ? std::string_view::npos : static_cast<std::size_t>(p - s.data());
}
inline bool contains(std::string_view s, char c) noexcept {
  return findByte(s.data(), s.data() + s.size(), c) != s.data() + s.size();
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
