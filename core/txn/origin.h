// Where a request came from, as the transaction layer keeps it: the socket its replies leave
// from, the peer's address and the connection (0 for UDP). The daemon's dispatcher fills one in
// for every received message.
#pragma once

#include <cstdint>

#include "net/endpoint.h"
#include "net/local_socket.h"

namespace pinhole::txn {

struct Origin {
  const net::LocalSocket* socket = nullptr;
  net::Endpoint source;
  uint64_t connection_id = 0;
};

}  // namespace pinhole::txn
