// Stream framing for SIP over TCP/TLS (RFC 3261 18.3): where the next message in a connection's
// buffered bytes ends, using Content-Length, and which leading CRLFs are RFC 5626 keep-alives.
// Only looks at the bytes (no allocation, no parse beyond Content-Length): the parser runs on the
// framed unit afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pinhole/result.h"

namespace pinhole::sip {

enum class FrameKind : uint8_t {
  NeedMore,   // not enough bytes yet; read more and call again with everything buffered
  KeepAlive,  // skip `length` bytes (CRLF, CRLFCRLF or a bare LF)
  Message,    // one complete message of `length` bytes at the start of the buffer
  Error,      // the stream cannot be framed: answer if possible, then close the connection
};

struct FrameResult {
  FrameKind kind = FrameKind::NeedMore;
  // KeepAlive: true for a CRLFCRLF ping, which RFC 5626 4.4.1 answers with one CRLF (pong).
  bool ping = false;
  std::size_t length = 0;       // KeepAlive, Message: bytes to consume
  std::size_t body_offset = 0;  // Message: first body byte (the headers end just before it)
  Error error{};                // Error: MissingContentLength, BadContentLength,
                                // ConflictingContentLength or MessageTooLarge

  bool needMore() const noexcept { return kind == FrameKind::NeedMore; }
  bool keepAlive() const noexcept { return kind == FrameKind::KeepAlive; }
  bool message() const noexcept { return kind == FrameKind::Message; }
  bool failed() const noexcept { return kind == FrameKind::Error; }
};

// Frames the first unit of `buffered`. A message needs a Content-Length (or `l:`) header; its
// headers must end ("\r\n\r\n", or "\n\n" from sloppy peers) and its whole length stay within
// max_message_size. Never reads past `buffered`.
FrameResult frameStream(std::string_view buffered, std::size_t max_message_size) noexcept;

}  // namespace pinhole::sip
