// Transport protocols a listener speaks. Values are stable: they index per-transport tables, and
// Tls (then Ws/Wss) will be appended after Tcp.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "pinhole/strings.h"

namespace pinhole::net {

enum class Transport : uint8_t { Udp, Tcp };

// Lower-case name as written in a listen address and in Via's transport after upper-casing.
constexpr std::string_view transportName(Transport t) noexcept {
  switch (t) {
    case Transport::Udp: return "udp";
    case Transport::Tcp: return "tcp";
  }
  return "?";
}

// Case-insensitive ("UDP" and "udp" both name Udp).
constexpr std::optional<Transport> parseTransport(std::string_view name) noexcept {
  if (str::iequals(name, "udp")) return Transport::Udp;
  if (str::iequals(name, "tcp")) return Transport::Tcp;
  return std::nullopt;
}

// Stream transports need framing and connections.
constexpr bool isStream(Transport t) noexcept { return t != Transport::Udp; }

}  // namespace pinhole::net
