// A listen address as Kamailio writes it: "udp:0.0.0.0:5060", "tcp:[::1]:5070",
// "udp:10.0.0.5:5060 advertise 203.0.113.5:5060" (the address announced in Via/Record-Route by a
// host behind NAT). Port 0 asks for any free port (tests); an omitted port means 5060.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "net/transport.h"
#include "pinhole/result.h"

namespace pinhole::net {

inline constexpr uint16_t kDefaultSipPort = 5060;

struct ListenSpec {
  Transport transport = Transport::Udp;
  boost::asio::ip::address address;  // an IP literal: host and interface names are not resolved
  uint16_t port = kDefaultSipPort;
  // SIP host form ("203.0.113.5", "[2001:db8::5]", "sip.example.com"); empty: no advertise.
  std::string advertise_host;
  uint16_t advertise_port = 0;  // 0: the bound port

  // The Kamailio form again: "udp:127.0.0.1:5060 advertise 203.0.113.5:5060".
  std::string toString() const;
};

// Parses one listen address. Errors are net::Errc::BadListen with a detail naming the problem and
// the offset in `text` where it starts.
Result<ListenSpec> parseListen(std::string_view text);

}  // namespace pinhole::net
