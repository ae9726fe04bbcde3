// Where the parts of a received message sit in its buffer: what the serializer needs to insert
// headers, replace the body and fix Content-Length.
#pragma once

#include <cstdint>
#include <string_view>

namespace pinhole::sip {

struct MessageLayout {
  std::string_view buffer;        // the whole message as received (one datagram or framed unit)
  uint32_t first_header = 0;      // first byte after the start line (where a new Via goes);
                                  // leading CRLFs before the start line are skipped (RFC 3261 7.5)
  uint32_t headers_end = 0;       // offset of the empty line that ends the headers
  uint32_t body_offset = 0;       // first byte of the body (after the empty line)
  uint32_t body_length = 0;       // framed body length (Content-Length, or the rest of a datagram)
  // The value of the first Content-Length header (empty data() == nullptr if there is none).
  // The serializer rewrites it when the body length changes, or adds the header when absent.
  std::string_view content_length_value;
};

}  // namespace pinhole::sip
