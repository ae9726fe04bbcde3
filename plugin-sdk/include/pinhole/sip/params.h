// Parameter lists: `;name=value` of headers (with LWS allowed, RFC 3261 SEMI/EQUAL) and of URIs
// (no LWS), and `?h=v&h2=v2` URI headers. Names and values are views into the message.
#pragma once

#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"

namespace pinhole::sip {

struct Param {
  std::string_view name;
  std::string_view value;  // quoted values keep their quotes
  bool has_value = false;
};

class ParamList {
 public:
  ParamList() = default;
  ParamList(const Param* data, uint32_t size) : data_(data), size_(size) {}

  // Case-insensitive lookup of the first parameter with this name.
  const Param* find(std::string_view name) const noexcept;
  bool has(std::string_view name) const noexcept { return find(name) != nullptr; }
  std::string_view value(std::string_view name) const noexcept {
    const Param* p = find(name);
    return p ? p->value : std::string_view{};
  }
  uint32_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const Param* begin() const noexcept { return data_; }
  const Param* end() const noexcept { return data_ + size_; }

 private:
  const Param* data_ = nullptr;
  uint32_t size_ = 0;
};

// Header parameters: `s` starts at the first ';' (or is empty / white space only). A value is a
// token, a host (IPv6 reference included) or a quoted string. Error offsets are relative to `s`.
Result<ParamList> parseHeaderParams(std::string_view s, Arena& arena);

// URI parameters: `s` is the text after the host[:port] up to '?' or the end, starting at ';'.
Result<ParamList> parseUriParams(std::string_view s, Arena& arena);

// URI headers: `s` is the text after '?'.
Result<ParamList> parseUriHeaders(std::string_view s, Arena& arena);

// Length of a quoted string starting at s[0] == '"', quotes included; 0 if unterminated or
// malformed (a quoted-pair may escape any byte but CR and LF, RFC 3261 25.1).
std::size_t quotedStringLength(std::string_view s) noexcept;

// True if every '%' in s starts a valid %HH escape.
bool escapesValid(std::string_view s) noexcept;

}  // namespace pinhole::sip
