// A socket the proxy listens on: what the SIP layer puts into Via/Record-Route and sends from.
#pragma once

#include <cstdint>
#include <string>

#include "net/endpoint.h"
#include "net/transport.h"

namespace pinhole::net {

struct LocalSocket {
  uint16_t id = 0;  // index in WorkerPool::localSockets(), in listen order
  Transport transport = Transport::Udp;
  Endpoint bound;   // the actual port after bind (never 0 once started)
  // Host and port for Via/Record-Route: the configured advertise address (for a host behind NAT),
  // else the bound address ("[::1]" for IPv6). Empty host when bound to a wildcard address
  // (0.0.0.0, [::]) without advertise: the SIP layer has to pick the outgoing interface's address.
  std::string advertised_host;
  uint16_t advertised_port = 0;

  // "udp:127.0.0.1:5060", for logs.
  std::string name() const {
    return std::string(transportName(transport)) + ":" + bound.toString();
  }
};

}  // namespace pinhole::net
