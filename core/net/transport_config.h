// Typed, defaulted transport parameters (the [core] section of the TOML maps onto these).
// Defaults follow Kamailio where it has the same knob (tcp_max_connections, tcp_connect_timeout,
// tcp_connection_lifetime).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace pinhole::net {

struct TransportConfig {
  unsigned workers = 2;  // threads, each with its own io_context and its own sockets
  // Datagrams taken per recvmmsg() call; each worker keeps udp_batch buffers of
  // min(max_message_size, 65535) bytes.
  unsigned udp_batch = 32;
  // SO_RCVBUF per UDP socket. A proxy at its limit loses datagrams to receive-buffer overflow
  // during scheduling hiccups long before its CPU is full, so ask for a lot. The kernel caps it
  // at net.core.rmem_max unless the process has CAP_NET_ADMIN (a line is logged when it does);
  // 0 keeps the kernel default.
  std::size_t udp_rcvbuf = 4 * 1024 * 1024;
  // Largest message accepted: larger datagrams are dropped, a TCP connection carrying one is
  // closed.
  std::size_t max_message_size = 65535;
  std::size_t tcp_max_connections = 2048;  // inbound and outbound together
  // A connection without traffic in either direction for this long is closed; 0 = never.
  std::chrono::milliseconds tcp_idle_timeout = std::chrono::seconds(120);
  std::chrono::milliseconds tcp_connect_timeout = std::chrono::seconds(10);
  // Bytes waiting to be written on one connection; send() fails beyond (a peer not reading).
  std::size_t tcp_max_queued_bytes = 1024 * 1024;
  // Start-up and diagnostic lines (none on the per-message path); may be empty.
  std::function<void(std::string_view)> log;
};

}  // namespace pinhole::net
