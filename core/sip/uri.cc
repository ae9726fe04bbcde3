#include "pinhole/sip/uri.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {
namespace {

bool isSchemeChar(char c) {
  return str::isAlpha(c) || str::isDigit(c) || c == '+' || c == '-' || c == '.';
}

// user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = & = + $ , ; ? /
// password = *( unreserved / escaped / & = + $ , ). One table: bit 1 user, bit 2 password.
constexpr std::array<uint8_t, 256> makeUserTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c)
    if (str::isUnreserved(static_cast<char>(c))) t[c] = 1 | 2;
  for (char c : std::string_view("&=+$,;?/%")) t[static_cast<uint8_t>(c)] |= 1;
  for (char c : std::string_view("&=+$,%")) t[static_cast<uint8_t>(c)] |= 2;
  return t;
}
constexpr std::array<uint8_t, 256> kUserTable = makeUserTable();

bool isUserChar(char c) { return kUserTable[static_cast<uint8_t>(c)] & 1; }
bool isPasswordChar(char c) { return kUserTable[static_cast<uint8_t>(c)] & 2; }

// Four decimal octets of one to three digits, each at most 255 (leading zeros allowed).
bool isIPv4(std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (p == end || *p != '.') return false;
      ++p;
    }
    if (p == end || !str::isDigit(*p)) return false;
    unsigned octet = static_cast<unsigned>(*p++ - '0');
    for (int more = 0; more < 2 && p != end && str::isDigit(*p); ++more)
      octet = octet * 10 + static_cast<unsigned>(*p++ - '0');
    if (octet > 255) return false;
  }
  return p == end;
}

bool isIPv6(std::string_view s) {
  char buf[64];
  if (s.empty() || s.size() >= sizeof(buf)) return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  in6_addr addr;
  return inet_pton(AF_INET6, buf, &addr) == 1;
}

// isIPv4 for a host the scan found to hold only digits and dots, with no empty label: three dots,
// and octets of at most three digits and 255.
bool isIPv4DigitsAndDots(std::string_view host) {
  unsigned dots = 0, octet = 0, digits = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
      octet = 0;
      digits = 0;
      continue;
    }
    octet = octet * 10 + static_cast<unsigned>(c - '0');
    if (++digits > 3 || octet > 255) return false;
  }
  return dots == 3 && digits > 0;
}

#if defined(__SSE2__)
// isIPv4DigitsAndDots for a host of at most 16 bytes whose dots are the bits of `dots`: the
// positions of the three dots give the octets' lengths, and only three-digit octets can exceed
// 255.
bool isIPv4FromDots(std::string_view host, unsigned dots) {
  const unsigned d1 = dots & (dots - 1);
  const unsigned d2 = d1 & (d1 - 1);
  if (dots == 0 || d1 == 0 || d2 == 0 || (d2 & (d2 - 1)) != 0) return false;  // not 3 dots
  const auto last = static_cast<unsigned>(host.size());
  const unsigned ends[4] = {static_cast<unsigned>(__builtin_ctz(dots)),
                            static_cast<unsigned>(__builtin_ctz(d1)),
                            static_cast<unsigned>(__builtin_ctz(d2)), last};
  unsigned start = 0;
  for (unsigned end : ends) {
    const unsigned n = end - start;  // at least 1 when end > start: no empty label
    if (end <= start || n > 3) return false;
    if (n == 3) {
      const char* q = host.data() + start;
      if ((q[0] - '0') * 100 + (q[1] - '0') * 10 + (q[2] - '0') > 255) return false;
    }
    start = end + 1;
  }
  return true;
}
#endif

// The RFC 1123 rule for '-': not at the start or end of a label (rare in practice).
bool hyphensPlacedWell(std::string_view host) {
  for (std::size_t k = 0; k < host.size(); ++k)
    if (host[k] == '-' &&
        (k == 0 || host[k - 1] == '.' || k + 1 == host.size() || host[k + 1] == '.'))
      return false;
  return true;
}

