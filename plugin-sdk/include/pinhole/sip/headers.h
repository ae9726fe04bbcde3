// HeaderType (from header_types.def) and HeaderField, the scanner's index entry for one header
// line: all views into the received buffer.
#pragma once

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

struct HeaderField {
  HeaderType type = HeaderType::Other;
  std::string_view name;   // as received, without trailing white space
  std::string_view value;  // leading/trailing LWS trimmed; may contain folded CRLF+WSP
  std::string_view line;   // the whole field from its first byte through its final line end
};

}  // namespace pinhole::sip
