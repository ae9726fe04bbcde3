// Transport counters, declared once as a list. Each worker increments its own copy (no shared
// cache line on the per-message path); WorkerPool::counters() sums them into a snapshot.
#pragma once

#include <atomic>
#include <cstdint>

namespace pinhole::net {

#define PINHOLE_NET_COUNTERS(X)                                                    \
  X(udp_received, "datagrams handed to the handler")                               \
  X(udp_dropped_oversize, "datagrams dropped for exceeding max_message_size")      \
  X(udp_receive_errors, "recvmmsg failures other than would-block")                \
  X(tcp_accepted, "inbound connections accepted")                                  \
  X(tcp_accept_errors, "failed accepts (e.g. out of file descriptors)")            \
  X(tcp_connected, "outbound connections established")                             \
  X(tcp_connect_failed, "outbound connections that failed or timed out")           \
  X(tcp_refused, "connections refused by tcp_max_connections")                     \
  X(tcp_closed_idle, "connections closed by tcp_idle_timeout")                     \
  X(tcp_framing_errors, "connections closed for an unframeable or oversize message") \
  X(tcp_received, "messages framed on connections and handed to the handler")     \
  X(tcp_keepalive_pings, "CRLFCRLF pings answered with CRLF")                      \
  X(sent, "messages handed to the kernel (UDP) or fully written (TCP)")           \
  X(send_errors, "messages that could not be sent")                                \
  X(handler_exceptions, "exceptions thrown by the handler (caught, message dropped)")

// One worker's counters (atomics: read from other threads for snapshots and stats).
struct alignas(64) Counters {
#define PINHOLE_NET_COUNTER_FIELD(name, help) std::atomic<uint64_t> name{0};
  PINHOLE_NET_COUNTERS(PINHOLE_NET_COUNTER_FIELD)
#undef PINHOLE_NET_COUNTER_FIELD
};

// Relaxed increment: counters order nothing.
inline void bump(std::atomic<uint64_t>& c, uint64_t n = 1) noexcept {
  c.fetch_add(n, std::memory_order_relaxed);
}

// Plain values, summed over all workers.
struct CounterSnapshot {
#define PINHOLE_NET_COUNTER_VALUE(name, help) uint64_t name = 0;
  PINHOLE_NET_COUNTERS(PINHOLE_NET_COUNTER_VALUE)
#undef PINHOLE_NET_COUNTER_VALUE

  void add(const Counters& c) noexcept {
#define PINHOLE_NET_COUNTER_ADD(name, help) name += c.name.load(std::memory_order_relaxed);
    PINHOLE_NET_COUNTERS(PINHOLE_NET_COUNTER_ADD)
#undef PINHOLE_NET_COUNTER_ADD
  }

  // fn(name, help, value) for each counter, in declaration order (stats export).
  template <class Fn>
  void forEach(Fn&& fn) const {
#define PINHOLE_NET_COUNTER_VISIT(name, help) fn(#name, help, name);
    PINHOLE_NET_COUNTERS(PINHOLE_NET_COUNTER_VISIT)
#undef PINHOLE_NET_COUNTER_VISIT
  }
};

}  // namespace pinhole::net