// Scans host-name characters from s[i] up to the first that cannot be part of a name or an
// IPv4 address, and classifies what it read: a name (RFC 1123 labels; '_' tolerated as many
// UAs send it), an IPv4 address when it is only digits and dots, or None.
HostKind scanHostCharsBytewise(std::string_view s, std::size_t& pos) {
  const char* p = s.data() + pos;
  const char* const begin = p;
  const char* const end = s.data() + s.size();
  uint8_t seen = 0;         // every class met
  uint8_t double_dot = 0;   // a dot right after a dot (or at the start): an empty label
  uint8_t prev = str::host::kDot;
  for (; p < end; ++p) {
    uint8_t cls = str::host::kTable[static_cast<uint8_t>(*p)];
    if (cls == 0) break;
    double_dot |= cls & prev;
    prev = cls;
    seen |= cls;
  }
  pos = static_cast<std::size_t>(p - s.data());
  std::string_view host(begin, static_cast<std::size_t>(p - begin));
  if (host.empty() || host.size() > 255 || (double_dot & str::host::kDot)) return HostKind::None;
  if (!(seen & str::host::kOther))
    return isIPv4DigitsAndDots(host) ? HostKind::IPv4 : HostKind::None;
  if ((seen & str::host::kHyphen) && !hyphensPlacedWell(host)) return HostKind::None;
  return HostKind::Name;
}

#if defined(__SSE2__)
// Which of 16 bytes are host characters, dots, name characters (letters, '-', '_') and hyphens.
struct HostMasks {
  unsigned host, dot, other, hyphen;
};
HostMasks hostMasks(const char* block) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
  // Unsigned range tests with signed compares: x + (0x80 - lo) < -128 + count.
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(0x80 - 'a')),
                                        _mm_set1_epi8(-128 + 26));
  const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - '0')),
                                       _mm_set1_epi8(-128 + 10));
  const __m128i dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
  const __m128i hyphen = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
  const __m128i other =
      _mm_or_si128(_mm_or_si128(letter, hyphen), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
  HostMasks m;
  m.dot = static_cast<unsigned>(_mm_movemask_epi8(dot));
  m.other = static_cast<unsigned>(_mm_movemask_epi8(other));
  m.hyphen = static_cast<unsigned>(_mm_movemask_epi8(hyphen));
  m.host = m.other | m.dot | static_cast<unsigned>(_mm_movemask_epi8(digit));
  return m;
}
#endif

// scanHostCharsBytewise, 16 bytes at a time: a typical host is classified from one block's
// masks. Blocks are read only inside s (the last one ends at s's end); a string shorter than 16
// bytes goes bytewise.
HostKind scanHostChars(std::string_view s, std::size_t& pos) {
#if defined(__SSE2__)
  if (s.size() >= 16) {
    const char* const begin = s.data() + pos;
    const char* const end = s.data() + s.size();
    const char* p = begin;
    unsigned prev_dot = 1;  // the start counts as a dot: a leading dot is an empty label
    unsigned bad = 0, other = 0, hyphen = 0, dots = 0;
    for (;;) {
      const char* block = end - p >= 16 ? p : end - 16;
      const unsigned shift = static_cast<unsigned>(p - block);
      const HostMasks m = hostMasks(block);
      const unsigned avail = 16 - shift;
      const unsigned len = static_cast<unsigned>(__builtin_ctz(~(m.host >> shift)));  // <= avail
      const unsigned keep = (1u << len) - 1;
      dots = (m.dot >> shift) & keep;  // of the last block: all of them for a host of <= 16 bytes
      bad |= dots & ((dots << 1) | prev_dot);
      if (len > 0) prev_dot = (dots >> (len - 1)) & 1;
      other |= (m.other >> shift) & keep;
      hyphen |= (m.hyphen >> shift) & keep;
      p += len;
      if (len < avail || p == end) break;
    }
    pos = static_cast<std::size_t>(p - s.data());
    std::string_view host(begin, static_cast<std::size_t>(p - begin));
    if (host.empty() || host.size() > 255 || bad) return HostKind::None;
    if (!other)  // a host of up to 15 bytes was one block: `dots` holds all its dots
      return host.size() <= 15 && isIPv4FromDots(host, dots) ? HostKind::IPv4 : HostKind::None;
    if (hyphen && !hyphensPlacedWell(host)) return HostKind::None;
    return HostKind::Name;
  }
#endif
  return scanHostCharsBytewise(s, pos);
}

