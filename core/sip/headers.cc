#include "sip/headers.h"

#include <array>

#include "common/strings.h"

namespace pinhole::sip {
namespace {

struct HeaderInfo {
  HeaderType type;
  std::string_view name;
  char compact;
};

constexpr std::array kHeaders{
#define X(enum_name, wire, compact, rfc) HeaderInfo{HeaderType::enum_name, wire, compact},
#include "sip/header_types.def"
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
  if (name.size() == 1) {
    char c = str::toLower(name[0]);
    for (const auto& h : kHeaders)
      if (h.compact == c) return h.type;
    return HeaderType::Other;
  }
  // The table is small; compare the length and first letter before the whole name.
  char first = str::toLower(name.empty() ? '\0' : name[0]);
  for (const auto& h : kHeaders)
    if (h.name.size() == name.size() && h.name[0] == first && str::iequals(h.name, name))
      return h.type;
  return HeaderType::Other;
}

}  // namespace pinhole::sip
