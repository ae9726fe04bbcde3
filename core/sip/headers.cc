#include "pinhole/sip/headers.h"

#include <array>

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

struct NameIndex {
  std::array<uint8_t, kBuckets> bucket{};         // index+1 into kHeaders, 0 = empty
  std::array<HeaderType, 256> compact{};          // by lower-case compact letter
  constexpr NameIndex() {
    for (std::size_t i = 0; i < kHeaders.size(); ++i) {
      uint32_t h = nameHash(kHeaders[i].name);
      while (bucket[h] != 0) h = (h + 1) & (kBuckets - 1);
      bucket[h] = static_cast<uint8_t>(i + 1);
      if (kHeaders[i].compact) compact[static_cast<uint8_t>(kHeaders[i].compact)] = kHeaders[i].type;
    }
  }
};
constexpr NameIndex kIndex{};

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
  if (name.empty()) return HeaderType::Other;
  if (name.size() == 1) return kIndex.compact[static_cast<uint8_t>(str::toLower(name[0]))];
  // One probe sequence in a small open-addressed table, then one case-insensitive compare.
  for (uint32_t h = nameHash(name);; h = (h + 1) & (kBuckets - 1)) {
    uint8_t slot = kIndex.bucket[h];
    if (slot == 0) return HeaderType::Other;
    const HeaderInfo& info = kHeaders[slot - 1];
    if (str::equalsLowerName(name, info.name)) return info.type;
  }
}

}  // namespace pinhole::sip
