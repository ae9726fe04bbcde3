// The one-pass scanner: start line plus one HeaderField per header (views into the buffer),
// and where the header section ends. Nothing inside a header value is parsed here.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "pinhole/arena.h"
#include "pinhole/result.h"
#include "pinhole/sip/headers.h"

namespace pinhole::sip {

struct ParseLimits {
  uint32_t max_message_size = 65535;  // a UDP datagram; TCP framing passes its own limit
  uint32_t max_headers = 256;
};

struct StartLine {
  bool is_request = false;
  std::string_view line;     // without its line end
  std::string_view method;   // request
  std::string_view uri;      // request
  std::string_view version;  // both
  uint16_t status = 0;       // response
  std::string_view reason;   // response; may be empty
};

struct ScanResult {
  StartLine start;
  uint32_t first_header = 0; // offset of the line after the start line
  uint32_t headers_end = 0;  // offset of the empty line
  uint32_t body_offset = 0;  // offset after the empty line
};

// For each HeaderType, the index + 1 of its first header (0: none).
using FirstOfType = std::array<uint16_t, 64>;

// Scan `buf` (a whole message). Leading CRLFs are skipped (RFC 3261 7.5); lines may end in CRLF
// or a bare LF; a line starting with SP/HT continues the previous header (folding). When given,
// first_of_type (zeroed by the caller) is filled in on the way.
Result<ScanResult> scan(std::string_view buf, const ParseLimits& limits, Arena& arena,
                        ArenaVector<HeaderField>& headers, FirstOfType* first_of_type = nullptr);

}  // namespace pinhole::sip
