// net::Errc: why a listen address was refused or a send() failed. Kernel errors from a send keep
// their errno in std::system_category(); Error (pinhole/result.h) adds the detail.
#pragma once

#include <string_view>
#include <system_error>

#include "pinhole/result.h"

namespace pinhole::net {

#define PINHOLE_NET_ERRORS(X)                                                          \
  X(BadListen, "malformed listen address")                                             \
  X(NotRunning, "transports are not running")                                          \
  X(UnknownSocket, "local socket does not belong to these transports")                 \
  X(FamilyMismatch, "destination address family differs from the local socket's")      \
  X(ConnectionLimit, "tcp_max_connections reached")                                    \
  X(QueueFull, "the connection's write queue is full")                                 \
  X(ConnectionClosed, "the connection is closed")

enum class Errc : int {
  Ok = 0,
#define PINHOLE_NET_ERRC_ENUM(name, text) name,
  PINHOLE_NET_ERRORS(PINHOLE_NET_ERRC_ENUM)
#undef PINHOLE_NET_ERRC_ENUM
};

const std::error_category& netCategory() noexcept;

inline std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), netCategory()};
}

std::string_view errcName(Errc e) noexcept;

inline Error makeError(Errc e, std::string_view detail, uint32_t offset = Error::kNoOffset) {
  return Error{make_error_code(e), detail, offset};
}

inline Errc errcOf(const Error& e) noexcept {
  return e.code.category() == netCategory() ? static_cast<Errc>(e.code.value()) : Errc::Ok;
}

}  // namespace pinhole::net

template <>
struct std::is_error_code_enum<pinhole::net::Errc> : std::true_type {};