// The common host of a NATed UA's messages, an IPv4 address, read in one pass: the offset after
// it when s[i] starts one that a host-name character does not continue, else 0 (the general
// scan then decides: "1.2.3.4x" is a name, "1.2.3.256" nothing).
std::size_t scanIPv4(std::string_view s, std::size_t i) {
  const char* p = s.data() + i;
  const char* const end = s.data() + s.size();
  auto digit = [&](const char* q) {  // 0..9, or above 9 for anything else and for the end
    return q < end ? static_cast<unsigned>(static_cast<uint8_t>(*q)) - '0' : 10u;
  };
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (p == end || *p != '.') return 0;
      ++p;
    }
    unsigned octet = digit(p), d;  // one to three digits, unrolled
    if (octet > 9) return 0;
    ++p;
    if ((d = digit(p)) <= 9) {
      octet = octet * 10 + d;
      ++p;
      if ((d = digit(p)) <= 9) {
        octet = octet * 10 + d;
        ++p;
      }
    }
    if (octet > 255) return 0;
  }
  if (p != end && str::host::kTable[static_cast<uint8_t>(*p)] != 0) return 0;
  return static_cast<std::size_t>(p - s.data());
}

}  // namespace

bool isIPv4Address(std::string_view s) noexcept { return isIPv4(s); }
bool isIPv6Address(std::string_view s) noexcept { return isIPv6(s); }

Result<void> scanHost(std::string_view s, std::size_t& i, HostPort& hp) {
  const std::size_t start = i;
  if (i < s.size() && s[i] == '[') {
    const void* close = std::memchr(s.data() + i, ']', s.size() - i);
    if (close == nullptr) return makeError(Errc::BadHost, "unterminated IPv6 reference", start);
    i = static_cast<std::size_t>(static_cast<const char*>(close) - s.data()) + 1;
    if (!isIPv6(s.substr(start + 1, i - start - 2)))
      return makeError(Errc::BadHost, "invalid IPv6 reference", start);
    hp.kind = HostKind::IPv6;
  } else if (const std::size_t end = scanIPv4(s, i); end != 0) {
    hp.kind = HostKind::IPv4;
    i = end;
  } else {
    hp.kind = scanHostChars(s, i);
    if (hp.kind == HostKind::None) {
      return makeError(Errc::BadHost, i == start ? "empty host" : "invalid host name or IPv4 address",
                       start);
    }
  }
  hp.host = s.substr(start, i - start);
  return {};
}

Result<void> scanPort(std::string_view s, std::size_t& pos, HostPort& hp) {
  const char* const begin = s.data() + pos;
  const char* const end = s.data() + s.size();
  // At most six digits are read: a sixth can only make the number longer than a port.
  const char* const limit = end - begin > 6 ? begin + 6 : end;
  const char* p = begin;
  uint32_t port = 0;
  for (unsigned digit; p < limit && (digit = static_cast<uint8_t>(*p) - 48u) <= 9; ++p)
    port = port * 10 + digit;
  pos = static_cast<std::size_t>(p - s.data());
  const auto n = static_cast<std::size_t>(p - begin);
  if (n == 0 || n > 5 || port > 65535)
    return makeError(Errc::BadPort, "port is not a number in 0..65535",
                     static_cast<uint32_t>(begin - s.data()));
  hp.port_text = std::string_view(begin, n);
  hp.port = static_cast<uint16_t>(port);
  hp.has_port = true;
  return {};
}

Result<HostKind> parseHost(std::string_view s) {
  HostPort hp;
  std::size_t i = 0;
  PH_TRY(scanHost(s, i, hp));
  if (i != s.size()) return makeError(Errc::BadHost, "invalid character in host", i);
  return hp.kind;
}

Result<HostPort> parseHostPort(std::string_view s) {
  HostPort hp;
  std::size_t i = 0;
  PH_TRY(scanHost(s, i, hp));
  if (i < s.size()) {
    if (s[i] != ':') return makeError(Errc::BadHost, "garbage after host", i);
    ++i;
    PH_TRY(scanPort(s, i, hp));
    if (i != s.size()) return makeError(Errc::BadPort, "garbage after port", i);
  }
  return hp;
}

