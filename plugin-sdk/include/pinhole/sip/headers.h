// HeaderType (from header_types.def) and HeaderField, the scanner's index entry for one header
// line: all views into the received buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pinhole::sip {

enum class HeaderType : uint8_t {
  Other = 0,
#define X(name, wire, compact, rfc) name,
#include "pinhole/sip/header_types.def"
#undef X
};

// Full lower-case name of a known header ("via"); "" for Other.
std::string_view headerName(HeaderType t) noexcept;
// Canonical spelling for output ("Via", "Call-ID", "CSeq").
std::string_view headerCanonicalName(HeaderType t) noexcept;
// Classify a header name as received (case-insensitive, compact forms folded).
HeaderType classifyHeader(std::string_view name) noexcept;
// The same for the `size` bytes at p, of which `readable` (at least size) may be read: with 16 or
// 32 readable bytes the name is compared a block at a time (the scanner passes what is left of
// the message).
HeaderType classifyHeaderAt(const char* p, std::size_t size, std::size_t readable) noexcept;

struct HeaderField {
  HeaderType type = HeaderType::Other;
  std::string_view name;   // as received, without trailing white space
  std::string_view value;  // leading/trailing LWS trimmed; may contain folded CRLF+WSP
  std::string_view line;   // the whole field from its first byte through its final line end
};

}  // namespace pinhole::sip
