// One received SIP message (or UDP datagram) as handed to the handler, on the worker thread that
// received it.
#pragma once

#include <cstdint>
#include <string_view>

#include "net/endpoint.h"
#include "net/local_socket.h"

namespace pinhole::net {

struct Received {
  // Valid only during the handler call: it points into the worker's (UDP) or the connection's
  // (TCP) receive buffer. The handler copies what it keeps.
  std::string_view data;
  Endpoint source;                // the packet's source (IPv4-mapped IPv6 shown as IPv4)
  const LocalSocket* local = nullptr;  // where it came in; send replies from it
  uint64_t connection_id = 0;     // 0 for UDP; pass it to send() to answer on the same connection
  unsigned worker = 0;            // index of the worker thread running the handler
};

}  // namespace pinhole::net
