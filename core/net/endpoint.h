// An IP address and port: a packet's source, a send destination, a bound socket.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pinhole::net {

struct Endpoint {
  boost::asio::ip::address address;
  uint16_t port = 0;

  // "192.0.2.1:5060", "[2001:db8::1]:5060" (IPv6 in brackets, as in a SIP URI).
  std::string toString() const;

  friend bool operator==(const Endpoint& a, const Endpoint& b) noexcept {
    return a.port == b.port && a.address == b.address;
  }
  friend bool operator<(const Endpoint& a, const Endpoint& b) noexcept {
    return a.address < b.address || (a.address == b.address && a.port < b.port);
  }
};

// "1.2.3.4:5060" or "[::1]:5060" (the port is required); nullopt when malformed.
std::optional<Endpoint> parseEndpoint(std::string_view text);

// The address as a SIP host: IPv6 in brackets ("[::1]"), IPv4 as is.
std::string hostString(const boost::asio::ip::address& address);

// ::ffff:a.b.c.d becomes a.b.c.d, so one peer has one key whichever socket family saw it.
inline boost::asio::ip::address unmapV4(const boost::asio::ip::address& a) noexcept {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  return a;
}

struct EndpointHash {
  std::size_t operator()(const Endpoint& e) const noexcept {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a over the address bytes and the port
    auto mix = [&h](const unsigned char* p, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ULL;
    };
    if (e.address.is_v4()) {
      auto b = e.address.to_v4().to_bytes();
      mix(b.data(), b.size());
    } else {
      auto b = e.address.to_v6().to_bytes();
      mix(b.data(), b.size());
    }
    unsigned char port[2] = {static_cast<unsigned char>(e.port >> 8),
                             static_cast<unsigned char>(e.port & 0xff)};
    mix(port, 2);
    return static_cast<std::size_t>(h);
  }
};

}  // namespace pinhole::net

template <>
struct std::hash<pinhole::net::Endpoint> : pinhole::net::EndpointHash {};