Result<Uri> parseUri(std::string_view s, Arena& arena) {
  Uri u;
  auto r = parseUriInto(s, arena, u);
  if (!r) return r.error();
  return u;
}

Result<void> parseUriInto(std::string_view s, Arena& arena, Uri& u) {
  u.raw = s;
  std::size_t colon;
  if (s.size() >= 4 && str::equalsLowerName(s.substr(0, 4), "sip:")) {
    colon = 3;  // nearly every URI a proxy reads: no search, no scheme loop
    u.scheme = s.substr(0, 3);
    u.kind = Scheme::Sip;
  } else {
    colon = str::find(s, ':');
    if (colon == std::string_view::npos || colon == 0 || !str::isAlpha(s[0]))
      return makeError(Errc::BadUri, "URI without a scheme", 0);
    u.scheme = s.substr(0, colon);
    for (char c : u.scheme)
      if (!isSchemeChar(c)) return makeError(Errc::BadUri, "invalid character in URI scheme", 0);
    if (str::equalsLowerName(u.scheme, "sip")) u.kind = Scheme::Sip;
    else if (str::equalsLowerName(u.scheme, "sips")) u.kind = Scheme::Sips;
    else if (str::equalsLowerName(u.scheme, "tel")) u.kind = Scheme::Tel;
    else u.kind = Scheme::Other;
  }
  std::string_view rest = s.substr(colon + 1);
  const std::size_t base = colon + 1;

  if (u.kind == Scheme::Other) {
    if (rest.empty()) return makeError(Errc::BadUri, "empty URI after scheme", base);
    for (std::size_t i = 0; i < rest.size(); ++i) {
      auto c = static_cast<unsigned char>(rest[i]);
      if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
        return makeError(Errc::BadUri, "invalid character in URI", base + i);
    }
    u.opaque = rest;
    return {};
  }

  if (u.kind == Scheme::Tel) {
    std::size_t semi = str::find(rest, ';');
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
    return {};
  }

  // sip / sips: [ userinfo "@" ] hostport uri-parameters [ headers ]
  std::size_t at = str::find(rest, '@');
  std::size_t pos = 0;
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    // One pass over the user part: it ends at ':' (a password follows) or at the '@'; a '%' is
    // noted on the way so that escapes are checked only when there is one.
    const char* const ui = userinfo.data();
    const char* const ui_end = ui + userinfo.size();
    const char* q = ui;
    bool has_escape = false;
    for (; q < ui_end && isUserChar(*q); ++q) has_escape |= (*q == '%');
    u.user = std::string_view(ui, static_cast<std::size_t>(q - ui));
    if (u.user.empty()) return makeError(Errc::BadUri, "empty user part", base);
    if (q < ui_end && *q != ':')
      return makeError(Errc::BadUri, "invalid character in user part", base);
    if (q < ui_end) {
      const std::size_t pw = static_cast<std::size_t>(q - ui);
      u.password = userinfo.substr(pw + 1);
      u.has_password = true;
      for (char c : u.password) {
        if (!isPasswordChar(c))
          return makeError(Errc::BadUri, "invalid character in password", base + pw + 1);
        has_escape |= (c == '%');
      }
    }
    if (has_escape && !escapesValid(userinfo))
      return makeError(Errc::BadEscape, "bad %-escape in userinfo", base);
    pos = at + 1;
  }
  // hostport, then ";params" and "?headers"
  auto shift = [&](Error e) {
    e.offset = static_cast<uint32_t>(base + (e.hasOffset() ? e.offset : 0));
    return e;
  };
  std::size_t i = pos;
  if (auto r = scanHost(rest, i, u.host); !r) return shift(r.error());
  if (i < rest.size() && rest[i] == ':') {
    ++i;
    if (auto r = scanPort(rest, i, u.host); !r) return shift(r.error());
  }
  if (i < rest.size() && rest[i] != ';' && rest[i] != '?')
    return makeError(Errc::BadHost, "invalid character after host", base + i);
  const std::size_t hp_end = i;
  std::size_t q = str::find(rest, '?', hp_end);
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
  return {};
}

Result<std::string_view> unescape(std::string_view s, Arena& arena) {
  if (!str::contains(s, '%')) return s;
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
