#include "pinhole/sip/headers.h"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pinhole/strings.h"

namespace pinhole::sip {
namespace {

struct HeaderInfo {
  HeaderType type;
  std::string_view name;
  char compact;
};

constexpr std::array kHeaders{
#define X(enum_name, wire, compact, rfc) HeaderInfo{HeaderType::enum_name, wire, compact},
#include "pinhole/sip/header_types.def"
#undef X
};

// Canonical output spellings where simple capitalisation of each word is wrong.
constexpr std::string_view canonicalException(HeaderType t) {
  switch (t) {
    case HeaderType::CallId: return "Call-ID";
    case HeaderType::CSeq: return "CSeq";
    case HeaderType::WwwAuthenticate: return "WWW-Authenticate";
    case HeaderType::PAssertedIdentity: return "P-Asserted-Identity";
    default: return {};
  }
}

// Canonical names are built once: "record-route" -> "Record-Route".
struct CanonicalNames {
  std::array<std::array<char, 24>, kHeaders.size()> text{};
  std::array<std::string_view, kHeaders.size() + 1> view{};
  constexpr CanonicalNames() {
    for (std::size_t i = 0; i < kHeaders.size(); ++i) {
      std::string_view special = canonicalException(kHeaders[i].type);
      std::string_view src = special.empty() ? kHeaders[i].name : special;
      bool word_start = true;
      for (std::size_t j = 0; j < src.size(); ++j) {
        char c = src[j];
        if (special.empty() && word_start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        word_start = (c == '-');
        text[i][j] = c;
      }
    }
  }
};
const CanonicalNames kCanonical{};

// Hash of a header name, case-insensitive: its length and first and last bytes. OR-ing 0x20
// folds letters and leaves the table's digits and '-' alone; what it does to other bytes does
// not matter, the compare that follows decides.
constexpr uint32_t kBuckets = 128;
constexpr uint32_t nameHash(std::string_view n) {
  return (static_cast<uint32_t>(n.size()) * 31u +
          static_cast<uint32_t>(static_cast<uint8_t>(n.front()) | 0x20u) * 7u +
          static_cast<uint32_t>(static_cast<uint8_t>(n.back()) | 0x20u)) &
         (kBuckets - 1);
}

// The known names padded to 32 bytes, for compares 16 bytes at a time: the name in lower case,
// 0x20 where it has a letter (OR-ed into the received bytes, the rule of str::equalsLowerName),
// and which of the 32 bytes belong to it.
constexpr std::size_t kPadded = 32;
struct PaddedName {
  alignas(16) char lower[kPadded] = {};
  alignas(16) char fold[kPadded] = {};
  uint32_t own_bytes = 0;
  uint8_t size = 0;
  HeaderType type = HeaderType::Other;
};

struct NameIndex {
  std::array<uint8_t, kBuckets> bucket{};         // index+1 into kHeaders, 0 = empty
  std::array<HeaderType, 256> compact{};          // by lower-case compact letter
  std::array<PaddedName, kHeaders.size()> padded{};
  constexpr NameIndex() {
    for (std::size_t i = 0; i < kHeaders.size(); ++i) {
      uint32_t h = nameHash(kHeaders[i].name);
      while (bucket[h] != 0) h = (h + 1) & (kBuckets - 1);
      bucket[h] = static_cast<uint8_t>(i + 1);
      if (kHeaders[i].compact) compact[static_cast<uint8_t>(kHeaders[i].compact)] = kHeaders[i].type;
      const std::string_view name = kHeaders[i].name;
      for (std::size_t j = 0; j < name.size(); ++j) {
        padded[i].lower[j] = name[j];
        padded[i].fold[j] = static_cast<char>((name[j] & 0x40) >> 1);
      }
      padded[i].own_bytes = (1u << name.size()) - 1;
      padded[i].size = static_cast<uint8_t>(name.size());
      padded[i].type = kHeaders[i].type;
    }
  }
};
constexpr NameIndex kIndex{};
static_assert([] {
  for (const HeaderInfo& h : kHeaders)
    if (h.name.size() >= kPadded) return false;
  return true;
}(), "known header names fit the padded table");

#if defined(__SSE2__)
// The received name at p (16 bytes readable, 32 when the known name is longer than 16) against
// known name `want`; the caller checked the sizes are equal.
bool equalsPadded(const char* p, const PaddedName& want) noexcept {
  const auto half = [&](std::size_t at) {
    const __m128i got = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    const __m128i fold = _mm_load_si128(reinterpret_cast<const __m128i*>(want.fold + at));
    const __m128i lower = _mm_load_si128(reinterpret_cast<const __m128i*>(want.lower + at));
    return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(got, fold), lower)));
  };
  uint32_t same = half(0);
  if (want.size > 16) same |= half(16) << 16;
  return (same & want.own_bytes) == want.own_bytes;
}
#endif

}  // namespace

std::string_view headerName(HeaderType t) noexcept {
  auto i = static_cast<std::size_t>(t);
  return (i == 0 || i > kHeaders.size()) ? std::string_view{} : kHeaders[i - 1].name;
}

std::string_view headerCanonicalName(HeaderType t) noexcept {
  auto i = static_cast<std::size_t>(t);
  if (i == 0 || i > kHeaders.size()) return {};
  return {kCanonical.text[i - 1].data(), kHeaders[i - 1].name.size()};
}

HeaderType classifyHeader(std::string_view name) noexcept {
  return classifyHeaderAt(name.data(), name.size(), name.size());
}

HeaderType classifyHeaderAt(const char* p, std::size_t size, std::size_t readable) noexcept {
  if (size == 0) return HeaderType::Other;
  if (size == 1) return kIndex.compact[static_cast<uint8_t>(str::toLower(p[0]))];
  const std::string_view name(p, size);
#if defined(__SSE2__)
  // 16 bytes per compare where they may be read (a header line is followed by more message);
  // the padded table holds no name of 32 bytes or more, so a longer one is no known name.
  const bool blocks = size <= 16 ? readable >= 16 : readable >= kPadded;
#endif
  // One probe sequence in a small open-addressed table, then one case-insensitive compare.
  for (uint32_t h = nameHash(name);; h = (h + 1) & (kBuckets - 1)) {
    const uint8_t slot = kIndex.bucket[h];
    if (slot == 0) return HeaderType::Other;
    const PaddedName& known = kIndex.padded[slot - 1];
#if defined(__SSE2__)
    if (blocks) {
      if (known.size == size && equalsPadded(p, known)) return known.type;
      continue;
    }
#endif
    if (str::equalsLowerName(name, std::string_view(known.lower, known.size))) return known.type;
  }
}

}  // namespace pinhole::sip
