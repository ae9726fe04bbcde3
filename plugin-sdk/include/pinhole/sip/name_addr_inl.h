// Template part of name_addr.h: splitting comma-separated header values.
#pragma once

#include <string>

#include "pinhole/strings.h"
#include "pinhole/sip/errors.h"

namespace pinhole::sip {

template <class Fn>
Result<void> forEachListElement(std::string_view s, Fn&& fn) {
  // Most values hold one element: no comma means no splitting (quotes are checked by the
  // element's own parser).
  if (!str::contains(s, ',')) {
    std::string_view trimmed = str::trimLws(s);
    uint32_t offset = static_cast<uint32_t>(trimmed.data() - s.data());
    if (trimmed.empty()) return makeError(Errc::BadHeaderValue, "empty list element", offset);
    return fn(trimmed, offset);
  }
  std::size_t start = 0;
  int angle = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        std::size_t n = quotedStringLength(s.substr(i));
        if (n == 0) return makeError(Errc::BadQuotedString, "unterminated quoted string", i);
        i += n - 1;
        continue;
      }
      if (c == '<') ++angle;
      else if (c == '>' && angle > 0) --angle;
      if (c != ',' || angle > 0) continue;
    }
    std::string_view element = s.substr(start, i - start);
    std::string_view trimmed = str::trimLws(element);
    uint32_t offset = static_cast<uint32_t>(start + (trimmed.data() - element.data()));
    if (trimmed.empty()) return makeError(Errc::BadHeaderValue, "empty list element", offset);
    Result<void> r = fn(trimmed, offset);
    if (!r) return r;
    start = i + 1;
  }
  return {};
}

}  // namespace pinhole::sip
