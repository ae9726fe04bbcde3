// What the workers of one pool share: configuration, handler, the bound sockets, the connection
// index and the connection count. Immutable once started, apart from the index and the count.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "net/connection_index.h"
#include "net/local_socket.h"
#include "net/received.h"
#include "net/transport_config.h"

namespace pinhole::net {

class Worker;

struct WorkerPoolState {
  TransportConfig config;
  std::function<void(const Received&)> handler;
  std::vector<LocalSocket> sockets;  // sized before any bind; elements never move
  std::vector<Worker*> workers;
  ConnectionIndex index;
  std::atomic<std::size_t> open_connections{0};

  // Counts one more connection against tcp_max_connections; false when at the limit.
  bool reserveConnection() noexcept {
    if (open_connections.fetch_add(1, std::memory_order_relaxed) < config.tcp_max_connections)
      return true;
    open_connections.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  void releaseConnection() noexcept { open_connections.fetch_sub(1, std::memory_order_relaxed); }

  void log(std::string_view line) const {
    if (config.log) config.log(line);
  }
};

}  // namespace pinhole::net
